import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { ROOT } from './paths.js';
import { isAlive } from './processes.js';
import { startStack, type Stack, type StackEndpoints } from './stack.js';

/**
 * `npm run stack`: the distributed stack in the foreground. Provisioning progress goes to the terminal,
 * each process's output to `.stack/logs/<name>.log`; Ctrl-C or SIGTERM stops everything in order.
 */
const dir = resolve(process.env.STACK_DIR ?? join(ROOT, '.stack'));
const logDir = join(dir, 'logs');
const gatewayPort = Number(process.env.PORT ?? 8080);
const say = (message: string) => process.stdout.write(`[stack] ${message}\n`);

function refuseIfRunning(): void {
  const file = join(dir, 'endpoints.json');
  if (!existsSync(file)) return;
  let previous: Partial<StackEndpoints> = {};
  try {
    previous = JSON.parse(readFileSync(file, 'utf8')) as Partial<StackEndpoints>;
  } catch {
    // Half-written by a launcher that was killed: nothing to protect.
  }
  if (previous.pid && previous.pid !== process.pid && isAlive(previous.pid)) {
    say(`a stack is already running (pid ${previous.pid}, ${previous.gateway?.url}); stop it first`);
    process.exit(1);
  }
}

const logs = new Map<string, WriteStream>();
function output(source: string, line: string): void {
  if (source === 'provision') {
    say(line);
    return;
  }
  let stream = logs.get(source);
  if (!stream) logs.set(source, (stream = createWriteStream(join(logDir, `${source}.log`), { flags: 'w' })));
  stream.write(line + '\n');
}

function describe(endpoints: StackEndpoints): string {
  const daprd = Object.entries(endpoints.services)
    .map(([name, { dapr }]) => `${name} http ${dapr.httpPort} grpc ${dapr.grpcPort}`)
    .join(', ');
  const where = (path: string) => relative(process.cwd(), path) || '.';
  return [
    '',
    'Todo chatbot: distributed stack (Dapr sidecars, Kafka, PostgreSQL)',
    `  UI and API   ${endpoints.ui}`,
    `  WebSocket    ${endpoints.gateway.websocket}`,
    `  PostgreSQL   ${endpoints.postgres.url}`,
    `  Kafka        ${endpoints.kafka.bootstrapServers} (${endpoints.kafka.topics.join(', ')})`,
    `  daprd        ${daprd}`,
    `  Scheduler    ${endpoints.scheduler.address} (Dapr Jobs API)`,
    `  Logs         ${where(logDir)}/`,
    `  Endpoints    ${where(join(dir, 'endpoints.json'))}`,
    'Ctrl-C stops everything.',
    '',
  ].join('\n');
}

async function closeLogs(): Promise<void> {
  await Promise.all([...logs.values()].map((stream) => new Promise((done) => stream.end(done))));
}

async function main(): Promise<number> {
  refuseIfRunning();
  await mkdir(logDir, { recursive: true });
  const abort = new AbortController();
  // A signal, or a bug of the launcher itself: either way everything it started must be stopped.
  const stopRequested = new Promise<{ reason: string; code: number }>((resolve) => {
    const stopFor = (reason: string, code: number) => {
      // Stopping takes seconds (each part gets SIGTERM and time to finish); exiting early would orphan them.
      if (abort.signal.aborted) return say('still stopping, a moment …');
      abort.abort();
      resolve({ reason, code });
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
      process.on(signal, () => stopFor(`${signal} received`, 0));
    const onBug = (error: unknown) => stopFor(`internal error: ${String(error)}`, 1);
    process.on('uncaughtException', onBug);
    process.on('unhandledRejection', onBug);
  });

  say(`starting in ${dir} (the first run provisions daprd, Kafka and PostgreSQL: minutes, then cached)`);
  let stack: Stack;
  try {
    stack = await startStack({ dir, gatewayPort, output, signal: abort.signal });
  } catch (error) {
    await closeLogs();
    if (abort.signal.aborted) {
      say('stopped before the stack was up; nothing left running');
      return 0;
    }
    say(`could not start: ${error instanceof Error ? error.message : String(error)}`);
    say(`process logs are in ${logDir}`);
    return 1;
  }
  process.stdout.write(describe(stack.endpoints) + '\n');
  const { reason, code } = await Promise.race([
    stopRequested,
    stack.failure.then((reason) => ({ reason: `${reason} (see ${logDir})`, code: 1 })),
  ]);
  abort.abort();
  say(`${reason}; stopping …`);
  await stack.stop();
  await closeLogs();
  say('stopped; nothing left running');
  return code;
}

process.exitCode = await main();
