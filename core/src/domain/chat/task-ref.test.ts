import { describe, expect, it } from 'vitest';
import { isPastTense, parseTaskRef, presentTense } from './task-ref.js';

describe('parseTaskRef', () => {
  it.each([
    ['it', { by: 'last' }],
    ['that one', { by: 'last' }],
    ['the last one', { by: 'last' }],
    ['both', { by: 'shown' }],
    ['all of them', { by: 'shown' }],
    ['them', { by: 'shown' }],
    ['the second one', { by: 'position', index: 2 }],
    ['the 3rd', { by: 'position', index: 3 }],
    ['number 2', { by: 'position', index: 2 }],
    ['#2', { by: 'position', index: 2 }],
    ['task 4', { by: 'position', index: 4 }],
    ['the buy milk task', { by: 'title', text: 'buy milk' }],
    ['"Buy Milk"', { by: 'title', text: 'Buy Milk' }],
    ['buy milk from my list', { by: 'title', text: 'buy milk' }],
  ])('%s', (said, ref) => expect(parseTaskRef(said)).toEqual(ref));

  it('is null when nothing names a task', () => {
    expect(parseTaskRef('')).toBeNull();
    expect(parseTaskRef('the')).toBeNull();
  });
});

describe('presentTense', () => {
  it.each([
    ['called', 'call'],
    ['bought', 'buy'],
    ['paid', 'pay'],
    ['emptied', 'empty'],
    ['mopped', 'mop'],
    ['booked', 'book'],
    ['renewed', 'renew'],
  ])('%s → %s', (past, base) => expect(presentTense(past)).toBe(base));

  it('tells past-tense verbs from other words', () => {
    expect(isPastTense('called')).toBe(true);
    expect(isPastTense('need')).toBe(false);
    expect(isPastTense('mom')).toBe(false);
  });
});
