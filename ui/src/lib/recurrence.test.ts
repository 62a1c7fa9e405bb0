import { describe, expect, it } from 'vitest';
import { describeRecurrence, formFromRule, toFriendlyInput, type RecurrenceForm } from './recurrence';

describe('formFromRule', () => {
  it.each<[string, RecurrenceForm]>([
    ['FREQ=DAILY', { every: 'day' }],
    ['FREQ=DAILY;INTERVAL=3', { every: 'day', interval: 3 }],
    ['FREQ=DAILY;INTERVAL=1', { every: 'day' }],
    ['RRULE:freq=daily;count=10', { every: 'day', count: 10 }],
    ['FREQ=WEEKLY', { every: 'week' }],
    ['FREQ=WEEKLY;BYDAY=MO,TH', { every: 'week', on: ['mo', 'th'] }],
    ['FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,MO', { every: 'week', on: ['mo', 'th'], interval: 2 }],
    ['FREQ=MONTHLY', { every: 'month' }],
    ['FREQ=MONTHLY;BYMONTHDAY=15', { every: 'month', on: { day: 15 } }],
    ['FREQ=MONTHLY;BYMONTHDAY=-1', { every: 'month', on: { day: -1 } }],
    ['FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1', { every: 'month', on: { day: 29 } }],
    ['FREQ=MONTHLY;BYMONTHDAY=28,29,30,31;BYSETPOS=-1', { every: 'month', on: { day: 31 } }],
    ['FREQ=MONTHLY;BYDAY=2FR', { every: 'month', on: { nth: 2, weekday: 'fr' } }],
    ['FREQ=MONTHLY;BYDAY=-1FR', { every: 'month', on: { nth: -1, weekday: 'fr' } }],
    ['FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1', { every: 'month', on: { nth: -1, weekday: 'fr' } }],
    ['FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU', { every: 'month', on: { nth: 2, weekday: 'tu' }, interval: 3 }],
    ['FREQ=YEARLY;COUNT=5', { every: 'year', count: 5 }],
    ['FREQ=WEEKLY;UNTIL=20261231T235900Z', { every: 'week', until: '2026-12-31T23:59:00.000Z' }],
  ])('%s', (rule, form) => {
    expect(formFromRule(rule)).toEqual(form);
  });

  it.each([
    '',
    'FREQ=HOURLY',
    'INTERVAL=2',
    'FREQ=WEEKLY;WKST=SU;INTERVAL=2',
    'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1',
    'FREQ=WEEKLY;BYDAY=MO,MO',
    'FREQ=WEEKLY;BYDAY=1MO',
    'FREQ=MONTHLY;BYDAY=MO,TH',
    'FREQ=MONTHLY;BYDAY=5FR',
    'FREQ=MONTHLY;BYDAY=2FR;BYSETPOS=2',
    'FREQ=MONTHLY;BYMONTHDAY=1,15',
    'FREQ=MONTHLY;BYMONTHDAY=30',
    'FREQ=MONTHLY;BYMONTHDAY=-2',
    'FREQ=MONTHLY;BYMONTHDAY=28,29,30',
    'FREQ=DAILY;BYDAY=MO',
    'FREQ=DAILY;INTERVAL=0',
    'FREQ=DAILY;INTERVAL=1001',
    'FREQ=DAILY;COUNT=x',
    'FREQ=DAILY;UNTIL=20261231',
    'FREQ=DAILY;UNTIL=20261231T235900',
    'FREQ=DAILY;UNTIL=20260231T235900Z',
    'FREQ=DAILY;COUNT=2;UNTIL=20261231T235900Z',
    'FREQ=DAILY;FREQ=WEEKLY',
    'FREQ=DAILY;garbage',
  ])('%j is a custom rule (null)', (rule) => {
    expect(formFromRule(rule)).toBeNull();
  });
});

describe('describeRecurrence', () => {
  it.each<[RecurrenceForm, string]>([
    [{ every: 'day' }, 'every day'],
    [{ every: 'day', interval: 3 }, 'every 3 days'],
    [{ every: 'week' }, 'every week'],
    [{ every: 'week', on: ['mo'] }, 'every week on Monday'],
    [{ every: 'week', on: ['mo', 'th'], interval: 2 }, 'every 2 weeks on Monday and Thursday'],
    [{ every: 'week', on: ['mo', 'we', 'fr'] }, 'every week on Monday, Wednesday and Friday'],
    [{ every: 'month', on: { nth: -1, weekday: 'fr' } }, 'every month on the last Friday'],
    [{ every: 'month', on: { nth: 2, weekday: 'tu' } }, 'every month on the second Tuesday'],
    [{ every: 'month', on: { day: 15 } }, 'every month on day 15'],
    [{ every: 'month', on: { day: -1 } }, 'every month on the last day'],
    [{ every: 'month', on: { day: 31 } }, 'every month on day 31 (the last day in shorter months)'],
    [{ every: 'year' }, 'every year'],
    [{ every: 'year', interval: 2, count: 1 }, 'every 2 years, once'],
    [{ every: 'day', count: 10 }, 'every day, 10 times'],
    [{ every: 'week', until: '2026-12-31T23:59:00.000Z' }, 'every week, until Dec 31, 2026'],
  ])('%j → %s', (form, words) => {
    expect(describeRecurrence(form, 'schedule')).toBe(words);
  });

  it('says when the next one counts from the completion', () => {
    expect(describeRecurrence({ every: 'day', interval: 3 }, 'after_completion')).toBe(
      'every 3 days, counted from each completion',
    );
  });

  it('gives the until date on the task clock', () => {
    const form: RecurrenceForm = { every: 'day', until: '2027-01-01T04:59:00.000Z' };
    expect(describeRecurrence(form, 'schedule', 'America/New_York')).toBe('every day, until Dec 31, 2026');
  });
});

describe('toFriendlyInput', () => {
  it('gives the API form with defaults left out', () => {
    expect(toFriendlyInput({ every: 'week', on: ['mo', 'th'], interval: 2 }, 'schedule')).toEqual({
      every: 'week',
      on: ['mo', 'th'],
      interval: 2,
      mode: 'schedule',
    });
    expect(toFriendlyInput({ every: 'day', interval: 1 }, 'after_completion')).toEqual({
      every: 'day',
      mode: 'after_completion',
    });
    expect(toFriendlyInput({ every: 'month', on: { day: 31 }, count: 3 }, 'schedule')).toEqual({
      every: 'month',
      on: { day: 31 },
      count: 3,
      mode: 'schedule',
    });
  });

  // The rules the server compiles from these forms (time/src/friendly-recurrence.test.ts) read back the same.
  it.each([
    [{ every: 'day' }, 'FREQ=DAILY'],
    [{ every: 'day', interval: 3 }, 'FREQ=DAILY;INTERVAL=3'],
    [{ every: 'week', on: ['mo', 'th'], interval: 2 }, 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH'],
    [{ every: 'month', on: { day: 1 } }, 'FREQ=MONTHLY;BYMONTHDAY=1'],
    [{ every: 'month', on: { day: -1 } }, 'FREQ=MONTHLY;BYMONTHDAY=-1'],
    [{ every: 'month', on: { day: 30 } }, 'FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1'],
    [{ every: 'month', on: { nth: -1, weekday: 'fr' } }, 'FREQ=MONTHLY;BYDAY=-1FR'],
    [{ every: 'month', on: { nth: 2, weekday: 'tu' }, interval: 3 }, 'FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU'],
    [{ every: 'year', count: 5 }, 'FREQ=YEARLY;COUNT=5'],
    [{ every: 'week', until: '2027-01-01T04:59:59.000Z' }, 'FREQ=WEEKLY;UNTIL=20270101T045959Z'],
  ] as [RecurrenceForm, string][])('round trip %j ⇄ %s', (form, rule) => {
    const read = formFromRule(rule);
    expect(read).toEqual(form);
    expect(toFriendlyInput(read!, 'schedule')).toEqual({ ...form, mode: 'schedule' });
  });
});
