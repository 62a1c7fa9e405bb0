import { TaskEvent } from '@todo/contracts';

/**
 * The task event inside a Kafka message on `task-events`. Dapr wraps what it publishes in a CloudEvent
 * (the event is its `data`, or base64 in `data_base64`); a bare event is accepted too. Null when the
 * message carries no valid task event, so the consumer can skip it instead of stalling the partition.
 */
export function decodeTaskEventMessage(value: Buffer | null): TaskEvent | null {
  if (!value) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(value.toString('utf8'));
  } catch {
    return null;
  }
  const envelope = payload as { specversion?: unknown; data?: unknown; data_base64?: unknown };
  if (envelope && typeof envelope === 'object' && 'specversion' in envelope) {
    payload = envelope.data;
    if (typeof envelope.data_base64 === 'string')
      payload = parseJson(Buffer.from(envelope.data_base64, 'base64'));
    if (typeof payload === 'string') payload = parseJson(Buffer.from(payload));
  }
  const event = TaskEvent.safeParse(payload);
  return event.success ? event.data : null;
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
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
