import type { TaskEvent, TaskEventType } from '@todo/contracts';
import type { TaskRecord } from '../domain/task.js';

/** The event a write produces; the store adds the user's next sequence number and the snapshot. */
export interface EventDraft {
  id: string;
  type: TaskEventType;
  actor: string;
  occurredAt: string;
}

/**
 * The source of truth for tasks. Every write commits the task and its event together (one transaction,
 * or a state transaction with outbox), so an event is never lost nor published for a change that
 * did not happen.
 */
export interface TaskStore {
  get(userId: string, id: string): Promise<TaskRecord | null>;
  insert(task: TaskRecord, event: EventDraft): Promise<TaskEvent>;
  /**
   * Writes `task` if the stored version is still `expectedVersion`; null when it is not (or is gone).
   * `next`, the following occurrence of a recurring task being completed, is inserted in the same
   * transaction, unless that occurrence of the series exists already.
   */
  update(
    task: TaskRecord,
    expectedVersion: number,
    event: EventDraft,
    next?: { task: TaskRecord; event: EventDraft },
  ): Promise<TaskEvent | null>;
  /** Deletes `task` if the stored version is still `expectedVersion`; null when it is not (or is gone). */
  delete(task: TaskRecord, expectedVersion: number, event: EventDraft): Promise<TaskEvent | null>;
}
