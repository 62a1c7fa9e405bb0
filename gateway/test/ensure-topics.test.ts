import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { kafkaBrokers, testKafka } from '../../testing/kafka.js';
import { runNode } from '../../testing/run-node.js';

const main = fileURLToPath(new URL('../dist/ensure-topics.js', import.meta.url));

/** Runs the built ensure-topics tool (as the chart's topics Job does) with these settings. */
const ensureTopics = (env: Record<string, string>) =>
  runNode(main, { KAFKA_BROKERS: kafkaBrokers().join(','), ...env });

/** The topics tool on the real broker: creates what is missing, leaves what is there, says what went wrong. */
describe('ensure-topics', () => {
  const suffix = randomBytes(4).toString('hex');
  const [events, deadLetters, notifications] = ['events', 'dlq', 'notifications'].map(
    (t) => `${t}-${suffix}`,
  );
  let admin: Admin;
  const partitions = async (topic: string) =>
    (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0]!.partitions.length;

  beforeAll(async () => {
    admin = testKafka().admin();
    await admin.connect();
  });
  afterAll(async () => {
    await admin.deleteTopics({ topics: [events!, deadLetters!, notifications!] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('creates each missing topic with its partitions, and leaves existing ones alone when run again', async () => {
    const first = await ensureTopics({ TOPICS: `${events}:6,${deadLetters}:1,${notifications}:3` });
    expect(first.code).toBe(0);
    expect(first.lines.at(-1)).toMatchObject({
      created: [events, deadLetters, notifications],
      existing: [],
      msg: 'topics ready: 3 created, 0 already there',
    });
    expect(await partitions(events!)).toBe(6);
    expect(await partitions(deadLetters!)).toBe(1);
    expect(await partitions(notifications!)).toBe(3);

    // A different count for an existing topic changes nothing: moving keys would break per-user order.
    const again = await ensureTopics({ TOPICS: `${events}:12,${deadLetters}:1,${notifications}:3` });
    expect(again.code).toBe(0);
    expect(again.lines.at(-1)).toMatchObject({ created: [], existing: [events, deadLetters, notifications] });
    expect(await partitions(events!)).toBe(6);
  });

  it('fails with exit code 1 and Kafka’s reason when the broker refuses', async () => {
    const topic = `refused-${suffix}`;
    const result = await ensureTopics({ TOPICS: `${topic}:1`, REPLICATION_FACTOR: '3' });
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toMatchObject({
      level: 60,
      msg: expect.stringMatching(/^could not create the topics: /),
    });
    expect(JSON.stringify(result.lines.at(-1))).toMatch(/replication/i);
    expect(await admin.listTopics()).not.toContain(topic);
  });

  it('fails with exit code 1 when no broker answers in time', async () => {
    const result = await ensureTopics({
      KAFKA_BROKERS: '127.0.0.1:1',
      TOPICS: `never-${suffix}:1`,
      CONNECT_TIMEOUT_MS: '500',
    });
    expect(result.code).toBe(1);
    expect(result.lines.at(-1)).toMatchObject({ level: 60, brokers: ['127.0.0.1:1'] });
  });

  it.each([
    [{ TOPICS: 'task-events' }, '"task-events" is not name:partitions'],
    [{ TOPICS: 'a:1', REPLICATION_FACTOR: '0' }, 'REPLICATION_FACTOR'],
    [{ TOPICS: 'a:1', KAFKA_BROKERS: ' , ' }, 'KAFKA_BROKERS'],
  ])('fails with exit code 2 and names the bad setting: %j', async (env, message) => {
    const result = await ensureTopics(env);
    expect(result.code).toBe(2);
    expect(result.lines.at(-1)).toMatchObject({ level: 60, msg: expect.stringContaining(message) });
  });
});
