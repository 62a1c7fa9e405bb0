import { offsetWords, type ChatAction, type Reminder, type Task } from '@todo/contracts';
import { describeDue, describeRecurrence } from '@todo/time';

export interface ReplyContext {
  timeZone: string;
  now: Date;
}

/** What the assistant can do, with examples to copy. */
export const HELP_TEXT = [
  'I can keep your list from here. For example:',
  '• add buy milk tomorrow at 6pm #shopping high priority',
  '• every other Monday at 9 remind me to water the plants',
  "• what's overdue? · show work tasks due this week by priority · search for invoice",
  '• mark the second one done · move it to Friday · tag it q4 · remind me 30 minutes before',
  '• snooze it by 1 hour · stop repeating gym · delete old idea · undo',
].join('\n');

/** The reply to one message, written from what was done: every change says what it changed. */
export function renderReply(actions: ChatAction[], context: ReplyContext): string {
  return actions.map((action) => renderAction(action, context)).join('\n');
}

function renderAction(action: ChatAction, context: ReplyContext): string {
  switch (action.kind) {
    case 'created':
      return `Added ${describeTask(action.task, context)}.`;
    case 'updated':
      if (!action.changed.length) return `“${action.task.title}” already looks like that; nothing changed.`;
      return `Updated “${action.task.title}”: ${action.changed.map((field) => describeField(action.task, field, context)).join(', ')}.`;
    case 'completed':
      return action.next
        ? `Marked “${action.task.title}” done. Next one: due ${dueWords(action.next, context)}.`
        : `Marked “${action.task.title}” done.`;
    case 'reopened':
      return `Reopened “${action.task.title}”.`;
    case 'deleted':
      return `Deleted “${action.task.title}”. Say “undo” to bring it back.`;
    case 'snoozed':
      return `Snoozed “${action.task.title}”: now ${dueWords(action.task, context)}.`;
    case 'listed':
      return renderList(action.tasks, context);
    case 'undone':
      return action.task
        ? `Undone (${action.undid}): ${describeTask(action.task, context)}.`
        : `Undone (${action.undid}).`;
    case 'asked':
      return [
        action.question,
        ...action.choices.map((c) => `${c.number}. ${describeTask(c.task, context)}`),
      ].join('\n');
    case 'refused':
      return `${action.message} Nothing was changed.`;
    case 'not_found':
      return `I couldn't find a task matching “${action.text}”. Nothing was changed.`;
    case 'help':
      return HELP_TEXT;
    case 'not_understood':
      return 'Sorry, I did not understand that, and nothing was changed. Say “help” for examples.';
  }
}

function renderList(tasks: Task[], context: ReplyContext): string {
  if (!tasks.length) return 'Nothing matches.';
  const heading = tasks.length === 1 ? 'One task:' : `${tasks.length} tasks:`;
  return [heading, ...tasks.map((task, i) => `${i + 1}. ${describeTask(task, context)}`)].join('\n');
}

/** “title” — due …, high priority, #tags, repeats …, reminders …, done. */
export function describeTask(task: Task, context: ReplyContext): string {
  const parts = [
    task.dueAt && `due ${dueWords(task, context)}`,
    task.priority !== 'none' && `${task.priority} priority`,
    task.tags.length > 0 && task.tags.map((tag) => `#${tag}`).join(' '),
    task.recurrence && `repeats ${describeRecurrence(task.recurrence)}`,
    task.reminders.length > 0 &&
      `reminders: ${task.reminders.map((r) => reminderWords(r, context)).join(', ')}`,
    task.status === 'done' && 'done',
  ].filter(Boolean);
  return parts.length ? `“${task.title}” — ${parts.join(', ')}` : `“${task.title}”`;
}

function describeField(task: Task, field: string, context: ReplyContext): string {
  switch (field) {
    case 'title':
      return `renamed to “${task.title}”`;
    case 'dueAt':
      return task.dueAt ? `due ${dueWords(task, context)}` : 'no due date';
    case 'priority':
      return `${task.priority} priority`;
    case 'tags':
      return task.tags.length ? `tags ${task.tags.map((tag) => `#${tag}`).join(' ')}` : 'no tags';
    case 'recurrence':
      return task.recurrence ? `repeats ${describeRecurrence(task.recurrence)}` : 'no longer repeats';
    case 'reminders':
      return task.reminders.length
        ? `reminders: ${task.reminders.map((r) => reminderWords(r, context)).join(', ')}`
        : 'no reminders';
    case 'description':
      return task.description ? `description “${clip(task.description, 60)}”` : 'no description';
    default:
      return field;
  }
}

/** The due time on the task's own clock (it may differ from the user's). */
function dueWords(task: Task, context: ReplyContext): string {
  return task.dueAt ? describeDue(new Date(task.dueAt), task.timezone, context.now) : 'no due date';
}

function reminderWords(reminder: Reminder, context: ReplyContext): string {
  if ('at' in reminder) return describeDue(new Date(reminder.at), context.timeZone, context.now);
  const minutes = reminder.minutesBefore;
  return minutes === 0 ? 'at due time' : `${offsetWords(minutes)} before`;
}

/** At most `length` characters of `text`, on one line. */
function clip(text: string, length: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
