import { describe, expect, it } from 'vitest';
import { findRecurrence } from './recurrence-phrases.js';

describe('findRecurrence', () => {
  it.each([
    ['every other monday', { every: 'week', on: ['mo'], interval: 2 }],
    ['every tuesday and friday', { every: 'week', on: ['tu', 'fr'] }],
    ['each mon, wed & fri', { every: 'week', on: ['mo', 'we', 'fr'] }],
    ['on mondays and thursdays', { every: 'week', on: ['mo', 'th'] }],
    ['every weekday', { every: 'week', on: ['mo', 'tu', 'we', 'th', 'fr'] }],
    ['on weekends', { every: 'week', on: ['sa', 'su'] }],
    ['every 2 weeks on thursday', { every: 'week', on: ['th'], interval: 2 }],
    ['biweekly on fri', { every: 'week', on: ['fr'], interval: 2 }],
    ['every day', { every: 'day' }],
    ['every 3 days', { every: 'day', interval: 3 }],
    ['daily', { every: 'day' }],
    ['every fortnight', { every: 'week', interval: 2 }],
    ['every quarter', { every: 'month', interval: 3 }],
    ['once a year', { every: 'year' }],
    ['annually', { every: 'year' }],
    ['on the 1st of every month', { every: 'month', on: { day: 1 } }],
    ['the 15th of every other month', { every: 'month', on: { day: 15 }, interval: 2 }],
    ['on the last day of each month', { every: 'month', on: { day: -1 } }],
    ['every month on the 31st', { every: 'month', on: { day: 31 } }],
    ['on the last friday of every month', { every: 'month', on: { nth: -1, weekday: 'fr' } }],
    ['every month on the 2nd tuesday', { every: 'month', on: { nth: 2, weekday: 'tu' } }],
    ['every first monday of the month', { every: 'month', on: { nth: 1, weekday: 'mo' } }],
    ['every second monday', { every: 'week', on: ['mo'], interval: 2 }],
  ])('%s', (said, rule) => {
    expect(findRecurrence(`x ${said}`)?.rule).toEqual(rule);
  });

  it('reads the completion mode and cuts the phrase out', () => {
    const found = findRecurrence('change water filter every 3 months after i complete it');
    expect(found).toMatchObject({ rule: { every: 'month', interval: 3 }, mode: 'after_completion' });
    expect(found?.rest.trim()).toBe('change water filter');
    expect(findRecurrence('water plants 3 days after completion')).toMatchObject({
      rule: { every: 'day', interval: 3 },
      mode: 'after_completion',
    });
  });

  it('reads the end: a count, "until …" and "for 10 weeks"', () => {
    expect(findRecurrence('vitamins daily, 30 times')).toMatchObject({ count: 30 });
    expect(findRecurrence('backup every sunday until march 1')).toMatchObject({ untilText: 'march 1' });
    expect(findRecurrence('call grandma every sunday for 10 weeks')).toMatchObject({
      untilText: 'in 10 weeks',
    });
  });

  it('leaves adjectives and plain dates alone', () => {
    expect(findRecurrence('write quarterly report')).toBeNull();
    expect(findRecurrence('weekly review')).toBeNull();
    expect(findRecurrence('call mom on monday')).toBeNull();
    expect(findRecurrence('buy milk')).toBeNull();
  });
});
