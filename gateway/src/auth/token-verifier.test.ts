import { describe, expect, it } from 'vitest';
import { SignJWT } from 'jose';
import { TokenVerifier } from './token-verifier.js';

const secret = new TextEncoder().encode('unit-test-secret-unit-test-secret!');
const verifier = new TokenVerifier(secret, 'todo-chatbot');
const token = (build: (jwt: SignJWT) => SignJWT, key = secret) =>
  build(new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt()).sign(key);

describe('TokenVerifier', () => {
  it('accepts a token of this issuer and gives its subject as the actor', async () => {
    const good = await token((jwt) =>
      jwt.setSubject('user-1').setIssuer('todo-chatbot').setExpirationTime('1h'),
    );
    expect(await verifier.verify(good)).toEqual({ userId: 'user-1' });
  });

  it('tells an expired token apart from a forged one', async () => {
    const expired = await token((jwt) =>
      jwt
        .setSubject('u')
        .setIssuer('todo-chatbot')
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60),
    );
    await expect(verifier.verify(expired)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: /expired/,
    });
    const forged = await token(
      (jwt) => jwt.setSubject('u').setIssuer('todo-chatbot').setExpirationTime('1h'),
      new TextEncoder().encode('another-secret-another-secret-another'),
    );
    await expect(verifier.verify(forged)).rejects.toMatchObject({
      code: 'unauthenticated',
      message: /not valid/,
    });
  });

  it('refuses another issuer, a missing subject and garbage', async () => {
    const otherIssuer = await token((jwt) =>
      jwt.setSubject('u').setIssuer('someone-else').setExpirationTime('1h'),
    );
    const noSubject = await token((jwt) => jwt.setIssuer('todo-chatbot').setExpirationTime('1h'));
    for (const bad of [otherIssuer, noSubject, 'garbage', '']) {
      await expect(verifier.verify(bad)).rejects.toMatchObject({ code: 'unauthenticated' });
    }
  });
});
