import { describe, expect, it } from 'vitest';
import { describeDue, describeRecurrence } from './describe.js';

const NOW = new Date('2026-11-24T15:00:00Z'); // 10:00 in New York, a Tuesday
const NY = 'America/New_York';

describe('describeDue', () => {
  it("names the day relative to today on the user's clock, and the year only when it differs", () => {
    expect(describeDue(new Date('2026-11-24T23:00:00Z'), NY, NOW)).toBe('today at 6:00 PM');
    expect(describeDue(new Date('2026-11-25T14:00:00Z'), NY, NOW)).toBe('tomorrow at 9:00 AM');
    expect(describeDue(new Date('2026-11-23T14:00:00Z'), NY, NOW)).toBe('yesterday at 9:00 AM');
    expect(describeDue(new Date('2026-11-27T14:00:00Z'), NY, NOW)).toBe('Fri, Nov 27 at 9:00 AM');
    expect(describeDue(new Date('2027-04-15T13:00:00Z'), NY, NOW)).toBe('Apr 15, 2027 at 9:00 AM');
  });

  it('counts days in the zone, not in UTC', () => {
    // 04:30 UTC on the 25th is still the evening of the 24th in New York, and already the 25th in London.
    const at = new Date('2026-11-25T04:30:00Z');
    expect(describeDue(at, NY, NOW)).toBe('today at 11:30 PM');
    expect(describeDue(at, 'Europe/London', NOW)).toBe('tomorrow at 4:30 AM');
  });
});

describe('describeRecurrence', () => {
  it('says the rule in words, and when it counts from completion', () => {
    expect(describeRecurrence({ rule: 'FREQ=DAILY', mode: 'schedule' })).toBe('every day');
    expect(describeRecurrence({ rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO', mode: 'schedule' })).toBe(
      'every 2 weeks on Monday',
    );
    expect(describeRecurrence({ rule: 'FREQ=WEEKLY;BYDAY=TU,FR', mode: 'schedule' })).toBe(
      'every week on Tuesday and Friday',
    );
    expect(describeRecurrence({ rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', mode: 'schedule' })).toBe(
      'every weekday',
    );
    expect(describeRecurrence({ rule: 'FREQ=MONTHLY;BYMONTHDAY=1', mode: 'schedule' })).toBe(
      'every month on the 1st',
    );
    expect(describeRecurrence({ rule: 'FREQ=MONTHLY;INTERVAL=3', mode: 'after_completion' })).toBe(
      'every 3 months, counted from each completion',
    );
  });
});
