import type { Recurrence } from '@todo/contracts';
import { DateTime } from 'luxon';
import rrule from 'rrule';

const { RRule } = rrule;

/**
 * A due time as a person says it, on the user's clock: "today at 6:00 PM", "tomorrow at 9:00 AM",
 * "Fri, Nov 27 at 9:00 AM", "Apr 15, 2027 at 11:59 PM" (the year only when it is not this one).
 */
export function describeDue(at: Date, timeZone: string, now: Date): string {
  const when = DateTime.fromJSDate(at, { zone: timeZone });
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf('day');
  const days = Math.round(when.startOf('day').diff(today, 'days').days);
  const time = when.toFormat('h:mm a');
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  if (days === -1) return `yesterday at ${time}`;
  const date = when.year === today.year ? when.toFormat('ccc, LLL d') : when.toFormat('LLL d, yyyy');
  return `${date} at ${time}`;
}

/**
 * A recurrence in words ("every week on Monday and Thursday", "every 2 weeks on Monday", "every month on
 * the last Friday"), from rrule's own wording; "after_completion" says it counts from each completion.
 */
export function describeRecurrence(recurrence: Recurrence): string {
  let words: string;
  try {
    words = RRule.fromString(recurrence.rule).toText();
  } catch {
    words = recurrence.rule;
  }
  // rrule says "every weekday" for MO–FR, "every week on Monday, Thursday" for two days.
  words = words.replace(/, ([A-Z][a-z]+day)$/, ' and $1');
  return recurrence.mode === 'after_completion' ? `${words}, counted from each completion` : words;
}
