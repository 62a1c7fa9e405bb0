export { startTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.js';
export { createLogger, type Logger } from './logger.js';
export * from './tracing.js';
export { metrics } from '@opentelemetry/api';
export { runService } from './lifecycle.js';
