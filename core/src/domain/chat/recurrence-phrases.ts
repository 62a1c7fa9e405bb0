/**
 * Recurrence as said ("every other monday", "on the 1st of every month", "every weekday", "daily",
 * "every 3 months after i complete it", "every tuesday and friday until march", "weekly, 10 times",
 * "every sunday for 10 weeks")
 * read into the project's friendly recurrence form, which @todo/time compiles to an RRULE. Only the
 * rule is read here; the time of day and the first date come from the rest of the message.
 */
import type { FriendlyRecurrence } from '@todo/contracts';
import type { RecurrenceMode } from '@todo/time';
import type { z } from 'zod';
import {
  cut,
  NUMBER,
  numberValue,
  ORDINAL,
  ordinalValue,
  WEEKDAY,
  weekdayCode,
  type WeekdayCode,
} from './lexicon.js';

/** The friendly form without mode, ending or validation: what the words alone say. */
export type SaidRule = Omit<z.input<typeof FriendlyRecurrence>, 'mode' | 'count' | 'until'>;

export interface RecurrenceMatch {
  rule: SaidRule;
  mode: RecurrenceMode;
  /** "10 times". */
  count?: number;
  /** The text after "until", for the caller to read as a date with @todo/time. */
  untilText?: string;
  rest: string;
}

const EVERY = '(?:every|each|once\\s+(?:a|an|every|per))';
const INTERVAL = `(?:(other|${NUMBER}|\\d+(?:st|nd|rd|th)|second|third|fourth)\\s+)`;
const WEEKDAY_LIST = `${WEEKDAY}(?:\\s*(?:,\\s*(?:and\\s+)?|/|&|\\s+and\\s+|\\s+or\\s+)\\s*${WEEKDAY})*`;
const REPEAT =
  '(?:(?:and\\s+|,\\s*)?(?:(?:that\\s+|which\\s+|it\\s+)?(?:repeats?|repeating|recurs?|recurring)\\s+))?';
const NTH = '(first|second|third|fourth|last|1st|2nd|3rd|4th)';
const MONTH_UNIT = `(?:${EVERY}\\s+${INTERVAL}?months?|monthly)`;

type Build = (m: RegExpExecArray) => SaidRule | null;

const DAY_UNITS: Record<string, 'day' | 'week' | 'month' | 'year'> = {
  day: 'day',
  week: 'week',
  month: 'month',
  year: 'year',
};

/** Forms, most specific first; each match is cut from the message as a whole. */
const FORMS: [RegExp, Build][] = [
  // "on the 1st of every month", "the last day of each month", "the 15th of every other month"
  [
    re(`(?:on\\s+)?(?:the\\s+)?(${ORDINAL}|last)(?:\\s+day)?\\s+of\\s+${EVERY}\\s+${INTERVAL}?months?`),
    (m) => monthDay(m[1], m[2]),
  ],
  // "every month on the 15th", "monthly on the last day"
  [
    re(`${MONTH_UNIT}\\s+on\\s+the\\s+(${ORDINAL}|last)(?:\\s+day)?(?!\\s+${WEEKDAY})`),
    (m) => monthDay(m[2], m[1]),
  ],
  // "on the first monday of every month", "the last friday of each month"
  [
    re(
      `(?:on\\s+)?(?:the\\s+)?${NTH}\\s+(${WEEKDAY})\\s+of\\s+(?:${EVERY}\\s+${INTERVAL}?month|the\\s+month|each\\s+month)`,
    ),
    (m) => nthWeekday(m[1], m[2], m[3]),
  ],
  // "every month on the last friday", "monthly on the 2nd tuesday"
  [re(`${MONTH_UNIT}\\s+on\\s+the\\s+${NTH}\\s+(${WEEKDAY})`), (m) => nthWeekday(m[2], m[3], m[1])],
  // "every first monday of the month"; "every second monday" alone is every other week
  [re(`${EVERY}\\s+${NTH}\\s+(${WEEKDAY})\\s+of\\s+the\\s+month`), (m) => nthWeekday(m[1], m[2], undefined)],
  [re(`${EVERY}\\s+(first|last|1st)\\s+(${WEEKDAY})`), (m) => nthWeekday(m[1], m[2], undefined)],
  // "every weekday", "on weekdays", "every work day", "weekdays"
  [
    re(
      `(?:${EVERY}\\s+(?:week|work|working|business)\\s*days?|on\\s+weekdays|(?:on\\s+)?(?:every\\s+)?(?:weekdays|workdays)|mon(?:day)?\\s*(?:-|to|through|thru)\\s*fri(?:day)?)`,
    ),
    () => ({ every: 'week', on: ['mo', 'tu', 'we', 'th', 'fr'] }),
  ],
  // "every weekend", "on weekends"
  [re(`(?:${EVERY}\\s+weekend|(?:on\\s+)?weekends)`), () => ({ every: 'week', on: ['sa', 'su'] })],
  // "every 2 weeks on monday and thursday", "weekly on fridays", "biweekly on tue"
  [
    re(
      `(?:${EVERY}\\s+${INTERVAL}?weeks?|(weekly|biweekly|fortnightly|every\\s+fortnight))\\s+on\\s+(${WEEKDAY_LIST})`,
    ),
    (m) => weekdays(m[3], m[2] ? (/weekly$/i.test(m[2]) && !/bi/i.test(m[2]) ? '1' : 'other') : m[1]),
  ],
  // "every other monday", "every tuesday and friday", "each mon, wed and fri"
  [re(`${EVERY}\\s+${INTERVAL}?(${WEEKDAY_LIST})`), (m) => weekdays(m[2], m[1])],
  // "on mondays and thursdays", "mondays": plural weekdays only, "on monday" is a date
  [
    re(
      `(?:on\\s+)?((?:mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)(?:\\s*(?:,\\s*(?:and\\s+)?|/|&|\\s+and\\s+|\\s+or\\s+)\\s*${WEEKDAY})*)`,
    ),
    (m) => weekdays(m[1], undefined),
  ],
  // "every 3 days", "every other week", "each month", "once a year", "every quarter"
  [
    re(`${EVERY}\\s+${INTERVAL}?(day|night|morning|evening|week|fortnight|month|quarter|year)s?`),
    (m) => plain(m[2], m[1]),
  ],
  // "daily", "weekly", "quarterly", … but not as an adjective: "write quarterly report" is a title.
  [
    re(
      '(daily|nightly|weekly|biweekly|bi-weekly|fortnightly|monthly|bimonthly|quarterly|yearly|annually)(?=\\s*(?:$|[,.;:!?#(@\\d]|(?:at|on|from|starting|until|till|beginning|for|and|with|by|due|remind|reminder|reminders|after|in|every|each|high|low|medium|urgent|tag|tagged|tags|priority|p[1-4]|then|please|this|next|tomorrow|today|tonight)\\b))',
    ),
    (m) => adverb(m[1]),
  ],
];

const AFTER_COMPLETION = re(
  "(?:,\\s*)?(?:(?:counting\\s+|starting\\s+)?(?:after|from)\\s+(?:i\\s+(?:have\\s+)?(?:complete|completed|finish|finished|do|did|done|mark|check\\s+off)(?:\\s+(?:it|this|that|each\\s+one|the\\s+last\\s+one))?(?:\\s+(?:as\\s+)?(?:done|complete|off))?|(?:it'?s|it\\s+is|it\\s+was|its|it\\s+gets|it\\s+has\\s+been)\\s+(?:done|completed|finished)|(?:each\\s+|the\\s+last\\s+|last\\s+)?completion|completing(?:\\s+it)?|finishing(?:\\s+it)?|(?:being\\s+)?done|the\\s+last\\s+one(?:\\s+is\\s+done)?|when\\s+i\\s+(?:complete|finish|do)\\s+it))",
);
const SINCE_DONE = re(
  `(?<!(?:every|each)\\s+)(${NUMBER})\\s+(day|week|month|year)s?(?=\\s*,?\\s+(?:counting\\s+|starting\\s+)?(?:after|from)\\s+(?:i\\b|it|its|completion|completing|finishing|being|done|the\\s+last|last|each|when))`,
);
const COUNT = re(`(?:,\\s*)?(?:for\\s+)?(${NUMBER})\\s+(?:times|occurrences|repetitions)`);
const FOR_SPAN = re(`(?:,\\s*)?for\\s+(?:the\\s+next\\s+)?(${NUMBER})\\s+(days?|weeks?|months?|years?)`);
const UNTIL = re('(?:,\\s*)?(?:until|till|til|through|ending(?:\\s+on)?|ends?\\s+on|up\\s+to)\\s+(.+)$');

/**
 * The first recurrence phrase in `text`, with the completion mode and the ending if said, and the
 * text without them. "until …" takes the rest of the text; the caller reads its date and cuts it.
 */
export function findRecurrence(text: string): RecurrenceMatch | null {
  let rest = text;
  let rule: SaidRule | null = null;
  let mode: RecurrenceMode = 'schedule';
  const since = SINCE_DONE.exec(rest);
  if (since?.[1] !== undefined && since[2] !== undefined) {
    const n = numberValue(since[1]);
    const unit = DAY_UNITS[since[2].toLowerCase()];
    if (n !== null && Number.isInteger(n) && unit) {
      rule = withInterval({ every: unit }, n);
      rest = cut(rest, since.index, since[0].length);
    }
  }
  if (!rule) {
    for (const [form, build] of FORMS) {
      const m = form.exec(rest);
      if (!m) continue;
      const built = build(m);
      if (!built) continue;
      rule = built;
      rest = cut(rest, m.index, m[0].length);
      break;
    }
  }
  if (!rule) return null;
  const after = AFTER_COMPLETION.exec(rest);
  if (after) {
    mode = 'after_completion';
    rest = cut(rest, after.index, after[0].length);
  }
  const match: RecurrenceMatch = { rule, mode, rest };
  const count = COUNT.exec(rest);
  if (count?.[1] !== undefined) {
    const n = numberValue(count[1]);
    if (n !== null && Number.isInteger(n) && n >= 1) {
      match.count = n;
      rest = cut(rest, count.index, count[0].length);
    }
  }
  const span = FOR_SPAN.exec(rest);
  if (span?.[1] !== undefined && span[2] !== undefined && match.count === undefined) {
    // "for 10 weeks": the series ends that long from now, read by @todo/time as "in 10 weeks".
    match.untilText = `in ${span[1]} ${span[2]}`;
    rest = cut(rest, span.index, span[0].length);
  }
  const until = UNTIL.exec(rest);
  if (until?.[1] !== undefined && match.count === undefined && match.untilText === undefined) {
    match.untilText = until[1];
    rest = rest.slice(0, until.index);
  }
  match.rest = rest;
  return match;
}

/** A phrase regex: case-insensitive, bounded by spaces or punctuation, with an optional "repeat". */
function re(body: string): RegExp {
  return new RegExp(`(?:^|(?<=[\\s,(]))${REPEAT}(?:${body})(?=$|[\\s,.;!?)])`, 'i');
}

function intervalOf(word: string | undefined): number | null {
  if (word === undefined) return 1;
  const w = word.toLowerCase();
  if (w === 'other' || w === 'second' || w === '2nd') return 2;
  if (w === 'third' || w === '3rd') return 3;
  if (w === 'fourth' || w === '4th') return 4;
  const ordinal = ordinalValue(w);
  if (ordinal !== null) return ordinal;
  const n = numberValue(w);
  return n !== null && Number.isInteger(n) && n >= 1 ? n : null;
}

function withInterval(rule: SaidRule, interval: number): SaidRule {
  return interval === 1 ? rule : { ...rule, interval };
}

function monthDay(dayWord: string | undefined, intervalWord: string | undefined): SaidRule | null {
  if (dayWord === undefined) return null;
  const day = dayWord.toLowerCase() === 'last' ? -1 : ordinalValue(dayWord);
  const interval = intervalOf(intervalWord);
  if (day === null || interval === null || (day !== -1 && (day < 1 || day > 31))) return null;
  return withInterval({ every: 'month', on: { day } }, interval);
}

function nthWeekday(
  nthWord: string | undefined,
  weekday: string | undefined,
  intervalWord: string | undefined,
): SaidRule | null {
  if (nthWord === undefined || weekday === undefined) return null;
  const nth = nthWord.toLowerCase() === 'last' ? -1 : (ordinalValue(nthWord) ?? 0);
  const code = weekdayCode(weekday);
  const interval = intervalOf(intervalWord);
  if (!code || interval === null || !(nth === -1 || (nth >= 1 && nth <= 4))) return null;
  return withInterval({ every: 'month', on: { nth, weekday: code } }, interval);
}

function weekdays(list: string | undefined, intervalWord: string | undefined): SaidRule | null {
  if (list === undefined) return null;
  const on: WeekdayCode[] = [];
  for (const word of list.split(/[\s,/&]+|\band\b|\bor\b/i)) {
    const code = word ? weekdayCode(word) : null;
    if (code && !on.includes(code)) on.push(code);
  }
  const interval = intervalOf(intervalWord);
  if (on.length === 0 || interval === null) return null;
  return withInterval({ every: 'week', on }, interval);
}

function plain(unitWord: string | undefined, intervalWord: string | undefined): SaidRule | null {
  const unit = unitWord?.toLowerCase();
  let interval = intervalOf(intervalWord);
  if (interval === null || unit === undefined) return null;
  switch (unit) {
    case 'day':
    case 'night':
    case 'morning':
    case 'evening':
      return withInterval({ every: 'day' }, interval);
    case 'week':
      return withInterval({ every: 'week' }, interval);
    case 'fortnight':
      return { every: 'week', interval: 2 * interval };
    case 'month':
      return withInterval({ every: 'month' }, interval);
    case 'quarter':
      interval *= 3;
      return { every: 'month', interval };
    case 'year':
      return withInterval({ every: 'year' }, interval);
    default:
      return null;
  }
}

function adverb(word: string | undefined): SaidRule | null {
  switch (word?.toLowerCase()) {
    case 'daily':
    case 'nightly':
      return { every: 'day' };
    case 'weekly':
      return { every: 'week' };
    case 'biweekly':
    case 'bi-weekly':
    case 'fortnightly':
      return { every: 'week', interval: 2 };
    case 'monthly':
      return { every: 'month' };
    case 'bimonthly':
      return { every: 'month', interval: 2 };
    case 'quarterly':
      return { every: 'month', interval: 3 };
    case 'yearly':
    case 'annually':
      return { every: 'year' };
    default:
      return null;
  }
}
