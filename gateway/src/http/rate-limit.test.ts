import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import type { RequestContext } from './context.js';
import { rateLimit, TokenBuckets } from './rate-limit.js';

const ctx = (ip = '127.0.0.1'): RequestContext => ({
  method: 'GET',
  url: new URL('http://x/api/v1/tasks'),
  headers: new Headers(),
  body: new Uint8Array(),
  ip,
  params: {},
});

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('TokenBuckets', () => {
  it('allows a burst, then refuses with the seconds until the next token', () => {
    const c = clock();
    const buckets = new TokenBuckets({ perSecond: 2, burst: 3 }, c.now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 0]);
    expect(buckets.take('a')).toBe(1); // 1 token at 2/s: 0.5 s, rounded up
  });

  it('names a wait of several seconds for a slow rate', () => {
    const c = clock();
    const buckets = new TokenBuckets({ perSecond: 20 / 60, burst: 1 }, c.now);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(3);
    c.advance(1500);
    expect(buckets.take('a')).toBe(2); // half a token left to wait for: 1.5 s → 2
  });

  it('refills over time, but never beyond the burst', () => {
    const c = clock();
    const buckets = new TokenBuckets({ perSecond: 1, burst: 2 }, c.now);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a')).toBeGreaterThan(0);
    c.advance(999);
    expect(buckets.take('a')).toBeGreaterThan(0);
    c.advance(1);
    expect(buckets.take('a')).toBe(0);
    c.advance(60_000);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([0, 0, 1]);
  });

  it('keeps keys independent', () => {
    const c = clock();
    const buckets = new TokenBuckets({ perSecond: 1, burst: 1 }, c.now);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBe(0);
    expect(buckets.take('b')).toBe(1);
  });

  it('never allows more than burst + rate × window in any window (property)', () => {
    fc.assert(
      fc.property(
        fc.record({ perSecond: fc.integer({ min: 1, max: 50 }), burst: fc.integer({ min: 1, max: 20 }) }),
        fc.array(fc.integer({ min: 0, max: 2_000 }), { minLength: 1, maxLength: 200 }),
        (limit, gaps) => {
          let t = 0;
          const buckets = new TokenBuckets(limit, () => t);
          const allowedAt: number[] = [];
          for (const gap of gaps) {
            t += gap;
            if (buckets.take('k') === 0) allowedAt.push(t);
          }
          for (let i = 0; i < allowedAt.length; i++) {
            for (let j = i; j < allowedAt.length; j++) {
              const windowSeconds = (allowedAt[j]! - allowedAt[i]!) / 1000;
              expect(j - i + 1).toBeLessThanOrEqual(limit.burst + limit.perSecond * windowSeconds + 1e-9);
            }
          }
        },
      ),
    );
  });
});

describe('rateLimit middleware', () => {
  it('passes requests through while tokens last', async () => {
    const c = clock();
    const middleware = rateLimit(new TokenBuckets({ perSecond: 1, burst: 1 }, c.now), (ctx) => ctx.ip);
    const next = vi.fn(async () => new Response('ok'));
    const response = await middleware(ctx(), next);
    expect(await response.text()).toBe('ok');
    expect(next).toHaveBeenCalledOnce();
  });

  it('answers 429 with retry-after and an error body, without calling next', async () => {
    const c = clock();
    const middleware = rateLimit(new TokenBuckets({ perSecond: 0.25, burst: 1 }, c.now), (ctx) => ctx.ip);
    const next = vi.fn(async () => new Response('ok'));
    await middleware(ctx(), next);
    next.mockClear();

    const response = await middleware(ctx(), next);
    expect(next).not.toHaveBeenCalled();
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('4');
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('rate_limited');
    expect(body.error.message).toContain('4');

    expect((await middleware(ctx('10.0.0.2'), next)).status).toBe(200); // another key
    expect(next).toHaveBeenCalledOnce();
  });
});
