import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { OtlpReceiver, type ReceivedSpan } from '../../testing/otlp-receiver.js';

/**
 * One trace across every hop of the dapr runtime: the services and their sidecars all export to the same
 * OTLP endpoint (daprd in protobuf, the services in JSON) and pass the W3C trace context along.
 */
describe('tracing through the sidecars', () => {
  let receiver: OtlpReceiver;
  let database: TestDatabase;
  let stack: DaprStack;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    database = await createDatabase();
    stack = await startDaprStack(database.url, {
      everyProcessEnv: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  });
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
    await receiver?.stop();
  });

  it('joins gateway, both sidecars and core in the caller’s trace, as one tree', async () => {
    const gateway = stack.gateways[0]!;
    const { client } = await new ApiClient(gateway.baseUrl).signup('traced@example.com');
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const created = await client.post(
      '/api/v1/tasks',
      { title: 'traced through the mesh' },
      { traceparent: `00-${traceId}-${callerSpanId}-01` },
    );
    expect(created.status).toBe(201);

    const trace = () => receiver.spans.filter((span) => span.traceId === traceId);
    // daprd names its service after the app id; the services call themselves todo-*.
    await expect
      .poll(() => trace().some((span) => span.service === 'core' && span.name.includes('/publish/')), {
        timeout: 20_000,
        interval: 200,
      })
      .toBe(true);
    const spans = trace();
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const path = (span: ReceivedSpan): string[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return [...(parent ? path(parent) : [`caller ${span.parentSpanId}`]), `${span.service}: ${span.name}`];
    };
    const topic = stack.topic;
    const sql = spans.find((span) => span.name === 'db.tasks.insert')!;
    const published = spans.find((span) => span.service === 'core' && span.name.includes('/publish/'))!;
    const hops = [
      `caller ${callerSpanId}`,
      'todo-gateway: POST /api/v1/tasks',
      'todo-gateway: rpc core/createTask',
      'gateway: CallLocal/core/core/createTask',
      'core: CallLocal/core/core/createTask',
      'todo-core: rpc core/createTask',
      'todo-core: core.tasks.create',
    ];
    expect(path(sql)).toEqual([...hops, 'todo-core: db.tasks.insert']);
    expect(path(published)).toEqual([
      ...hops,
      `todo-core: ${topic} publish`,
      `core: /v1.0/publish/pubsub/${topic}`,
    ]);
  });
});
