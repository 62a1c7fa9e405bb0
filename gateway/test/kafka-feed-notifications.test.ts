import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NotificationEvent } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { KafkaNotificationFeed } from '../src/adapters/kafka-notification-feed.js';
import { kafkaBrokers, testKafka } from '../../testing/kafka.js';
import { notificationEventFixture } from '../../testing/fixtures.js';

const fakeLogger = () =>
  ({ error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() }) as unknown as Logger & {
    [level in 'error' | 'warn' | 'info' | 'debug']: ReturnType<typeof vi.fn>;
  };

/**
 * The gateway's notification consumer on a real broker: it waits for a topic that does not exist yet
 * (the notifier is deployed later), then hands every replica each notification once.
 */
describe('Kafka notification feed', () => {
  // Made by the test, after the feeds start: the broker creates no topic by itself.
  const topic = `notifications-${randomBytes(4).toString('hex')}`;
  const feeds: KafkaNotificationFeed[] = [];
  const logs = { a: fakeLogger(), b: fakeLogger() };
  const received: Record<string, NotificationEvent[]> = { a: [], b: [] };

  beforeAll(async () => {
    for (const replica of ['a', 'b'] as const) {
      const feed = new KafkaNotificationFeed({
        brokers: kafkaBrokers(),
        topic,
        groupId: `gateway-${replica}-${randomUUID()}-notifications`,
        log: logs[replica],
      });
      feed.subscribe((event) => received[replica]!.push(event));
      feed.startInBackground(500);
      feeds.push(feed);
    }
  });
  afterAll(async () => {
    await Promise.all(feeds.map((feed) => feed.stop()));
  });

  it('keeps trying while the topic is missing, saying so once, and consumes once it exists', async () => {
    for (const log of Object.values(logs)) {
      await expect.poll(() => log.warn.mock.calls.length, { timeout: 20_000 }).toBe(1);
      expect(String(log.warn.mock.calls[0]![1])).toContain(`cannot consume ${topic} yet`);
    }
    const admin = testKafka().admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
    for (const log of Object.values(logs)) {
      await expect
        .poll(() => log.info.mock.calls.some(([, message]) => message === `consuming ${topic}`), {
          timeout: 30_000,
        })
        .toBe(true);
      expect(log.warn).toHaveBeenCalledTimes(1);
    }
  });

  it('delivers each notification to every replica once, skipping junk and repeats', async () => {
    const users = [randomUUID(), randomUUID()];
    const events = users.flatMap((user) => [1, 2, 3].map(() => notificationEventFixture(user)));
    const cloudEvent = (e: NotificationEvent) =>
      JSON.stringify({ specversion: '1.0', type: e.type, source: 'notifier', id: e.id, data: e });
    const producer = testKafka().producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        ...events.map((e) => ({ key: e.userId, value: cloudEvent(e) })),
        { key: users[0], value: 'not an event' },
        // Redelivered, and republished under a new event id: the same notification both times.
        { key: users[0], value: cloudEvent(events[1]!) },
        { key: users[0], value: cloudEvent({ ...events[2]!, id: randomUUID() }) },
      ],
    });
    await producer.disconnect();

    const ids = (list: NotificationEvent[]) => list.map((e) => e.notification.id).sort();
    for (const replica of ['a', 'b']) {
      await expect.poll(() => received[replica]!.length, { timeout: 20_000 }).toBe(events.length);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(ids(received.a!)).toEqual(ids(events));
    expect(ids(received.b!)).toEqual(ids(events));
  });

  it('stops while still waiting for its topic', async () => {
    const log = fakeLogger();
    const feed = new KafkaNotificationFeed({
      brokers: kafkaBrokers(),
      topic: `missing-${randomBytes(4).toString('hex')}`,
      groupId: `gateway-${randomUUID()}-notifications`,
      log,
    });
    feed.startInBackground(200);
    await expect.poll(() => log.warn.mock.calls.length, { timeout: 20_000 }).toBe(1);
    await feed.stop();
    const attempts = log.debug.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(log.debug.mock.calls.length).toBe(attempts);
  });
});
