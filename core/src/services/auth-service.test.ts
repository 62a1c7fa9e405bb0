import { describe, expect, it, vi } from 'vitest';
import type { UserChanges } from '../domain/user.js';
import type { UserRecord, UserRepository } from '../ports/user-repository.js';
import { AuthService } from './auth-service.js';

function setup() {
  const byEmail = new Map<string, UserRecord>();
  const users: UserRepository = {
    create: vi.fn(async (user: UserRecord) => void byEmail.set(user.email, user)),
    findByEmail: vi.fn(async (email: string) => byEmail.get(email) ?? null),
    findById: vi.fn(async (id: string) => [...byEmail.values()].find((u) => u.id === id) ?? null),
    update: vi.fn(async (id: string, changes: UserChanges) => {
      const user = [...byEmail.values()].find((u) => u.id === id);
      if (!user) return null;
      Object.assign(user, changes);
      return { ...user };
    }),
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
  return { service, hasher, byEmail, users };
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

  describe('updateMe', () => {
    const ADA = { userId: '00000000-0000-4000-8000-000000000001' };
    const signedUp = async () => {
      const fixture = setup();
      await fixture.service.signup({ email: 'ada@example.com', password: 'analytical engine', name: 'Ada' });
      return fixture;
    };

    it('changes the zone and answers the user as me does, without the password hash', async () => {
      const { service, byEmail } = await signedUp();
      const user = await service.updateMe(ADA, { timezone: ' Europe/Berlin ' });
      expect(user).toEqual({
        id: ADA.userId,
        email: 'ada@example.com',
        name: 'Ada',
        timezone: 'Europe/Berlin',
        createdAt: '2026-11-24T10:00:00.000Z',
      });
      expect(await service.me(ADA)).toEqual(user);
      expect(byEmail.get('ada@example.com')?.passwordHash).toBe('h:analytical engine');
    });

    it('trims the name, and clears it with null or a blank', async () => {
      const { service, users } = await signedUp();
      expect(await service.updateMe(ADA, { name: '  Ada Lovelace ' })).toMatchObject({
        name: 'Ada Lovelace',
      });
      expect(await service.updateMe(ADA, { name: null })).toMatchObject({ name: null, timezone: 'UTC' });
      await service.updateMe(ADA, { name: 'Ada' });
      expect(await service.updateMe(ADA, { name: '   ' })).toMatchObject({ name: null });
      expect(users.update).toHaveBeenLastCalledWith(ADA.userId, { name: null });
    });

    it('writes only what changes, and nothing when nothing does', async () => {
      const { service, users } = await signedUp();
      await service.updateMe(ADA, { name: 'Ada', timezone: 'Asia/Tokyo' });
      expect(users.update).toHaveBeenCalledWith(ADA.userId, { timezone: 'Asia/Tokyo' });
      vi.mocked(users.update).mockClear();
      expect(await service.updateMe(ADA, { timezone: 'Asia/Tokyo' })).toMatchObject({
        timezone: 'Asia/Tokyo',
      });
      expect(users.update).not.toHaveBeenCalled();
    });

    it.each([
      [{ timezone: 'Mars/Olympus' }, ['timezone']],
      [{ name: 'x'.repeat(101) }, ['name']],
      [{ name: 42 }, ['name']],
      [{ timezone: null }, ['timezone']],
      [{}, ['input']],
      [{ email: 'new@example.com' }, ['email', 'input']],
      [{ timezone: 'UTC', colour: 'red' }, ['colour']],
      [null, ['input']],
    ])('refuses %j naming %j, and changes nothing', async (input, fields) => {
      const { service, users } = await signedUp();
      const failure = await service.updateMe(ADA, input).catch((e: unknown) => e);
      expect(failure).toMatchObject({ code: 'invalid_input' });
      expect(Object.keys((failure as { fields: object }).fields).sort()).toEqual(fields);
      expect(users.update).not.toHaveBeenCalled();
      expect(await service.me(ADA)).toMatchObject({ name: 'Ada', timezone: 'UTC' });
    });

    it('answers unauthenticated when the account is gone', async () => {
      const { service } = setup();
      await expect(service.updateMe(ADA, { timezone: 'UTC' })).rejects.toMatchObject({
        code: 'unauthenticated',
      });
    });
  });
});
