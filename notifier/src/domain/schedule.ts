import type { Reminder, Task, TaskEvent } from '@todo/contracts';

/** One firing a task asks for: which reminder (a stable key within the task) and when. */
export interface ScheduledReminder {
  key: string;
  reminder: Reminder;
  fireAt: Date;
}

/** The key of a reminder within its task; with the fire time it names one firing (the delivery ledger). */
export function reminderKey(reminder: Reminder): string {
  return 'at' in reminder ? `at:${new Date(reminder.at).toISOString()}` : `before:${reminder.minutesBefore}`;
}

/**
 * The reminders an open task wants fired: relative ones hang on its due time (and move with it), absolute
 * ones are fixed. A completed or deleted task wants none; neither does a reminder whose time had passed
 * before the change (`since`) was made: setting a reminder in the past does not fire it.
 */
export function remindersToSchedule(task: Task, since: Date): ScheduledReminder[] {
  if (task.status !== 'open') return [];
  const due = task.dueAt ? new Date(task.dueAt).getTime() : null;
  const wanted = new Map<string, ScheduledReminder>();
  for (const reminder of task.reminders) {
    const at =
      'at' in reminder
        ? new Date(reminder.at).getTime()
        : due === null
          ? null
          : due - reminder.minutesBefore * 60_000;
    if (at === null || at < since.getTime()) continue;
    wanted.set(reminderKey(reminder), { key: reminderKey(reminder), reminder, fireAt: new Date(at) });
  }
  return [...wanted.values()];
}

/** The reminders a task event leaves wanted: none once the task is deleted (its last snapshot is still open). */
export function remindersWanted(event: TaskEvent): ScheduledReminder[] {
  return event.type === 'task.deleted' ? [] : remindersToSchedule(event.task, new Date(event.occurredAt));
}
