import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { brokerUp, restartKafka } from '../../testing/kafka.js';
import { FrameRecorder } from '../../testing/ws-client.js';

/** Kafka goes away mid-run in the dapr runtime: writes still commit, and no event is lost once it is back. */
describe('Kafka restarted under the dapr runtime', () => {
  let database: TestDatabase;
  let stack: DaprStack;

  beforeAll(async () => {
    database = await createDatabase();
    stack = await startDaprStack(database.url);
  });
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  it('delivers the changes made while the broker was down, in order, once it is back', async () => {
    const gateway = stack.gateways[0]!;
    const { client, token } = await new ApiClient(gateway.baseUrl).signup('outage@example.com');
    const { ws } = await FrameRecorder.authenticated(gateway.wsUrl, token);

    const restart = restartKafka();
    const restarted = new Promise((resolve) => restart.once('exit', resolve));
    await expect.poll(() => brokerUp(), { timeout: 30_000, interval: 100 }).toBe(false);

    // Core commits each change with its outbox row; publishing waits for the broker.
    const titles = ['during the outage 1', 'during the outage 2', 'during the outage 3'];
    for (const title of titles) expect((await client.post('/api/v1/tasks', { title })).status).toBe(201);
    expect(await restarted).toBe(0);

    await expect
      .poll(() => ws.of('task.event').map((f) => f.event.task.title), { timeout: 60_000, interval: 250 })
      .toEqual(titles);
    expect(ws.of('task.event').map((f) => f.event.seq)).toEqual([1, 2, 3]);
    ws.close();
  }, 120_000);
});
