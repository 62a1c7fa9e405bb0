import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, isAlive, type StackEndpoints } from '@todo/stack';
import { ApiClient } from '../../testing/api-client.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface RunningCommand {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
}

/** `npm run stack` exactly as a user types it, in its own process group as a terminal would run it. */
function npmRunStack(env: Record<string, string>): RunningCommand {
  let output = '';
  const child = spawn('npm', ['run', 'stack'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exit };
}

async function waitForFile(path: string, run: RunningCommand, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path)) {
    if (run.child.exitCode !== null) throw new Error(`npm run stack exited early:\n${run.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${path} after ${timeoutMs} ms:\n${run.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return readFile(path, 'utf8');
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function portsOf(endpoints: StackEndpoints): number[] {
  return [
    Number(new URL(endpoints.gateway.url).port),
    endpoints.postgres.port,
    Number(endpoints.kafka.bootstrapServers.split(':')[1]),
    ...Object.values(endpoints.services).flatMap(({ appPort, dapr }) => [
      ...(appPort ? [appPort] : []),
      dapr.httpPort,
      dapr.grpcPort,
      dapr.internalGrpcPort,
      dapr.metricsPort,
    ]),
  ];
}

function pidsOf(endpoints: StackEndpoints): number[] {
  return [
    endpoints.pid,
    endpoints.gateway.pid,
    endpoints.postgres.pid,
    endpoints.kafka.pid,
    ...Object.values(endpoints.services).flatMap(({ pid, dapr }) => [pid, dapr.pid]),
  ];
}

/** Processes whose command line names any of `needles` (the stack's data folders, its resources). */
function processesMentioning(needles: string[]): string[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return needles.some((needle) => cmdline.includes(needle)) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}

/** The data folders the provisioning scripts made for PostgreSQL and Kafka, from their state files. */
function dataDirs(stackDir: string): string[] {
  return ['postgres.state', 'kafka.state'].map((file) => {
    const state = readFileSync(join(stackDir, file), 'utf8');
    const dir = /^export (?:PG_TEST_DIR|KAFKA_DIR)=(\S+)$/m.exec(state)?.[1];
    if (!dir) throw new Error(`no data folder in ${file}:\n${state}`);
    return dir;
  });
}

describe('npm run stack', () => {
  let run: RunningCommand | undefined;
  let stackDir: string | undefined;
  afterEach(async () => {
    // Only reached with a process still there when an assertion failed half-way.
    if (run && run.child.exitCode === null) {
      process.kill(-run.child.pid!, 'SIGTERM');
      await run.exit;
    }
    if (stackDir) await rm(stackDir, { recursive: true, force: true });
  });

  const cases = [
    // A terminal's Ctrl-C reaches every process of the foreground group at once.
    { how: 'Ctrl-C', stop: (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT') },
    // A process manager signals the process it started, npm, which passes it on.
    { how: 'SIGTERM to npm', stop: (child: ChildProcess) => child.kill('SIGTERM') },
  ];
  it.each(cases)(
    'serves the app on PORT, lists what it started, and on $how leaves no process and no port behind',
    async ({ stop }) => {
      stackDir = await mkdtemp(join(tmpdir(), 'todo-stack-test-'));
      const port = await freePort();
      run = npmRunStack({ PORT: String(port), STACK_DIR: stackDir });
      const endpoints = JSON.parse(
        await waitForFile(join(stackDir, 'endpoints.json'), run, 240_000),
      ) as StackEndpoints;

      expect(endpoints.gateway.url).toBe(`http://127.0.0.1:${port}`);
      // The summary is printed right after endpoints.json is written.
      await expect.poll(() => run!.output(), { timeout: 5_000 }).toContain(`http://127.0.0.1:${port}/`);
      expect(endpoints.kafka.topics).toEqual(['task-events', 'task-events-dlq', 'notifications']);
      expect(Object.keys(endpoints.services)).toEqual(['core', 'notifier', 'gateway']);
      for (const pid of pidsOf(endpoints)) expect(isAlive(pid), `pid ${pid}`).toBe(true);
      for (const open of portsOf(endpoints)) expect(await accepts(open), `port ${open}`).toBe(true);
      const ui = await fetch(endpoints.ui);
      expect(ui.headers.get('content-type')).toContain('text/html');
      const { client } = await new ApiClient(endpoints.gateway.url).signup('stack@example.com');
      const created = await client.post('/api/v1/tasks', { title: 'through the sidecars' });
      expect(created.status).toBe(201);
      expect((await client.get('/api/v1/tasks')).body.items).toEqual([created.body]);
      const folders = dataDirs(stackDir);

      stop(run.child);
      expect(await run.exit).toBe(0);
      expect(run.output()).toContain('stopped; nothing left running');
      for (const pid of pidsOf(endpoints)) expect(isAlive(pid), `pid ${pid} still running`).toBe(false);
      for (const closed of portsOf(endpoints)) expect(await accepts(closed), `port ${closed}`).toBe(false);
      expect(
        processesMentioning([...folders, 'todo-dapr-', `daprd-core-`, 'daprd-notifier-', 'daprd-gateway-']),
      ).toEqual([]);
      for (const folder of folders) expect(existsSync(folder), folder).toBe(false);
      expect(existsSync(join(stackDir, 'endpoints.json'))).toBe(false);
    },
    360_000,
  );
});
