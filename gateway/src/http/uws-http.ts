import { STATUS_CODES } from 'node:http';
import type { HttpRequest, HttpResponse, TemplatedApp } from 'uWebSockets.js';
import { AppError } from '@todo/contracts';
import {
  context,
  extractContext,
  metrics,
  SpanKind,
  SpanStatusCode,
  startSpan,
  trace,
  type Logger,
} from '@todo/observability';
import type { Handler, RequestContext } from './context.js';
import { errorResponse } from './errors.js';

/** Picks the handler for a request and names its route (for the span) before any await. */
export type Resolve = (
  method: string,
  path: string,
) => { handler: Handler; route: string; params: Record<string, string> };

export interface HttpServeOptions {
  maxBodyBytes: number;
  log: Logger;
}

/**
 * Bridges uWebSockets.js to Web-standard handlers. uWS gives the request only synchronously and runs
 * outside Node's async context, so everything is read up front, the span is started here, and the
 * response is written inside `cork` unless the client went away (`onAborted`).
 */
export function serveHttp(app: TemplatedApp, resolve: Resolve, options: HttpServeOptions): void {
  // Created here, not at import: a meter taken before the SDK starts stays a no-op.
  const requestDuration = metrics
    .getMeter('todo-gateway')
    .createHistogram('http.server.request.duration', { unit: 's', description: 'Duration of HTTP requests' });
  app.any('/*', (res: HttpResponse, req: HttpRequest) => {
    const aborted = { value: false };
    res.onAborted(() => {
      aborted.value = true;
    });
    const method = req.getMethod().toUpperCase();
    const path = req.getUrl();
    const query = req.getQuery();
    const headers = new Headers();
    req.forEach((name, value) => headers.append(name, value));
    const ip = Buffer.from(res.getRemoteAddressAsText()).toString();
    const { handler, route, params } = resolve(method, path);
    const started = performance.now();

    const parent = extractContext({
      traceparent: headers.get('traceparent') ?? undefined,
      tracestate: headers.get('tracestate') ?? undefined,
    });
    const span = startSpan(`${method} ${route}`, {
      kind: SpanKind.SERVER,
      parent,
      attributes: {
        'http.request.method': method,
        'http.route': route,
        'url.path': path,
        'client.address': ip,
      },
    });

    const respond = async (body: Uint8Array): Promise<Response> => {
      const ctx: RequestContext = {
        method,
        url: new URL(`${path}${query ? `?${query}` : ''}`, 'http://gateway'),
        headers,
        body,
        ip,
        params,
      };
      return context.with(trace.setSpan(parent, span), () => handler(ctx));
    };

    readBody(res, headers, options.maxBodyBytes)
      .then(respond, (error: AppError) => errorResponse(error, { connection: 'close' }))
      .then((response) => write(res, method, response, aborted))
      .then((status) => {
        requestDuration.record((performance.now() - started) / 1000, {
          'http.request.method': method,
          'http.route': route,
          'http.response.status_code': status,
        });
        span.setAttribute('http.response.status_code', status);
        if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      })
      .catch((error: unknown) => {
        options.log.error({ err: error, method, path }, 'failed to answer a request');
        span.setStatus({ code: SpanStatusCode.ERROR });
        if (!aborted.value) res.cork(() => res.writeStatus('500 Internal Server Error').end('', true));
      })
      .finally(() => span.end());
  });
}

/** Collects the body, refusing more than `limit` bytes (413) without buffering it. */
function readBody(res: HttpResponse, headers: Headers, limit: number): Promise<Uint8Array> {
  const declared = Number(headers.get('content-length') ?? 0);
  const tooLarge = () => new AppError('payload_too_large', `The body may be at most ${limit} bytes`);
  if (declared > limit) return Promise.reject(tooLarge());
  if (!declared && !headers.has('transfer-encoding')) return Promise.resolve(new Uint8Array());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    res.onData((chunk, isLast) => {
      if (refused) return;
      size += chunk.byteLength;
      if (size > limit) {
        refused = true;
        reject(tooLarge());
        return;
      }
      // uWS reuses the chunk's memory after this callback returns: copy it.
      chunks.push(Buffer.from(new Uint8Array(chunk)));
      if (isLast) resolve(Buffer.concat(chunks));
    });
  });
}

async function write(
  res: HttpResponse,
  method: string,
  response: Response,
  aborted: { value: boolean },
): Promise<number> {
  const { status } = response;
  const body = new Uint8Array(await response.arrayBuffer());
  if (aborted.value) return status;
  const close = response.headers.get('connection') === 'close';
  res.cork(() => {
    res.writeStatus(`${status} ${STATUS_CODES[status] ?? ''}`);
    response.headers.forEach((value, name) => {
      if (name !== 'connection' && name !== 'content-length') res.writeHeader(name, value);
    });
    // HEAD reports the length it would have sent. (This uWS build writes a bogus length when
    // endWithoutBody gets none, so 204 and 304 end with an empty body: "Content-Length: 0".)
    if (method === 'HEAD') res.endWithoutBody(body.byteLength, close);
    else res.end(body, close);
  });
  return status;
}
