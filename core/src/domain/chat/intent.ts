import type { Priority, Recurrence } from '@todo/contracts';

/**
 * What one chat message asks for, as the offline parser reads it: pure data, no I/O. The dialogue manager
 * (services/chat-service) resolves task references against the user's tasks and the conversation, asks
 * when a reference is ambiguous, and carries the intent out through the same use cases as REST.
 */
export type Intent =
  | { intent: 'add'; task: TaskDraft }
  | { intent: 'update'; target: TaskRef; changes: TaskChanges }
  | { intent: 'complete' | 'reopen' | 'delete' | 'stop_repeating'; target: TaskRef }
  | { intent: 'snooze'; target: TaskRef; by: SnoozeBy }
  | { intent: 'list'; query: ListQuery }
  | { intent: 'undo' }
  | { intent: 'help' }
  /** A number answering the assistant's last question with numbered choices ("2", "the first"). */
  | { intent: 'choose'; index: number }
  | { intent: 'unknown' };

/** Which task(s) a message means. */
export type TaskRef =
  /** Words to find among the user's task titles ("buy milk", "mom" in "i called mom"). */
  | { by: 'title'; text: string }
  /** "the second one": 1-based, in the last list the assistant showed. */
  | { by: 'position'; index: number }
  /** "it", "that", "this": the task the conversation last touched. */
  | { by: 'last' }
  /** "both", "all of them", "them": every task of the last list shown. */
  | { by: 'shown' }
  /** A task by its id: an LLM's tool call names tasks it was shown this way (the parser never does). */
  | { by: 'id'; id: string };

/** A due time as said: an instant in the user's zone, and whether a time of day was said at all. */
export interface Due {
  /** ISO 8601 instant (UTC). */
  at: string;
  /** False for "tomorrow", "dec 15": the day was said, not the time (the service picks the time). */
  hasTime: boolean;
}

/** A new task as said. Only what the message names is set. */
export interface TaskDraft {
  title: string;
  description?: string;
  priority?: Priority;
  tags?: string[];
  due?: Due;
  /** Minutes before the due time (0 = at due). */
  reminders?: number[];
  recurrence?: Recurrence;
}

/** Changes to a task as said. Only what the message names is set; `due: null` removes the due time. */
export interface TaskChanges {
  title?: string;
  description?: string;
  priority?: Priority;
  /** Tags to add and to remove, as said ("tag it q4", "remove the q4 tag"). */
  addTags?: string[];
  removeTags?: string[];
  due?: Due | null;
  /** Replaces the reminders (minutes before due). */
  reminders?: number[];
  /** A new rule, or null: "stop repeating". */
  recurrence?: Recurrence | null;
}

/** How far to push a task's due time: minutes, or to a time ("until tomorrow 9am"). */
export type SnoozeBy = { minutes: number } | { until: Due };

/**
 * A list request as the REST query of GET /api/v1/tasks (contracts' TaskListQuery): `status`, `priority`
 * (comma-separated), `tags` (comma-separated) with `tagMode` any|all, `due` overdue|today|week|none, `q`,
 * `sort` due|priority|created|updated|title, `order` asc|desc. Only what the message says is set.
 */
export type ListQuery = Record<string, string>;
