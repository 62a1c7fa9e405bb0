import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stopChild } from './processes.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The trimmed daprd that `npm test` builds (scripts/provision/daprd.sh); without it, fail loudly. */
export function daprdPath(): string {
  try {
    execFileSync(join(ROOT, 'scripts/provision/daprd.sh'), ['check'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'No daprd built. Run the tests with `npm test`, or run `scripts/provision/daprd.sh build`.',
    );
  }
  return execFileSync(join(ROOT, 'scripts/provision/daprd.sh'), ['path'], { encoding: 'utf8' }).trim();
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Sidecar {
  httpPort: number;
  log(): string;
  stop(): Promise<void>;
}

export interface SidecarOptions {
  /** The app's port, when the app takes calls or deliveries. */
  appPort?: number;
  /** Fixed when the app must know it before the sidecar starts (DAPR_HTTP_PORT). */
  httpPort?: number;
  /** The Configuration YAML (dapr/config.yaml, rendered); by default SQLite name resolution in a temp file. */
  config?: string;
}

/**
 * Starts a real daprd on loopback for `appId` with the given resource YAML documents, name resolution by
 * SQLite (multicast DNS does not work here), and resolves once its outbound APIs are ready.
 */
export async function startSidecar(
  appId: string,
  resources: Record<string, string>,
  options: SidecarOptions = {},
): Promise<Sidecar> {
  const dir = await mkdtemp(join(tmpdir(), `daprd-${appId}-`));
  await writeFile(
    join(dir, 'config.yaml'),
    options.config ??
      `apiVersion: dapr.io/v1alpha1\nkind: Configuration\nmetadata:\n  name: test\nspec:\n  nameResolution:\n    component: sqlite\n    configuration:\n      connectionString: "${join(dir, 'names.db')}"\n`,
  );
  for (const [name, yaml] of Object.entries(resources)) await writeFile(join(dir, `${name}.yaml`), yaml);
  const http = options.httpPort ?? (await freePort());
  const [grpc, internal, metrics] = [await freePort(), await freePort(), await freePort()];
  let output = '';
  const child: ChildProcess = spawn(
    daprdPath(),
    [
      ['--app-id', appId],
      ['--resources-path', dir],
      ['--config', join(dir, 'config.yaml')],
      ['--dapr-http-port', String(http)],
      ['--dapr-grpc-port', String(grpc)],
      ['--dapr-internal-grpc-port', String(internal)],
      ['--metrics-port', String(metrics)],
      ['--dapr-listen-addresses', '127.0.0.1'],
      ['--dapr-internal-grpc-listen-address', '127.0.0.1'],
      ['--metrics-listen-address', '127.0.0.1'],
      options.appPort ? ['--app-port', String(options.appPort)] : [],
    ].flat(),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`daprd exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${http}/v1.0/healthz/outbound`).then(
      (r) => r.status === 204,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`daprd not ready in 30 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { httpPort: http, log: () => output, stop };
}
