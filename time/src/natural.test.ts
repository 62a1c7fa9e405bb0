import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { findWhen, parseWhen, snoozeUntil } from './natural.js';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';

const at = (iso: string) => new Date(iso);

// [zone, now, text, expected] — each case has `now` and the answer on different sides of a DST change
// (or reads a date whose offset differs from today's), where passing chrono the offset at `now` and
// trusting its answer would be an hour off.
const CASES: Array<[string, string, string, string | null]> = [
  [NY, '2026-03-07T12:00:00-05:00', 'tomorrow 9am', '2026-03-08T09:00:00-04:00'],
  [NY, '2026-03-07T12:00:00-05:00', 'call mom tomorrow at 2:30am', '2026-03-08T03:30:00-04:00'], // in the gap
  [NY, '2026-10-31T12:00:00-04:00', 'tomorrow 1:30am', '2026-11-01T01:30:00-04:00'], // shown twice: first
  [NY, '2026-03-08T01:30:00-05:00', 'in 2 hours', '2026-03-08T04:30:00-04:00'], // elapsed: 2 real hours
  [NY, '2026-03-07T22:41:00-05:00', 'in 4 hours', '2026-03-08T03:41:00-04:00'], // chrono alone: 04:41 on a NY host
  [NY, '2026-03-07T10:00:00-05:00', 'in 2 days', '2026-03-09T10:00:00-04:00'], // calendar days
  [NY, '2026-06-15T12:00:00-04:00', 'dec 1 at 8', '2026-12-01T08:00:00-05:00'],
  [NY, '2026-11-24T12:00:00-05:00', 'march 20 9am', '2027-03-20T09:00:00-04:00'],
  [NY, '2026-11-24T12:00:00-05:00', 'pay rent 9am UTC', '2026-11-25T09:00:00Z'], // written offset wins
  [SYDNEY, '2026-04-03T10:00:00+11:00', 'next monday 9am', '2026-04-06T09:00:00+10:00'],
  [SYDNEY, '2026-10-02T20:00:00+10:00', 'sunday 2:30am', '2026-10-04T03:30:00+11:00'], // in the gap
  [SYDNEY, '2026-10-04T01:30:00+10:00', 'in 2 hours', '2026-10-04T04:30:00+11:00'],
  [LONDON, '2026-03-28T18:00:00Z', 'tomorrow at 9', '2026-03-29T09:00:00+01:00'],
  [LONDON, '2026-03-28T18:00:00Z', 'buy milk', null],
];

/** Host zones chrono does its own arithmetic in; none of them may change the answers. */
const HOSTS = ['UTC', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'America/Los_Angeles'];

describe.each(HOSTS)('parseWhen on a host in %s', (host) => {
  const original = process.env.TZ;
  beforeAll(() => {
    process.env.TZ = host;
  });
  afterAll(() => {
    process.env.TZ = original;
  });

  it('really runs on that host clock', () => {
    const offset = DateTime.fromISO('2026-01-15T12:00:00Z', { zone: host }).offset;
    expect(new Date('2026-01-15T12:00:00Z').getTimezoneOffset() + offset).toBe(0);
  });

  it.each(CASES)('%s at %s: "%s" is %s', (timeZone, now, text, expected) => {
    expect(parseWhen(text, { timeZone, now: at(now) })).toEqual(expected === null ? null : at(expected));
  });
});

describe('findWhen', () => {
  it('says where the expression is and whether it named a time', () => {
    const context = { timeZone: NY, now: at('2026-11-24T12:00:00-05:00') };
    expect(findWhen('pay rent friday 5pm #home', context)).toEqual({
      at: at('2026-11-27T17:00:00-05:00'),
      index: 9,
      text: 'friday 5pm',
      hasTime: true,
    });
    expect(findWhen('dentist next monday', context)).toMatchObject({ text: 'next monday', hasTime: false });
  });

  it('reads a bare time as the next time the clock shows it', () => {
    const now = at('2026-11-24T10:42:00-05:00');
    expect(parseWhen('9am', { timeZone: NY, now })).toEqual(at('2026-11-25T09:00:00-05:00'));
    expect(parseWhen('11am', { timeZone: NY, now })).toEqual(at('2026-11-24T11:00:00-05:00'));
  });

  it('"tomorrow H:MM" is that wall time on the next calendar day in every zone, any day of the year', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(NY, LONDON, SYDNEY),
        fc.date({ min: at('2025-01-01T00:00:00Z'), max: at('2030-12-31T00:00:00Z'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 23 }),
        fc.constantFrom(0, 15, 30),
        (timeZone, now, hour, minute) => {
          const text = `tomorrow at ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
          const result = DateTime.fromJSDate(parseWhen(text, { timeZone, now })!, { zone: timeZone });
          const tomorrow = DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 1 });
          expect(result.toISODate()).toBe(tomorrow.toISODate());
          // The wall time asked for, or an hour later when DST skips it that night.
          expect([0, 60]).toContain((result.hour - hour) * 60 + result.minute - minute);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('snoozeUntil', () => {
  it('5 minutes and 1 hour are elapsed time, even across a DST change', () => {
    const now = at('2026-11-01T01:30:00-04:00'); // New York, an hour before clocks fall back
    expect(snoozeUntil('5m', { timeZone: NY, now })).toEqual(at('2026-11-01T01:35:00-04:00'));
    expect(snoozeUntil('1h', { timeZone: NY, now })).toEqual(at('2026-11-01T01:30:00-05:00'));
  });

  it.each([
    [NY, '2026-03-07T22:00:00-05:00', '2026-03-08T09:00:00-04:00'],
    [NY, '2026-03-08T00:30:00-05:00', '2026-03-09T09:00:00-04:00'],
    [LONDON, '2026-10-24T23:59:00+01:00', '2026-10-25T09:00:00Z'],
    [SYDNEY, '2026-04-04T21:00:00+11:00', '2026-04-05T09:00:00+10:00'],
    [SYDNEY, '2026-12-31T23:00:00+11:00', '2027-01-01T09:00:00+11:00'],
  ])('tomorrow 9am in %s from %s is %s', (timeZone, now, expected) => {
    expect(snoozeUntil('tomorrow-9am', { timeZone, now: at(now) })).toEqual(at(expected));
  });
});
