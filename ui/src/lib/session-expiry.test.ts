import { describe, expect, it } from 'vitest';
import { expiresAt } from './session-expiry';

const jwt = (payload: object) =>
  `eyJhbGciOiJIUzI1NiJ9.${btoa(JSON.stringify(payload)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}.sig`;

describe('expiresAt', () => {
  it("reads the token's exp claim as milliseconds", () => {
    expect(expiresAt(jwt({ sub: 'u', exp: 1_790_000_000 }))).toBe(1_790_000_000_000);
  });

  it('reads base64url payloads that use - and _', () => {
    // "~~~" and "???" encode to base64 with + and / (base64url: - and _).
    expect(expiresAt(jwt({ name: '~~~???', exp: 1 }))).toBe(1000);
  });

  it('says null for a token without exp, or one that is not a JWT', () => {
    expect(expiresAt(jwt({ sub: 'u' }))).toBeNull();
    expect(expiresAt('not-a-token')).toBeNull();
    expect(expiresAt('a.%%%.c')).toBeNull();
  });
});
