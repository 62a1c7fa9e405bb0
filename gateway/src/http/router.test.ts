import { describe, expect, it } from 'vitest';
import type { Handler, RequestContext } from './context.js';
import { Router } from './router.js';

const handler =
  (name: string): Handler =>
  async () =>
    new Response(name);
const ctx = (method = 'GET'): RequestContext => ({
  method,
  url: new URL('http://x/'),
  headers: new Headers(),
  body: new Uint8Array(),
  ip: '127.0.0.1',
  params: {},
});

function router(): Router {
  return new Router()
    .on('GET', '/api/v1/tasks', handler('list'))
    .on('POST', '/api/v1/tasks', handler('create'))
    .on('GET', '/api/v1/tasks/:id', handler('get'))
    .on('PATCH', '/api/v1/tasks/:id', handler('patch'))
    .on('POST', '/api/v1/tasks/:id/complete', handler('complete'));
}

async function text(match: ReturnType<Router['match']>, method = 'GET'): Promise<string> {
  expect(match).not.toBeNull();
  return (await match!.handler(ctx(method))).text();
}

describe('Router', () => {
  it('matches a parameter segment and decodes it', async () => {
    const match = router().match('GET', '/api/v1/tasks/a%20b');
    expect(match?.params).toEqual({ id: 'a b' });
    expect(match?.pattern).toBe('/api/v1/tasks/:id');
    expect(await text(match)).toBe('get');
  });

  it('picks the route by method and exact segments', async () => {
    const r = router();
    expect(await text(r.match('GET', '/api/v1/tasks'))).toBe('list');
    expect(await text(r.match('POST', '/api/v1/tasks'))).toBe('create');
    expect(await text(r.match('POST', '/api/v1/tasks/42/complete'))).toBe('complete');
    expect(r.match('POST', '/api/v1/tasks/42/completed')).toBeNull();
    expect(r.match('GET', '/api/v2/tasks')).toBeNull();
  });

  it('does not match a trailing slash or an empty parameter', () => {
    const r = router();
    expect(r.match('GET', '/api/v1/tasks/')).toBeNull();
    expect(r.match('GET', '/api/v1/tasks/42/')).toBeNull();
    expect(r.match('POST', '/api/v1/tasks//complete')).toBeNull();
  });

  it('answers HEAD with the GET route', async () => {
    const match = router().match('HEAD', '/api/v1/tasks/7');
    expect(match?.pattern).toBe('/api/v1/tasks/:id');
    expect(match?.params).toEqual({ id: '7' });
    expect(await text(match, 'HEAD')).toBe('get');
  });

  it('answers a known path with another method by 405, an Allow header and the allowed methods', async () => {
    const match = router().match('DELETE', '/api/v1/tasks/7');
    expect(match).not.toBeNull();
    expect(match!.params).toEqual({});
    const response = await match!.handler(ctx('DELETE'));
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, PATCH, HEAD');
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('method_not_allowed');
    expect(body.error.message).toContain('DELETE');
  });

  it('returns null for an unknown path', () => {
    expect(router().match('GET', '/nope')).toBeNull();
    expect(new Router().match('GET', '/')).toBeNull();
  });

  it('keeps a malformed percent-encoding as is instead of throwing', () => {
    const r = router();
    expect(() => r.match('GET', '/api/v1/tasks/%E0%A4%A')).not.toThrow();
    expect(r.match('GET', '/api/v1/tasks/%E0%A4%A')?.params).toEqual({ id: '%E0%A4%A' });
    expect(r.match('GET', '/api/v1/tasks/%')?.params).toEqual({ id: '%' });
  });
});
