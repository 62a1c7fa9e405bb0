// Recurrence in the browser: read the canonical RRULEs the server stores back into the friendly form the
// editor shows, say them in words, and build the friendly JSON the API accepts. Pure: no contracts values
// (they would pull zod into the bundle), so the few constants are re-declared here.
import type { FriendlyRecurrence, Recurrence } from '@todo/contracts';

export type RecurrenceMode = Recurrence['mode'];
export type Every = 'day' | 'week' | 'month' | 'year';
export const WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_NAMES: Record<Weekday, string> = {
  mo: 'Monday',
  tu: 'Tuesday',
  we: 'Wednesday',
  th: 'Thursday',
  fr: 'Friday',
  sa: 'Saturday',
  su: 'Sunday',
};
/** Same limits as contracts' MAX_RECURRENCE_INTERVAL / MAX_RECURRENCE_COUNT. */
export const MAX_INTERVAL = 1000;
export const MAX_COUNT = 100_000;

/** Day of month 1..31 (29..31 fall on the last day of shorter months) or -1 for the last day. */
export type MonthOn = { day: number } | { nth: number; weekday: Weekday };

interface Ends {
  /** 1 when absent. */
  interval?: number;
  count?: number;
  /** An ISO instant; no occurrence after it. */
  until?: string;
}

/** The friendly form without its mode (the mode is kept beside it, as Recurrence keeps it beside the rule). */
export type RecurrenceForm =
  | ({ every: 'day' } & Ends)
  | ({ every: 'week'; on?: Weekday[] } & Ends)
  | ({ every: 'month'; on?: MonthOn } & Ends)
  | ({ every: 'year' } & Ends);

const KNOWN_PARTS = new Set(['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYSETPOS']);
const FREQ_TO_EVERY: Record<string, Every> = {
  DAILY: 'day',
  WEEKLY: 'week',
  MONTHLY: 'month',
  YEARLY: 'year',
};

/**
 * The form for a stored rule, or null when the rule says more than the form can (BYMONTH, WKST, several
 * numbered days, a date-only UNTIL…): the editor then shows it as a custom rule.
 */
export function formFromRule(rule: string): RecurrenceForm | null {
  const fields = new Map<string, string>();
  for (const part of rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase()
    .split(';')) {
    if (!part) continue;
    const match = /^([A-Z]+)=([^=]+)$/.exec(part);
    if (!match || fields.has(match[1]!)) return null;
    fields.set(match[1]!, match[2]!);
  }
  const every = FREQ_TO_EVERY[fields.get('FREQ') ?? ''];
  if (!every || [...fields.keys()].some((name) => !KNOWN_PARTS.has(name))) return null;
  const ends: Ends = {};
  const read = (name: string, max: number): number | null | undefined => {
    const text = fields.get(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    return /^\d+$/.test(text) && value >= 1 && value <= max ? value : null;
  };
  const interval = read('INTERVAL', MAX_INTERVAL);
  const count = read('COUNT', MAX_COUNT);
  if (interval === null || count === null) return null;
  if (interval !== undefined && interval !== 1) ends.interval = interval;
  if (count !== undefined) ends.count = count;
  const untilText = fields.get('UNTIL');
  if (untilText !== undefined) {
    const until = untilFromRule(untilText);
    if (!until || count !== undefined) return null;
    ends.until = until;
  }
  const byDay = fields.get('BYDAY');
  const byMonthDay = fields.get('BYMONTHDAY');
  const bySetPos = fields.get('BYSETPOS');

  if (every === 'day' || every === 'year') {
    return byDay || byMonthDay || bySetPos ? null : { every, ...ends };
  }
  if (every === 'week') {
    if (byMonthDay || bySetPos) return null;
    if (!byDay) return { every, ...ends };
    const days = byDay.split(',').map((code) => code.toLowerCase());
    if (!days.every(isWeekday) || new Set(days).size !== days.length) return null;
    return { every, on: WEEKDAYS.filter((d) => days.includes(d)), ...ends };
  }
  const on = monthOn(byDay, byMonthDay, bySetPos);
  return on === null ? null : on === undefined ? { every, ...ends } : { every, on, ...ends };
}

/** Monthly BY parts as the form: undefined for none (the due date's day), null when not expressible. */
function monthOn(byDay?: string, byMonthDay?: string, bySetPos?: string): MonthOn | null | undefined {
  if (byDay && byMonthDay) return null;
  if (byMonthDay) {
    if (byMonthDay === '-1' && !bySetPos) return { day: -1 };
    if (/^\d+$/.test(byMonthDay) && !bySetPos) {
      const day = Number(byMonthDay);
      return day >= 1 && day <= 28 ? { day } : null;
    }
    // "The 31st, or the last day of a shorter month" is stored as the last of 28..day the month has.
    if (bySetPos !== '-1') return null;
    for (let day = 29; day <= 31; day++) {
      const days = Array.from({ length: day - 27 }, (_, i) => 28 + i).join(',');
      if (byMonthDay === days) return { day };
    }
    return null;
  }
  if (!byDay) return bySetPos ? null : undefined;
  const match = /^([+-]?\d)?([A-Z]{2})$/.exec(byDay);
  const weekday = match?.[2]?.toLowerCase();
  if (!match || !weekday || !isWeekday(weekday)) return null;
  // "2FR" and "FR;BYSETPOS=2" say the same thing; only one of them may give the number.
  if ((match[1] === undefined) === (bySetPos === undefined)) return null;
  const nth = Number(match[1] ?? bySetPos);
  return nth === -1 || (nth >= 1 && nth <= 4) ? { nth, weekday } : null;
}

function untilFromRule(text: string): string | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  return at.getUTCDate() === d && at.getUTCHours() === h ? at.toISOString() : null;
}

function isWeekday(code: string): code is Weekday {
  return (WEEKDAYS as readonly string[]).includes(code);
}

/** The API's friendly JSON for a form: defaults left out so equal recurrences give equal JSON. */
export function toFriendlyInput(form: RecurrenceForm, mode: RecurrenceMode): FriendlyRecurrence {
  const out: Record<string, unknown> = { every: form.every };
  if ((form.every === 'week' || form.every === 'month') && form.on !== undefined) out.on = form.on;
  if (form.interval !== undefined && form.interval !== 1) out.interval = form.interval;
  if (form.count !== undefined) out.count = form.count;
  else if (form.until !== undefined) out.until = form.until;
  out.mode = mode;
  return out as FriendlyRecurrence;
}

const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', [-1]: 'last' };

/** "every day", "every 2 weeks on Monday and Thursday", "every month on the last Friday, 10 times"… */
export function describeRecurrence(form: RecurrenceForm, mode: RecurrenceMode, timeZone = 'UTC'): string {
  const interval = form.interval ?? 1;
  let words = interval === 1 ? `every ${form.every}` : `every ${interval} ${form.every}s`;
  if (form.every === 'week' && form.on?.length) {
    words += ` on ${listWords(form.on.map((d) => WEEKDAY_NAMES[d]))}`;
  }
  if (form.every === 'month' && form.on) words += ` on ${monthOnWords(form.on)}`;
  if (form.count !== undefined) words += form.count === 1 ? ', once' : `, ${form.count} times`;
  else if (form.until !== undefined) words += `, until ${untilWords(form.until, timeZone)}`;
  return mode === 'after_completion' ? `${words}, counted from each completion` : words;
}

function monthOnWords(on: MonthOn): string {
  if ('weekday' in on) return `the ${ORDINALS[on.nth]} ${WEEKDAY_NAMES[on.weekday]}`;
  if (on.day === -1) return 'the last day';
  return on.day > 28 ? `day ${on.day} (the last day in shorter months)` : `day ${on.day}`;
}

function listWords(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function untilWords(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    month: 'short',
    day: 'numeric',
    year: 'numeric',
  }).format(new Date(iso));
}
