import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './paths.js';
import { spawnProcess } from './processes.js';

const run = promisify(execFile);

/**
 * Runs one of the project's provisioning scripts (they print progress on stderr, line by line, to
 * `output`) and rejects with its last lines when it fails.
 */
export function runScript(
  script: string,
  args: string[],
  output: (line: string) => void,
  signal?: AbortSignal,
): Promise<void> {
  signal?.throwIfAborted();
  const recent: string[] = [];
  const child = spawnProcess(join(ROOT, script), args, {
    cwd: ROOT,
    // Its own process group: a Ctrl-C during provisioning reaches the launcher, which cleans up in order.
    detached: true,
    output: (line) => {
      output(line);
      recent.push(line);
      if (recent.length > 30) recent.shift();
    },
  });
  // The whole group, so a `go build` or `initdb` under the script stops too; the script's traps clean up.
  const abort = () => child.pid && process.kill(-child.pid, 'SIGTERM');
  signal?.addEventListener('abort', abort, { once: true });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', () => signal?.removeEventListener('abort', abort));
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve()
        : reject(new Error(`${script} ${args.join(' ')} failed (${signal ?? code}):\n${recent.join('\n')}`)),
    );
  });
}

/** The `export NAME=value` lines a script wrote to its state file, as bash reads them. */
export async function readStateFile(path: string): Promise<Record<string, string>> {
  const { stdout } = await run('env', ['-i', 'bash', '-c', '. "$1" && env -0', '_', path]);
  return Object.fromEntries(
    stdout
      .split('\0')
      .filter(Boolean)
      .map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
}

export interface Postgres {
  /** A superuser URL to the `postgres` database. */
  url: string;
  port: number;
  pid: number;
  /** Creates a database (if missing) and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** A throwaway PostgreSQL server on loopback (scripts/pg-test-cluster.sh; installs Debian's package if needed). */
export async function startPostgres(
  stateFile: string,
  output: (line: string) => void,
  signal?: AbortSignal,
): Promise<Postgres> {
  const script = 'scripts/pg-test-cluster.sh';
  await runScript(script, ['start', stateFile], output, signal);
  const state = await readStateFile(stateFile);
  const url = state.TEST_DATABASE_URL!;
  return {
    url,
    port: Number(state.PG_TEST_PORT),
    pid: Number(state.PG_TEST_PID),
    async createDatabase(name) {
      const psql = join(state.PG_TEST_BINDIR!, 'psql');
      const exists = await run(psql, [
        '-XtAq',
        url,
        '-c',
        `SELECT 1 FROM pg_database WHERE datname = '${name}'`,
      ]);
      if (!exists.stdout.trim()) await run(psql, ['-Xq', url, '-c', `CREATE DATABASE "${name}"`]);
      return url.replace(/\/[^/]*$/, `/${name}`);
    },
    stop: () => runScript(script, ['stop', stateFile], output),
  };
}

export interface KafkaBroker {
  bootstrapServers: string;
  port: number;
  controllerPort: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * A throwaway single-node Kafka (KRaft) on loopback (scripts/provision/kafka.sh; fetches its jars from
 * Maven Central once), with the given topics (`name:partitions`).
 */
export async function startKafka(
  stateFile: string,
  topics: string[],
  output: (line: string) => void,
  signal?: AbortSignal,
): Promise<KafkaBroker> {
  const script = 'scripts/provision/kafka.sh';
  const stop = () => runScript(script, ['stop', stateFile], output);
  await runScript(script, ['start', stateFile], output, signal);
  try {
    await runScript(script, ['topics', stateFile, ...topics], output, signal);
  } catch (error) {
    await stop();
    throw error;
  }
  const state = await readStateFile(stateFile);
  return {
    bootstrapServers: state.KAFKA_BOOTSTRAP!,
    port: Number(state.KAFKA_PORT),
    controllerPort: Number(state.KAFKA_CONTROLLER_PORT),
    pid: Number(state.KAFKA_PID),
    stop,
  };
}

/** Builds the trimmed daprd and the scheduler once (scripts/provision/daprd.sh; ~5 min cold, cached after). */
export function buildDaprd(output: (line: string) => void, signal?: AbortSignal): Promise<void> {
  return runScript('scripts/provision/daprd.sh', ['build'], output, signal);
}
