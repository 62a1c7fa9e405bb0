import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelemetry, withSpan, type Telemetry } from '@todo/observability';
import { daprTaskEventPublisher } from '../src/adapters/dapr/task-event-publisher.js';
import { startSidecar, type Sidecar } from '@todo/stack';
import { taskEventFixture } from '../../testing/fixtures.js';
import { createTopic, kafkaBrokers, testKafka } from '../../testing/kafka.js';

/** Core's publisher through a real daprd onto a real Kafka: what consumers will read. */
describe('publishing task events through Dapr to Kafka', () => {
  let sidecar: Sidecar;
  let topic: string;
  let telemetry: Telemetry;

  beforeAll(async () => {
    // Spans and W3C propagation as in the services (nothing is exported).
    telemetry = startTelemetry({ serviceName: 'core-test', otlpEndpoint: '' });
    topic = await createTopic('task-events', 6);
    sidecar = await startSidecar('core', {
      pubsub: `apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
spec:
  type: pubsub.kafka
  version: v1
  metadata:
    - { name: brokers, value: "${kafkaBrokers().join(',')}" }
    - { name: authType, value: none }
`,
    });
  });
  afterAll(async () => {
    await sidecar?.stop();
    await telemetry?.shutdown();
  });

  it('sends each event as a CloudEvent keyed by its user, with its type, subject and trace', async () => {
    const publisher = daprTaskEventPublisher({ daprHttpPort: sidecar.httpPort, pubsubName: 'pubsub', topic });
    const users = [randomUUID(), randomUUID()];
    const events = users.flatMap((user) =>
      [1, 2, 3].map((seq) =>
        taskEventFixture(user, seq, { type: seq === 1 ? 'task.created' : 'task.updated' }),
      ),
    );
    const traceId = await withSpan('change tasks', async (span) => {
      for (const event of events) await publisher.publish(event);
      return span.spanContext().traceId;
    });

    const consumer = testKafka().consumer({ groupId: `reader-${randomUUID()}` });
    const received: Array<{ key: string; partition: number; value: any }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        received.push({ key: String(message.key), partition, value: JSON.parse(String(message.value)) });
      },
    });
    try {
      await expect.poll(() => received.length, { timeout: 20_000 }).toBe(events.length);
    } finally {
      await consumer.disconnect();
    }

    for (const event of events) {
      const message = received.find((m) => m.value.id === event.id)!;
      expect(message.key).toBe(event.userId);
      expect(message.value).toMatchObject({
        specversion: '1.0',
        type: event.type,
        subject: event.task.id,
        source: 'core',
        data: event,
      });
      expect(`${message.value.traceparent} ${message.value.traceid}`).toContain(traceId);
    }
    for (const user of users) {
      const mine = received.filter((m) => m.key === user);
      expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
      expect(mine.map((m) => m.value.data.seq)).toEqual([1, 2, 3]);
    }
  });

  it('fails loudly when Dapr cannot publish, so the relay keeps the event', async () => {
    const publisher = daprTaskEventPublisher({
      daprHttpPort: sidecar.httpPort,
      pubsubName: 'missing',
      topic,
    });
    await expect(publisher.publish(taskEventFixture(randomUUID(), 1))).rejects.toThrow(/refused to publish/);
  });
});
