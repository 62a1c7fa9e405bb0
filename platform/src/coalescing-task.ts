/**
 * Runs `work` on request, one run at a time: requests during a run ask for exactly one more run after it,
 * however many came. The loop behind background drains (an outbox relay, reminder firing). `work` handles
 * its own errors.
 */
export class CoalescingTask {
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(private readonly work: () => Promise<void>) {}

  /** Runs now, or once more after the run under way. */
  request(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.work().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
  }

  /** No more runs; resolves when the one under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.again = false;
    await this.running;
  }
}
