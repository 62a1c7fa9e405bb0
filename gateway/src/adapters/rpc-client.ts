import { AppError, appErrorFromBody } from '@todo/contracts';
import { injectContext, SpanKind, withSpan } from '@todo/observability';

export interface RpcClientOptions {
  /**
   * Where `/<method>` is posted: the service itself (`http://127.0.0.1:7001/core`) or, through the
   * caller's Dapr sidecar, `http://127.0.0.1:3500/v1.0/invoke/<app id>/method/<service>`.
   */
  baseUrl: string;
  /** How long a call may take (default 10 s)… */
  timeoutMs?: number;
  /** …except these methods' (a chat with a model takes several rounds). */
  methodTimeoutsMs?: Record<string, number>;
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
  { baseUrl, timeoutMs = 10_000, methodTimeoutsMs = {}, fetch: send = fetch }: RpcClientOptions,
): Api {
  const name = service.charAt(0).toUpperCase() + service.slice(1);
  const unavailable = (what: string) => new AppError('unavailable', `${name} ${what}`);
  const call =
    (method: string) =>
    (...args: unknown[]) =>
      withSpan(
        `rpc ${service}/${method}`,
        async () => {
          // A trailing callback takes the method's progress: the answer then streams as JSON lines.
          const onDelta = typeof args.at(-1) === 'function' ? (args.pop() as (delta: string) => void) : null;
          let response: Response;
          try {
            response = await send(`${baseUrl}/${method}`, {
              method: 'POST',
              headers: injectContext({
                'content-type': 'application/json',
                ...(onDelta && { accept: 'application/x-ndjson' }),
              }),
              body: JSON.stringify({ args }),
              signal: AbortSignal.timeout(methodTimeoutsMs[method] ?? timeoutMs),
            });
          } catch (error) {
            throw unavailable(`did not answer ${method}: ${(error as Error).message}`);
          }
          if (onDelta && response.ok && response.headers.get('content-type')?.includes('ndjson')) {
            return readLines(response, onDelta, () => unavailable(`broke off its answer to ${method}`));
          }
          const body: unknown = await response.json().catch(() => null);
          if (response.ok) return (body as { result: unknown }).result;
          throw appErrorFromBody(body) ?? unavailable(`answered ${method} with ${response.status}`);
        },
        {
          kind: SpanKind.CLIENT,
          attributes: { 'rpc.system': 'http-json', 'rpc.service': service, 'rpc.method': method },
          isExpected: (error) => error instanceof AppError && error.code !== 'unavailable',
        },
      );
  return Object.fromEntries(methods.map((method) => [method, call(method)])) as Api;
}

/**
 * Reads a streamed answer: `{"delta": …}` lines go to `onDelta`, and the last line is `{"result": …}` or
 * `{"error": …}`. An answer that ends without one failed on the way (`brokenOff`).
 */
async function readLines(
  response: Response,
  onDelta: (delta: string) => void,
  brokenOff: () => AppError,
): Promise<unknown> {
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = parseLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      if (!line) throw brokenOff();
      if (typeof line.delta === 'string') onDelta(line.delta);
      else if ('result' in line) return line.result;
      else throw appErrorFromBody(line) ?? brokenOff();
    }
  }
  throw brokenOff();
}

function parseLine(text: string): { delta?: unknown; result?: unknown } | null {
  try {
    const line: unknown = JSON.parse(text);
    return line && typeof line === 'object' ? line : null;
  } catch {
    return null;
  }
}
