import protobuf from 'protobufjs';

/**
 * Just enough of OTLP's `ExportTraceServiceRequest` (opentelemetry/proto/collector/trace/v1) to read what
 * daprd sends: it exports OTLP/HTTP in protobuf, where the Node SDK's exporters send JSON.
 */
const root = protobuf.Root.fromJSON({
  nested: {
    AnyValue: {
      fields: {
        stringValue: { id: 1, type: 'string' },
        boolValue: { id: 2, type: 'bool' },
        intValue: { id: 3, type: 'int64' },
        doubleValue: { id: 4, type: 'double' },
      },
    },
    KeyValue: { fields: { key: { id: 1, type: 'string' }, value: { id: 2, type: 'AnyValue' } } },
    Resource: { fields: { attributes: { id: 1, rule: 'repeated', type: 'KeyValue' } } },
    Span: {
      fields: {
        traceId: { id: 1, type: 'bytes' },
        spanId: { id: 2, type: 'bytes' },
        parentSpanId: { id: 4, type: 'bytes' },
        name: { id: 5, type: 'string' },
        kind: { id: 6, type: 'int32' },
        attributes: { id: 9, rule: 'repeated', type: 'KeyValue' },
      },
    },
    ScopeSpans: { fields: { spans: { id: 2, rule: 'repeated', type: 'Span' } } },
    ResourceSpans: {
      fields: {
        resource: { id: 1, type: 'Resource' },
        scopeSpans: { id: 2, rule: 'repeated', type: 'ScopeSpans' },
      },
    },
    ExportTraceServiceRequest: {
      fields: { resourceSpans: { id: 1, rule: 'repeated', type: 'ResourceSpans' } },
    },
  },
});
const request = root.lookupType('ExportTraceServiceRequest');

/** A protobuf trace export as the OTLP/JSON object the receiver reads (ids as hex, like OTLP/JSON). */
export function decodeTraceExport(body: Buffer): unknown {
  const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const message = request.toObject(request.decode(body), { longs: String, defaults: false }) as {
    resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Record<string, unknown>> }> }>;
  };
  for (const resource of message.resourceSpans ?? []) {
    for (const scope of resource.scopeSpans ?? []) {
      for (const span of scope.spans ?? []) {
        for (const id of ['traceId', 'spanId', 'parentSpanId']) {
          const bytes = span[id] as Uint8Array | undefined;
          span[id] = bytes?.length ? hex(bytes) : undefined;
        }
      }
    }
  }
  return message;
}
