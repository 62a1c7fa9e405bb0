import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, BACKOFF_CAP_MS, newWebhookSecret, signBody } from './webhook.js';

describe('signBody', () => {
  it('is the hex HMAC-SHA256 of the exact body, prefixed sha256=', () => {
    const body = '{"id":"x","n":1}';
    const hex = createHmac('sha256', 'k').update(body).digest('hex');
    expect(signBody('k', body)).toBe(`sha256=${hex}`);
    // A known vector (RFC 4231 style check against a fixed value).
    expect(signBody('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
    expect(signBody('k', body + ' ')).not.toBe(signBody('k', body));
    expect(signBody('other', body)).not.toBe(signBody('k', body));
  });
});

describe('newWebhookSecret', () => {
  it('is 32 random bytes in base64url', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

describe('backoffMs', () => {
  it('doubles from the base after each failure, capped at 5 minutes', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1_000))).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(backoffMs(1, 100)).toBe(100);
    expect(backoffMs(9, 1_000)).toBe(256_000);
    expect(backoffMs(10, 1_000)).toBe(BACKOFF_CAP_MS);
    expect(backoffMs(40, 1_000)).toBe(BACKOFF_CAP_MS);
  });
});
