import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { startApp, type AppProcess } from '../../testing/app-process.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { startOpenAiTestServer, type OpenAiTestServer } from '../../testing/openai-server.js';
import { FrameRecorder } from '../../testing/ws-client.js';

interface Runtime {
  app: AppProcess;
  /** The dapr runtime's conversations, as Dapr's state store keeps them (key → ETag). */
  daprStateKeys?: () => Promise<string[]>;
  stop(): Promise<void>;
}

const RUNTIMES: Array<[string, () => Promise<Runtime>]> = [
  [
    'embedded',
    async () => {
      const app = await startApp();
      return { app, stop: () => app.stop() };
    },
  ],
  [
    'dapr (core by service invocation through both sidecars, the reply as JSON lines)',
    async () => {
      const database: TestDatabase = await createDatabase();
      const stack: DaprStack = await startDaprStack(database.url);
      const sql = postgres(database.url, { max: 1, onnotice: () => {} });
      return {
        app: stack.gateways[0]!,
        daprStateKeys: async () =>
          (await sql<{ key: string }[]>`select key from dapr_state_state`).map((r) => r.key),
        async stop() {
          await sql.end();
          await stack.stop();
          await database.drop();
        },
      };
    },
  ],
];

/**
 * The assistant over the gateway, in both runtimes: `chat.send` streams `chat.delta` frames and ends with
 * `chat.done`; the REST endpoint answers the same conversation; a change made by chat reaches every tab
 * of its user as the same task event REST makes.
 */
describe.each(RUNTIMES)('chat over the gateway, %s', (_name, start) => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await start();
  }, 180_000);
  afterAll(async () => {
    await runtime?.stop();
  });

  it('streams the reply to the asking socket, and the change to every tab of the user', async () => {
    const api = new ApiClient(runtime.app.baseUrl);
    const alice = await api.signup(`alice-chat-${Date.now()}@example.com`);
    const bob = await api.signup(`bob-chat-${Date.now()}@example.com`);
    const [asking, otherTab, stranger] = await Promise.all([
      FrameRecorder.authenticated(runtime.app.wsUrl, alice.token),
      FrameRecorder.authenticated(runtime.app.wsUrl, alice.token),
      FrameRecorder.authenticated(runtime.app.wsUrl, bob.token),
    ]);
    asking.ws.send({
      type: 'chat.send',
      id: 'c1',
      text: 'add buy milk tomorrow at 6pm #shopping high priority',
    });
    const done = await asking.ws.next((f) => f.type === 'chat.done', 15_000);
    const deltas = asking.ws.of('chat.delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((f) => f.id === 'c1')).toBe(true);
    expect(deltas.map((f) => f.delta).join('')).toBe(done.reply);
    expect(done).toMatchObject({
      id: 'c1',
      conversationId: 'main',
      actions: [{ kind: 'created', task: { title: 'buy milk', priority: 'high', tags: ['shopping'] } }],
    });
    expect(done.reply).toContain('“buy milk”');
    const taskId = done.actions[0].task.id;
    const event = await otherTab.ws.next((f) => f.type === 'task.event', 10_000);
    expect(event.event).toMatchObject({ type: 'task.created', task: { id: taskId } });
    expect(otherTab.ws.of('chat.delta')).toEqual([]);
    expect(stranger.ws.of('task.event')).toEqual([]);
    for (const { ws } of [asking, otherTab, stranger]) ws.close();

    // The same conversation over REST: "it" is the task the socket's message made.
    const rest = await alice.client.post('/api/v1/chat', { message: 'mark it done' });
    expect(rest.status).toBe(200);
    expect(rest.body).toMatchObject({
      conversationId: 'main',
      actions: [{ kind: 'completed', task: { id: taskId, status: 'done' } }],
      tasks: [{ id: taskId }],
    });
    expect(rest.body.reply).toBe('Marked “buy milk” done.');
    const history = await alice.client.get('/api/v1/chat/history');
    expect(history.status).toBe(200);
    expect(
      history.body.turns.map((t: { role: string; text: string }) => [t.role, t.text.slice(0, 12)]),
    ).toEqual([
      ['user', 'add buy milk'],
      ['assistant', 'Added “buy m'],
      ['user', 'mark it done'],
      ['assistant', 'Marked “buy '],
    ]);
    expect((await bob.client.get('/api/v1/chat/history')).body.turns).toEqual([]);
  });

  it('keeps every turn when messages to one conversation race (conditional saves)', async () => {
    const dora = await new ApiClient(runtime.app.baseUrl).signup(`dora-chat-${Date.now()}@example.com`);
    const replies = await Promise.all(
      ['add one', 'add two', 'add three', 'add four'].map((message) =>
        dora.client.post('/api/v1/chat', { message }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const history = await dora.client.get('/api/v1/chat/history');
    const said = history.body.turns.filter((t: { role: string }) => t.role === 'user');
    expect(said.map((t: { text: string }) => t.text).sort()).toEqual([
      'add four',
      'add one',
      'add three',
      'add two',
    ]);
    expect(history.body.turns).toHaveLength(8);
    // In the dapr runtime, through Dapr's state API: one key per user and conversation, under core's app id.
    if (runtime.daprStateKeys)
      expect(await runtime.daprStateKeys()).toContain(`core||chat:${dora.user.id}:main`);
  });

  it('refuses bad chat input with a named reason, on both transports', async () => {
    const api = new ApiClient(runtime.app.baseUrl);
    const carol = await api.signup(`carol-chat-${Date.now()}@example.com`);
    const empty = await carol.client.post('/api/v1/chat', { message: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ code: 'invalid_input', fields: { message: 'Say something' } });
    expect((await carol.client.post('/api/v1/chat', { message: 'hi', conversationId: '../x' })).status).toBe(
      400,
    );
    expect((await api.post('/api/v1/chat', { message: 'hi' })).status).toBe(401);

    const anonymous = await FrameRecorder.connect(runtime.app.wsUrl);
    anonymous.send({ type: 'chat.send', id: 'a', text: 'add x' });
    expect(await anonymous.next((f) => f.type === 'error')).toMatchObject({
      id: 'a',
      code: 'unauthenticated',
    });
    anonymous.close();
    const { ws } = await FrameRecorder.authenticated(runtime.app.wsUrl, carol.token);
    ws.send({ type: 'chat.send', id: 'b', text: '' });
    expect(await ws.next((f) => f.type === 'error')).toMatchObject({ id: 'b', code: 'invalid_frame' });
    ws.send({ type: 'chat.send', id: 'c', text: 'asdkjh qwe!!' });
    expect(await ws.next((f) => f.type === 'chat.done')).toMatchObject({
      id: 'c',
      actions: [{ kind: 'not_understood' }],
    });
    ws.close();
  });
});

/** With a model configured, its words reach the socket as the model writes them, not all at the end. */
describe('chat over the gateway with a model, embedded', () => {
  let model: OpenAiTestServer;
  let app: AppProcess;
  beforeAll(async () => {
    model = await startOpenAiTestServer({ apiKey: 'sk-gateway-test' });
    app = await startApp({
      LLM_BASE_URL: model.baseUrl,
      LLM_MODEL: 'test-model',
      LLM_API_KEY: 'sk-gateway-test',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await model?.close();
  });

  it('streams the tokens to the socket while the model is still writing', async () => {
    const api = new ApiClient(app.baseUrl);
    const gina = await api.signup(`gina-chat-${Date.now()}@example.com`);
    const { ws } = await FrameRecorder.authenticated(app.wsUrl, gina.token);
    model.reply({
      text: 'Hello there, nothing on your list needed changing today.',
      chunkSize: 4,
      chunkDelayMs: 40,
    });
    ws.send({ type: 'chat.send', id: 'm1', text: 'hello' });
    const done = await ws.next((f) => f.type === 'chat.done', 10_000);
    expect(done.reply).toBe('Hello there, nothing on your list needed changing today.');
    const deltas = ws.frames.filter((entry) => entry.frame.type === 'chat.delta');
    expect(deltas.length).toBeGreaterThanOrEqual(10);
    const doneAt = ws.frames.find((entry) => entry.frame.type === 'chat.done')!.at;
    // 14 pieces 40 ms apart: the first arrived long before the reply was complete.
    expect(doneAt - deltas[0]!.at).toBeGreaterThan(300);
    expect(model.requests.at(-1)!.headers.authorization).toBe('Bearer sk-gateway-test');
    ws.close();
  });
});
