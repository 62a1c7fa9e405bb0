import { describe, expect, it } from 'vitest';
import { compose, json, type Middleware, type RequestContext } from './context.js';

const ctx: RequestContext = {
  method: 'GET',
  url: new URL('http://x/'),
  headers: new Headers(),
  body: new Uint8Array(),
  ip: '127.0.0.1',
  params: {},
};

describe('compose', () => {
  it('runs the first middleware outermost', async () => {
    const calls: string[] = [];
    const tracing =
      (name: string): Middleware =>
      async (c, next) => {
        calls.push(`${name}>`);
        const response = await next(c);
        calls.push(`<${name}`);
        return response;
      };
    const handler = compose([tracing('a'), tracing('b'), tracing('c')], async () => {
      calls.push('handler');
      return new Response('done');
    });
    expect(await (await handler(ctx)).text()).toBe('done');
    expect(calls).toEqual(['a>', 'b>', 'c>', 'handler', '<c', '<b', '<a']);
  });

  it('lets a middleware short-circuit and change the context for inner ones', async () => {
    const stop: Middleware = async () => new Response('stopped', { status: 418 });
    const never = compose([stop], async () => {
      throw new Error('must not run');
    });
    expect((await never(ctx)).status).toBe(418);

    const withActor: Middleware = (c, next) => next({ ...c, actor: { userId: 'u1' } });
    const seen = compose([withActor], async (c) => new Response(c.actor?.userId ?? 'none'));
    expect(await (await seen(ctx)).text()).toBe('u1');
  });

  it('with no middleware is the handler itself', async () => {
    const handler = async () => new Response('h');
    expect(await (await compose([], handler)(ctx)).text()).toBe('h');
  });
});

describe('json', () => {
  it('serialises the body with a JSON content type and status 200 by default', async () => {
    const response = json({ a: [1, 'two'] });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({ a: [1, 'two'] });
  });

  it('sets the given status and extra headers', () => {
    const response = json({ ok: true }, 201, { location: '/api/v1/tasks/1' });
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/api/v1/tasks/1');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });
});
