// The /ws client (DESIGN §5): one socket per tab. Authenticates with the token, follows task events by their
// per-user `seq`, and after a reconnect sends `resume {lastSeq}` so the server replays what this tab missed
// (or answers `reload` when the gap is too old). Also carries the chat: `chat.send` → `chat.delta`* → `chat.done`.
import type { ChatReply, ClientFrame, Notification, ServerFrame, TaskEvent, User } from '@todo/contracts';

export type LiveStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting';

export interface LiveHandlers {
  /** A task change of this user, in seq order, each once. */
  onTaskEvent?(event: TaskEvent): void;
  /** The list may be stale (first sync, a `reload` frame, or a gap in seq): fetch it again. */
  onResync?(): void;
  onNotification?(notification: Notification): void;
  onStatus?(status: LiveStatus): void;
  onReady?(user: User): void;
  /** The server refused the token. */
  onUnauthenticated?(): void;
}

export interface ChatHandlers {
  onDelta(delta: string): void;
  onDone(reply: ChatReply): void;
  onError(message: string): void;
}

/** What the chat panel needs; the socket implements it, and a test fakes it. */
export interface ChatTransport {
  send(text: string, handlers: ChatHandlers): void;
}

const PING_EVERY_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 10_000;

export function liveUrl(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}

export class LiveClient implements ChatTransport {
  private socket: WebSocket | null = null;
  private wanted = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private chatSeq = 0;
  private readonly chats = new Map<string, ChatHandlers>();
  private readonly outbox: ClientFrame[] = [];
  private authed = false;
  /** The seq of the last task event applied; null until the first `ready`. */
  lastSeq: number | null = null;
  status: LiveStatus = 'offline';

  constructor(
    private readonly token: () => string | null,
    private readonly handlers: LiveHandlers,
    private readonly url: () => string = () => liveUrl(),
  ) {}

  connect(): void {
    this.wanted = true;
    clearTimeout(this.retryTimer);
    const token = this.token();
    if (this.socket || !token) return;
    this.setStatus(this.attempt === 0 && this.lastSeq === null ? 'connecting' : 'reconnecting');
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket === socket) this.sendNow({ type: 'auth', token });
    });
    socket.addEventListener('message', (event) => {
      if (this.socket === socket && typeof event.data === 'string') this.onFrame(event.data);
    });
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.drop();
      this.scheduleReconnect();
    });
  }

  disconnect(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    this.attempt = 0;
    this.drop();
    this.lastSeq = null;
    this.setStatus('offline');
  }

  /** Reconnect at once (tab visible again, network back). */
  reconnectNow(): void {
    if (!this.wanted || this.socket) return;
    this.attempt = 0;
    this.connect();
  }

  send(text: string, handlers: ChatHandlers): void {
    const id = `c${++this.chatSeq}`;
    this.chats.set(id, handlers);
    const frame: ClientFrame = { type: 'chat.send', id, text };
    if (this.authed) this.sendNow(frame);
    else this.outbox.push(frame); // sent once the socket is ready
  }

  private onFrame(data: string): void {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data) as ServerFrame;
    } catch {
      return;
    }
    switch (frame.type) {
      case 'ready':
        return this.onReady(frame);
      case 'task.event':
        return this.onTaskEvent(frame.event);
      case 'reload':
        this.lastSeq = frame.seq;
        this.handlers.onResync?.();
        return;
      case 'notification':
        this.handlers.onNotification?.(frame.notification);
        return;
      case 'chat.delta':
        if (frame.id) this.chats.get(frame.id)?.onDelta(frame.delta);
        return;
      case 'chat.done': {
        const handlers = frame.id ? this.chats.get(frame.id) : undefined;
        if (!handlers || !frame.id) return;
        this.chats.delete(frame.id);
        const { type: _type, id: _id, ...reply } = frame;
        handlers.onDone(reply);
        return;
      }
      case 'pong':
        clearTimeout(this.pongTimer);
        return;
      case 'error': {
        const handlers = frame.id ? this.chats.get(frame.id) : undefined;
        if (handlers && frame.id) {
          this.chats.delete(frame.id);
          handlers.onError(frame.message);
        } else if (frame.code === 'unauthenticated') {
          this.disconnect();
          this.handlers.onUnauthenticated?.();
        }
        return;
      }
      default:
        return; // 'subscribed', and frame types this client does not use
    }
  }

  private onReady(frame: Extract<ServerFrame, { type: 'ready' }>): void {
    this.attempt = 0;
    this.authed = true;
    this.setStatus('connected');
    this.handlers.onReady?.(frame.user);
    if (this.lastSeq === null) {
      // First connection: from here on every change arrives as an event; the list is (re)fetched now.
      this.lastSeq = frame.seq;
      this.handlers.onResync?.();
    } else if (frame.seq > this.lastSeq) {
      // Reconnected: ask for what this tab missed while it was away.
      this.sendNow({ type: 'resume', lastSeq: this.lastSeq });
    }
    for (const queued of this.outbox.splice(0)) this.sendNow(queued);
    this.startHeartbeat();
  }

  private onTaskEvent(event: TaskEvent): void {
    if (this.lastSeq !== null && event.seq <= this.lastSeq) return; // seen already (replay overlap)
    const gap = this.lastSeq !== null && event.seq > this.lastSeq + 1;
    this.lastSeq = event.seq;
    this.handlers.onTaskEvent?.(event);
    if (gap) this.handlers.onResync?.();
  }

  private sendNow(frame: ClientFrame): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  private startHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      this.sendNow({ type: 'ping' });
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => {
        this.drop(); // no answer: the connection is dead even if the browser has not noticed
        this.scheduleReconnect();
      }, PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  private drop(): void {
    const socket = this.socket;
    this.socket = null;
    this.authed = false;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    // A chat in flight on a dead socket gets no reply: say so instead of spinning forever.
    const queued = new Set(this.outbox.map((frame) => frame.id));
    for (const [id, handlers] of this.chats) {
      if (queued.has(id)) continue;
      this.chats.delete(id);
      handlers.onError('The connection dropped before the reply; try again.');
    }
    if (!socket) return;
    if (socket.readyState === WebSocket.CONNECTING) socket.addEventListener('open', () => socket.close(1000));
    else if (socket.readyState === WebSocket.OPEN) socket.close(1000);
  }

  private scheduleReconnect(): void {
    if (!this.wanted || !this.token()) return this.setStatus('offline');
    this.setStatus('reconnecting');
    clearTimeout(this.retryTimer);
    const delay = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** this.attempt);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), delay * (0.8 + Math.random() * 0.2));
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    this.handlers.onStatus?.(status);
  }
}
