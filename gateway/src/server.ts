import uWS from 'uWebSockets.js';
import { AppError, buildOpenApiDocument, type CoreApi, type NotifierApi } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import type { TokenVerifier } from './auth/token-verifier.js';
import type { GatewayConfig } from './config.js';
import { compose, type Handler } from './http/context.js';
import { cors } from './http/cors.js';
import { handleErrors } from './http/errors.js';
import { rateLimit, TokenBuckets } from './http/rate-limit.js';
import { apiRouter } from './http/routes.js';
import { StaticFiles } from './http/static-files.js';
import { serveHttp } from './http/uws-http.js';
import type { NotificationFeed } from './ports/notification-feed.js';
import type { TaskEventFeed } from './ports/task-event-feed.js';
import { SocketHub } from './ws/socket-hub.js';

export interface GatewayDeps {
  core: CoreApi;
  events: TaskEventFeed;
  notifier: NotifierApi;
  notifications: NotificationFeed;
  verifier: TokenVerifier;
  config: GatewayConfig;
  log: Logger;
  version: string;
}

export interface Gateway {
  port: number;
  hub: SocketHub;
  close(): void;
}

/** The edge: REST under /api/v1, the /ws endpoint, and the built UI, on one uWebSockets.js app. */
export async function startGateway({
  core,
  events,
  notifier,
  notifications,
  verifier,
  config,
  log,
  version,
}: GatewayDeps): Promise<Gateway> {
  const app = uWS.App();
  const staticFiles = await StaticFiles.load(config.UI_DIR);
  if (!staticFiles.size) log.warn({ dir: config.UI_DIR }, 'no UI build found; serving the API only');

  const router = apiRouter({
    core,
    notifier,
    verifier,
    userLimit: new TokenBuckets({
      perSecond: config.RATE_LIMIT_USER_PER_SECOND,
      burst: config.RATE_LIMIT_USER_PER_SECOND * 2,
    }),
    authLimit: new TokenBuckets({
      perSecond: config.RATE_LIMIT_AUTH_PER_MINUTE / 60,
      burst: config.RATE_LIMIT_AUTH_PER_MINUTE,
    }),
    openApiDocument: buildOpenApiDocument(version),
  });
  const edge = [
    handleErrors(log),
    cors(config.CORS_ORIGINS),
    rateLimit(
      new TokenBuckets({
        perSecond: config.RATE_LIMIT_IP_PER_SECOND,
        burst: config.RATE_LIMIT_IP_PER_SECOND * 2,
      }),
      (ctx) => `ip:${ctx.ip}`,
    ),
  ];
  const notFound: Handler = async (ctx) => {
    const isPage = (ctx.method === 'GET' || ctx.method === 'HEAD') && !ctx.url.pathname.startsWith('/api/');
    const file = isPage ? staticFiles.serve(ctx) : null;
    if (file) return file;
    throw new AppError('not_found', `No route for ${ctx.method} ${ctx.url.pathname}`);
  };

  // Each route's handler is wrapped in the edge middlewares once, not on every request.
  const wrapped = new WeakMap<Handler, Handler>();
  const withEdge = (handler: Handler) => {
    let composed = wrapped.get(handler);
    if (!composed) wrapped.set(handler, (composed = compose(edge, handler)));
    return composed;
  };
  serveHttp(
    app,
    (method, path) => {
      const match = path.startsWith('/api/') || !path.includes('.') ? router.match(method, path) : null;
      const route = match?.pattern ?? (path.startsWith('/api/') ? 'unmatched' : 'static');
      return { route, params: match?.params ?? {}, handler: withEdge(match?.handler ?? notFound) };
    },
    { maxBodyBytes: config.MAX_BODY_BYTES, log },
  );

  const hub = new SocketHub(core, verifier, log, {
    maxPayloadBytes: config.WS_MAX_PAYLOAD_BYTES,
    maxBackpressureBytes: config.WS_MAX_BACKPRESSURE_BYTES,
    idleTimeoutSeconds: config.WS_IDLE_TIMEOUT_SECONDS,
    authTimeoutMs: config.WS_AUTH_TIMEOUT_MS,
    framesPerSecond: config.WS_FRAMES_PER_SECOND,
  });
  hub.attach(app);
  const unsubscribe = [
    events.subscribe((event) => hub.publish(event)),
    notifications.subscribe((event) => hub.notify(event)),
  ];

  const listenSocket = await new Promise<uWS.us_listen_socket>((resolve, reject) =>
    app.listen(config.HOST, config.PORT, (socket) =>
      socket
        ? resolve(socket)
        : reject(new Error(`Cannot listen on ${config.HOST}:${config.PORT} (port in use?)`)),
    ),
  );
  return {
    port: uWS.us_socket_local_port(listenSocket as unknown as uWS.us_socket),
    hub,
    close() {
      for (const stop of unsubscribe) stop();
      uWS.us_listen_socket_close(listenSocket);
    },
  };
}
