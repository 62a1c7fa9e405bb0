import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEvent } from '@todo/contracts';
import { createLogger } from '@todo/observability';
import { KafkaTaskEventFeed } from '../src/adapters/kafka-task-event-feed.js';
import { createTopic, kafkaBrokers, testKafka } from '../../testing/kafka.js';
import { taskEventFixture } from '../../testing/fixtures.js';

/** The gateway's Kafka consumer on a real broker: every replica sees every event, once. */
describe('Kafka task-event feed', () => {
  let topic: string;
  const feeds: KafkaTaskEventFeed[] = [];
  const received: Record<string, TaskEvent[]> = { a: [], b: [] };

  beforeAll(async () => {
    topic = await createTopic('task-events', 6);
    for (const replica of ['a', 'b'] as const) {
      const feed = new KafkaTaskEventFeed({
        brokers: kafkaBrokers(),
        topic,
        groupId: `gateway-${replica}-${randomUUID()}`,
        log: createLogger('test', 'error'),
      });
      feed.subscribe((event) => received[replica]!.push(event));
      feeds.push(feed);
    }
    await Promise.all(feeds.map((feed) => feed.start()));
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
  });

  const event = (userId: string, seq: number) =>
    taskEventFixture(userId, seq, { type: 'task.updated', task: { title: `task ${seq}`, version: seq } });

  it('delivers each event to every replica once, in per-user order, skipping junk and duplicates', async () => {
    const users = [randomUUID(), randomUUID(), randomUUID()];
    const messages = users.flatMap((user) => [1, 2, 3, 4].map((seq) => event(user, seq)));
    const producer = testKafka().producer();
    await producer.connect();
    const cloudEvent = (e: TaskEvent) =>
      JSON.stringify({ specversion: '1.0', type: e.type, source: 'core', id: e.id, data: e });
    await producer.send({
      topic,
      messages: [
        ...messages.map((e) => ({ key: e.userId, value: cloudEvent(e) })),
        { key: users[0], value: 'not an event' },
        // Redelivered: the same event again, as at-least-once delivery allows.
        { key: users[0], value: cloudEvent(messages[1]!) },
      ],
    });
    await producer.disconnect();

    for (const replica of ['a', 'b']) {
      await expect.poll(() => received[replica]!.length, { timeout: 20_000 }).toBe(messages.length);
      for (const user of users) {
        expect(received[replica]!.filter((e) => e.userId === user).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.a).toHaveLength(messages.length);
    expect(received.b).toHaveLength(messages.length);
  });

  it('deletes its consumer group when it stops, so none is left behind per replica', async () => {
    const groupId = `gateway-c-${randomUUID()}`;
    const feed = new KafkaTaskEventFeed({
      brokers: kafkaBrokers(),
      topic,
      groupId,
      log: createLogger('test', 'error'),
    });
    await feed.start();
    const admin = testKafka().admin();
    await admin.connect();
    try {
      const groups = async () => (await admin.listGroups()).groups.map((g) => g.groupId);
      expect(await groups()).toContain(groupId);
      await feed.stop();
      expect(await groups()).not.toContain(groupId);
    } finally {
      await admin.disconnect();
    }
  });
});
