import { describe, expect, it, vi } from 'vitest';
import type { RequestContext } from './context.js';
import { cors } from './cors.js';

const UI = 'http://localhost:5173';
const ctx = (method: string, origin?: string): RequestContext => ({
  method,
  url: new URL('http://x/api/v1/tasks'),
  headers: new Headers(origin ? { origin } : {}),
  body: new Uint8Array(),
  ip: '127.0.0.1',
  params: {},
});

describe('cors', () => {
  const middleware = cors([UI, 'http://127.0.0.1:5173']);

  it('adds allow-origin, expose-headers and vary to responses for an allowed origin', async () => {
    const next = vi.fn(async () => new Response('ok', { status: 201, headers: { etag: '"1"' } }));
    const response = await middleware(ctx('POST', UI), next);
    expect(next).toHaveBeenCalledOnce();
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    expect(response.headers.get('vary')).toBe('Origin');
    expect(response.headers.get('access-control-expose-headers')).toContain('etag');
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it('answers a preflight from an allowed origin with 204 and does not call next', async () => {
    const next = vi.fn(async () => new Response('ok'));
    const response = await middleware(ctx('OPTIONS', UI), next);
    expect(next).not.toHaveBeenCalled();
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI);
    const methods = response.headers.get('access-control-allow-methods') ?? '';
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) expect(methods).toContain(method);
    const headers = response.headers.get('access-control-allow-headers') ?? '';
    for (const header of ['authorization', 'content-type', 'if-match']) expect(headers).toContain(header);
  });

  it.each([
    ['an unknown origin', 'https://evil.example'],
    ['no origin', undefined],
  ])('leaves requests from %s untouched', async (_name, origin) => {
    for (const method of ['GET', 'OPTIONS']) {
      const original = new Response('ok', { status: 404 });
      const next = vi.fn(async () => original);
      const response = await middleware(ctx(method, origin), next);
      expect(next).toHaveBeenCalledOnce();
      expect(response).toBe(original);
      expect(response.status).toBe(404);
      expect([...response.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([]);
      expect(response.headers.get('vary')).toBeNull();
    }
  });
});
