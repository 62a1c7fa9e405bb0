import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startService, type RunningService } from '@todo/stack';

export interface AppProcess {
  baseUrl: string;
  wsUrl: string;
  /** Every JSON log line the process printed so far. */
  logs: Array<Record<string, unknown>>;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Generous limits so scenarios measure the app, not the guards; suites that test the guards lower them. */
const TEST_ENV = {
  HOST: '127.0.0.1',
  PORT: '0',
  RATE_LIMIT_IP_PER_SECOND: '100000',
  RATE_LIMIT_USER_PER_SECOND: '100000',
  RATE_LIMIT_AUTH_PER_MINUTE: '100000',
  JWT_SECRET: 'integration-tests-secret-of-enough-length',
  LOG_LEVEL: 'info',
};

/** The environment of a service under test: this one's, without telemetry export, with the test limits. */
export function testEnv(dataDir: string): NodeJS.ProcessEnv {
  return { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, ...TEST_ENV, DATA_DIR: dataDir };
}

/** A running service as the suites use it; `stop` also removes its data folder. */
export function asAppProcess(
  service: RunningService,
  logs: Array<Record<string, unknown>>,
  dataDir: string,
): AppProcess {
  return {
    baseUrl: `http://127.0.0.1:${service.port}`,
    wsUrl: `ws://127.0.0.1:${service.port}/ws`,
    logs,
    process: service.child,
    async stop() {
      await service.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export const tempDataDir = () => mkdtemp(join(tmpdir(), 'todo-app-'));

/**
 * Starts the real app (`node gateway/dist/main.js`, built by `npm test`; or another service's `main`) as a
 * child process with a fresh data folder, and resolves once it logs that it is listening.
 */
export async function startApp(
  env: Record<string, string | undefined> = {},
  main = 'gateway/dist/main.js',
): Promise<AppProcess> {
  const dataDir = await tempDataDir();
  const logs: Array<Record<string, unknown>> = [];
  try {
    const service = await startService({
      main,
      env: { ...testEnv(dataDir), ...env },
      onLog: (entry) => logs.push(entry),
    });
    return asAppProcess(service, logs, dataDir);
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}
