import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUTE_TEST_USER, routeRequest } from '../../../testing/gateway-routes.js';
import { AppError, type CoreApi, type User } from '@todo/contracts';

const USER = ROUTE_TEST_USER;

/** The part of core the account routes call, over one user, recording how it was called. */
function fakeCore() {
  let user: User = {
    id: USER,
    email: 'ada@example.com',
    name: 'Ada',
    timezone: 'America/New_York',
    createdAt: '2026-11-24T10:00:00.000Z',
  };
  return {
    me: vi.fn(async () => user),
    updateMe: vi.fn(async (_actor: unknown, input: { timezone?: string; name?: string | null }) => {
      user = { ...user, ...input };
      return user;
    }),
  } satisfies Partial<CoreApi>;
}

let core: ReturnType<typeof fakeCore>;
beforeEach(() => {
  core = fakeCore();
});

const request = (method: string, path: string, options?: { body?: string; token?: string | null }) =>
  routeRequest({ core: core }, method, path, options);

const actor = { userId: USER };
const patchMe = (body: unknown, token?: string | null) =>
  request('PATCH', '/api/v1/me', { body: JSON.stringify(body), token });

describe('PATCH /api/v1/me', () => {
  it('changes the zone and answers the user, as GET /api/v1/me shows it', async () => {
    const response = await patchMe({ timezone: 'Asia/Tokyo' });
    expect(response).toEqual({
      status: 200,
      body: {
        id: USER,
        email: 'ada@example.com',
        name: 'Ada',
        timezone: 'Asia/Tokyo',
        createdAt: '2026-11-24T10:00:00.000Z',
      },
    });
    expect(core.updateMe).toHaveBeenCalledWith(actor, { timezone: 'Asia/Tokyo' });
    expect(await request('GET', '/api/v1/me')).toEqual(response);
  });

  it('changes the name, trimmed, and clears it with null or a blank', async () => {
    expect(await patchMe({ name: '  Ada Lovelace ' })).toMatchObject({
      status: 200,
      body: { name: 'Ada Lovelace', timezone: 'America/New_York' },
    });
    expect(await patchMe({ name: null })).toMatchObject({ status: 200, body: { name: null } });
    expect(await patchMe({ name: '', timezone: 'UTC' })).toMatchObject({
      status: 200,
      body: { name: null, timezone: 'UTC' },
    });
    expect(core.updateMe).toHaveBeenLastCalledWith(actor, { name: null, timezone: 'UTC' });
  });

  it.each([
    ['an unknown zone', { timezone: 'Mars/Olympus' }, { timezone: expect.stringContaining('IANA') }],
    ['a zone that is not a string', { timezone: 42 }, { timezone: expect.any(String) }],
    ['a name that is too long', { name: 'x'.repeat(101) }, { name: expect.any(String) }],
    ['no field', {}, { input: 'Name at least one field to change' }],
    ['an unknown field', { timezone: 'UTC', email: 'new@example.com' }, { email: 'Unknown field' }],
    ['a body that is not an object', ['UTC'], { input: expect.any(String) }],
  ])('answers %s with 400 naming the field, and asks core nothing', async (_name, body, fields) => {
    const response = await patchMe(body);
    expect(response).toEqual({
      status: 400,
      body: { error: { code: 'invalid_input', message: expect.any(String), fields } },
    });
    expect(core.updateMe).not.toHaveBeenCalled();
  });

  it('answers a body that is not JSON with 400', async () => {
    const response = await request('PATCH', '/api/v1/me', { body: '{timezone:' });
    expect(response).toMatchObject({ status: 400, body: { error: { fields: { body: 'Not valid JSON' } } } });
    expect(core.updateMe).not.toHaveBeenCalled();
  });

  it.each([
    ['no token', null],
    ['a bad token', 'forged'],
  ])('answers a request with %s with 401', async (_name, token) => {
    const response = await patchMe({ timezone: 'Asia/Tokyo' }, token);
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(core.updateMe).not.toHaveBeenCalled();
  });

  it('passes on what core refuses, with its status', async () => {
    core.updateMe.mockRejectedValueOnce(
      new AppError('unauthenticated', 'The account of this token no longer exists'),
    );
    expect(await patchMe({ timezone: 'UTC' })).toMatchObject({
      status: 401,
      body: { error: { message: 'The account of this token no longer exists' } },
    });
  });
});
