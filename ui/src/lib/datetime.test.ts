import { describe, expect, it } from 'vitest';
import { formatDue, fromWallClock, toWallClock, zoneLabel } from './datetime';

const NY = 'America/New_York';
const SYD = 'Australia/Sydney';

describe('fromWallClock / toWallClock', () => {
  it.each([
    // [date, time, zone, instant]
    ['2026-12-01', '18:00', NY, '2026-12-01T23:00:00.000Z'],
    ['2026-07-01', '18:00', NY, '2026-07-01T22:00:00.000Z'],
    ['2026-12-01', '18:00', 'UTC', '2026-12-01T18:00:00.000Z'],
    ['2026-12-01', '09:00', SYD, '2026-11-30T22:00:00.000Z'], // AEDT, +11
    ['2026-06-01', '09:00', SYD, '2026-05-31T23:00:00.000Z'], // AEST, +10
    ['2026-12-01', '09:00', 'Asia/Kolkata', '2026-12-01T03:30:00.000Z'],
    ['2026-12-31', '23:59', 'Pacific/Kiritimati', '2026-12-31T09:59:00.000Z'],
  ])('%s %s in %s is %s and back', (date, time, zone, instant) => {
    expect(fromWallClock({ date, time }, zone)).toBe(instant);
    expect(toWallClock(instant, zone)).toEqual({ date, time });
  });

  it('handles the New York spring-forward day (2026-03-08): 2:30 does not exist and moves to 3:30', () => {
    expect(fromWallClock({ date: '2026-03-08', time: '01:30' }, NY)).toBe('2026-03-08T06:30:00.000Z');
    expect(fromWallClock({ date: '2026-03-08', time: '02:30' }, NY)).toBe('2026-03-08T07:30:00.000Z');
    expect(toWallClock('2026-03-08T07:30:00.000Z', NY)).toEqual({ date: '2026-03-08', time: '03:30' });
    expect(fromWallClock({ date: '2026-03-08', time: '03:30' }, NY)).toBe('2026-03-08T07:30:00.000Z');
    expect(fromWallClock({ date: '2026-03-08', time: '18:00' }, NY)).toBe('2026-03-08T22:00:00.000Z');
    expect(fromWallClock({ date: '2026-03-07', time: '18:00' }, NY)).toBe('2026-03-07T23:00:00.000Z');
  });

  it('handles the New York fall-back day (2026-11-01): 1:30 happens twice and the first is taken', () => {
    expect(fromWallClock({ date: '2026-11-01', time: '01:30' }, NY)).toBe('2026-11-01T05:30:00.000Z');
    expect(toWallClock('2026-11-01T05:30:00.000Z', NY)).toEqual({ date: '2026-11-01', time: '01:30' });
    expect(toWallClock('2026-11-01T06:30:00.000Z', NY)).toEqual({ date: '2026-11-01', time: '01:30' });
    expect(fromWallClock({ date: '2026-11-01', time: '00:30' }, NY)).toBe('2026-11-01T04:30:00.000Z');
    expect(fromWallClock({ date: '2026-11-01', time: '02:30' }, NY)).toBe('2026-11-01T07:30:00.000Z');
    expect(fromWallClock({ date: '2026-11-01', time: '18:00' }, NY)).toBe('2026-11-01T23:00:00.000Z');
  });

  it('handles Sydney: spring forward 2026-10-04 2:00→3:00, fall back 2026-04-05 3:00→2:00', () => {
    expect(fromWallClock({ date: '2026-10-04', time: '02:30' }, SYD)).toBe('2026-10-03T16:30:00.000Z');
    expect(toWallClock('2026-10-03T16:30:00.000Z', SYD)).toEqual({ date: '2026-10-04', time: '03:30' });
    expect(fromWallClock({ date: '2026-04-05', time: '02:30' }, SYD)).toBe('2026-04-04T15:30:00.000Z');
    expect(toWallClock('2026-04-04T16:30:00.000Z', SYD)).toEqual({ date: '2026-04-05', time: '02:30' });
  });

  it('reads instants with an offset and drops seconds', () => {
    expect(toWallClock('2026-12-01T18:00:59-05:00', NY)).toEqual({ date: '2026-12-01', time: '18:00' });
  });
});

describe('formatDue', () => {
  const now = new Date('2026-11-24T15:00:00Z'); // Tue Nov 24, 10:00 in New York
  it.each([
    ['2026-11-24T23:00:00Z', NY, 'Today 6:00 PM'],
    ['2026-11-25T14:00:00Z', NY, 'Tomorrow 9:00 AM'],
    ['2026-11-23T22:00:00Z', NY, 'Yesterday 5:00 PM'],
    ['2026-11-27T14:00:00Z', NY, 'Fri, Nov 27, 9:00 AM'],
    ['2026-11-25T04:59:00Z', NY, 'Today 11:59 PM'],
    ['2026-11-25T05:00:00Z', NY, 'Tomorrow 12:00 AM'],
    ['2026-11-24T17:30:00Z', NY, 'Today 12:30 PM'],
    ['2027-01-05T14:00:00Z', NY, 'Jan 5, 2027, 9:00 AM'],
    // In Sydney it is already Nov 25 at 02:00.
    ['2026-11-25T07:00:00Z', SYD, 'Today 6:00 PM'],
    ['2026-11-24T07:00:00Z', SYD, 'Yesterday 6:00 PM'],
  ])('%s in %s → %s', (iso, zone, words) => {
    expect(formatDue(iso, zone, now)).toBe(words);
  });
});

it('zoneLabel shows spaces for underscores', () => {
  expect(zoneLabel('America/New_York')).toBe('America/New York');
});
