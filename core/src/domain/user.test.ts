import { describe, expect, it } from 'vitest';
import type { User } from '@todo/contracts';
import { userChanges } from './user.js';

const ADA: User = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'ada@example.com',
  name: 'Ada',
  timezone: 'Europe/London',
  createdAt: '2026-11-24T10:00:00.000Z',
};

describe('userChanges', () => {
  it('keeps only the fields that change', () => {
    expect(userChanges(ADA, { timezone: 'Asia/Tokyo' })).toEqual({ timezone: 'Asia/Tokyo' });
    expect(userChanges(ADA, { name: 'Ada L.', timezone: 'Europe/London' })).toEqual({ name: 'Ada L.' });
    expect(userChanges(ADA, { name: 'Ada', timezone: 'Europe/London' })).toEqual({});
  });

  it('clears the name with null, and leaves it alone when it is not named', () => {
    expect(userChanges(ADA, { name: null })).toEqual({ name: null });
    expect(userChanges({ ...ADA, name: null }, { name: null })).toEqual({});
    expect(userChanges(ADA, { timezone: 'UTC' })).not.toHaveProperty('name');
  });
});
