/**
 * A new task from its description ("buy milk tomorrow at 6pm #shopping high priority"): each kind of
 * detail is cut out of the text in turn (reminders, priority, tags, recurrence, date) and what is left
 * is the title. The order matters: "1 hour before" and "every monday" would otherwise be read as dates.
 *
 * Decisions the dialogue manager relies on:
 * - nothing left for a title (e.g. "add tomorrow at 5") → `unknown`, never an add with an empty title;
 * - reminders are relative to the due time, so without a due time they are dropped (the task is still
 *   added); "remind me to X at T" with no offsets gives [0], a reminder at the due time;
 * - a recurring task always gets a due: the rule's first occurrence at or after now (or after the
 *   date said), because the series needs a start;
 * - a recurrence the contracts reject (e.g. "every 5000 days") makes the whole message `unknown`.
 */
import { startOfDay } from '@todo/time';
import type { Intent, TaskDraft } from './intent.js';
import { tidy, unquote } from './lexicon.js';
import { findPriority } from './priority-phrases.js';
import { findRecurrence } from './recurrence-phrases.js';
import { BARE_REMINDER, findReminderList, findReminders } from './reminder-phrases.js';
import { findTags } from './tag-phrases.js';
import { compileRecurrence, dueOf, findDue, firstOccurrence, readWhen, type ParseContext } from './when.js';
import { MAX_TITLE_LENGTH } from '@todo/contracts';

export interface AddOptions {
  /** Said as "remind me to …": a reminder at the due time unless offsets were said. */
  remind: boolean;
}

const LIST_SUFFIX =
  /\s+(?:to|on|onto|in)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+|tasks\s+|shopping\s+)?(?:list|todos|tasks)$/i;
const NOTE = /\s*(?:\(|,|;|\s-)\s*(?:notes?|description|details?)\s*[:-]\s*(.+?)\)?$/i;

/** The add intent for `body` (the message without "add", "remind me to", …). */
export function parseAdd(body: string, context: ParseContext, options: AddOptions): Intent {
  let rest = ` ${body} `;
  let description: string | undefined;
  const note = NOTE.exec(rest.trimEnd());
  if (note?.[1] !== undefined) {
    description = note[1].trim();
    rest = rest.slice(0, note.index);
  }

  let reminders: number[] | undefined;
  // After "remind me to …" a bare "10 minutes before" is a reminder too; elsewhere it needs its lead.
  const said = options.remind ? findReminderList(rest) : findReminders(rest);
  if (said) {
    reminders = said.minutes;
    rest = said.rest;
  }
  let remind = options.remind;
  const bare = BARE_REMINDER.exec(rest);
  if (bare) {
    remind = true;
    rest = `${rest.slice(0, bare.index)} ${rest.slice(bare.index + bare[0].length)}`;
  }

  const priority = findPriority(rest);
  if (priority) rest = priority.rest;
  const tags = findTags(rest);
  rest = tags.rest;

  const recurring = findRecurrence(rest);
  let recurrence: ReturnType<typeof compileRecurrence> = null;
  if (recurring) {
    rest = recurring.rest;
    let until: Date | null = null;
    if (recurring.untilText !== undefined) {
      const end = readWhen(recurring.untilText, context);
      if (end && end.index <= 1) {
        until = end.hasTime ? end.at : new Date(startOfDay(end.at, context.timeZone, 1).getTime() - 1000);
        rest = `${rest} ${recurring.untilText.slice(end.index + end.text.length)}`;
      } else {
        rest = `${rest} until ${recurring.untilText}`;
      }
    }
    recurrence = compileRecurrence(recurring, until);
    if (!recurrence) return { intent: 'unknown' };
  }

  const dueMatch = findDue(rest, context);
  if (dueMatch) rest = dueMatch.rest;
  let due = dueMatch && !recurrence ? dueOf(dueMatch.when) : undefined;
  if (recurrence) {
    due = firstOccurrence(recurrence.rule, dueMatch, context) ?? undefined;
    if (!due) return { intent: 'unknown' };
  }

  const title = cleanTitle(rest);
  if (!title) return { intent: 'unknown' };

  const task: TaskDraft = { title };
  if (description) task.description = description;
  if (priority) task.priority = priority.priority;
  if (tags.tags.length > 0) task.tags = tags.tags.slice(0, 20);
  if (due) task.due = due;
  if (due && reminders) task.reminders = reminders.slice(0, 10);
  else if (due && remind) task.reminders = [0];
  if (recurrence) task.recurrence = recurrence.recurrence;
  return { intent: 'add', task };
}

/** What is left once the details are cut: a title, or '' when nothing worth one remains. */
export function cleanTitle(text: string): string {
  let title = tidy(text);
  title = title.replace(LIST_SUFFIX, '');
  title = tidy(title.replace(/^(?:to|that|about|of)\s+/i, ''));
  title = unquote(title);
  title = tidy(title);
  if (!/[\p{L}\p{N}]/u.test(title)) return '';
  return title.slice(0, MAX_TITLE_LENGTH).trim();
}
