import { vi } from 'vitest';
import { AppError, type CoreApi, type NotifierApi } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import type { TokenVerifier } from '../gateway/src/auth/token-verifier.js';
import { compose, type RequestContext } from '../gateway/src/http/context.js';
import { handleErrors } from '../gateway/src/http/errors.js';
import { TokenBuckets } from '../gateway/src/http/rate-limit.js';
import { apiRouter } from '../gateway/src/http/routes.js';

/** The one user the route tests sign in as, and their token. */
export const ROUTE_TEST_USER = '00000000-0000-4000-8000-0000000000a1';
export const ROUTE_TEST_TOKEN = 'token-of-the-user';

const verifier = {
  async verify(token: string) {
    if (token !== ROUTE_TEST_TOKEN) throw new AppError('unauthenticated', 'The token is not valid');
    return { userId: ROUTE_TEST_USER };
  },
} as unknown as TokenVerifier;
const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } as unknown as Logger;

/**
 * One request through the gateway's API router, with the edge's error mapping, as the server runs it,
 * over the given (fake) core and notifier. Signed in as ROUTE_TEST_USER unless `token` says otherwise.
 */
export async function routeRequest(
  services: { core?: Partial<CoreApi>; notifier?: Partial<NotifierApi> },
  method: string,
  path: string,
  { body, token = ROUTE_TEST_TOKEN }: { body?: string; token?: string | null } = {},
): Promise<{ status: number; body: any }> {
  const router = apiRouter({
    core: (services.core ?? {}) as CoreApi,
    notifier: (services.notifier ?? {}) as NotifierApi,
    verifier,
    userLimit: new TokenBuckets({ perSecond: 1000, burst: 1000 }),
    authLimit: new TokenBuckets({ perSecond: 1000, burst: 1000 }),
    openApiDocument: {},
  });
  const url = new URL(path, 'http://gateway');
  const match = router.match(method, url.pathname);
  if (!match) throw new Error(`${method} ${path} has no route`);
  const ctx: RequestContext = {
    method,
    url,
    headers: new Headers(token ? { authorization: `Bearer ${token}` } : {}),
    body: new TextEncoder().encode(body ?? ''),
    ip: '127.0.0.1',
    params: match.params,
  };
  const response = await compose([handleErrors(log)], match.handler)(ctx);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}
