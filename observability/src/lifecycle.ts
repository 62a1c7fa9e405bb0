import type { Logger } from 'pino';
import type { Telemetry } from './telemetry.js';

/**
 * Runs a service's entry point: on SIGINT/SIGTERM `stop` runs once and the process exits 0 after telemetry
 * is flushed; if `start` fails, that is logged and the process exits 1.
 */
export function runService(
  log: Logger,
  telemetry: Telemetry,
  start: () => Promise<{ stop(): Promise<void> }>,
): void {
  start().then(
    (service) => {
      let stopping = false;
      const onSignal = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal }, 'shutting down');
        await service.stop();
        await telemetry.shutdown();
        process.exit(0);
      };
      process.on('SIGINT', () => void onSignal('SIGINT'));
      process.on('SIGTERM', () => void onSignal('SIGTERM'));
    },
    (error: unknown) => {
      log.fatal({ err: error }, 'failed to start');
      void telemetry.shutdown().finally(() => process.exit(1));
    },
  );
}
