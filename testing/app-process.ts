import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from './processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

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

/**
 * Starts the real app (`node gateway/dist/main.js`, built by `npm test`; or another service's `main`) as a
 * child process with a fresh data folder, and resolves once it logs that it is listening.
 */
export async function startApp(
  env: Record<string, string | undefined> = {},
  main = 'gateway/dist/main.js',
): Promise<AppProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'todo-app-'));
  const child = spawn(process.execPath, [join(ROOT, main)], {
    cwd: ROOT,
    env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, ...TEST_ENV, DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      const recent = logs.slice(-5).map((entry) => JSON.stringify(entry));
      reject(new Error(`${main} did not start in 60 s; last logs:\n${recent.join('\n')}\nstderr: ${stderr}`));
    }, 60_000);
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (typeof entry.port === 'number' && String(entry.msg).startsWith('listening')) {
            clearTimeout(timer);
            resolve(entry.port);
          }
        } catch {
          // not a log line
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening; stderr: ${stderr}`));
    });
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    logs,
    process: child,
    async stop() {
      await stopChild(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
