import type { Middleware } from './context.js';

const ALLOWED_HEADERS = 'authorization, content-type, if-match, traceparent, tracestate';
const ALLOWED_METHODS = 'GET, POST, PATCH, DELETE, OPTIONS';

/** CORS for the listed origins (the UI dev server); same-origin requests need none. */
export function cors(origins: readonly string[]): Middleware {
  const allowed = new Set(origins);
  return async (ctx, next) => {
    const origin = ctx.headers.get('origin');
    if (!origin || !allowed.has(origin)) return next(ctx);
    const headers = {
      'access-control-allow-origin': origin,
      'access-control-expose-headers': 'etag, location, retry-after',
      vary: 'Origin',
    };
    if (ctx.method === 'OPTIONS') {
      return new Response(null, {
        status: 204,
        headers: {
          ...headers,
          'access-control-allow-methods': ALLOWED_METHODS,
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
        },
      });
    }
    const response = await next(ctx);
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
    return response;
  };
}
