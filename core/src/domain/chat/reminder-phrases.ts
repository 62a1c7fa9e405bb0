/**
 * Reminders as said with a task ("remind me 1 hour before", "reminders a day and 2 hours before",
 * "with a reminder at the due time"), as minutes before due. Absolute reminder times ("remind me at
 * 8am") are not read here: the Intent carries only relative reminders, so such a time is the due time.
 */
import { cut } from './lexicon.js';
import { DURATION, durationMinutes } from './duration.js';

const AT_DUE =
  "(?:at\\s+(?:the\\s+)?(?:due\\s+time|time(?:\\s+it'?s\\s+due)?)|on\\s+time|when\\s+(?:it'?s|it\\s+is|its)\\s+due)";
const BEFORE =
  '(?:before(?:\\s+(?:it|that|hand|the\\s+due\\s+time))?|beforehand|earlier|ahead(?:\\s+of\\s+time)?|in\\s+advance|prior)';
const ITEM = `(?:(?:${DURATION})(?:\\s+${BEFORE})?|${AT_DUE})`;
const LIST = `${ITEM}(?:\\s*(?:,\\s*(?:and\\s+)?|and\\s+|&\\s*|(?:and\\s+)?(?:also\\s+)?)${ITEM})*`;
const LEAD =
  '(?:(?:and\\s+|,\\s*|with\\s+)?(?:remind\\s+me|reminders?|alert\\s+me|notify\\s+me|ping\\s+me|set\\s+(?:a\\s+)?reminders?|(?:a\\s+)?reminders?)(?:\\s+(?:of|at|for))?)';

const PHRASE = new RegExp(`(?:^|\\s|,)(${LEAD}\\s+(${LIST}))(?=$|[\\s,.;!?])`, 'i');
const ITEM_RE = new RegExp(`(${DURATION})|${AT_DUE}`, 'gi');

export interface ReminderMatch {
  /** Minutes before due, in the order said, without repeats. */
  minutes: number[];
  /** The text with the reminder phrase cut out. */
  rest: string;
}

/**
 * The first reminder phrase in `text`. Each "… before" is a separate reminder ("a day before and 2
 * hours before" → [1440, 120]; "1 day, 2 hours before" too); see `amounts` for "X and Y before". A list must end in "before" (or a synonym) or be "at the due time", so "remind me
 * in 2 hours" is not a reminder list.
 */
export function findReminders(text: string): ReminderMatch | null {
  const m = PHRASE.exec(text);
  if (!m || m[1] === undefined || m[2] === undefined) return null;
  const list = m[2];
  if (!new RegExp(`(?:${BEFORE}|${AT_DUE})$`, 'i').test(list.trim())) return null;
  const minutes = amounts(list);
  if (minutes.length === 0) return null;
  const index = m.index + m[0].indexOf(m[1]);
  return { minutes, rest: cut(text, index, m[1].length) };
}

const BARE_LIST = new RegExp(`(?:^|\\s|,)(${LIST})(?=$|[\\s,.;!?])`, 'i');

/**
 * A reminder list said without "remind me" right before it ("remind me about the dentist 1 hour
 * before": the lead is elsewhere); the same rules as `findReminders`.
 */
export function findReminderList(text: string): ReminderMatch | null {
  const lead = findReminders(text);
  if (lead) return lead;
  const m = BARE_LIST.exec(text);
  if (!m?.[1] || !new RegExp(`(?:${BEFORE}|${AT_DUE})$`, 'i').test(m[1].trim())) return null;
  const minutes = amounts(m[1]);
  if (minutes.length === 0) return null;
  return { minutes, rest: cut(text, m.index + m[0].indexOf(m[1]), m[1].length) };
}

/**
 * The minutes of each reminder in a list. "1 hour and 30 minutes" is one amount, but "a day and 2
 * hours" is two reminders: nobody means 26 hours, they mean the day before and two hours before.
 */
function amounts(list: string): number[] {
  const minutes: number[] = [];
  const items = [...list.matchAll(ITEM_RE)];
  // In a list of several ("1 day, 2 hours and 10 minutes before") every "and" separates reminders.
  const several = items.length > 1;
  for (const item of items) {
    const said = item[1];
    const parts = said === undefined ? [] : /^(.+?)\s+and\s+(?!a\s+half)(.+)$/i.exec(said);
    const values =
      said === undefined
        ? [0]
        : parts?.[1] !== undefined &&
            parts[2] !== undefined &&
            (several || (durationMinutes(parts[1]) ?? 0) >= 1440)
          ? [durationMinutes(parts[1]), durationMinutes(parts[2])]
          : [durationMinutes(said)];
    for (const value of values) if (value !== null && !minutes.includes(value)) minutes.push(value);
  }
  return minutes;
}

/** "remind me" / "reminder" with nothing measurable after it: the reminder is at the due time. */
export const BARE_REMINDER =
  /(?:^|\s|,)(?:and\s+)?(?:remind\s+me|with\s+(?:a\s+)?reminder|set\s+(?:a\s+)?reminder)(?=$|[\s,.;!?])/i;
