import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { normalizeRecurrence, nextOccurrence, type NextOccurrenceInput } from './recurrence.js';
import type { FriendlyRecurrence } from '@todo/contracts';
import { FRIENDLY_WEEKDAYS } from '@todo/contracts';
import type { z } from 'zod';
import { friendlyToRrule } from './friendly-recurrence.js';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';
const ZONES = [NY, LONDON, SYDNEY] as const;
const DAY = 86_400_000;

const at = (iso: string) => new Date(iso);

/** The dates a schedule produces from `start`, each completed when due. */
function schedule(rule: string, timeZone: string, start: string, n: number): Array<string | null> {
  const seriesStart = at(start);
  const out: Array<string | null> = [];
  let previousDue = seriesStart;
  for (let i = 1; i <= n; i++) {
    const next = nextOccurrence({
      rule,
      mode: 'schedule',
      timeZone,
      seriesStart,
      previousDue,
      completedAt: previousDue,
      occurrencesSoFar: i,
    });
    out.push(next && DateTime.fromJSDate(next, { zone: timeZone }).toISO({ suppressMilliseconds: true }));
    if (!next) break;
    previousDue = next;
  }
  return out;
}

describe('normalizeRecurrence', () => {
  const norm = (rule: string) => normalizeRecurrence({ rule, mode: 'schedule' }).rule;

  it('returns the canonical form: fixed order, sorted lists, defaults dropped, UNTIL as written', () => {
    expect(norm('rrule:freq=weekly;byday=th,mo')).toBe('FREQ=WEEKLY;BYDAY=MO,TH');
    expect(norm('INTERVAL=1;BYDAY=TH,MO,TH;WKST=MO;FREQ=WEEKLY')).toBe('FREQ=WEEKLY;BYDAY=MO,TH');
    expect(norm('FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU')).toBe('FREQ=WEEKLY;INTERVAL=2;BYDAY=SU;WKST=SU');
    expect(norm('FREQ=MONTHLY;BYDAY=-1FR')).toBe('FREQ=MONTHLY;BYDAY=-1FR');
    expect(norm('FREQ=MONTHLY;BYSETPOS=-1;BYMONTHDAY=31,30,29,28')).toBe(
      'FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1',
    );
    expect(norm('FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=3')).toBe('FREQ=YEARLY;BYMONTH=11;BYDAY=4TH;COUNT=3');
    expect(norm('FREQ=DAILY;UNTIL=20261231')).toBe('FREQ=DAILY;UNTIL=20261231');
    expect(norm('FREQ=DAILY;UNTIL=20261231T235959Z')).toBe('FREQ=DAILY;UNTIL=20261231T235959Z');
    expect(normalizeRecurrence({ rule: 'FREQ=DAILY', mode: 'after_completion' }).mode).toBe(
      'after_completion',
    );
  });

  it.each([
    ['BYDAY=MO', /FREQ is required/],
    ['FREQ=SOMETIMES', /FREQ must be/],
    ['FREQ=HOURLY', /FREQ must be/],
    ['FREQ=DAILY;INTERVAL=0', /INTERVAL must be between 1 and 1000/],
    ['FREQ=DAILY;INTERVAL=1001', /INTERVAL/],
    ['FREQ=DAILY;COUNT=-1', /COUNT must be a whole number/],
    ['DTSTART=20260101T000000Z;FREQ=DAILY', /DTSTART is not allowed/],
    ['FREQ=DAILY;BYHOUR=9', /time of day comes from the due date/],
    ['FREQ=DAILY;COUNT=3;UNTIL=20261231', /COUNT and UNTIL/],
    ['FREQ=DAILY;FREQ=WEEKLY', /twice/],
    ['FREQ=DAILY;FOO=1', /Unknown part FOO/],
    ['FREQ=WEEKLY;BYDAY=2MO', /numbered weekday needs FREQ=MONTHLY or YEARLY/],
    ['FREQ=MONTHLY;BYDAY=6FR', /1..5/],
    ['FREQ=MONTHLY;BYMONTHDAY=32', /BYMONTHDAY values/],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', /never falls/],
    ['FREQ=MONTHLY;BYSETPOS=-1', /BYSETPOS needs BYDAY or BYMONTHDAY/],
    ['FREQ=DAILY;UNTIL=20260230', /UNTIL must be/],
  ])('rejects %s, saying why', (rule, why) => {
    let error: unknown;
    try {
      normalizeRecurrence({ rule, mode: 'schedule' });
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({
      code: 'invalid_input',
      fields: { 'recurrence.rule': expect.stringMatching(why) },
    });
  });
});

describe('nextOccurrence: examples', () => {
  it('keeps 09:00 on the wall clock across DST in New York, London and Sydney', () => {
    expect(schedule('FREQ=DAILY', NY, '2026-03-07T09:00:00-05:00', 2)).toEqual([
      '2026-03-08T09:00:00-04:00',
      '2026-03-09T09:00:00-04:00',
    ]);
    expect(schedule('FREQ=WEEKLY', LONDON, '2026-10-19T09:00:00+01:00', 2)).toEqual([
      '2026-10-26T09:00:00+00:00',
      '2026-11-02T09:00:00+00:00',
    ]);
    expect(schedule('FREQ=DAILY', SYDNEY, '2026-04-04T09:00:00+11:00', 1)).toEqual([
      '2026-04-05T09:00:00+10:00',
    ]);
    expect(schedule('FREQ=DAILY', SYDNEY, '2026-10-03T09:00:00+10:00', 1)).toEqual([
      '2026-10-04T09:00:00+11:00',
    ]);
  });

  it('moves a time skipped by DST forward by the gap, and takes the first of a repeated time', () => {
    expect(schedule('FREQ=DAILY', NY, '2026-03-07T02:30:00-05:00', 2)).toEqual([
      '2026-03-08T03:30:00-04:00',
      '2026-03-09T02:30:00-04:00',
    ]);
    expect(schedule('FREQ=DAILY', NY, '2026-10-31T01:30:00-04:00', 2)).toEqual([
      '2026-11-01T01:30:00-04:00',
      '2026-11-02T01:30:00-05:00',
    ]);
    expect(schedule('FREQ=DAILY', SYDNEY, '2026-10-03T02:30:00+10:00', 1)).toEqual([
      '2026-10-04T03:30:00+11:00',
    ]);
    expect(schedule('FREQ=DAILY', LONDON, '2026-10-24T01:30:00+01:00', 1)).toEqual([
      '2026-10-25T01:30:00+01:00',
    ]);
    // Due date moved to 03:10 on the spring-forward day: that day's 02:30, placed at 03:30, still comes.
    const previousDue = at('2026-03-08T03:10:00-04:00');
    const moved = nextOccurrence({
      rule: 'FREQ=DAILY',
      mode: 'schedule',
      timeZone: NY,
      seriesStart: at('2026-03-07T02:30:00-05:00'),
      previousDue,
      completedAt: previousDue,
      occurrencesSoFar: 2,
    });
    expect(moved).toEqual(at('2026-03-08T03:30:00-04:00'));
  });

  it('every month from the 31st falls on the last day of shorter months and returns to the 31st', () => {
    expect(schedule('FREQ=MONTHLY', NY, '2026-01-31T09:00:00-05:00', 4)).toEqual([
      '2026-02-28T09:00:00-05:00',
      '2026-03-31T09:00:00-04:00',
      '2026-04-30T09:00:00-04:00',
      '2026-05-31T09:00:00-04:00',
    ]);
    expect(schedule('FREQ=MONTHLY', NY, '2028-01-30T09:00:00-05:00', 2)).toEqual([
      '2028-02-29T09:00:00-05:00',
      '2028-03-30T09:00:00-04:00',
    ]);
  });

  it('an explicit BYMONTHDAY=31 follows RFC 5545 and skips months without a 31st', () => {
    expect(schedule('FREQ=MONTHLY;BYMONTHDAY=31', NY, '2026-01-31T09:00:00-05:00', 2)).toEqual([
      '2026-03-31T09:00:00-04:00',
      '2026-05-31T09:00:00-04:00',
    ]);
    expect(schedule('FREQ=MONTHLY;BYMONTHDAY=-1', NY, '2026-01-31T09:00:00-05:00', 2)).toEqual([
      '2026-02-28T09:00:00-05:00',
      '2026-03-31T09:00:00-04:00',
    ]);
  });

  it('every year from 29 February falls on the 28th in common years', () => {
    expect(schedule('FREQ=YEARLY', LONDON, '2028-02-29T09:00:00Z', 4)).toEqual([
      '2029-02-28T09:00:00+00:00',
      '2030-02-28T09:00:00+00:00',
      '2031-02-28T09:00:00+00:00',
      '2032-02-29T09:00:00+00:00',
    ]);
    // Only on 29 February: 2096, then 2104 (2100 is not a leap year).
    expect(schedule('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29', LONDON, '2096-02-29T09:00:00Z', 1)).toEqual([
      '2104-02-29T09:00:00+00:00',
    ]);
  });

  it('monthly on the last Friday, and on the second Tuesday every two months', () => {
    expect(schedule('FREQ=MONTHLY;BYDAY=-1FR', SYDNEY, '2026-01-30T18:00:00+11:00', 3)).toEqual([
      '2026-02-27T18:00:00+11:00',
      '2026-03-27T18:00:00+11:00',
      '2026-04-24T18:00:00+10:00',
    ]);
    expect(schedule('FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU', NY, '2026-01-13T08:00:00-05:00', 2)).toEqual([
      '2026-03-10T08:00:00-04:00',
      '2026-05-12T08:00:00-04:00',
    ]);
  });

  it('weekly on given weekdays with an interval', () => {
    expect(schedule('FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', NY, '2026-11-02T09:00:00-05:00', 4)).toEqual([
      '2026-11-05T09:00:00-05:00',
      '2026-11-16T09:00:00-05:00',
      '2026-11-19T09:00:00-05:00',
      '2026-11-30T09:00:00-05:00',
    ]);
  });

  it('COUNT=3 makes three occurrences, the first included', () => {
    expect(schedule('FREQ=DAILY;COUNT=3', NY, '2026-11-02T09:00:00-05:00', 5)).toEqual([
      '2026-11-03T09:00:00-05:00',
      '2026-11-04T09:00:00-05:00',
      null,
    ]);
  });

  it('UNTIL ends the series; an occurrence exactly at UNTIL still happens; a date UNTIL is the whole day', () => {
    expect(schedule('FREQ=DAILY;UNTIL=20261104T140000Z', NY, '2026-11-02T09:00:00-05:00', 5)).toEqual([
      '2026-11-03T09:00:00-05:00',
      '2026-11-04T09:00:00-05:00',
      null,
    ]);
    expect(schedule('FREQ=DAILY;UNTIL=20261103', SYDNEY, '2026-11-02T23:00:00+11:00', 5)).toEqual([
      '2026-11-03T23:00:00+11:00',
      null,
    ]);
  });

  it('after completion: the series restarts on the completion day at the original time', () => {
    const base: NextOccurrenceInput = {
      rule: 'FREQ=DAILY;INTERVAL=3',
      mode: 'after_completion',
      timeZone: NY,
      seriesStart: at('2026-11-23T09:00:00-05:00'), // Monday
      previousDue: at('2026-11-23T09:00:00-05:00'),
      completedAt: at('2026-11-25T17:00:00-05:00'), // Wednesday
      occurrencesSoFar: 1,
    };
    expect(nextOccurrence(base)).toEqual(at('2026-11-28T09:00:00-05:00')); // Saturday
    // Done early in the morning of Wednesday: still Saturday, not Wednesday 09:00.
    expect(nextOccurrence({ ...base, completedAt: at('2026-11-25T07:00:00-05:00') })).toEqual(
      at('2026-11-28T09:00:00-05:00'),
    );
    // Done before it was due: the next one is never due before the one just done.
    expect(
      nextOccurrence({ ...base, rule: 'FREQ=DAILY', completedAt: at('2026-11-20T12:00:00-05:00') }),
    ).toEqual(at('2026-11-24T09:00:00-05:00'));
    // Every month after completion: a month after the completion day, whatever the first due date.
    expect(
      nextOccurrence({ ...base, rule: 'FREQ=MONTHLY', completedAt: at('2026-12-10T17:00:00-05:00') }),
    ).toEqual(at('2027-01-10T09:00:00-05:00'));
    // Weekly on Monday and Thursday, done on Wednesday: Thursday.
    expect(nextOccurrence({ ...base, rule: 'FREQ=WEEKLY;BYDAY=MO,TH' })).toEqual(
      at('2026-11-26T09:00:00-05:00'),
    );
    // COUNT and UNTIL still apply.
    expect(
      nextOccurrence({ ...base, rule: 'FREQ=DAILY;INTERVAL=3;COUNT=2', occurrencesSoFar: 2 }),
    ).toBeNull();
    expect(nextOccurrence({ ...base, rule: 'FREQ=DAILY;INTERVAL=3;UNTIL=20261127' })).toBeNull();
  });

  it('gives up on a rule that never matches, quickly', () => {
    const started = performance.now();
    // Every 7 days from a Monday, but only on Tuesdays: never.
    expect(schedule('FREQ=DAILY;INTERVAL=7;BYDAY=TU', NY, '2026-11-02T09:00:00-05:00', 1)).toEqual([null]);
    // Every 12 months from February, only on the 31st: never.
    expect(schedule('FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31', NY, '2026-02-02T09:00:00-05:00', 1)).toEqual([
      null,
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('finds the next date from a series that started long ago without replaying it', () => {
    const seriesStart = at('1990-01-01T09:00:00-05:00');
    const next = nextOccurrence({
      rule: 'FREQ=DAILY;INTERVAL=5',
      mode: 'schedule',
      timeZone: NY,
      seriesStart,
      previousDue: at('2026-11-24T12:00:00-05:00'),
      completedAt: at('2026-11-24T12:00:00-05:00'),
      occurrencesSoFar: 2,
    });
    const days = DateTime.fromJSDate(next!, { zone: NY }).diff(
      DateTime.fromJSDate(seriesStart, { zone: NY }),
      'days',
    ).days;
    expect(days % 5).toBe(0);
    expect(next!.getTime() - at('2026-11-24T12:00:00-05:00').getTime()).toBeLessThanOrEqual(5 * DAY);
  });
});

// ---------------------------------------------------------------------------------------------
// Property tests against an independent model of the friendly rules: a day-by-day calendar scan
// with luxon placing wall times, instead of rrule.

type Spec = z.input<typeof FriendlyRecurrence>;
interface Civil {
  y: number;
  m: number;
  d: number;
}

const dim = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayNumber = (c: Civil) => Math.floor(Date.UTC(c.y, c.m - 1, c.d) / DAY);
const civilOf = (n: number): Civil => {
  const date = new Date(n * DAY);
  return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
};
const weekday = (c: Civil) => (new Date(dayNumber(c) * DAY).getUTCDay() + 6) % 7; // Monday = 0

/** Is `c` a day of the series started on `start` (the model of the friendly semantics)? */
function isSeriesDay(spec: Spec, start: Civil, c: Civil): boolean {
  const k = spec.interval ?? 1;
  if (dayNumber(c) < dayNumber(start)) return false;
  const months = (c.y - start.y) * 12 + c.m - start.m;
  switch (spec.every) {
    case 'day':
      return (dayNumber(c) - dayNumber(start)) % k === 0;
    case 'week': {
      const days = spec.on ? spec.on.map((w) => FRIENDLY_WEEKDAYS.indexOf(w)) : [weekday(start)];
      const weeks = (dayNumber(c) - weekday(c) - (dayNumber(start) - weekday(start))) / 7;
      return days.includes(weekday(c)) && weeks % k === 0;
    }
    case 'month': {
      if (months % k !== 0) return false;
      const on = spec.on;
      if (!on) return c.d === Math.min(start.d, dim(c.y, c.m));
      if ('day' in on) return c.d === (on.day === -1 ? dim(c.y, c.m) : Math.min(on.day, dim(c.y, c.m)));
      if (weekday(c) !== FRIENDLY_WEEKDAYS.indexOf(on.weekday)) return false;
      return on.nth === -1 ? c.d + 7 > dim(c.y, c.m) : Math.ceil(c.d / 7) === on.nth;
    }
    case 'year':
      return (c.y - start.y) % k === 0 && c.m === start.m && c.d === Math.min(start.d, dim(c.y, c.m));
  }
}

/** The instant clocks in `zone` show `c` at `time`: forward across a gap, earlier of a repeat. */
function place(c: Civil, time: { hour: number; minute: number }, zone: string): DateTime {
  const dt = DateTime.fromObject({ year: c.y, month: c.m, day: c.d, ...time }, { zone });
  const hourEarlier = dt.minus({ hours: 1 });
  return hourEarlier.hour === dt.hour && hourEarlier.minute === dt.minute ? hourEarlier : dt;
}

interface Anchor {
  day: Civil;
  time: { hour: number; minute: number };
}
const anchorOf = (day: DateTime, start: DateTime): Anchor => ({
  day: { y: day.year, m: day.month, d: day.day },
  time: { hour: start.hour, minute: start.minute },
});

/** The model's next date after `after` of the series anchored on `anchor`. */
function modelNext(
  spec: Spec,
  zone: string,
  anchor: Anchor,
  after: DateTime,
  skipAnchorDay: boolean,
): DateTime {
  const { day: anchorDay, time } = anchor;
  const local = after.setZone(zone);
  const first = Math.max(
    dayNumber({ y: local.year, m: local.month, d: local.day }) - 1,
    dayNumber(anchorDay) + (skipAnchorDay ? 1 : 0),
  );
  for (let n = first; n < first + 6 * 366; n++) {
    const c = civilOf(n);
    if (!isSeriesDay(spec, anchorDay, c)) continue;
    const candidate = place(c, time, zone);
    if (candidate > after) return candidate;
  }
  throw new Error('model found nothing');
}

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  fc.record({ every: fc.constant('day' as const), interval: fc.integer({ min: 1, max: 4 }) }),
  fc.record(
    {
      every: fc.constant('week' as const),
      interval: fc.integer({ min: 1, max: 3 }),
      on: fc.uniqueArray(fc.constantFrom(...FRIENDLY_WEEKDAYS), { minLength: 1, maxLength: 3 }),
    },
    { requiredKeys: ['every', 'interval'] },
  ),
  fc.record(
    {
      every: fc.constant('month' as const),
      interval: fc.integer({ min: 1, max: 4 }),
      on: fc.oneof(
        fc.record({ day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(-1, 29, 30, 31)) }),
        fc.record({
          nth: fc.constantFrom(1, 2, 3, 4, -1),
          weekday: fc.constantFrom(...FRIENDLY_WEEKDAYS),
        }),
      ),
    },
    { requiredKeys: ['every', 'interval'] },
  ),
  fc.record({ every: fc.constant('year' as const), interval: fc.integer({ min: 1, max: 3 }) }),
);

/** Days on which each zone changes its clocks, for 2025-2027 and 2099-2101. */
const DST_DAYS: Record<string, Civil[]> = Object.fromEntries(
  ZONES.map((zone) => {
    const days: Civil[] = [];
    for (const year of [2025, 2026, 2027, 2099, 2100, 2101]) {
      let n = dayNumber({ y: year, m: 1, d: 1 });
      let offset = DateTime.fromObject({ year, month: 1, day: 1 }, { zone }).offset;
      for (; civilOf(n).y === year; n++) {
        const c = civilOf(n + 1);
        const next = DateTime.fromObject({ year: c.y, month: c.m, day: c.d }, { zone }).offset;
        if (next !== offset) days.push(civilOf(n));
        offset = next;
      }
    }
    return [zone, days];
  }),
);

/** A series start in one of the three zones: anywhere in 1995-2105, or in the week before a DST change. */
const startArb = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    pick: fc.nat(),
    nearDst: fc.boolean(),
    daysBefore: fc.integer({ min: 0, max: 8 }),
    y: fc.integer({ min: 1995, max: 2105 }),
    m: fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant(2)),
    d: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constantFrom(28, 29, 30, 31)),
    hour: fc.oneof(fc.integer({ min: 0, max: 23 }), fc.constantFrom(1, 2, 3)),
    minute: fc.constantFrom(0, 30, 45),
  })
  .map(({ zone, pick, nearDst, daysBefore, y, m, d, hour, minute }) => {
    const dstDays = DST_DAYS[zone]!;
    const day = nearDst
      ? civilOf(dayNumber(dstDays[pick % dstDays.length]!) - daysBefore)
      : { y, m, d: Math.min(d, dim(y, m)) };
    return { zone, start: place(day, { hour, minute }, zone) };
  });

describe('nextOccurrence: properties', () => {
  it('on a schedule: strictly increasing dates, exactly those of the rule, at the same wall time across DST and month ends', () => {
    fc.assert(
      fc.property(specArb, startArb, fc.nat({ max: 5 * 366 }), (spec, { zone, start }, skipDays) => {
        const rule = friendlyToRrule(spec);
        const seriesStart = start.toJSDate();
        // Start from the series start, or from an arbitrary later instant (a moved due date).
        let previous = skipDays ? start.plus({ days: skipDays, minutes: skipDays % 97 }) : start;
        for (let i = 0; i < 5; i++) {
          const next = nextOccurrence({
            rule,
            mode: 'schedule',
            timeZone: zone,
            seriesStart,
            previousDue: previous.toJSDate(),
            completedAt: previous.toJSDate(),
            occurrencesSoFar: i + 1,
          });
          const expected = modelNext(spec, zone, anchorOf(start, start), previous, false);
          expect(
            next?.toISOString(),
            `${rule} in ${zone} from ${start.toISO()} after ${previous.toISO()}`,
          ).toBe(expected.toUTC().toISO());
          expect(next!.getTime()).toBeGreaterThan(previous.toMillis());
          const local = DateTime.fromJSDate(next!, { zone });
          // Same wall time, or an hour later when DST skipped it that day.
          expect([0, 60]).toContain((local.hour - start.hour) * 60 + local.minute - start.minute);
          previous = local;
        }
      }),
      { numRuns: 250 },
    );
  });

  it('after completion: the first date of the series restarted on the completion day, after it and after the last due date', () => {
    fc.assert(
      fc.property(
        specArb,
        startArb,
        fc.array(fc.integer({ min: -2 * 24 * 60, max: 40 * 24 * 60 }), { minLength: 4, maxLength: 4 }),
        (spec, { zone, start }, delays) => {
          const rule = friendlyToRrule(spec);
          let previous = start;
          for (const [i, delay] of delays.entries()) {
            const completed = previous.plus({ minutes: delay });
            const next = nextOccurrence({
              rule,
              mode: 'after_completion',
              timeZone: zone,
              seriesStart: start.toJSDate(),
              previousDue: previous.toJSDate(),
              completedAt: completed.toJSDate(),
              occurrencesSoFar: i + 1,
            });
            const anchor = anchorOf(completed.setZone(zone), start);
            const after = completed > previous ? completed : previous;
            expect(next?.toISOString(), `${rule} in ${zone}, done ${completed.toISO()}`).toBe(
              modelNext(spec, zone, anchor, after, true).toUTC().toISO(),
            );
            expect(next!.getTime()).toBeGreaterThan(previous.toMillis());
            previous = DateTime.fromJSDate(next!, { zone });
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('COUNT and UNTIL end the series at the right place, in both modes', () => {
    fc.assert(
      fc.property(
        specArb,
        startArb,
        fc.oneof(
          fc.record({ count: fc.integer({ min: 1, max: 6 }) }),
          fc.record({ untilDays: fc.integer({ min: 0, max: 60 }) }),
        ),
        fc.constantFrom('schedule' as const, 'after_completion' as const),
        (spec, { zone, start }, end, mode) => {
          const until =
            'untilDays' in end ? start.plus({ days: end.untilDays, minutes: 1 }).startOf('second') : null;
          const rule = friendlyToRrule({
            ...spec,
            ...('count' in end ? { count: end.count } : { until: until!.toUTC().toISO()! }),
          });
          const dues = [start.toJSDate()];
          for (;;) {
            const previous = dues.at(-1)!;
            const next = nextOccurrence({
              rule,
              mode,
              timeZone: zone,
              seriesStart: dues[0]!,
              previousDue: previous,
              completedAt: previous,
              occurrencesSoFar: dues.length,
            });
            if (!next) break;
            expect(next.getTime()).toBeGreaterThan(previous.getTime());
            dues.push(next);
            expect(dues.length).toBeLessThanOrEqual(250);
          }
          if ('count' in end) {
            expect(dues).toHaveLength(end.count);
          } else {
            for (const due of dues.slice(1)) expect(due.getTime()).toBeLessThanOrEqual(until!.toMillis());
            // The one the rule would give next lies beyond UNTIL.
            const last = DateTime.fromJSDate(dues.at(-1)!, { zone });
            const anchor = anchorOf(mode === 'schedule' ? start : last, start);
            expect(modelNext(spec, zone, anchor, last, mode === 'after_completion') > until!).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
