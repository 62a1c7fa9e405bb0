import { describe, expect, it } from 'vitest';
import { offsetWords } from './task-fields.js';

describe('offsetWords', () => {
  it('says an offset in its largest whole unit', () => {
    expect([1, 15, 60, 90, 120, 1440, 2880, 1500].map(offsetWords)).toEqual([
      '1 minute',
      '15 minutes',
      '1 hour',
      '90 minutes',
      '2 hours',
      '1 day',
      '2 days',
      '25 hours',
    ]);
  });
});
