import type { Actor } from '@todo/contracts';

/** What a handler sees of a request: read in full and synchronously from uWebSockets.js, then frozen. */
export interface RequestContext {
  method: string;
  url: URL;
  headers: Headers;
  /** The raw body, already bounded in size. */
  body: Uint8Array;
  /** Client address, for rate limits. */
  ip: string;
  /** Path parameters of the matched route. */
  params: Record<string, string>;
  /** Set by the auth middleware. */
  actor?: Actor;
}

export type Handler = (ctx: RequestContext) => Promise<Response>;
export type Middleware = (ctx: RequestContext, next: Handler) => Promise<Response>;

/** Wraps `handler` in `middlewares`, the first one outermost. */
export function compose(middlewares: Middleware[], handler: Handler): Handler {
  return middlewares.reduceRight<Handler>((next, middleware) => (ctx) => middleware(ctx, next), handler);
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
