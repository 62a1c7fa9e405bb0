import { Writable } from 'node:stream';
import { trace } from '@opentelemetry/api';
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { multistream, pino, type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

const SEVERITY: Record<number, SeverityNumber> = {
  10: SeverityNumber.TRACE,
  20: SeverityNumber.DEBUG,
  30: SeverityNumber.INFO,
  40: SeverityNumber.WARN,
  50: SeverityNumber.ERROR,
  60: SeverityNumber.FATAL,
};

/** Forwards each JSON log line to the OpenTelemetry logs API (a no-op until the SDK exports logs). */
function otelLogStream(name: string): Writable {
  const otel = logs.getLogger(name);
  return new Writable({
    write(line: Buffer, _encoding, done) {
      try {
        const { level, msg, time, ...attributes } = JSON.parse(line.toString()) as Record<string, unknown>;
        otel.emit({
          severityNumber: SEVERITY[level as number] ?? SeverityNumber.UNSPECIFIED,
          body: typeof msg === 'string' ? msg : '',
          timestamp: typeof time === 'number' ? time : Date.now(),
          attributes: JSON.parse(JSON.stringify(attributes)),
        });
      } catch {
        // A log line that is not JSON is not worth crashing for.
      }
      done();
    },
  });
}

/**
 * A JSON logger that stamps the active trace and span ids on every line. Lines go to `destination`
 * (stdout by default) and, when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, to the OpenTelemetry logs pipeline too.
 */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination: DestinationStream = process.stdout,
): Logger {
  const options = {
    name,
    level,
    base: { service: name },
    mixin() {
      const span = trace.getActiveSpan()?.spanContext();
      return span ? { trace_id: span.traceId, span_id: span.spanId } : {};
    },
  };
  if (!process.env.OTEL_EXPORTER_OTLP_ENDPOINT) return pino(options, destination);
  return pino(
    options,
    multistream([
      { stream: destination, level },
      { stream: otelLogStream(name), level },
    ]),
  );
}
