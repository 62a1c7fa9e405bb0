// Pure helpers over task shapes that the server and the browser both need. Type imports only, so the UI
// can import this file (the `@todo/contracts/task-fields` subpath) without pulling zod into its bundle.
import type { CreateTaskInput, Task } from './task.js';

/** The fields of a task as a creation input: what undoing its deletion creates again. */
export function asCreateInput(task: Task): CreateTaskInput {
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    tags: task.tags,
    dueAt: task.dueAt,
    timezone: task.timezone,
    reminders: task.reminders,
    recurrence: task.recurrence,
  };
}

/**
 * A relative reminder's offset in the largest whole unit: "15 minutes", "1 hour", "2 days" (before the due
 * time; 0 is at it, which callers word themselves).
 */
export function offsetWords(minutesBefore: number): string {
  const [amount, unit] =
    minutesBefore % 1440 === 0
      ? [minutesBefore / 1440, 'day']
      : minutesBefore % 60 === 0
        ? [minutesBefore / 60, 'hour']
        : [minutesBefore, 'minute'];
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
