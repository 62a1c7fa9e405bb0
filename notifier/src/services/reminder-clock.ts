import { untraced, type Logger } from '@todo/observability';
import { CoalescingTask } from '@todo/platform';

export interface ReminderClockOptions {
  /** Claims and fires what is due; returns how many fired. */
  fireDue: () => Promise<number>;
  /** When the next pending reminder is due, if any. Without it, no timer: something else times the firing. */
  nextFireAt?: () => Promise<Date | null>;
  now: () => Date;
  log: Logger;
  /** What it fires, for the log (default "reminders"). */
  what?: string;
  /**
   * The sweep: fires what is overdue even if no timer was set (another replica's schedule, a restart).
   * Without it, only `wake` sweeps (the cron binding's call, in the dapr runtime).
   */
  sweepEveryMs?: number;
}

/**
 * In-process reminder timing: a timer set for the earliest pending reminder, reset whenever the schedule
 * changes, plus a periodic sweep as backstop (in the dapr runtime, the sweep alone: jobs time reminders). Firing itself is a claim in the database, so several clocks
 * (replicas) never fire one reminder twice.
 */
export class ReminderClock {
  private timer: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  // Whoever woke the clock (a request that changed a task) did not cause what is due now.
  private readonly ticks = new CoalescingTask(() =>
    untraced(() => this.tick()).catch((error: unknown) =>
      this.options.log.error({ err: error }, `firing ${this.options.what ?? 'reminders'} failed; will retry`),
    ),
  );
  private stopped = false;

  constructor(private readonly options: ReminderClockOptions) {}

  start(): void {
    this.wake();
    if (!this.options.sweepEveryMs) return;
    this.sweep = setInterval(() => this.wake(), this.options.sweepEveryMs);
    this.sweep.unref();
  }

  /** Fires what is due now and sets the timer for what comes next. */
  wake(): void {
    this.ticks.request();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.sweep);
    await this.ticks.stop();
  }

  private async tick(): Promise<void> {
    while ((await this.options.fireDue()) > 0) {
      // A full batch may have left more behind.
    }
    const next = await this.options.nextFireAt?.();
    clearTimeout(this.timer);
    if (!next || this.stopped) return;
    // Never longer than the sweep anyway; at least 1 ms so a reminder due now is not a busy loop.
    const delay = Math.min(Math.max(next.getTime() - this.options.now().getTime(), 1), 2 ** 31 - 1);
    this.timer = setTimeout(() => this.wake(), delay);
    this.timer.unref();
  }
}
