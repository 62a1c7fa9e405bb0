import { injectContext } from '@todo/observability';

export interface DaprRequestInit extends Omit<RequestInit, 'headers' | 'signal'> {
  headers?: Record<string, string>;
  /** Sidecar calls wait as long as what is behind them; give up after this (default 5 s). */
  timeoutMs?: number;
}

/**
 * A call to the app's own sidecar on loopback (`path` from `/v1.0…`), carrying the active trace context
 * so the sidecar's spans join the caller's trace.
 */
export function daprFetch(daprHttpPort: number, path: string, init: DaprRequestInit = {}): Promise<Response> {
  const { headers = {}, timeoutMs = 5_000, ...rest } = init;
  return fetch(`http://127.0.0.1:${daprHttpPort}${path}`, {
    ...rest,
    headers: injectContext({ ...headers }),
    signal: AbortSignal.timeout(timeoutMs),
  });
}
