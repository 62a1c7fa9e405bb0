import { SignJWT } from 'jose';
import type { TokenIssuer } from '../../ports/security.js';

export const JWT_ISSUER = 'todo-chatbot';

/** HS256 access tokens: subject = user id, with an expiry. */
export class JwtTokenIssuer implements TokenIssuer {
  constructor(
    private readonly secret: Uint8Array,
    private readonly ttlSeconds: number,
  ) {}

  issue({ userId }: { userId: string }): Promise<string> {
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(JWT_ISSUER)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.secret);
  }
}
