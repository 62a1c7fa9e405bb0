import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUTE_TEST_USER, routeRequest } from '../../../testing/gateway-routes.js';
import { AppError, type NotifierApi } from '@todo/contracts';
import { notificationFixture } from '../../../testing/fixtures.js';

const USER = ROUTE_TEST_USER;
const ID = '00000000-0000-4000-8000-0000000000b1';

/** A notifier that answers as the real one does, and records how it was called. */
function fakeNotifier() {
  const mine = notificationFixture({ id: ID });
  return {
    listNotifications: vi.fn(async () => ({ items: [mine] })),
    markRead: vi.fn(async (_actor: unknown, id: string) => {
      if (id !== ID) throw new AppError('not_found', 'Notification not found');
      return { ...mine, readAt: '2026-11-24T10:05:00.000Z' };
    }),
    markAllRead: vi.fn(async () => 3),
    snooze: vi.fn(async (_actor: unknown, id: string) => {
      if (id !== ID) throw new AppError('not_found', 'Notification not found');
      return { fireAt: '2026-11-24T11:05:00.000Z' };
    }),
    setWebhook: vi.fn(async (_actor: unknown, input: { url: string; secret?: string }) => ({
      url: input.url,
      secret: input.secret ?? 'generated-secret',
    })),
    getWebhook: vi.fn(async (): Promise<{ url: string } | null> => null),
    deleteWebhook: vi.fn(async () => undefined),
    checkReady: vi.fn(async () => undefined),
  } satisfies NotifierApi;
}

let notifier: ReturnType<typeof fakeNotifier>;
beforeEach(() => {
  notifier = fakeNotifier();
});

const request = (method: string, path: string, options?: { body?: string; token?: string | null }) =>
  routeRequest({ notifier }, method, path, options);

const actor = { userId: USER };

describe('GET /api/v1/notifications', () => {
  it('lists the caller’s notifications, passing the query on as it came', async () => {
    const response = await request('GET', '/api/v1/notifications?unread=true&limit=5');
    expect(response).toMatchObject({ status: 200, body: { items: [{ id: ID }] } });
    expect(notifier.listNotifications).toHaveBeenCalledWith(actor, { unread: 'true', limit: '5' });
  });

  it('works without a query', async () => {
    expect((await request('GET', '/api/v1/notifications')).status).toBe(200);
    expect(notifier.listNotifications).toHaveBeenCalledWith(actor, {});
  });

  it.each([
    ['unread=yes', 'unread'],
    ['limit=0', 'limit'],
    ['limit=201', 'limit'],
    ['limit=ten', 'limit'],
    ['colour=red', 'colour'],
    ['limit=5&limit=6', 'limit'],
  ])('answers ?%s with 400 naming %s, and asks the notifier nothing', async (query, field) => {
    const response = await request('GET', `/api/v1/notifications?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('invalid_input');
    expect(Object.keys(response.body.error.fields)).toEqual([field]);
    expect(notifier.listNotifications).not.toHaveBeenCalled();
  });

  it.each([
    ['no token', null],
    ['a bad token', 'forged'],
  ])('answers a request with %s with 401', async (_name, token) => {
    const response = await request('GET', '/api/v1/notifications', { token });
    expect(response).toMatchObject({ status: 401, body: { error: { code: 'unauthenticated' } } });
    expect(notifier.listNotifications).not.toHaveBeenCalled();
  });
});

describe('POST /api/v1/notifications/:id/read', () => {
  it('marks it read and answers the notification', async () => {
    const response = await request('POST', `/api/v1/notifications/${ID.toUpperCase()}/read`);
    expect(response).toMatchObject({ status: 200, body: { id: ID, readAt: '2026-11-24T10:05:00.000Z' } });
    expect(notifier.markRead).toHaveBeenCalledWith(actor, ID);
  });

  it('answers an id that is not a UUID with 400 on fields.id', async () => {
    const response = await request('POST', '/api/v1/notifications/42/read');
    expect(response).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: 'Invalid notification id',
          fields: { id: expect.any(String) },
        },
      },
    });
    expect(notifier.markRead).not.toHaveBeenCalled();
  });

  it('answers someone else’s (or no) notification with 404', async () => {
    const response = await request('POST', '/api/v1/notifications/00000000-0000-4000-8000-0000000000ff/read');
    expect(response).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });
});

describe('POST /api/v1/notifications/read-all', () => {
  it('answers how many it marked', async () => {
    expect(await request('POST', '/api/v1/notifications/read-all')).toEqual({
      status: 200,
      body: { count: 3 },
    });
    expect(notifier.markAllRead).toHaveBeenCalledWith(actor);
  });

  it('is not a notification id, and only POST', async () => {
    expect((await request('GET', '/api/v1/notifications/read-all')).status).toBe(405);
    expect(notifier.markRead).not.toHaveBeenCalled();
  });
});

describe('POST /api/v1/notifications/:id/snooze', () => {
  it('snoozes it and answers when it fires again', async () => {
    const response = await request('POST', `/api/v1/notifications/${ID}/snooze`, { body: '{"until":"1h"}' });
    expect(response).toEqual({ status: 200, body: { fireAt: '2026-11-24T11:05:00.000Z' } });
    expect(notifier.snooze).toHaveBeenCalledWith(actor, ID, { until: '1h' });
  });

  it.each([
    ['an unknown preset', '{"until":"2h"}', 'until'],
    ['no preset', '{}', 'until'],
    ['an empty body', '', 'until'],
    ['an unknown field', '{"until":"5m","minutes":5}', 'minutes'],
    ['a body that is not JSON', '{"until":', 'body'],
  ])('answers %s with 400 naming %s', async (_name, body, field) => {
    const response = await request('POST', `/api/v1/notifications/${ID}/snooze`, { body });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toHaveProperty(field);
    expect(notifier.snooze).not.toHaveBeenCalled();
  });

  it('answers a bad id with 400 and someone else’s notification with 404', async () => {
    const body = '{"until":"5m"}';
    expect(
      (await request('POST', '/api/v1/notifications/nope/snooze', { body })).body.error.fields,
    ).toHaveProperty('id');
    const other = await request('POST', '/api/v1/notifications/00000000-0000-4000-8000-0000000000ff/snooze', {
      body,
    });
    expect(other.status).toBe(404);
  });
});

describe('PUT /api/v1/me/webhook', () => {
  it('sets it and answers the secret, generated when not given', async () => {
    const body = '{"url":"https://hooks.example.com/todo"}';
    expect(await request('PUT', '/api/v1/me/webhook', { body })).toEqual({
      status: 200,
      body: { url: 'https://hooks.example.com/todo', secret: 'generated-secret' },
    });
    expect(notifier.setWebhook).toHaveBeenCalledWith(actor, { url: 'https://hooks.example.com/todo' });
  });

  it.each(['http://localhost:8080/hook', 'http://127.0.0.1/hook'])('takes http for %s', async (url) => {
    const body = JSON.stringify({ url, secret: 'a-secret-of-some-length' });
    expect((await request('PUT', '/api/v1/me/webhook', { body })).status).toBe(200);
    expect(notifier.setWebhook).toHaveBeenCalledWith(actor, { url, secret: 'a-secret-of-some-length' });
  });

  it.each([
    ['http to another host', '{"url":"http://hooks.example.com/todo"}', 'url'],
    ['another scheme', '{"url":"ftp://hooks.example.com/todo"}', 'url'],
    ['no URL', '{"url":"not a url"}', 'url'],
    ['no url at all', '{}', 'url'],
    ['a short secret', '{"url":"https://h.example.com","secret":"short"}', 'secret'],
    ['an unknown field', '{"url":"https://h.example.com","events":["all"]}', 'events'],
    ['a body that is not JSON', '{"url":', 'body'],
  ])('answers %s with 400 naming %s, and sets nothing', async (_name, body, field) => {
    const response = await request('PUT', '/api/v1/me/webhook', { body });
    expect(response.status).toBe(400);
    expect(response.body.error.fields).toHaveProperty(field);
    expect(notifier.setWebhook).not.toHaveBeenCalled();
  });

  it('needs a token', async () => {
    const body = '{"url":"https://hooks.example.com/todo"}';
    expect((await request('PUT', '/api/v1/me/webhook', { body, token: null })).status).toBe(401);
    expect(notifier.setWebhook).not.toHaveBeenCalled();
  });
});

describe('GET and DELETE /api/v1/me/webhook', () => {
  it('answers 404 when none is set, and the URL (never the secret) when one is', async () => {
    expect(await request('GET', '/api/v1/me/webhook')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    notifier.getWebhook.mockResolvedValueOnce({ url: 'https://hooks.example.com/todo' });
    expect(await request('GET', '/api/v1/me/webhook')).toEqual({
      status: 200,
      body: { url: 'https://hooks.example.com/todo' },
    });
    expect(notifier.getWebhook).toHaveBeenCalledWith(actor);
  });

  it('deletes it with 204', async () => {
    expect(await request('DELETE', '/api/v1/me/webhook')).toEqual({ status: 204, body: null });
    expect(notifier.deleteWebhook).toHaveBeenCalledWith(actor);
  });
});
