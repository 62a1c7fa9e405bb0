import type { TaskEvent } from '@todo/contracts';
import type { Logger } from '@todo/observability';

export type TaskEventHandler = (event: TaskEvent) => void | Promise<void>;

/** In-process fan-out of task events for embedded mode; one failing subscriber does not stop the others. */
export class InProcessEventBus {
  private readonly handlers = new Set<TaskEventHandler>();

  constructor(private readonly log: Logger) {}

  subscribe(handler: TaskEventHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async publish(event: TaskEvent): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler(event);
      } catch (error) {
        this.log.error({ err: error, eventId: event.id }, 'task event subscriber failed');
      }
    }
  }
}
