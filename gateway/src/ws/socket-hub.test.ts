import { afterEach, describe, expect, it, vi } from 'vitest';
import type { TemplatedApp, WebSocketBehavior } from 'uWebSockets.js';
import { AppError, type CoreApi } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import type { TokenVerifier } from '../auth/token-verifier.js';
import { SocketHub } from './socket-hub.js';
import { notificationEventFixture, taskEventFixture } from '../../../testing/fixtures.js';

const ALICE = '00000000-0000-4000-8000-0000000000a1';
const BOB = '00000000-0000-4000-8000-0000000000b2';

/** Tokens are the user ids themselves. */
const verifier = {
  async verify(token: string) {
    if (![ALICE, BOB].includes(token)) throw new AppError('unauthenticated', 'The token is not valid');
    return { userId: token };
  },
} as unknown as TokenVerifier;
const core = {
  me: async ({ userId }: { userId: string }) => ({ id: userId }),
  latestSeq: async () => 0,
} as unknown as CoreApi;
const log = { error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() } as unknown as Logger;

/** Stands in for a uWebSockets.js socket: keeps what it was sent. */
class FakeSocket {
  readonly frames: any[] = [];
  constructor(private readonly data: any) {}
  getUserData() {
    return this.data;
  }
  cork(fn: () => void) {
    fn();
  }
  send(text: string) {
    this.frames.push(JSON.parse(text));
    return 1;
  }
  end() {}
  of(type: string) {
    return this.frames.filter((frame) => frame.type === type);
  }
}

/** A hub attached to a fake app, so the test drives its socket handlers as uWebSockets.js would. */
function harness() {
  let behavior!: WebSocketBehavior<any>;
  const app = {
    ws: (_pattern: string, b: WebSocketBehavior<any>) => (behavior = b),
  } as unknown as TemplatedApp;
  const hub = new SocketHub(core, verifier, log, {
    maxPayloadBytes: 64 * 1024,
    maxBackpressureBytes: 1024 * 1024,
    idleTimeoutSeconds: 120,
    authTimeoutMs: 10_000,
    framesPerSecond: 1000,
  });
  hub.attach(app);
  const sockets: FakeSocket[] = [];

  const connect = () => {
    let data: unknown;
    behavior.upgrade!(
      { upgrade: (userData: unknown) => (data = userData) } as any,
      { getHeader: () => '' } as any,
      {} as any,
    );
    const ws = new FakeSocket(data);
    behavior.open!(ws as any);
    sockets.push(ws);
    return ws;
  };
  const send = async (ws: FakeSocket, frame: unknown) => {
    behavior.message!(
      ws as any,
      new TextEncoder().encode(JSON.stringify(frame)).buffer as ArrayBuffer,
      false,
    );
    await ws.getUserData().inbox;
  };
  const authenticated = async (userId: string) => {
    const ws = connect();
    await send(ws, { type: 'auth', token: userId });
    expect(ws.of('ready')).toHaveLength(1);
    return ws;
  };
  const close = (ws: FakeSocket) => behavior.close!(ws as any, 1000, new ArrayBuffer(0));
  const closeAll = () => sockets.filter((ws) => !ws.getUserData().closed).forEach(close);
  return { hub, connect, send, authenticated, close, closeAll };
}

let current: ReturnType<typeof harness> | undefined;
const start = () => (current = harness());
afterEach(() => current?.closeAll());

describe('SocketHub notifications', () => {
  it('pushes a notification to every socket of its user, and to no one else', async () => {
    const { hub, authenticated, connect } = start();
    const [tab1, tab2, bob] = [
      await authenticated(ALICE),
      await authenticated(ALICE),
      await authenticated(BOB),
    ];
    const anonymous = connect();
    const event = notificationEventFixture(ALICE);
    hub.notify(event);
    for (const ws of [tab1, tab2]) {
      expect(ws.of('notification')).toEqual([{ type: 'notification', notification: event.notification }]);
    }
    expect(bob.of('notification')).toEqual([]);
    expect(anonymous.frames).toEqual([]);
  });

  it('sends each notification id once, however often the feed delivers it', async () => {
    const { hub, authenticated } = start();
    const tab = await authenticated(ALICE);
    const event = notificationEventFixture(ALICE);
    hub.notify(event);
    hub.notify(event);
    // The same notification published again under another event id is still a repeat.
    hub.notify({ ...event, id: '00000000-0000-4000-8000-0000000000e9' });
    const next = notificationEventFixture(ALICE);
    hub.notify(next);
    expect(tab.of('notification').map((frame) => frame.notification.id)).toEqual([
      event.notification.id,
      next.notification.id,
    ]);
  });

  it('skips a socket that follows only tasks, and reaches it again once it follows notifications', async () => {
    const { hub, authenticated, send } = start();
    const [tasksOnly, both] = [await authenticated(ALICE), await authenticated(ALICE)];
    await send(tasksOnly, { type: 'subscribe', topics: ['tasks'] });
    const first = notificationEventFixture(ALICE);
    hub.notify(first);
    expect(tasksOnly.of('notification')).toEqual([]);
    expect(both.of('notification')).toHaveLength(1);

    await send(tasksOnly, { type: 'subscribe', topics: ['notifications'] });
    hub.notify(notificationEventFixture(ALICE));
    expect(tasksOnly.of('notification')).toHaveLength(1);
    // …and following notifications alone, it hears of no task change.
    hub.publish(taskEventFixture(ALICE, 1));
    expect(tasksOnly.of('task.event')).toEqual([]);
    expect(both.of('task.event')).toHaveLength(1);
  });

  it('sends nothing to a closed socket', async () => {
    const { hub, authenticated, close } = start();
    const tab = await authenticated(ALICE);
    close(tab);
    hub.notify(notificationEventFixture(ALICE));
    expect(tab.of('notification')).toEqual([]);
  });
});
