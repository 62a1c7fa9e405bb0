import { AppError, type Actor } from '@todo/contracts';
import type { TokenVerifier } from '../auth/token-verifier.js';
import type { Handler, Middleware, RequestContext } from './context.js';

/** Requires `Authorization: Bearer <token>` and sets `ctx.actor`. */
export function requireAuth(verifier: TokenVerifier): Middleware {
  return async (ctx, next) => {
    const header = ctx.headers.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1]) throw new AppError('unauthenticated', 'Send Authorization: Bearer <token>');
    ctx.actor = await verifier.verify(match[1]);
    return next(ctx);
  };
}

/** Wraps a handler that needs the calling actor in authentication (and whatever else a router adds). */
export type Authed = (handler: (ctx: RequestContext, actor: Actor) => Promise<Response>) => Handler;
