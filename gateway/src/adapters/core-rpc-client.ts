import { AppError, appErrorFromBody, CORE_METHODS, type CoreApi, type CoreMethod } from '@todo/contracts';
import { injectContext, SpanKind, withSpan } from '@todo/observability';

export interface CoreRpcClientOptions {
  /**
   * Where `/<method>` is posted: core itself (`http://127.0.0.1:7001/core`) or, through the caller's Dapr
   * sidecar, `http://127.0.0.1:3500/v1.0/invoke/core/method/core`.
   */
  baseUrl: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * CoreApi over HTTP: each call posts its arguments and rebuilds core's AppError from the reply, so
 * callers cannot tell it from the in-process core. Trace context travels in `traceparent`.
 */
export function createCoreRpcClient({
  baseUrl,
  timeoutMs = 10_000,
  fetch: send = fetch,
}: CoreRpcClientOptions): CoreApi {
  const call =
    (method: CoreMethod) =>
    (...args: unknown[]) =>
      withSpan(
        `rpc core/${method}`,
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
            throw new AppError('unavailable', `Core did not answer ${method}: ${(error as Error).message}`);
          }
          const body: unknown = await response.json().catch(() => null);
          if (response.ok) return (body as { result: unknown }).result;
          throw (
            appErrorFromBody(body) ??
            new AppError('unavailable', `Core answered ${method} with ${response.status}`)
          );
        },
        {
          kind: SpanKind.CLIENT,
          attributes: { 'rpc.system': 'http-json', 'rpc.method': method },
          isExpected: (error) => error instanceof AppError && error.code !== 'unavailable',
        },
      );
  return Object.fromEntries(CORE_METHODS.map((method) => [method, call(method)])) as unknown as CoreApi;
}
