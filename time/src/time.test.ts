import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  fromFloating,
  onDayAtTimeOf,
  startOfDay,
  toFloating,
  wallTimeToInstant,
  zoneOffsetMinutes,
} from './time.js';

const NY = 'America/New_York';
const LONDON = 'Europe/London';
const SYDNEY = 'Australia/Sydney';
const ZONES = [NY, LONDON, SYDNEY];

const at = (iso: string) => new Date(iso);
const wall = (iso: string) => new Date(`${iso}Z`);

describe('wall-clock time in a zone', () => {
  it('reads an instant as the wall clock shows it, and places a wall time back on the timeline', () => {
    expect(toFloating(at('2026-07-01T13:00:00Z'), NY)).toEqual(wall('2026-07-01T09:00:00'));
    expect(toFloating(at('2026-12-01T14:00:00Z'), NY)).toEqual(wall('2026-12-01T09:00:00'));
    expect(fromFloating(wall('2026-07-01T09:00:00'), SYDNEY)).toEqual(at('2026-06-30T23:00:00Z'));
    expect(wallTimeToInstant({ year: 2026, month: 1, day: 15, hour: 9 }, SYDNEY)).toEqual(
      at('2026-01-14T22:00:00Z'),
    );
    expect(zoneOffsetMinutes(LONDON, at('2026-07-01T00:00:00Z'))).toBe(60);
  });

  it.each([
    // zone, wall time skipped by spring-forward, the instant it moves to (forward by the gap)
    [NY, '2026-03-08T02:30:00', '2026-03-08T03:30:00-04:00'],
    [LONDON, '2026-03-29T01:30:00', '2026-03-29T02:30:00+01:00'],
    [SYDNEY, '2026-10-04T02:30:00', '2026-10-04T03:30:00+11:00'],
  ])('%s: %s, skipped by DST, moves forward by the gap', (zone, skipped, expected) => {
    expect(fromFloating(wall(skipped), zone)).toEqual(at(expected));
  });

  it.each([
    // zone, wall time shown twice after fall-back, the earlier of the two instants
    [NY, '2026-11-01T01:30:00', '2026-11-01T01:30:00-04:00'],
    [LONDON, '2026-10-25T01:30:00', '2026-10-25T01:30:00+01:00'],
    [SYDNEY, '2026-04-05T02:30:00', '2026-04-05T02:30:00+11:00'],
  ])('%s: %s, shown twice, takes the earlier instant', (zone, repeated, expected) => {
    expect(fromFloating(wall(repeated), zone)).toEqual(at(expected));
  });

  it('round-trips every instant except the second pass of a repeated hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.date({ min: at('1990-01-01T00:00:00Z'), max: at('2110-12-31T00:00:00Z'), noInvalidDate: true }),
        (zone, instant) => {
          const back = fromFloating(toFloating(instant, zone), zone);
          // Either the same instant, or the earlier reading of the same wall time (one hour before).
          expect([0, 3_600_000]).toContain(instant.getTime() - back.getTime());
          expect(toFloating(back, zone)).toEqual(toFloating(instant, zone));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('rejects an unknown zone', () => {
    expect(() => toFloating(new Date(), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('startOfDay counts days on the zone calendar, 23 or 25 hours long across DST', () => {
    const now = at('2026-03-07T20:00:00Z'); // Saturday 15:00 in New York
    expect(startOfDay(now, NY)).toEqual(at('2026-03-07T05:00:00Z'));
    expect(startOfDay(now, NY, 1)).toEqual(at('2026-03-08T05:00:00Z'));
    expect(startOfDay(now, NY, 2)).toEqual(at('2026-03-09T04:00:00Z'));
  });
});

describe('onDayAtTimeOf', () => {
  it('keeps a time of day across a DST change, and takes 23:59 when there is none', () => {
    // 09:00 EST on a November Tuesday, moved to a day in April (EDT): still 09:00 on the clock.
    const nineEst = new Date('2026-11-24T14:00:00Z');
    expect(onDayAtTimeOf(new Date('2027-04-15T16:00:00Z'), nineEst, 'America/New_York').toISOString()).toBe(
      '2027-04-15T13:00:00.000Z',
    );
    expect(onDayAtTimeOf(new Date('2026-11-27T17:00:00Z'), null, 'America/New_York').toISOString()).toBe(
      '2026-11-28T04:59:00.000Z',
    );
  });
});
