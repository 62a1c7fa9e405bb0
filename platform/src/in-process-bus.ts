import type { Logger } from '@todo/observability';

export type BusHandler<T> = (message: T) => void | Promise<void>;

/**
 * In-process fan-out for the embedded runtime, as an outbox relay's target. Every subscriber gets every
 * message even when one fails; then `publish` throws, so the relay keeps the message and sends it again
 * (subscribers dedupe, as they must for any at-least-once delivery).
 */
export class InProcessBus<T> {
  private readonly handlers = new Set<BusHandler<T>>();

  constructor(
    private readonly log: Logger,
    private readonly name: string,
  ) {}

  subscribe(handler: BusHandler<T>): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async publish(message: T): Promise<void> {
    let failures = 0;
    for (const handler of this.handlers) {
      try {
        await handler(message);
      } catch (error) {
        failures++;
        this.log.error({ err: error }, `${this.name} subscriber failed; the message will be sent again`);
      }
    }
    if (failures) throw new Error(`${failures} ${this.name} subscriber(s) failed`);
  }
}
