import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { AlwaysOffSampler, BatchSpanProcessor, NoopSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchLogRecordProcessor } from '@opentelemetry/sdk-logs';

export interface TelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /** Defaults to OTEL_EXPORTER_OTLP_ENDPOINT; without one nothing is exported. */
  otlpEndpoint?: string;
}

export interface Telemetry {
  /** True when spans, metrics and logs leave the process. */
  readonly exporting: boolean;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/**
 * Starts the OpenTelemetry SDK. Spans are always created (so logs carry trace ids and context
 * propagates); they, metrics and logs are exported over OTLP/HTTP only when an endpoint is configured.
 * Call once per process, before the first request.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const endpoint = options.otlpEndpoint ?? process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const exporting = Boolean(endpoint);
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    autoDetectResources: true,
    // Not exporting, spans are not recorded (that costs a fifth of the throughput) but still get real ids,
    // so logs carry trace ids and context propagates. (With no processor at all the SDK would install no
    // tracer provider, and every id would be zeros.)
    spanProcessors: [exporting ? new BatchSpanProcessor(new OTLPTraceExporter()) : new NoopSpanProcessor()],
    ...(exporting ? {} : { sampler: new AlwaysOffSampler() }),
    metricReaders: exporting
      ? [
          new PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter(),
            // The reader does not read the standard variable itself.
            exportIntervalMillis: Number(process.env.OTEL_METRIC_EXPORT_INTERVAL) || 60_000,
          }),
        ]
      : [],
    logRecordProcessors: exporting ? [new BatchLogRecordProcessor({ exporter: new OTLPLogExporter() })] : [],
    instrumentations: [],
  });
  sdk.start();
  return {
    exporting,
    shutdown: () => sdk.shutdown(),
  };
}
