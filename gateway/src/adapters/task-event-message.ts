import { TaskEvent } from '@todo/contracts';
import { decodeEventMessage } from './event-message.js';

/** The task event inside a Kafka message on `task-events`, or null when the message carries none. */
export function decodeTaskEventMessage(value: Buffer | null): TaskEvent | null {
  return decodeEventMessage(TaskEvent, value);
}

/** Drops what a consumer has seen: events are redelivered (at least once), and replicas replay on start. */
export class SeenSequences {
  private readonly last = new Map<string, number>();

  /** True the first time an event is offered; false for it, or anything older of its user, again. */
  isNew(event: TaskEvent): boolean {
    if ((this.last.get(event.userId) ?? 0) >= event.seq) return false;
    this.last.set(event.userId, event.seq);
    return true;
  }
}
