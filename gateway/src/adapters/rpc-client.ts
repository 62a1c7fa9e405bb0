import { AppError, appErrorFromBody } from '@todo/contracts';
import { injectContext, SpanKind, withSpan } from '@todo/observability';

export interface RpcClientOptions {
  /**
   * Where `/<method>` is posted: the service itself (`http://127.0.0.1:7001/core`) or, through the
   * caller's Dapr sidecar, `http://127.0.0.1:3500/v1.0/invoke/<app id>/method/<service>`.
   */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A service's API over HTTP (its service-invocation app): each call posts `{args}` to `/<method>` and
 * returns `result`, or rebuilds the service's AppError from the reply, so callers cannot tell it from the
 * in-process API. A service that cannot be reached is `unavailable`. Trace context travels in
 * `traceparent`.
 *
 * @param service names the callee in span names and error messages ("core", "notifier")
 * @param methods every method of `Api` (the contracts list them, e.g. CORE_METHODS)
 */
export function createRpcClient<Api extends object>(
  service: string,
  methods: ReadonlyArray<keyof Api & string>,
  { baseUrl, timeoutMs = 10_000, fetch: send = fetch }: RpcClientOptions,
): Api {
  const name = service.charAt(0).toUpperCase() + service.slice(1);
  const call =
    (method: string) =>
    (...args: unknown[]) =>
      withSpan(
        `rpc ${service}/${method}`,
        async () => {
          let response: Response;
          try {
            response = await send(`${baseUrl}/${method}`, {
              method: 'POST',
              headers: injectContext({ 'content-type': 'application/json' }),
              body: JSON.stringify({ args }),
              signal: AbortSignal.timeout(timeoutMs),
            });
          } catch (error) {
            throw new AppError(
              'unavailable',
              `${name} did not answer ${method}: ${(error as Error).message}`,
            );
          }
          const body: unknown = await response.json().catch(() => null);
          if (response.ok) return (body as { result: unknown }).result;
          throw (
            appErrorFromBody(body) ??
            new AppError('unavailable', `${name} answered ${method} with ${response.status}`)
          );
        },
        {
          kind: SpanKind.CLIENT,
          attributes: { 'rpc.system': 'http-json', 'rpc.service': service, 'rpc.method': method },
          isExpected: (error) => error instanceof AppError && error.code !== 'unavailable',
        },
      );
  return Object.fromEntries(methods.map((method) => [method, call(method)])) as Api;
}
