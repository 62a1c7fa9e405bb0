import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FRIENDLY_WEEKDAYS, FriendlyRecurrence } from '@todo/contracts';
import { friendlyToRrule } from './friendly-recurrence.js';
import { normalizeRecurrence } from './recurrence.js';

const compile = (input: unknown) => friendlyToRrule(FriendlyRecurrence.parse(input));

/** The messages a rejected form gets, by path. */
function errors(input: unknown): Record<string, string> {
  const result = FriendlyRecurrence.safeParse(input);
  expect(result.success, JSON.stringify(input)).toBe(false);
  return Object.fromEntries(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message]));
}

describe('friendlyToRrule', () => {
  it.each([
    [{ every: 'day' }, 'FREQ=DAILY'],
    [{ every: 'day', interval: 3 }, 'FREQ=DAILY;INTERVAL=3'],
    [{ every: 'week' }, 'FREQ=WEEKLY'],
    [{ every: 'week', on: ['th', 'mo'], interval: 2 }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'],
    [{ every: 'month' }, 'FREQ=MONTHLY'],
    [{ every: 'month', on: { day: 1 } }, 'FREQ=MONTHLY;BYMONTHDAY=1'],
    [{ every: 'month', on: { day: -1 } }, 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    [{ every: 'month', on: { day: 30 } }, 'FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1'],
    [{ every: 'month', on: { nth: -1, weekday: 'fr' } }, 'FREQ=MONTHLY;BYDAY=-1FR'],
    [{ every: 'month', on: { nth: 2, weekday: 'tu' }, interval: 3 }, 'FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU'],
    [{ every: 'year', count: 5 }, 'FREQ=YEARLY;COUNT=5'],
    [{ every: 'week', until: '2026-12-31T23:59:59.999-05:00' }, 'FREQ=WEEKLY;UNTIL=20270101T045959Z'],
  ])('%j → %s', (form, rule) => {
    expect(compile(form)).toBe(rule);
  });

  it('produces the canonical rule for every valid form', () => {
    const form = fc.oneof(
      fc.record(
        {
          every: fc.constant('day'),
          interval: fc.integer({ min: 1, max: 1000 }),
          count: fc.integer({ min: 1, max: 100_000 }),
        },
        { requiredKeys: ['every'] },
      ),
      fc.record(
        {
          every: fc.constant('week'),
          on: fc.uniqueArray(fc.constantFrom(...FRIENDLY_WEEKDAYS), { minLength: 1 }),
          interval: fc.integer({ min: 1, max: 1000 }),
          until: fc
            .date({
              min: new Date('2000-01-01T00:00:00Z'),
              max: new Date('2200-01-01T00:00:00Z'),
              noInvalidDate: true,
            })
            .map((d) => d.toISOString()),
        },
        { requiredKeys: ['every'] },
      ),
      fc.record(
        {
          every: fc.constant('month'),
          on: fc.oneof(
            fc.record({ day: fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant(-1)) }),
            fc.record({
              nth: fc.constantFrom(1, 2, 3, 4, -1),
              weekday: fc.constantFrom(...FRIENDLY_WEEKDAYS),
            }),
          ),
        },
        { requiredKeys: ['every'] },
      ),
      fc.record(
        { every: fc.constant('year'), interval: fc.integer({ min: 1, max: 1000 }) },
        { requiredKeys: ['every'] },
      ),
    );
    fc.assert(
      fc.property(form, (input) => {
        const rule = compile(input);
        expect(normalizeRecurrence({ rule, mode: 'schedule' }).rule).toBe(rule);
      }),
      { numRuns: 200 },
    );
  });
});

describe('FriendlyRecurrence', () => {
  it('says what is wrong, where', () => {
    expect(errors({ every: 'fortnight' })).toEqual({ every: 'Must be one of day, week, month, year' });
    expect(errors({ every: 'week', on: ['mon'] })).toEqual({
      'on.0': 'Must be a weekday code: mo, tu, we, th, fr, sa or su',
    });
    expect(errors({ every: 'week', on: [] })).toEqual({ on: 'Name at least one weekday' });
    expect(errors({ every: 'week', on: ['mo', 'mo'] })).toEqual({ on: 'Name each weekday once' });
    expect(errors({ every: 'day', on: ['mo'] })).toEqual({
      on: 'Not allowed with every: "day"; only week and month take "on"',
    });
    expect(errors({ every: 'month', on: { day: 0 } })).toEqual({
      'on.day': 'Must be 1..31, or -1 for the last day',
    });
    expect(errors({ every: 'month', on: { nth: 5, weekday: 'fr' } })).toEqual({
      'on.nth': 'Must be 1..4, or -1 for the last',
    });
    expect(errors({ every: 'month', on: ['mo'] })).toEqual({
      on: 'Must be {day: 1..31 or -1} or {nth: 1..4 or -1, weekday: "mo".."su"}',
    });
    expect(errors({ every: 'day', interval: 0 })).toEqual({ interval: 'Must be at least 1' });
    expect(errors({ every: 'day', interval: 1.5 })).toEqual({ interval: 'Must be a whole number' });
    expect(errors({ every: 'day', count: 0 })).toEqual({ count: 'Must be at least 1' });
    expect(errors({ every: 'day', count: 100_001 })).toEqual({ count: 'Must be at most 100000' });
    expect(errors({ every: 'day', until: 'next friday' })).toEqual({
      until: 'Must be an ISO 8601 date-time with offset, e.g. 2026-12-31T23:59:00Z',
    });
    expect(errors({ every: 'day', count: 3, until: '2026-12-31T00:00:00Z' })).toEqual({
      until: 'Give count or until, not both',
    });
    expect(errors({ every: 'day', each: 2 })).toEqual({ '': expect.stringContaining('each') });
  });
});
