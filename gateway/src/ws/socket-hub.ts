import { randomUUID } from 'node:crypto';
import type { TemplatedApp, WebSocket } from 'uWebSockets.js';
import {
  AppError,
  ClientFrame,
  WS_TOPICS,
  type Actor,
  type CoreApi,
  type NotificationEvent,
  type ServerFrame,
  type TaskEvent,
} from '@todo/contracts';
import { extractContext, metrics, SpanKind, withSpan, type Logger } from '@todo/observability';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { TokenBuckets } from '../http/rate-limit.js';
import { RecentIds } from '../util/recent-ids.js';
import { EventOrder } from './event-order.js';

export interface SocketHubOptions {
  maxPayloadBytes: number;
  maxBackpressureBytes: number;
  idleTimeoutSeconds: number;
  /** A socket that has not authenticated by then is closed. */
  authTimeoutMs: number;
  framesPerSecond: number;
}

type Topic = (typeof WS_TOPICS)[number];

interface SocketData {
  id: string;
  actor: Actor | null;
  closed: boolean;
  /** Frames are handled one after another, in the order they came: "auth" then "resume" just works. */
  inbox: Promise<void>;
  /** Chat messages, one after another too, but apart: a reply may take seconds and holds up nothing else. */
  chats: Promise<void>;
  authTimer?: NodeJS.Timeout;
  topics: Set<Topic>;
  events: EventOrder;
}

type Socket = WebSocket<SocketData>;
const CLOSE_POLICY = 1008;

/**
 * The `/ws` endpoint (DESIGN §5): one socket per tab. A socket authenticates with its first frames; every
 * task event of its user then reaches it (and no one else's), once and in sequence order, live or replayed
 * after a reconnect; so does each notification of its user, once, while it follows the topic.
 */
export class SocketHub {
  private readonly socketsOfUser = new Map<string, Set<Socket>>();
  private open = 0;
  private readonly frameBuckets: TokenBuckets;
  /** Notifications arrive at least once; a repeat must not pop up a second toast. */
  private readonly notified = new RecentIds();

  constructor(
    private readonly core: CoreApi,
    private readonly verifier: TokenVerifier,
    private readonly log: Logger,
    private readonly options: SocketHubOptions,
  ) {
    this.frameBuckets = new TokenBuckets({
      perSecond: options.framesPerSecond,
      burst: options.framesPerSecond * 2,
    });
    metrics
      .getMeter('todo-gateway')
      .createObservableGauge('websocket.open', { description: 'Open WebSocket connections' })
      .addCallback((result) => result.observe(this.open));
  }

  get openSockets(): number {
    return this.open;
  }

  attach(app: TemplatedApp): void {
    app.ws<SocketData>('/ws', {
      maxPayloadLength: this.options.maxPayloadBytes,
      maxBackpressure: this.options.maxBackpressureBytes,
      closeOnBackpressureLimit: 1,
      idleTimeout: this.options.idleTimeoutSeconds,
      sendPingsAutomatically: true,
      upgrade: (res, req, context) => {
        res.upgrade<SocketData>(
          {
            id: randomUUID(),
            actor: null,
            closed: false,
            inbox: Promise.resolve(),
            chats: Promise.resolve(),
            topics: new Set(),
            events: new EventOrder(),
          },
          req.getHeader('sec-websocket-key'),
          req.getHeader('sec-websocket-protocol'),
          req.getHeader('sec-websocket-extensions'),
          context,
        );
      },
      open: (ws) => {
        this.open++;
        const data = ws.getUserData();
        data.authTimer = setTimeout(() => {
          if (!data.actor && !data.closed) ws.end(CLOSE_POLICY, 'authenticate first');
        }, this.options.authTimeoutMs);
      },
      message: (ws, message, isBinary) => {
        // The message buffer is only valid until the first await: decode it now.
        const text = isBinary ? null : Buffer.from(message).toString('utf8');
        const data = ws.getUserData();
        if (this.frameBuckets.take(data.id) > 0) {
          this.send(ws, data, { type: 'error', code: 'rate_limited', message: 'Too many frames; slow down' });
          return;
        }
        data.inbox = data.inbox.then(() => this.onMessage(ws, text));
      },
      close: (ws) => {
        this.open--;
        const data = ws.getUserData();
        data.closed = true;
        clearTimeout(data.authTimer);
        if (data.actor) this.socketsOfUser.get(data.actor.userId)?.delete(ws);
      },
    });
  }

  /** Sends a committed task event to every socket of its user. */
  publish(event: TaskEvent): void {
    const sockets = this.socketsOfUser.get(event.userId);
    if (!sockets?.size) return;
    const text = eventFrame(event);
    for (const ws of sockets) this.deliver(ws, ws.getUserData(), event, text);
  }

  /** Sends a notification to every socket of its user that follows `notifications`, once per id. */
  notify(event: NotificationEvent): void {
    if (!this.notified.isNew(event.notification.id)) return;
    const sockets = this.socketsOfUser.get(event.userId);
    if (!sockets?.size) return;
    const frame: ServerFrame = { type: 'notification', notification: event.notification };
    const text = JSON.stringify(frame);
    for (const ws of sockets) {
      const data = ws.getUserData();
      if (data.topics.has('notifications')) this.sendText(ws, data, text);
    }
  }

  private deliver(ws: Socket, data: SocketData, event: TaskEvent, text?: string): void {
    if (!data.topics.has('tasks')) return;
    const fresh = data.events.offer(event);
    if (fresh.length) this.sendText(ws, data, text ?? eventFrame(event));
  }

  private async onMessage(ws: Socket, text: string | null): Promise<void> {
    const data = ws.getUserData();
    let frameId: string | undefined;
    try {
      const frame = parseFrame(text);
      frameId = frame.id;
      await withSpan(`ws ${frame.type}`, () => this.handle(ws, data, frame), {
        kind: SpanKind.SERVER,
        parent: extractContext({ traceparent: frame.traceparent, tracestate: frame.tracestate }),
        attributes: { 'ws.frame.type': frame.type, 'ws.socket.id': data.id },
        isExpected: (error) => error instanceof AppError,
      });
    } catch (error) {
      this.sendError(ws, data, error, frameId ?? (error instanceof InvalidFrame ? error.frameId : undefined));
    }
  }

  private async handle(ws: Socket, data: SocketData, frame: ClientFrame): Promise<void> {
    const id = frame.id ? { id: frame.id } : {};
    switch (frame.type) {
      case 'ping':
        return this.send(ws, data, { type: 'pong', ...id });
      case 'auth': {
        const actor = await this.verifier.verify(frame.token);
        const [user, seq] = await Promise.all([this.core.me(actor), this.core.latestSeq(actor)]);
        if (data.closed) return;
        if (data.actor) this.socketsOfUser.get(data.actor.userId)?.delete(ws);
        data.actor = actor;
        data.topics = new Set(WS_TOPICS);
        data.events.resetTo(seq);
        clearTimeout(data.authTimer);
        const sockets = this.socketsOfUser.get(actor.userId) ?? new Set();
        this.socketsOfUser.set(actor.userId, sockets.add(ws));
        return this.send(ws, data, { type: 'ready', ...id, user, seq });
      }
      case 'subscribe': {
        requireActor(data);
        data.topics = new Set(frame.topics);
        return this.send(ws, data, { type: 'subscribed', ...id, topics: frame.topics });
      }
      case 'resume': {
        const actor = requireActor(data);
        // Live events are held from here on: they may overlap the replay or arrive before its end.
        data.events.beginReplay();
        let replay;
        try {
          replay = await this.core.eventsSince(actor, frame.lastSeq);
        } catch (error) {
          for (const event of data.events.abandonReplay()) this.sendText(ws, data, eventFrame(event));
          throw error;
        }
        if (replay.reload) {
          data.events.abandonReplay();
          const seq = await this.core.latestSeq(actor);
          data.events.resetTo(seq);
          return this.send(ws, data, { type: 'reload', ...id, seq });
        }
        for (const event of data.events.endReplay(frame.lastSeq, replay.events)) {
          this.sendText(ws, data, eventFrame(event));
        }
        return;
      }
      case 'chat.send': {
        const actor = requireActor(data);
        data.chats = data.chats.then(() => this.chat(ws, data, actor, frame));
        return;
      }
    }
  }

  /** Streams the assistant's reply to the socket that asked: `chat.delta` frames, then `chat.done`. */
  private async chat(
    ws: Socket,
    data: SocketData,
    actor: Actor,
    frame: Extract<ClientFrame, { type: 'chat.send' }>,
  ): Promise<void> {
    const id = frame.id ? { id: frame.id } : {};
    try {
      const input = {
        message: frame.text,
        ...(frame.conversationId && { conversationId: frame.conversationId }),
      };
      const reply = await this.core.chat(actor, input, (delta) =>
        this.send(ws, data, { type: 'chat.delta', ...id, delta }),
      );
      this.send(ws, data, { type: 'chat.done', ...id, ...reply });
    } catch (error) {
      this.sendError(ws, data, error, frame.id);
    }
  }

  /** An `error` frame that says what was wrong with the frame `frameId`; a failure of ours is logged. */
  private sendError(ws: Socket, data: SocketData, error: unknown, frameId: string | undefined): void {
    const known = error instanceof AppError || error instanceof InvalidFrame;
    if (!known) this.log.error({ err: error, socket: data.id }, 'websocket frame failed');
    const code =
      error instanceof AppError ? error.code : error instanceof InvalidFrame ? 'invalid_frame' : 'internal';
    const message = known ? (error as Error).message : 'Something went wrong on our side';
    this.send(ws, data, { type: 'error', ...(frameId ? { id: frameId } : {}), code, message });
  }

  private send(ws: Socket, data: SocketData, frame: ServerFrame): void {
    this.sendText(ws, data, JSON.stringify(frame));
  }

  private sendText(ws: Socket, data: SocketData, text: string): void {
    if (data.closed) return;
    ws.cork(() => ws.send(text));
  }
}

const eventFrame = (event: TaskEvent) => JSON.stringify({ type: 'task.event', event } satisfies ServerFrame);

/** A frame that does not decode; `frameId` is its `id` when it had a readable one, for the error frame. */
class InvalidFrame extends Error {
  constructor(
    message: string,
    readonly frameId?: string,
  ) {
    super(message);
  }
}

function parseFrame(text: string | null): ClientFrame {
  if (text === null) throw new InvalidFrame('Frames are JSON text, not binary');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidFrame('A frame must be a JSON object');
  }
  const result = ClientFrame.safeParse(value);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || 'frame'}: ${issue.message}`,
    );
    const id = (value as { id?: unknown } | null)?.id;
    throw new InvalidFrame(
      `Invalid frame: ${problems.join('; ')}`,
      typeof id === 'string' && id.length <= 64 ? id : undefined,
    );
  }
  return result.data;
}

function requireActor(data: SocketData): Actor {
  if (!data.actor) throw new AppError('unauthenticated', 'Send {"type":"auth","token":"…"} first');
  return data.actor;
}
