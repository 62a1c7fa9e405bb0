import { describe, expect, it } from 'vitest';
import { durationMinutes } from './duration.js';
import { findReminderList, findReminders } from './reminder-phrases.js';

describe('durationMinutes', () => {
  it.each([
    ['1 hour', 60],
    ['an hour', 60],
    ['a day', 1440],
    ['2 weeks', 20160],
    ['90 min', 90],
    ['15m', 15],
    ['1.5 hours', 90],
    ['half an hour', 30],
    ['an hour and a half', 90],
    ['2 hours and 30 minutes', 150],
    ['a quarter of an hour', 15],
    ['thirty minutes', 30],
  ])('%s → %d', (said, minutes) => expect(durationMinutes(said)).toBe(minutes));

  it('is null for anything else', () => {
    expect(durationMinutes('9am')).toBeNull();
    expect(durationMinutes('and')).toBeNull();
    expect(durationMinutes('soon')).toBeNull();
  });
});

describe('findReminders', () => {
  it.each([
    ['remind me 1 hour before', [60]],
    ['and remind me a day before and 2 hours before', [1440, 120]],
    ['reminders 1 day, 2 hours and 10 minutes before', [1440, 120, 10]],
    ['with a reminder 15 min before', [15]],
    ['remind me at the due time', [0]],
    ['remind me 1 day and 2 hours before', [1440, 120]],
    ['remind me an hour and a half in advance', [90]],
  ])('%s', (said, minutes) => {
    const found = findReminders(` dentist ${said} `);
    expect(found?.minutes).toEqual(minutes);
    expect(found?.rest.trim()).toBe('dentist');
  });

  it('needs "before" (or the due time): "remind me in 2 hours" is not a reminder list', () => {
    expect(findReminders('remind me in 2 hours')).toBeNull();
    expect(findReminders('remind me to call mom')).toBeNull();
  });

  it('finds a bare list when the lead is elsewhere', () => {
    expect(findReminderList(' about the dentist 1 hour before ')).toMatchObject({ minutes: [60] });
  });
});
