import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelemetry } from './telemetry.js';
import { injectContext, withSpan } from './tracing.js';
import { createLogger } from './logger.js';

describe('telemetry without an OTLP endpoint', () => {
  const telemetry = startTelemetry({ serviceName: 'unit', otlpEndpoint: '' });
  afterAll(() => telemetry.shutdown());

  it('exports nothing but still makes real spans, so context propagates', async () => {
    expect(telemetry.exporting).toBe(false);
    const { traceId, headers } = await withSpan('work', async (span) => ({
      traceId: span.spanContext().traceId,
      headers: injectContext<Record<string, string>>({}),
    }));
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    expect(headers.traceparent).toContain(traceId);
  });

  it('stamps the active trace and span ids on log lines', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = createLogger('unit', 'info', sink);
    const traceId = await withSpan('logged', async (span) => {
      logger.info('inside');
      return span.spanContext().traceId;
    });
    logger.info('outside');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      msg: 'inside',
      trace_id: traceId,
      span_id: expect.any(String),
    });
    expect(JSON.parse(lines[1]!)).not.toHaveProperty('trace_id');
  });
});
