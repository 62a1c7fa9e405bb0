import type { SnoozeInput } from '@todo/contracts';
import * as chrono from 'chrono-node';
import { floatingDate, fromFloating, toFloating, zoneOffsetMinutes } from './time.js';

const MINUTE = 60_000;

export interface WhenContext {
  /** The user's IANA zone: "tomorrow", "9am" and "dec 1" are read on its clocks. */
  timeZone: string;
  now: Date;
}

export interface WhenMatch {
  at: Date;
  /** Where the date expression starts in the text, and the expression itself ("tomorrow 9am"). */
  index: number;
  text: string;
  /** False when the text named a day but no time ("tomorrow", "next monday"): `at` has a default time. */
  hasTime: boolean;
}

/**
 * The instant the first date expression in `text` means ("tomorrow 9am", "next monday", "in 2 hours",
 * "dec 1 at 8"), read in the user's zone; null when there is none. See `findWhen`.
 */
export function parseWhen(text: string, context: WhenContext): Date | null {
  return findWhen(text, context)?.at ?? null;
}

/**
 * Finds the first date expression in `text` and what it means in the user's zone. Dates are taken
 * forward ("monday" is the coming one, "9am" after 9am is tomorrow's).
 *
 * chrono-node takes a fixed UTC offset, not a zone, so it is given the zone's offset at `now` and its
 * answer is used only as a wall-clock reading, which is then placed in the zone with the offset of
 * that date: "march 20 9am" asked in November is 9am EDT, not 9am EST. Exceptions: an offset written
 * in the text ("9am UTC") is honoured, and "in 2 hours" is elapsed time, so it stays exactly two hours
 * after `now` even across a DST change ("in 2 days" is two calendar days, same time of day). A wall
 * time skipped by DST moves forward by the gap; one shown twice takes the earlier instant.
 *
 * Without a time, chrono's defaults apply: "tomorrow" and "in 2 days" keep the current time of day, a
 * named day ("monday", "dec 1") is at 12:00; `hasTime` tells the caller.
 *
 * chrono also computes on the host's local clock. That is exact on a UTC host, as servers here run,
 * and elapsed times are measured again where the host's clock is steady (`elapsed`). On a host whose
 * zone has DST (a developer's laptop), a time of day taken from `now` ("tomorrow", "in 2 days") is
 * an hour off when the user's wall-clock time now, or the result, is one the host's clock skips.
 */
export function findWhen(text: string, { timeZone, now }: WhenContext): WhenMatch | null {
  const reference = { instant: now, timezone: zoneOffsetMinutes(timeZone, now) };
  const [result] = chrono.casual.parse(text, reference, { forwardDate: true });
  if (!result) return null;
  const c = result.start;
  let at: Date;
  if (result.tags().has('result/relativeDateAndTime')) {
    at = new Date(now.getTime() + (elapsed(result.text) ?? instantOf(c) - now.getTime()));
  } else if (c.isCertain('timezoneOffset')) {
    at = new Date(instantOf(c));
  } else {
    at = fromFloating(wallOf(c), timeZone);
  }
  return { at, index: result.index, text: result.text, hasTime: c.isCertain('hour') };
}

/** The date and time chrono read, as a floating Date. */
function wallOf(c: chrono.ParsedComponents): Date {
  return floatingDate({
    year: c.get('year') ?? 0,
    month: c.get('month') ?? 1,
    day: c.get('day') ?? 1,
    hour: c.get('hour') ?? 0,
    minute: c.get('minute') ?? 0,
    second: c.get('second') ?? 0,
    millisecond: c.get('millisecond') ?? 0,
  });
}

/** The instant of components that carry their own UTC offset. */
function instantOf(c: chrono.ParsedComponents): number {
  return wallOf(c).getTime() - (c.get('timezoneOffset') ?? 0) * MINUTE;
}

/**
 * How long "in 2 hours" is. chrono adds it on the host's local clock, which is an hour off when the
 * host's own clocks change in between (a host in New York, "in 4 hours" at 22:41 the night before
 * spring-forward), so the text is measured again from a reference where the host's offset is steady.
 */
function elapsed(text: string): number | null {
  const reference = steadyHostInstant();
  const [again] = chrono.casual.parse(text, { instant: reference, timezone: 0 });
  return again?.start.isCertain('timezoneOffset') ? instantOf(again.start) - reference.getTime() : null;
}

/** A mid-month noon in 2001 around which the host zone keeps one offset for two months. */
function steadyHostInstant(): Date {
  const HALF_DAY = 720 * MINUTE;
  for (let month = 0; month < 12; month++) {
    const candidate = Date.UTC(2001, month, 15, 12);
    const offset = new Date(candidate).getTimezoneOffset();
    let steady = true;
    for (let t = candidate - 2 * HALF_DAY; steady && t <= candidate + 124 * HALF_DAY; t += HALF_DAY) {
      steady = new Date(t).getTimezoneOffset() === offset;
    }
    if (steady) return new Date(candidate);
  }
  return new Date(Date.UTC(2001, 0, 15, 12));
}

export type SnoozePreset = SnoozeInput['until'];

/**
 * When a snoozed reminder fires again. '5m' and '1h' are elapsed time; 'tomorrow-9am' is 09:00 on the
 * next calendar day in the user's zone (even just after midnight: snoozing at 00:30 means the
 * following morning, a day and 8½ hours later), moved forward if DST skips 09:00.
 */
export function snoozeUntil(preset: SnoozePreset, { timeZone, now }: WhenContext): Date {
  switch (preset) {
    case '5m':
      return new Date(now.getTime() + 5 * MINUTE);
    case '1h':
      return new Date(now.getTime() + 60 * MINUTE);
    case 'tomorrow-9am': {
      const today = toFloating(now, timeZone);
      return fromFloating(
        floatingDate({
          year: today.getUTCFullYear(),
          month: today.getUTCMonth() + 1,
          day: today.getUTCDate() + 1,
          hour: 9,
        }),
        timeZone,
      );
    }
  }
}
