import type { TaskEvent } from '@todo/contracts';
import { DaprEventPublisher, type DaprPublisherOptions } from '@todo/platform';

/** Task events through Dapr pub/sub: `type` = the change, `subject` = the task, keyed by user (per-user order). */
export function daprTaskEventPublisher(options: DaprPublisherOptions): DaprEventPublisher<TaskEvent> {
  return new DaprEventPublisher<TaskEvent>({
    ...options,
    source: 'core',
    envelope: (event) => ({
      id: event.id,
      type: event.type,
      subject: event.task.id,
      key: event.userId,
      time: event.occurredAt,
    }),
  });
}
