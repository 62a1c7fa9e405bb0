import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Sql } from '@todo/platform';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { taskCloudEvent, taskEventFixture } from '../../testing/fixtures.js';
import { testKafka } from '../../testing/kafka.js';

/**
 * The other end of the notifier's dead-letter topic, on real daprd and Kafka: what the subscription drops
 * lands in notifier.dead_letters (once, said as an error), and a replay through service invocation
 * applies what decodes and leaves the rest.
 */
describe('dead letters', () => {
  let database: TestDatabase;
  let stack: DaprStack;
  let sql: Sql;
  const producer = testKafka().producer();

  beforeAll(async () => {
    database = await createDatabase();
    stack = await startDaprStack(database.url);
    sql = connectDatabase(database.url, { maxConnections: 1, application: 'test' });
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await sql?.end();
    await stack?.stop();
    await database?.drop();
  });

  const kept = () =>
    sql<{ id: string; replayed: boolean }[]>`
      select id, replayed_at is not null as replayed from notifier.dead_letters order by received_at, id`;

  it('keeps what the subscription drops, and replays what decodes once the cause is gone', async () => {
    // A message that is no task event: the notifier answers DROP, and Dapr forwards it to the dead letters.
    await producer.send({
      topic: stack.topic,
      messages: [{ key: 'nobody', value: '{"not":"a task event"}' }],
    });
    await expect.poll(async () => (await kept()).length, { timeout: 30_000, interval: 250 }).toBe(1);
    const [poison] = await kept();
    expect(
      stack.logsOf('notifier').filter((entry) => entry.deadLetter === poison!.id && entry.level === 50),
    ).toEqual([expect.objectContaining({ msg: expect.stringContaining('(it does not decode)') })]);

    // A task event that kept failing (here: put on the dead-letter topic as Dapr does after the retries).
    const userId = randomUUID();
    const event = taskEventFixture(userId, 1, {
      occurredAt: new Date().toISOString(),
      task: {
        title: 'rescued',
        dueAt: new Date(Date.now() + 1_000).toISOString(),
        reminders: [{ minutesBefore: 0 }],
      },
    });
    await producer.send({
      topic: stack.deadLetterTopic,
      messages: [{ key: userId, value: JSON.stringify(taskCloudEvent(event)) }],
    });
    await expect.poll(async () => (await kept()).length, { timeout: 30_000, interval: 250 }).toBe(2);

    const replay = await fetch(
      `http://127.0.0.1:${stack.gatewaySidecars[0]!.httpPort}/v1.0/invoke/notifier/method/dead-letters/replay`,
      { method: 'POST' },
    );
    expect(replay.status).toBe(200);
    expect(await replay.json()).toEqual({
      replayed: [event.id],
      failing: [{ id: poison!.id, reason: 'does not decode as a task event' }],
    });
    expect(await kept()).toEqual([
      { id: poison!.id, replayed: false },
      { id: event.id, replayed: true },
    ]);
    // Applied for real: its reminder fires.
    const fired = async () =>
      (
        await sql<
          { n: number }[]
        >`select count(*)::int as n from notifier.notifications where user_id = ${userId}`
      )[0]!.n;
    await expect.poll(fired, { timeout: 30_000, interval: 250 }).toBe(1);
  });
});
