import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { startApp, type AppProcess } from '../../testing/app-process.js';
import { OtlpReceiver, type ReceivedSpan } from '../../testing/otlp-receiver.js';
import { FrameRecorder } from '../../testing/ws-client.js';

const SERVER = 2;
const CLIENT = 3;

/** Spans, metrics and logs leave the real process over OTLP/HTTP and form the expected tree. */
describe('telemetry over OTLP/HTTP', () => {
  let receiver: OtlpReceiver;
  let app: AppProcess;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    app = await startApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BLRP_SCHEDULE_DELAY: '100',
      OTEL_METRIC_EXPORT_INTERVAL: '500',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await receiver?.stop();
  });

  const trace = (traceId: string) => receiver.spans.filter((span) => span.traceId === traceId);
  const childrenOf = (spans: ReceivedSpan[], parent: ReceivedSpan) =>
    spans.filter((s) => s.parentSpanId === parent.spanId);

  it('continues the caller trace: HTTP server span → core operation → SQL', async () => {
    const { client } = await new ApiClient(app.baseUrl).signup('traced@example.com');
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const created = await client.post(
      '/api/v1/tasks',
      { title: 'traced task' },
      { traceparent: `00-${traceId}-${callerSpanId}-01` },
    );
    expect(created.status).toBe(201);

    await expect.poll(() => trace(traceId).some((s) => s.kind === SERVER), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => trace(traceId).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(4);
    const spans = trace(traceId);
    const server = spans.find((s) => s.kind === SERVER)!;
    expect(server).toMatchObject({
      name: 'POST /api/v1/tasks',
      parentSpanId: callerSpanId,
      service: 'todo-gateway',
      attributes: { 'http.route': '/api/v1/tasks', 'http.response.status_code': 201 },
    });
    const [operation] = childrenOf(spans, server);
    expect(operation?.name).toBe('core.tasks.create');
    const sql = childrenOf(spans, operation!);
    // In one process the notifier applies the committed event right away, inside the same trace; firing
    // reminders never belongs to a request.
    const names = sql.map((s) => s.name).sort();
    expect(names.filter((name) => !name.startsWith('db.reminders.apply'))).toEqual([
      'db.tasks.insert',
      'db.users.by_id',
    ]);
    expect(sql.every((s) => s.kind === CLIENT && s.attributes['db.system.name'] === 'postgresql')).toBe(true);
  });

  it('gives each WebSocket frame a server span with its core calls beneath', async () => {
    const { token } = await new ApiClient(app.baseUrl).signup('socket@example.com');
    const { ws } = await FrameRecorder.authenticated(app.wsUrl, token);
    ws.close();
    await expect.poll(() => receiver.spans.some((s) => s.name === 'ws auth'), { timeout: 10_000 }).toBe(true);
    const auth = receiver.spans.find((s) => s.name === 'ws auth')!;
    await expect
      .poll(
        () =>
          childrenOf(trace(auth.traceId), auth)
            .map((s) => s.name)
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(['core.auth.me', 'core.events.latest']);
  });

  it("continues a browser's trace from a frame's traceparent, through the chat into core", async () => {
    const { token } = await new ApiClient(app.baseUrl).signup('socket-trace@example.com');
    const { ws } = await FrameRecorder.authenticated(app.wsUrl, token);
    const traceId = randomBytes(16).toString('hex');
    const browserSpanId = randomBytes(8).toString('hex');
    ws.send({
      type: 'chat.send',
      id: 't1',
      text: 'add traced from the browser',
      traceparent: `00-${traceId}-${browserSpanId}-01`,
    });
    await ws.next((f) => f.type === 'chat.done');
    ws.close();
    await expect
      .poll(() => trace(traceId).some((s) => s.name === 'core.chat.send'), { timeout: 10_000 })
      .toBe(true);
    const frame = trace(traceId).find((s) => s.name === 'ws chat.send')!;
    expect(frame).toMatchObject({ parentSpanId: browserSpanId, service: 'todo-gateway' });
    expect(trace(traceId).map((s) => s.name)).toEqual(
      expect.arrayContaining(['core.chat.send', 'db.conversations.load', 'db.tasks.insert']),
    );
  });

  it('exports request metrics and JSON logs', async () => {
    await expect
      .poll(() => receiver.metricNames.has('http.server.request.duration'), { timeout: 10_000 })
      .toBe(true);
    expect(receiver.metricNames.has('websocket.open')).toBe(true);
    await expect
      .poll(() => receiver.logs.some((log) => /^listening on/.test(String(log.body))), { timeout: 10_000 })
      .toBe(true);
  });
});
