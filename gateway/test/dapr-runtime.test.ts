import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi } from '@todo/contracts';
import { createCoreRpcClient } from '../src/adapters/core-rpc-client.js';
import { ApiClient } from '../../testing/api-client.js';
import type { AppProcess } from '../../testing/app-process.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { testKafka } from '../../testing/kafka.js';
import { FrameRecorder } from '../../testing/ws-client.js';

/**
 * The dapr runtime on real parts: core as its own process behind its sidecar, called by service
 * invocation through a gateway's sidecar; committed events out through core's sidecar onto Kafka; and two
 * gateway processes (each beside its own sidecar, each its own consumer group) pushing them to sockets.
 */
describe('the dapr runtime', () => {
  let database: TestDatabase;
  let stack: DaprStack;
  let client: CoreApi;

  beforeAll(async () => {
    database = await createDatabase();
    stack = await startDaprStack(database.url, { gateways: 2 });
    client = createCoreRpcClient({
      baseUrl: `http://127.0.0.1:${stack.gatewaySidecars[0]!.httpPort}/v1.0/invoke/core/method/core`,
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('serves the API across two sidecars, errors included', async () => {
    const { user, token } = await client.signup({
      email: 'dapr@example.com',
      password: 'long enough password',
    });
    expect(token).toEqual(expect.any(String));
    const actor = { userId: user.id };
    const task = await client.createTask(actor, { title: 'via the mesh', tags: ['Dapr'] });
    expect((await client.listTasks(actor, { tags: 'dapr' })).items.map((t) => t.id)).toEqual([task.id]);
    await expect(client.createTask(actor, { title: '' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { title: expect.any(String) },
    });
    await expect(client.getTask({ userId: randomUUID() }, task.id)).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('publishes each committed change to Kafka through core’s sidecar, keyed by user', async () => {
    const { user } = await client.signup({ email: 'events@example.com', password: 'long enough password' });
    const actor = { userId: user.id };
    const task = await client.createTask(actor, { title: 'watched' });
    await client.completeTask(actor, task.id);

    const consumer = testKafka().consumer({ groupId: `reader-${randomUUID()}` });
    const seen: Array<{ key: string; value: any }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic: stack.topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.push({ key: String(message.key), value: JSON.parse(String(message.value)) }),
    });
    try {
      await expect
        .poll(() => seen.filter((m) => m.key === user.id).map((m) => m.value.type), { timeout: 20_000 })
        .toEqual(['task.created', 'task.completed']);
    } finally {
      await consumer.disconnect();
    }
    const mine = seen.filter((m) => m.key === user.id);
    expect(mine.map((m) => [m.value.subject, m.value.data.seq])).toEqual([
      [task.id, 1],
      [task.id, 2],
    ]);
  });

  it('delivers a change made through one gateway to the sockets on both', async () => {
    const [a, b] = stack.gateways as [AppProcess, AppProcess];
    const { client: api, token } = await new ApiClient(a.baseUrl).signup('fanout@example.com');
    const { ws: onA } = await FrameRecorder.authenticated(a.wsUrl, token);
    const { ws: onB } = await FrameRecorder.authenticated(b.wsUrl, token);
    const { ws: stranger } = await FrameRecorder.authenticated(
      b.wsUrl,
      (await new ApiClient(b.baseUrl).signup('stranger@example.com')).token,
    );
    const created = await api.post('/api/v1/tasks', { title: 'seen everywhere' });
    expect(created.status).toBe(201);
    for (const ws of [onA, onB]) {
      const frame = await ws.next(
        (f) => f.type === 'task.event' && f.event.task.id === created.body.id,
        15_000,
      );
      expect(frame.event).toMatchObject({ type: 'task.created', seq: 1, task: { title: 'seen everywhere' } });
    }
    // The REST API answers the same through either gateway.
    const viaB = await new ApiClient(b.baseUrl, token).get(`/api/v1/tasks/${created.body.id}`);
    expect(viaB.body).toEqual(created.body);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stranger.of('task.event')).toEqual([]);
    for (const ws of [onA, onB, stranger]) ws.close();
  });
});
