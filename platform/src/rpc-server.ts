import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, HTTP_STATUS } from '@todo/contracts';
import { extractContext, SpanKind, withSpan, type Logger } from '@todo/observability';

const MAX_BODY_BYTES = 1024 * 1024;
const NDJSON = 'application/x-ndjson';

/**
 * Handles a POST at its path: gets the body as JSON (undefined when it is none) and the path, answers 200
 * with the result. A thrown error answers 500.
 */
export type RouteHandler = (body: unknown, path: string) => Promise<unknown>;

export interface RpcServerOptions<Api> {
  /** Names the methods' path, `/<service>/<method>`, and their spans. */
  service: string;
  api: Api;
  /** The methods of `api` callers may name. */
  methods: ReadonlyArray<keyof Api & string>;
  /**
   * Other POST endpoints by path (e.g. what the sidecar delivers: subscriptions, bindings); a path ending
   * in `/*` takes every path under it (Dapr jobs, `/job/<name>`).
   */
  routes?: Record<string, RouteHandler>;
  port: number;
  host?: string;
  log: Logger;
}

export interface RpcServer {
  port: number;
  close(): Promise<void>;
}

/**
 * A service's HTTP app for service invocation: `POST /<service>/<method>` with `{"args": [...]}` answers
 * `{"result": …}`, or the error body with the status of its code. With `accept: application/x-ndjson` the
 * method gets a progress callback as its last argument, and the answer streams (see `LineStream`). Callers are trusted to name the actor
 * (the gateway authenticated it), so this listens on loopback, for the service's Dapr sidecar only.
 */
export async function startRpcServer<Api>(options: RpcServerOptions<Api>): Promise<RpcServer> {
  const methods = new Set<string>(options.methods);
  const routes = new Map(Object.entries(options.routes ?? {}));
  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      options.log.error({ err: error, url: req.url }, 'request failed');
      if (!res.headersSent)
        send(res, 500, new AppError('internal', 'Something went wrong on our side').toBody());
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
    const handler = routes.get(path) ?? routes.get(path.slice(0, path.lastIndexOf('/') + 1) + '*');
    // Dapr asks with OPTIONS whether the app takes an input binding's events.
    if (handler && req.method === 'OPTIONS') return send(res, 200, {});
    if (handler && req.method === 'POST') return serveRoute(req, res, path, handler);
    return invoke(req, res, path);
  }

  async function serveRoute(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    handler: RouteHandler,
  ): Promise<void> {
    const text = await readBody(req);
    await withSpan(`POST ${path}`, async () => send(res, 200, (await handler(parseJson(text), path)) ?? {}), {
      kind: SpanKind.SERVER,
      parent: parentContext(req),
      attributes: { 'http.request.method': 'POST', 'url.path': path },
    });
  }

  async function invoke(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const prefix = `/${options.service}/`;
    const method = path.startsWith(prefix) ? path.slice(prefix.length) : '';
    if (req.method !== 'POST' || !methods.has(method)) {
      return send(
        res,
        404,
        new AppError('not_found', `No ${options.service} method ${req.method} ${path}`).toBody(),
      );
    }
    await withSpan(
      `rpc ${options.service}/${method}`,
      async (span) => {
        const stream = streamsTo(req) ? new LineStream(res) : null;
        try {
          const args = parseArgs(await readBody(req));
          const call = options.api[method as keyof Api] as (...args: unknown[]) => Promise<unknown>;
          // A caller that takes a stream gets the method's progress callback as its last argument.
          if (stream) args.push((delta: string) => stream.line({ delta }));
          const result = (await call.apply(options.api, args)) ?? null;
          if (stream) stream.end({ result });
          else send(res, 200, { result });
        } catch (error) {
          if (!(error instanceof AppError)) {
            if (stream?.started)
              return stream.end(new AppError('internal', 'Something went wrong on our side').toBody());
            throw error;
          }
          span.setAttribute('rpc.error_code', error.code);
          if (stream?.started) stream.end(error.toBody());
          else send(res, HTTP_STATUS[error.code], error.toBody());
        }
      },
      {
        kind: SpanKind.SERVER,
        parent: parentContext(req),
        attributes: { 'rpc.system': 'http-json', 'rpc.method': method },
      },
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function parentContext(req: IncomingMessage) {
  return extractContext({ traceparent: header(req, 'traceparent'), tracestate: header(req, 'tracestate') });
}

function parseArgs(body: string): unknown[] {
  const { args } = (parseJson(body) ?? {}) as { args?: unknown };
  // JSON has no undefined: an omitted optional argument (If-Match) arrives as null.
  if (Array.isArray(args)) return args.map((arg: unknown) => (arg === null ? undefined : arg));
  throw new AppError('invalid_input', 'The body must be {"args": [...]}', { args: 'Not an array' });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new AppError('payload_too_large', `The body may be at most ${MAX_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the caller asked for the answer as a stream of JSON lines (`accept: application/x-ndjson`). */
function streamsTo(req: IncomingMessage): boolean {
  return (header(req, 'accept') ?? '').includes(NDJSON);
}

/**
 * An answer as JSON lines: `{"delta": …}` as the method makes progress, then one `{"result": …}` or
 * `{"error": …}`. Nothing is written before the first line, so an early failure still gets its status.
 */
class LineStream {
  started = false;

  constructor(private readonly res: ServerResponse) {}

  line(body: unknown): void {
    if (!this.started) {
      this.res.writeHead(200, { 'content-type': NDJSON, 'cache-control': 'no-store' });
      this.started = true;
    }
    this.res.write(JSON.stringify(body) + '\n');
  }

  end(body: unknown): void {
    this.line(body);
    this.res.end();
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) })
    .end(json);
}
