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
