/**
 * Due times, read only through @todo/time: the first date expression of a phrase (findWhen), and for
 * a recurring task the rule's first occurrence (nextOccurrence), so that "every other monday at 9" said
 * on a Tuesday is due next Monday 09:00, not "monday at 9" read as a plain date.
 */
import { FriendlyRecurrence, type Recurrence } from '@todo/contracts';
import { findWhen, friendlyToRrule, nextOccurrence, onDayAtTimeOf, type WhenMatch } from '@todo/time';
import type { Due } from './intent.js';
import { cut } from './lexicon.js';
import type { RecurrenceMatch, SaidRule } from './recurrence-phrases.js';

export interface ParseContext {
  /** The instant the message was sent. */
  now: Date;
  /** The user's IANA zone: "tomorrow" and "9am" are read on its clocks. */
  timeZone: string;
}

/** Words that only introduce a date ("due friday", "by 5pm") and go with it when it is cut. */
const LEAD_IN = /(?:^|\s|,)(?:(?:due|by|on|for|at|before|starting|from|beginning|no\s+later\s+than)\s+)+$/i;
/** A time of day with no day: for a recurring task the rule picks the days. */
const TIME_ONLY =
  /^(?:at\s+|@\s*|around\s+|about\s+)?(?:(?:\d{1,2}(?:[:.]\d{2})?(?:\s*(?:a\.?m\.?|p\.?m\.?|o'?clock|h))?|noon|midday|midnight)(?:\s+in\s+the\s+(?:morning|afternoon|evening))?)$/i;

export interface DueMatch {
  when: WhenMatch;
  /** The text with the date expression (and "due"/"by"/"on" before it) cut out. */
  rest: string;
  /** Only a time of day was said ("at 9"). */
  timeOnly: boolean;
}

/**
 * Something chrono could read as a date has one of these (a digit, a day, month or unit word).
 * chrono is the slowest part of a parse, so text without any is not handed to it.
 */
const DATE_HINT =
  /\d|today|tonight|tmr|tomorrow|yesterday|now|noon|midnight|morning|afternoon|evening|night|mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sec|min|hour|hr|day|week|month|quarter|year|decade|fortnight/i;

/** findWhen, for any text: null when there is no date or chrono cannot read it (never a throw). */
export function readWhen(text: string, context: ParseContext): WhenMatch | null {
  if (!DATE_HINT.test(text)) return null;
  try {
    const when = findWhen(text, context);
    return when && !Number.isNaN(when.at.getTime()) ? when : null;
  } catch {
    return null;
  }
}

/** The first date expression in `text`, read in the user's zone; null when there is none. */
export function findDue(text: string, context: ParseContext): DueMatch | null {
  const when = readWhen(text, context);
  if (!when || !plausible(when.text)) return null;
  const lead = LEAD_IN.exec(text.slice(0, when.index));
  const start = lead ? lead.index + (/^[\s,]/.test(lead[0]) ? 1 : 0) : when.index;
  const rest = cut(text, start, when.index + when.text.length - start);
  return { when, rest, timeOnly: TIME_ONLY.test(when.text.trim()) };
}

/** The Due a match stands for, as said: the instant and whether a time of day was said. */
export function dueOf(when: WhenMatch): Due {
  return { at: when.at.toISOString(), hasTime: when.hasTime };
}

/**
 * chrono reads a lone month name as a date ("jan" in "lunch with jan", "may" in "may need
 * help"); a date needs more than that word.
 */
function plausible(text: string): boolean {
  return !/^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|march|june|july|august)\.?$/i.test(
    text.trim(),
  );
}

/** The validated recurrence a said rule compiles to, or null when it is out of range. */
export function compileRecurrence(
  said: RecurrenceMatch,
  until: Date | null,
): { recurrence: Recurrence; rule: SaidRule } | null {
  const input: Record<string, unknown> = { ...said.rule, mode: said.mode };
  if (said.count !== undefined) input.count = said.count;
  if (until) input.until = until.toISOString();
  const parsed = FriendlyRecurrence.safeParse(input);
  if (!parsed.success) return null;
  try {
    return { recurrence: { rule: friendlyToRrule(parsed.data), mode: said.mode }, rule: said.rule };
  } catch {
    return null;
  }
}

/**
 * The first occurrence of `rule` at or after the start of the series: the date said (or today), at
 * the time said (a date-only series is anchored at noon, hasTime false, the service picks the time).
 * The interval is left out for this step so "every other monday" starts on the coming Monday.
 */
export function firstOccurrence(rule: SaidRule, said: DueMatch | null, context: ParseContext): Due | null {
  const { now, timeZone } = context;
  const hasTime = said?.when.hasTime ?? false;
  const anchor = onDayAtTimeOf(
    said && !said.timeOnly ? said.when.at : now,
    hasTime && said ? said.when.at : null,
    timeZone,
    { hour: 12, minute: 0 },
  );
  // A time today that has passed is not the first occurrence; a date-only today still is.
  const notBefore =
    said && !said.timeOnly ? anchor : hasTime ? new Date(Math.max(now.getTime(), anchor.getTime())) : anchor;
  const after = new Date(notBefore.getTime() - 1);
  const single: Record<string, unknown> = { ...rule };
  delete single.interval;
  const parsed = FriendlyRecurrence.safeParse(single);
  if (!parsed.success) return null;
  try {
    const first = nextOccurrence({
      rule: friendlyToRrule(parsed.data),
      mode: 'schedule',
      timeZone,
      seriesStart: anchor,
      previousDue: after,
      completedAt: after,
      occurrencesSoFar: 1,
    });
    return first ? { at: first.toISOString(), hasTime } : null;
  } catch {
    return null;
  }
}
