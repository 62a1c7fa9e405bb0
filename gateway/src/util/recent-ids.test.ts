import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.js';

describe('RecentIds', () => {
  it('lets each id through once', () => {
    const recent = new RecentIds();
    expect(recent.isNew('a')).toBe(true);
    expect(recent.isNew('a')).toBe(false);
    expect(recent.isNew('b')).toBe(true);
  });

  it('forgets the oldest beyond its capacity, and no more', () => {
    const recent = new RecentIds(3);
    for (const id of ['a', 'b', 'c', 'd']) expect(recent.isNew(id)).toBe(true);
    expect(recent.size).toBe(3);
    expect(recent.isNew('d')).toBe(false);
    expect(recent.isNew('b')).toBe(false);
    expect(recent.isNew('a')).toBe(true);
  });

  it('refuses a capacity below one', () => {
    expect(() => new RecentIds(0)).toThrow(RangeError);
  });
});
