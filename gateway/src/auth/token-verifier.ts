import { AppError, type Actor } from '@todo/contracts';
import { errors, jwtVerify } from 'jose';

/** Verifies the HS256 access tokens core issues and turns them into the calling actor. */
export class TokenVerifier {
  constructor(
    private readonly secret: Uint8Array,
    private readonly issuer: string,
  ) {}

  async verify(token: string): Promise<Actor> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: this.issuer, algorithms: ['HS256'] });
      if (!payload.sub) throw new Error('no subject');
      return { userId: payload.sub };
    } catch (error) {
      const expired = error instanceof errors.JWTExpired;
      throw new AppError(
        'unauthenticated',
        expired ? 'The token has expired; log in again' : 'The token is not valid',
      );
    }
  }
}
