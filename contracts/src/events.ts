import { z } from 'zod';
import { Task } from './task.js';

export const TASK_EVENT_TYPES = ['task.created', 'task.updated', 'task.completed', 'task.deleted'] as const;
export const TaskEventType = z.enum(TASK_EVENT_TYPES);
export type TaskEventType = z.infer<typeof TaskEventType>;

/**
 * A change to one task, published on `task-events` with the user id as partition key.
 * `seq` increases by one with every change of that user, so a consumer can drop what it has seen and
 * notice what it missed; `task` is the snapshot after the change (before it, for a delete).
 */
export const TaskEvent = z
  .object({
    id: z.uuid(),
    type: TaskEventType,
    userId: z.uuid(),
    seq: z.int().min(1),
    actor: z.uuid(),
    occurredAt: z.iso.datetime(),
    task: Task,
  })
  .meta({ id: 'TaskEvent' });
export type TaskEvent = z.infer<typeof TaskEvent>;

/**
 * The event of `schema` a delivery carries: Dapr wraps what it publishes in a CloudEvent (the event is its
 * `data`, a JSON string of it, or base64 in `data_base64`); a bare event is accepted too. Null when there is
 * none.
 */
export function eventFromEnvelope<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> | null {
  if (payload && typeof payload === 'object' && 'specversion' in payload) {
    const envelope = payload as { data?: unknown; data_base64?: unknown };
    payload =
      typeof envelope.data_base64 === 'string'
        ? parseJson(Buffer.from(envelope.data_base64, 'base64').toString('utf8'))
        : typeof envelope.data === 'string'
          ? parseJson(envelope.data)
          : envelope.data;
  }
  const event = schema.safeParse(payload);
  return event.success ? event.data : null;
}

/** The task event a delivery carries (see `eventFromEnvelope`), or null. */
export function taskEventFromEnvelope(payload: unknown): TaskEvent | null {
  return eventFromEnvelope(TaskEvent, payload);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
