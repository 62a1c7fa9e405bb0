import { nextOccurrence } from '@todo/time';
import type { TaskRecord } from './task.js';

interface NextContext {
  id: string;
  now: Date;
}

/**
 * The next occurrence of a recurring task that was just completed, or null when it does not recur or its
 * series has ended (COUNT reached, past UNTIL). The new task is open and carries the title, description,
 * priority, tags, zone, reminders and rule; absolute reminders move with the due date, so each stays as
 * far from its occurrence as it was from the first.
 */
export function nextInSeries(done: TaskRecord, ctx: NextContext): TaskRecord | null {
  if (!done.recurrence || !done.series || !done.dueAt || !done.completedAt) return null;
  const previousDue = new Date(done.dueAt);
  const due = nextOccurrence({
    rule: done.recurrence.rule,
    mode: done.recurrence.mode,
    timeZone: done.timezone,
    seriesStart: new Date(done.seriesStart ?? done.dueAt),
    previousDue,
    completedAt: new Date(done.completedAt),
    occurrencesSoFar: done.series.occurrence,
  });
  if (!due) return null;
  const shift = due.getTime() - previousDue.getTime();
  const now = ctx.now.toISOString();
  return {
    ...done,
    id: ctx.id,
    status: 'open',
    dueAt: due.toISOString(),
    reminders: done.reminders.map((reminder) =>
      'at' in reminder ? { at: new Date(new Date(reminder.at).getTime() + shift).toISOString() } : reminder,
    ),
    series: { id: done.series.id, occurrence: done.series.occurrence + 1 },
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    version: 1,
  };
}
