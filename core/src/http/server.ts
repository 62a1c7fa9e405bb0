import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppError, CORE_METHODS, HTTP_STATUS, type CoreApi, type CoreMethod } from '@todo/contracts';
import { extractContext, SpanKind, withSpan, type Logger } from '@todo/observability';

const MAX_BODY_BYTES = 1024 * 1024;
const METHODS = new Set<string>(CORE_METHODS);

export interface CoreServer {
  port: number;
  close(): Promise<void>;
}

export interface CoreServerOptions {
  port: number;
  host?: string;
  log: Logger;
}

/**
 * Core's HTTP app for service invocation: `POST /core/<method>` with `{"args": [...]}` answers
 * `{"result": …}`, or the error body with the status of its code. Callers are trusted to name the actor
 * (the gateway authenticated it), so this listens on loopback, for core's Dapr sidecar only.
 */
export async function startCoreServer(api: CoreApi, options: CoreServerOptions): Promise<CoreServer> {
  const server: Server = createServer((req, res) => {
    route(api, req, res).catch((error: unknown) => {
      options.log.error({ err: error, url: req.url }, 'rpc request failed');
      if (!res.headersSent)
        send(res, 500, new AppError('internal', 'Something went wrong on our side').toBody());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function route(api: CoreApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  if (req.method === 'GET' && path === '/healthz') return send(res, 200, { status: 'ok' });
  return invoke(api, req, res, path);
}

async function invoke(api: CoreApi, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const method = path.startsWith('/core/') ? path.slice('/core/'.length) : '';
  if (req.method !== 'POST' || !METHODS.has(method)) {
    return send(res, 404, new AppError('not_found', `No core method ${req.method} ${path}`).toBody());
  }
  const parent = extractContext({
    traceparent: header(req, 'traceparent'),
    tracestate: header(req, 'tracestate'),
  });
  await withSpan(
    `rpc core/${method}`,
    async (span) => {
      try {
        const args = parseArgs(await readBody(req));
        const call = api[method as CoreMethod] as (...args: unknown[]) => Promise<unknown>;
        const result = await call(...args);
        send(res, 200, { result: result ?? null });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        span.setAttribute('rpc.error_code', error.code);
        send(res, HTTP_STATUS[error.code], error.toBody());
      }
    },
    { kind: SpanKind.SERVER, parent, attributes: { 'rpc.system': 'http-json', 'rpc.method': method } },
  );
}

function parseArgs(body: string): unknown[] {
  try {
    const { args } = JSON.parse(body) as { args?: unknown };
    // JSON has no undefined: an omitted optional argument (If-Match) arrives as null.
    if (Array.isArray(args)) return args.map((arg: unknown) => (arg === null ? undefined : arg));
  } catch {
    // fall through
  }
  throw new AppError('invalid_input', 'The body must be {"args": [...]}', { args: 'Not an array' });
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

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res
    .writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) })
    .end(json);
}
