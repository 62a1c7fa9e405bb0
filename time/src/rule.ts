import { MAX_RECURRENCE_COUNT, MAX_RECURRENCE_INTERVAL } from '@todo/contracts';

/**
 * The subset of RFC 5545 RRULE the app supports, as data. Parsing is done here rather than by rrule
 * so that a bad rule gets a message naming the part at fault, and so that UNTIL keeps the form it was
 * written in (rrule reads a date-only or floating UNTIL as UTC, which is off by the user's offset).
 */

export const FREQUENCIES = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** RFC 5545 weekday codes, in rrule's order (Monday = 0). */
export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Largest INTERVAL accepted: keeps the search for the next date bounded (see recurrence.ts). */
export const MAX_INTERVAL = MAX_RECURRENCE_INTERVAL;
/** Largest COUNT accepted; a daily series that long runs for 270 years. */
export const MAX_COUNT = MAX_RECURRENCE_COUNT;

export interface RuleDay {
  weekday: Weekday;
  /** The nth (1 = first, -1 = last) such weekday of the month or year; absent for every one. */
  nth?: number;
}

/**
 * UNTIL in the form written: an instant (`...Z`), a floating date-time read in the task's zone, or a
 * date, which includes that whole day in the task's zone.
 */
export type Until =
  | { kind: 'instant'; at: Date }
  | { kind: 'floating'; at: Date }
  | { kind: 'date'; year: number; month: number; day: number };

export interface RuleParts {
  freq: Frequency;
  interval: number;
  count?: number;
  until?: Until;
  byMonth?: number[];
  byMonthDay?: number[];
  byDay?: RuleDay[];
  bySetPos?: number[];
  /** Week start; only changes WEEKLY rules with an interval above 1. Monday when absent. */
  wkst?: Weekday;
}

const UNSUPPORTED: Record<string, string> = {
  DTSTART: 'DTSTART is not allowed; the due date starts the series',
  TZID: 'TZID is not allowed; the task time zone applies',
  BYHOUR: 'BYHOUR is not supported; the time of day comes from the due date',
  BYMINUTE: 'BYMINUTE is not supported; the time of day comes from the due date',
  BYSECOND: 'BYSECOND is not supported; the time of day comes from the due date',
  BYYEARDAY: 'BYYEARDAY is not supported; use BYMONTH with BYMONTHDAY',
  BYWEEKNO: 'BYWEEKNO is not supported; use WEEKLY with INTERVAL',
  BYEASTER: 'BYEASTER is not supported',
};

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Reads an RRULE (with or without the "RRULE:" prefix, any case); throws an Error saying what is wrong. */
export function parseRule(text: string): RuleParts {
  const fields = new Map<string, string>();
  for (const part of text
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase()
    .split(';')) {
    if (!part.trim()) continue;
    const match = /^\s*([A-Z]+)\s*=\s*(\S+)\s*$/.exec(part);
    if (!match) throw new Error(`"${part}" is not NAME=VALUE`);
    const [, name = '', value = ''] = match;
    const unsupported = UNSUPPORTED[name];
    if (unsupported) throw new Error(unsupported);
    if (!KNOWN.has(name)) throw new Error(`Unknown part ${name}`);
    if (fields.has(name)) throw new Error(`${name} is given twice`);
    fields.set(name, value);
  }

  const freqText = fields.get('FREQ');
  if (freqText === undefined) throw new Error('FREQ is required');
  if (!(FREQUENCIES as readonly string[]).includes(freqText)) {
    throw new Error(`FREQ must be ${FREQUENCIES.join(', ')}; got ${freqText}`);
  }
  const freq = freqText as Frequency;
  const parts: RuleParts = { freq, interval: 1 };

  const interval = fields.get('INTERVAL');
  if (interval !== undefined) parts.interval = wholeNumber('INTERVAL', interval, 1, MAX_INTERVAL);
  const count = fields.get('COUNT');
  if (count !== undefined) parts.count = wholeNumber('COUNT', count, 1, MAX_COUNT);
  const until = fields.get('UNTIL');
  if (until !== undefined) parts.until = parseUntil(until);
  if (parts.count !== undefined && parts.until !== undefined) {
    throw new Error('COUNT and UNTIL cannot both be given');
  }

  const byMonth = fields.get('BYMONTH');
  if (byMonth !== undefined) parts.byMonth = numberList('BYMONTH', byMonth, 1, 12, false);
  const byMonthDay = fields.get('BYMONTHDAY');
  if (byMonthDay !== undefined) parts.byMonthDay = numberList('BYMONTHDAY', byMonthDay, -31, 31, true);
  const byDay = fields.get('BYDAY');
  if (byDay !== undefined) parts.byDay = dayList(byDay, freq, parts.byMonth !== undefined);
  const bySetPos = fields.get('BYSETPOS');
  if (bySetPos !== undefined) {
    if (!parts.byDay && !parts.byMonthDay) throw new Error('BYSETPOS needs BYDAY or BYMONTHDAY');
    parts.bySetPos = numberList('BYSETPOS', bySetPos, -366, 366, true);
  }
  const wkst = fields.get('WKST');
  if (wkst !== undefined) {
    if (!(WEEKDAYS as readonly string[]).includes(wkst)) throw new Error(`WKST must be a weekday code`);
    if (wkst !== 'MO') parts.wkst = wkst as Weekday;
  }

  if (parts.byMonthDay) {
    const months = parts.byMonth ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const fits = months.some((m) => parts.byMonthDay!.some((d) => Math.abs(d) <= DAYS_IN_MONTH[m - 1]!));
    if (!fits) throw new Error(`BYMONTHDAY=${byMonthDay} never falls in BYMONTH=${byMonth}`);
  }
  return parts;
}

/** The canonical text of a rule: fixed part order, sorted lists without repeats, defaults left out. */
export function formatRule(parts: RuleParts): string {
  const out = [`FREQ=${parts.freq}`];
  if (parts.interval !== 1) out.push(`INTERVAL=${parts.interval}`);
  if (parts.byMonth) out.push(`BYMONTH=${sortedUnique(parts.byMonth).join(',')}`);
  if (parts.byMonthDay) out.push(`BYMONTHDAY=${sortedUnique(parts.byMonthDay).join(',')}`);
  if (parts.byDay) {
    const days = [...new Map(parts.byDay.map((d) => [`${d.nth ?? ''}${d.weekday}`, d])).values()];
    days.sort(
      (a, b) => WEEKDAYS.indexOf(a.weekday) - WEEKDAYS.indexOf(b.weekday) || (a.nth ?? 0) - (b.nth ?? 0),
    );
    out.push(`BYDAY=${days.map((d) => `${d.nth ?? ''}${d.weekday}`).join(',')}`);
  }
  if (parts.bySetPos) out.push(`BYSETPOS=${sortedUnique(parts.bySetPos).join(',')}`);
  if (parts.wkst && parts.wkst !== 'MO') out.push(`WKST=${parts.wkst}`);
  if (parts.count !== undefined) out.push(`COUNT=${parts.count}`);
  if (parts.until) out.push(`UNTIL=${formatUntil(parts.until)}`);
  return out.join(';');
}

/** Days in `month` (1-12) of `year`. */
export function daysInMonth(year: number, month: number): number {
  return month === 2 && !isLeapYear(year) ? 28 : DAYS_IN_MONTH[month - 1]!;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const KNOWN = new Set([
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'BYMONTH',
  'BYMONTHDAY',
  'BYDAY',
  'BYSETPOS',
  'WKST',
]);

function wholeNumber(name: string, text: string, min: number, max: number): number {
  if (!/^\d{1,10}$/.test(text)) throw new Error(`${name} must be a whole number`);
  const value = Number(text);
  if (value < min || value > max) throw new Error(`${name} must be between ${min} and ${max}`);
  return value;
}

function numberList(name: string, text: string, min: number, max: number, signed: boolean): number[] {
  return text.split(',').map((item) => {
    if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(item)) {
      throw new Error(`${name} must be a list of whole numbers`);
    }
    const value = Number(item);
    if (value === 0 || value < min || value > max) {
      throw new Error(`${name} values must be ${signed ? `${min}..-1 or ` : ''}1..${max}; got ${item}`);
    }
    return value;
  });
}

function dayList(text: string, freq: Frequency, withMonth: boolean): RuleDay[] {
  return text.split(',').map((item) => {
    const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
    if (!match) throw new Error(`BYDAY must list weekdays such as MO,TH or 2TU or -1FR; got ${item}`);
    const weekday = match[2] as Weekday;
    if (match[1] === undefined) return { weekday };
    const nth = Number(match[1]);
    if (freq !== 'MONTHLY' && freq !== 'YEARLY') {
      throw new Error(`BYDAY=${item}: a numbered weekday needs FREQ=MONTHLY or YEARLY`);
    }
    const limit = freq === 'MONTHLY' || withMonth ? 5 : 53;
    if (nth === 0 || Math.abs(nth) > limit) {
      throw new Error(`BYDAY=${item}: the number must be 1..${limit} or -${limit}..-1`);
    }
    return { weekday, nth };
  });
}

function parseUntil(text: string): Until {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text);
  const [, y, mo, d, h, mi, s, z] = match ?? [];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (!match || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new Error('UNTIL must be a date (20261231) or a date-time (20261231T235959Z)');
  }
  if (h === undefined) return { kind: 'date', year, month, day };
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) throw new Error('UNTIL has an invalid time');
  const at = new Date(0);
  at.setUTCFullYear(year, month - 1, day);
  at.setUTCHours(Number(h), Number(mi), Number(s), 0);
  return { kind: z ? 'instant' : 'floating', at };
}

function formatUntil(until: Until): string {
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  if (until.kind === 'date') return `${pad(until.year, 4)}${pad(until.month)}${pad(until.day)}`;
  const a = until.at;
  const text =
    `${pad(a.getUTCFullYear(), 4)}${pad(a.getUTCMonth() + 1)}${pad(a.getUTCDate())}` +
    `T${pad(a.getUTCHours())}${pad(a.getUTCMinutes())}${pad(a.getUTCSeconds())}`;
  return until.kind === 'instant' ? `${text}Z` : text;
}

function sortedUnique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
