import { describe, expect, it, vi } from 'vitest';
import type { UserRecord, UserRepository } from '../ports/user-repository.js';
import { AuthService } from './auth-service.js';

function setup() {
  const byEmail = new Map<string, UserRecord>();
  const users: UserRepository = {
    create: vi.fn(async (user: UserRecord) => void byEmail.set(user.email, user)),
    findByEmail: vi.fn(async (email: string) => byEmail.get(email) ?? null),
    findById: vi.fn(async (id: string) => [...byEmail.values()].find((u) => u.id === id) ?? null),
  };
  // A transparent "hash" keeps the test about the service, not about cryptography.
  const hasher = {
    hash: vi.fn(async (p: string) => `h:${p}`),
    verify: vi.fn(async (p: string, h: string) => h === `h:${p}`),
  };
  const service = new AuthService({
    users,
    hasher,
    tokens: { issue: async ({ userId }) => `token-for-${userId}` },
    clock: { now: () => new Date('2026-11-24T10:00:00Z') },
    ids: { next: () => '00000000-0000-4000-8000-000000000001' },
    defaultTimeZone: 'UTC',
  });
  return { service, hasher, byEmail };
}

describe('AuthService', () => {
  it('signs up with a normalized email, a hashed password and the default zone', async () => {
    const { service, byEmail } = setup();
    const result = await service.signup({ email: ' Ada@Example.COM ', password: 'analytical engine' });
    expect(result).toEqual({
      token: 'token-for-00000000-0000-4000-8000-000000000001',
      user: {
        id: '00000000-0000-4000-8000-000000000001',
        email: 'ada@example.com',
        name: null,
        timezone: 'UTC',
        createdAt: '2026-11-24T10:00:00.000Z',
      },
    });
    expect(byEmail.get('ada@example.com')?.passwordHash).toBe('h:analytical engine');
  });

  it('logs in only with the right password, and says the same for an unknown email', async () => {
    const { service, hasher } = setup();
    await service.signup({ email: 'ada@example.com', password: 'analytical engine' });
    expect(
      (await service.login({ email: 'ADA@example.com', password: 'analytical engine' })).user.email,
    ).toBe('ada@example.com');
    const wrong = service.login({ email: 'ada@example.com', password: 'difference engine' });
    await expect(wrong).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong email or password',
    });
    hasher.verify.mockClear();
    await expect(
      service.login({ email: 'nobody@example.com', password: 'difference engine' }),
    ).rejects.toMatchObject({
      code: 'invalid_credentials',
      message: 'Wrong email or password',
    });
    // A decoy hash is still checked, so an unknown email costs as much time as a wrong password.
    expect(hasher.verify).toHaveBeenCalledTimes(1);
  });

  it('names every problem of a bad sign-up', async () => {
    const { service } = setup();
    await expect(
      service.signup({ email: 'x', password: 'short', timezone: 'Not/AZone', extra: 1 }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fields: {
        email: expect.any(String),
        password: expect.any(String),
        timezone: expect.any(String),
        extra: 'Unknown field',
      },
    });
  });
});
