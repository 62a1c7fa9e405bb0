import { DateTime, IANAZone } from 'luxon';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** A calendar date and wall-clock time as read on a clock in some zone (month 1-12). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour?: number;
  minute?: number;
  second?: number;
  millisecond?: number;
}

/** The instant a calendar day starts in `timeZone`, `offsetDays` after the day that contains `now`. */
export function startOfDay(now: Date, timeZone: string, offsetDays = 0): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').plus({ days: offsetDays }).toJSDate();
}

/** Minutes east of UTC that `timeZone` shows at `at` (-300 for New York in winter). */
export function zoneOffsetMinutes(timeZone: string, at: Date): number {
  return zone(timeZone).offset(at.getTime());
}

/**
 * The wall-clock reading of `instant` in `timeZone`, stored in the UTC fields of a Date: "floating"
 * time, which is how rrule (and calendar arithmetic that must ignore DST) sees dates.
 */
export function toFloating(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + zoneOffsetMinutes(timeZone, instant) * MINUTE);
}

/**
 * The instant at which clocks in `timeZone` show the floating time `floating`. Two DST cases have
 * no single answer, and both pick the reading a person would live through first:
 * - a time skipped by a spring-forward gap (02:30 on the night clocks jump 02:00 → 03:00) moves
 *   forward by the gap (03:30, the new offset);
 * - a time shown twice after a fall-back (01:30 when 02:00 → 01:00) takes the earlier instant,
 *   i.e. the offset in force before the change.
 * (luxon alone resolves the second case differently per zone, so it is done here explicitly.)
 */
export function fromFloating(floating: Date, timeZone: string): Date {
  const z = zone(timeZone);
  const wall = floating.getTime();
  // Real zones change offset at most once within two days, so the offsets a day either side are
  // the only candidates.
  const before = z.offset(wall - DAY);
  const after = z.offset(wall + DAY);
  let best: number | null = null;
  for (const offset of before === after ? [before] : [before, after]) {
    const instant = wall - offset * MINUTE;
    if (z.offset(instant) === offset && (best === null || instant < best)) best = instant;
  }
  // In a gap no offset fits; keeping the one from before the jump lands the gap's length later.
  return new Date(best ?? wall - before * MINUTE);
}

/**
 * The calendar day of `day` in `timeZone`, at the wall-clock time `timeOf` shows there, or at `otherwise`
 * (23:59 by default) when there is none: "move it to Friday" keeps a task's time of day, and a date said
 * without one means by the end of that day.
 */
export function onDayAtTimeOf(
  day: Date,
  timeOf: Date | null,
  timeZone: string,
  otherwise: { hour: number; minute: number } = { hour: 23, minute: 59 },
): Date {
  const date = toFloating(day, timeZone);
  const time = timeOf ? toFloating(timeOf, timeZone) : null;
  return wallTimeToInstant(
    {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: time ? time.getUTCHours() : otherwise.hour,
      minute: time ? time.getUTCMinutes() : otherwise.minute,
    },
    timeZone,
  );
}

/** The instant of a wall-clock reading in `timeZone` (DST gaps and overlaps as in `fromFloating`). */
export function wallTimeToInstant(wall: WallTime, timeZone: string): Date {
  return fromFloating(floatingDate(wall), timeZone);
}

/** A floating Date from calendar fields; years 0-99 are taken literally, unlike `Date.UTC`. */
export function floatingDate(wall: WallTime): Date {
  const date = new Date(0);
  date.setUTCFullYear(wall.year, wall.month - 1, wall.day);
  date.setUTCHours(wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0, wall.millisecond ?? 0);
  return date;
}

function zone(timeZone: string): IANAZone {
  const z = IANAZone.create(timeZone);
  if (!z.isValid) throw new RangeError(`Unknown time zone: ${timeZone}`);
  return z;
}
