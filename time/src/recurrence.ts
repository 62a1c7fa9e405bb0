import { AppError, type Recurrence, type RecurrenceInput } from '@todo/contracts';
import { friendlyToRrule } from './friendly-recurrence.js';
import rrule, { type Options } from 'rrule';
import { formatRule, isLeapYear, parseRule, WEEKDAYS, type RuleParts, type Until } from './rule.js';
import { floatingDate, fromFloating, toFloating } from './time.js';

const { RRule } = rrule;

const DAY = 86_400_000;
/** How far past the previous due date the next one is looked for (plus one interval), in years. */
export const SEARCH_YEARS = 10;
/** rrule stops iterating after this year, whether or not the rule produced a date. */
const RRULE_MAX_YEAR = 9999;

export type RecurrenceMode = Recurrence['mode'];

/**
 * Checks that `recurrence.rule` is an RRULE the app supports and returns it in canonical form (or
 * compiles the friendly form to one)
 * ("FREQ=WEEKLY;BYDAY=MO,TH", no "RRULE:" prefix, parts in a fixed order, defaults left out).
 * Supported: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL (1-1000), COUNT or UNTIL, BYMONTH,
 * BYMONTHDAY, BYDAY (numbered like 2TU or -1FR for MONTHLY and YEARLY), BYSETPOS, WKST. DTSTART is
 * not allowed (the due date starts the series) and nor is BYHOUR & co. (the due date gives the time).
 */
export function normalizeRecurrence(recurrence: RecurrenceInput): Recurrence {
  // The friendly form compiles to a rule that is canonical already.
  if (recurrence.every !== undefined) return { rule: friendlyToRrule(recurrence), mode: recurrence.mode };
  let rule: string;
  try {
    rule = formatRule(parseRule(recurrence.rule));
  } catch (error) {
    const message = `Must be an RRULE such as "FREQ=WEEKLY;BYDAY=MO,TH": ${(error as Error).message}`;
    throw new AppError('invalid_input', 'Invalid input: recurrence.rule', { 'recurrence.rule': message });
  }
  return { rule, mode: recurrence.mode };
}

export interface NextOccurrenceInput {
  /** The rule, as `normalizeRecurrence` accepts it. */
  rule: string;
  mode: RecurrenceMode;
  /** The task's IANA zone; the series keeps its wall-clock time there across DST changes. */
  timeZone: string;
  /** Due instant of the series' first occurrence: the rule's DTSTART. */
  seriesStart: Date;
  /** Due instant of the occurrence being completed. */
  previousDue: Date;
  /** When that occurrence was completed. */
  completedAt: Date;
  /** Occurrences created so far, the one being completed included (the first one is 1). */
  occurrencesSoFar: number;
}

/**
 * The due instant of the occurrence that follows a completed one, or null when the series is over.
 *
 * - 'schedule': the first date of the rule (started at `seriesStart`) strictly after `previousDue`.
 * - 'after_completion': the series restarts on the completion day (in the task's zone) at the
 *   original time of day; the result is its first date strictly after that restart point, after the
 *   completion and after `previousDue`. So DAILY;INTERVAL=3 due Monday 09:00 and done Wednesday 17:00
 *   gives Saturday 09:00; done on Wednesday at 08:00 it gives Saturday too, not Wednesday 09:00 (an
 *   early completion never spawns a copy due the same day), and done early, before `previousDue`,
 *   the next one never falls due before the one just done.
 *
 * Dates are computed on wall-clock time in `timeZone` and then placed on the timeline, so 09:00
 * stays 09:00 across DST; a time skipped by the clocks moves forward by the gap, a time shown twice
 * takes the earlier instant (see `fromFloating`). Without BYMONTHDAY or BYDAY, MONTHLY and YEARLY
 * take the day from the start date and, when a month is too short (31st in April, 29 February in
 * 2027), fall on its last day instead of skipping it; an explicit BYMONTHDAY=31 follows RFC 5545 and
 * skips short months. The series ends (null) when COUNT occurrences exist (the first counts as 1),
 * when the next date is past UNTIL (inclusive; a date-only UNTIL includes that whole day in the zone),
 * or when the rule produces nothing within SEARCH_YEARS plus one interval.
 */
export function nextOccurrence(input: NextOccurrenceInput): Date | null {
  const { timeZone } = input;
  let parts: RuleParts;
  try {
    parts = parseRule(input.rule);
  } catch (error) {
    throw new RangeError(`Invalid recurrence rule "${input.rule}": ${(error as Error).message}`);
  }
  if (parts.count !== undefined && input.occurrencesSoFar >= parts.count) return null;

  const start = toFloating(input.seriesStart, timeZone);
  let anchor = start;
  let after = input.previousDue;
  if (input.mode === 'after_completion') {
    const completionDay = toFloating(input.completedAt, timeZone);
    anchor = floatingDate({
      year: completionDay.getUTCFullYear(),
      month: completionDay.getUTCMonth() + 1,
      day: completionDay.getUTCDate(),
      hour: start.getUTCHours(),
      minute: start.getUTCMinutes(),
      second: start.getUTCSeconds(),
      millisecond: start.getUTCMilliseconds(),
    });
    if (input.completedAt > after) after = input.completedAt;
  }
  const next = firstOccurrenceAfter(parts, anchor, after, timeZone, input.mode === 'after_completion');
  if (!next || (parts.until && isPastUntil(next, parts.until))) return null;
  return next.instant;
}

interface Occurrence {
  /** Wall-clock time in the task's zone, as a floating Date. */
  floating: Date;
  instant: Date;
}

/**
 * The first date of the series that rrule generates from `anchor` (floating) whose instant is after
 * `after`, skipping the anchor itself when `excludeAnchor`.
 *
 * rrule iterates period by period from DTSTART and only returns to the caller when a date matches,
 * so a rule that never matches (DAILY;INTERVAL=7;BYDAY=TU started on a Monday) would spin until
 * the year 9999 — seconds of CPU. Two things keep every call short: DTSTART is moved to the start of
 * the interval period just before the search point (same dates, no need to replay the past), and the
 * whole computation is shifted to a "twin" stretch of years just below 9999 with the same calendar
 * (same leap years, same weekdays), where rrule's own end of time is a few decades away.
 */
function firstOccurrenceAfter(
  parts: RuleParts,
  anchor: Date,
  after: Date,
  timeZone: string,
  excludeAnchor: boolean,
): Occurrence | null {
  // Slack: near a DST change wall-clock order and instant order differ (02:30 in the gap is 03:30).
  const from = new Date(toFloating(after, timeZone).getTime() - 2 * DAY);
  const horizon = addYears(from, SEARCH_YEARS + intervalYears(parts));
  const dtstart = reanchor(parts, anchor, from);
  const firstYear = dtstart.getUTCFullYear();
  const shift = twinYearShift(firstYear, horizon.getUTCFullYear() + 1 - firstYear);

  const options: Partial<Options> = { ...rruleOptions(parts, anchor), dtstart: addYears(dtstart, shift) };
  const found: Occurrence[] = [];
  new RRule(options, true).all((shifted) => {
    const floating = addYears(shifted, -shift);
    if (floating > horizon) return false;
    if (floating < from || (excludeAnchor && floating <= anchor)) return true;
    const instant = fromFloating(floating, timeZone);
    if (instant <= after) return true;
    found.push({ floating, instant });
    return false;
  });
  return found[0] ?? null;
}

/**
 * The rule as rrule options, with every value rrule would default from DTSTART spelled out from
 * `anchor`, so that DTSTART can move (see `reanchor`) without changing the dates.
 */
function rruleOptions(parts: RuleParts, anchor: Date): Partial<Options> {
  const options: Partial<Options> = {
    freq: RRule[parts.freq],
    interval: parts.interval,
    wkst: WEEKDAYS.indexOf(parts.wkst ?? 'MO'),
    byhour: [anchor.getUTCHours()],
    byminute: [anchor.getUTCMinutes()],
    bysecond: [anchor.getUTCSeconds()],
  };
  if (parts.byMonth) options.bymonth = parts.byMonth;
  if (parts.byMonthDay) options.bymonthday = parts.byMonthDay;
  if (parts.byDay)
    options.byweekday = parts.byDay.map((d) => (d.nth ? RRule[d.weekday].nth(d.nth) : RRule[d.weekday]));
  if (parts.bySetPos) options.bysetpos = parts.bySetPos;
  if (parts.byMonthDay || parts.byDay) return options;

  const day = anchor.getUTCDate();
  // "The 31st, or the month's last day if shorter": the last of 28..31 present in the month.
  const dayOrLast = day <= 28 ? { bymonthday: [day] } : { bymonthday: range(28, day), bysetpos: [-1] };
  switch (parts.freq) {
    case 'WEEKLY':
      return { ...options, byweekday: [weekdayIndex(anchor)] };
    case 'MONTHLY':
      return { ...options, ...dayOrLast };
    case 'YEARLY': {
      const bymonth = parts.byMonth ?? [anchor.getUTCMonth() + 1];
      // BYSETPOS picks within the whole year, so the clamp only works for a single month.
      return { ...options, bymonth, ...(bymonth.length === 1 ? dayOrLast : { bymonthday: [day] }) };
    }
    default:
      return options;
  }
}

/**
 * A DTSTART at the start of the latest interval period that begins at or before `from` (or the
 * anchor itself when that is the first period). Periods are counted from the anchor, so the dates
 * that follow are the same as the original series'.
 */
function reanchor(parts: RuleParts, anchor: Date, from: Date): Date {
  if (from <= anchor) return anchor;
  const k = parts.interval;
  const year = anchor.getUTCFullYear();
  const month = anchor.getUTCMonth() + 1;
  let periods: number;
  let start: (n: number) => Date;
  switch (parts.freq) {
    case 'DAILY': {
      const base = dayStart(anchor);
      periods = Math.floor((dayStart(from) - base) / DAY);
      start = (n) => new Date(base + n * DAY);
      break;
    }
    case 'WEEKLY': {
      const wkst = WEEKDAYS.indexOf(parts.wkst ?? 'MO');
      const base = dayStart(anchor) - ((weekdayIndex(anchor) - wkst + 7) % 7) * DAY;
      periods = Math.floor((dayStart(from) - base) / (7 * DAY));
      start = (n) => new Date(base + n * 7 * DAY);
      break;
    }
    case 'MONTHLY':
      periods = (from.getUTCFullYear() - year) * 12 + from.getUTCMonth() + 1 - month;
      start = (n) => floatingDate({ year, month: month + n, day: 1 });
      break;
    case 'YEARLY':
      periods = from.getUTCFullYear() - year;
      start = (n) => floatingDate({ year: year + n, month: 1, day: 1 });
      break;
  }
  const n = Math.floor(periods / k) * k;
  if (n <= 0) return anchor;
  const dtstart = start(n);
  dtstart.setUTCMilliseconds(anchor.getUTCMilliseconds());
  return dtstart;
}

/**
 * Years to add to `firstYear` to land on a stretch of `span` + 1 years that ends at or before
 * rrule's last year and has the same leap years and weekdays. Usually found within 28 years of the
 * end; the 400-year Gregorian cycle guarantees one. 0 when the span is too long to fit.
 */
function twinYearShift(firstYear: number, span: number): number {
  const latest = RRULE_MAX_YEAR - span;
  for (let year = latest; year > latest - 400 && year > 0; year--) {
    if (sameCalendar(firstYear, year, span)) return year - firstYear;
  }
  return 0;
}

function sameCalendar(a: number, b: number, span: number): boolean {
  if (jan1Weekday(a) !== jan1Weekday(b)) return false;
  for (let i = 0; i <= span; i++) if (isLeapYear(a + i) !== isLeapYear(b + i)) return false;
  return true;
}

function jan1Weekday(year: number): number {
  return floatingDate({ year, month: 1, day: 1 }).getUTCDay();
}

function isPastUntil(next: Occurrence, until: Until): boolean {
  switch (until.kind) {
    case 'instant':
      return next.instant > until.at;
    case 'floating':
      return next.floating > until.at;
    case 'date':
      return next.floating >= floatingDate({ year: until.year, month: until.month, day: until.day + 1 });
  }
}

/** How many whole years one interval spans, rounded up. */
function intervalYears(parts: RuleParts): number {
  const perYear = { DAILY: 365, WEEKLY: 52, MONTHLY: 12, YEARLY: 1 }[parts.freq];
  return Math.ceil(parts.interval / perYear);
}

function addYears(date: Date, years: number): Date {
  const shifted = new Date(date);
  shifted.setUTCFullYear(shifted.getUTCFullYear() + years);
  return shifted;
}

function dayStart(floating: Date): number {
  return Math.floor(floating.getTime() / DAY) * DAY;
}

/** Monday = 0, as rrule counts. */
function weekdayIndex(floating: Date): number {
  return (floating.getUTCDay() + 6) % 7;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
