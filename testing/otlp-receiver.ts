import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeTraceExport } from './otlp-protobuf.js';

/** A span as OTLP/JSON carries it (ids are hex strings). */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
  service: string;
}

type AnyValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
};
type KeyValue = { key: string; value: AnyValue };

const plain = (attributes: KeyValue[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue,
    ]),
  );

/**
 * An in-process OTLP/HTTP receiver (JSON encoding, as `@opentelemetry/exporter-*-otlp-http` sends it, and
 * protobuf traces, as daprd sends them):
 * what a Collector would get, kept in memory for assertions.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly metricNames = new Set<string>();
  readonly logs: Array<{ body: unknown; traceId?: string; service: string }> = [];

  private constructor(private readonly server: Server) {}

  static async start(): Promise<OtlpReceiver> {
    const server = createServer();
    const receiver = new OtlpReceiver(server);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        try {
          const body = Buffer.concat(chunks);
          const protobuf = req.headers['content-type'] === 'application/x-protobuf';
          if (protobuf && req.url !== '/v1/traces') throw new Error('only traces come as protobuf');
          receiver.accept(req.url ?? '', protobuf ? decodeTraceExport(body) : JSON.parse(body.toString()));
          res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch {
          res.writeHead(400).end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(path: string, payload: any): void {
    if (path === '/v1/traces') {
      for (const resource of payload.resourceSpans ?? []) {
        const service = String(plain(resource.resource?.attributes)['service.name']);
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            this.spans.push({ ...span, attributes: plain(span.attributes), service });
          }
        }
      }
    } else if (path === '/v1/metrics') {
      for (const resource of payload.resourceMetrics ?? []) {
        for (const scope of resource.scopeMetrics ?? [])
          for (const metric of scope.metrics ?? []) this.metricNames.add(metric.name);
      }
    } else if (path === '/v1/logs') {
      for (const resource of payload.resourceLogs ?? []) {
        const service = String(plain(resource.resource?.attributes)['service.name']);
        for (const scope of resource.scopeLogs ?? []) {
          for (const log of scope.logRecords ?? [])
            this.logs.push({ body: log.body?.stringValue, traceId: log.traceId, service });
        }
      }
    } else {
      throw new Error(`unexpected OTLP path ${path}`);
    }
  }
}
