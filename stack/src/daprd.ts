import { execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { freePort, hasExited, sleep, spawnProcess, stopChild } from './processes.js';

const DAPRD_SH = join(ROOT, 'scripts/provision/daprd.sh');

/** The trimmed daprd that scripts/provision/daprd.sh builds; without it, fail loudly. */
export function daprdPath(): string {
  try {
    execFileSync(DAPRD_SH, ['check'], { stdio: 'ignore' });
  } catch {
    throw new Error(
      'No daprd built. Run `scripts/provision/daprd.sh build` (`npm test` and `npm run stack` do it).',
    );
  }
  return execFileSync(DAPRD_SH, ['path'], { encoding: 'utf8' }).trim();
}

export interface SidecarOptions {
  /** The app's port, when the app takes calls or deliveries. */
  appPort?: number;
  /** Fixed when the app must know it before the sidecar starts (DAPR_HTTP_PORT). */
  httpPort?: number;
  /**
   * Fixed to restart a sidecar as the same peer: other sidecars resolve it by its internal gRPC port, and
   * a new one would sit beside the dead one in name resolution until that goes stale.
   */
  ports?: { grpc: number; internalGrpc: number; metrics: number };
  /** The Configuration YAML (dapr/config.yaml, rendered); by default SQLite name resolution in a temp file. */
  config?: string;
  /** Every line daprd prints. */
  output?: (line: string) => void;
  detached?: boolean;
  /** daprd's environment (default: this process's); an OTLP endpoint in it turns on trace export. */
  env?: NodeJS.ProcessEnv;
}

/**
 * daprd reads the standard OTLP variables but defaults to gRPC over TLS, while the services (and a local
 * Collector's usual port 4318) speak OTLP/HTTP: say so, so every sidecar exports to the same endpoint.
 */
export function daprdEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const endpoint = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return env;
  return {
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
    ...(endpoint.startsWith('http://') ? { OTEL_EXPORTER_OTLP_INSECURE: 'true' } : {}),
    ...env,
  };
}

export interface Sidecar {
  appId: string;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  metricsPort: number;
  child: ChildProcess;
  /** Its last lines of output, for error messages. */
  log(): string;
  stop(): Promise<void>;
}

const KEPT_LINES = 200;

/**
 * Starts a real daprd on loopback for `appId` with the given resource YAML documents and resolves once its
 * outbound APIs are ready. Every port is on 127.0.0.1.
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
  const httpPort = options.httpPort ?? (await freePort());
  const {
    grpc: grpcPort,
    internalGrpc: internalGrpcPort,
    metrics: metricsPort,
  } = options.ports ?? { grpc: await freePort(), internalGrpc: await freePort(), metrics: await freePort() };
  const lines: string[] = [];
  const child = spawnProcess(
    daprdPath(),
    [
      ['--app-id', appId],
      ['--resources-path', dir],
      ['--config', join(dir, 'config.yaml')],
      ['--dapr-http-port', String(httpPort)],
      ['--dapr-grpc-port', String(grpcPort)],
      ['--dapr-internal-grpc-port', String(internalGrpcPort)],
      ['--metrics-port', String(metricsPort)],
      ['--dapr-listen-addresses', '127.0.0.1'],
      ['--dapr-internal-grpc-listen-address', '127.0.0.1'],
      ['--metrics-listen-address', '127.0.0.1'],
      options.appPort ? ['--app-port', String(options.appPort)] : [],
    ].flat(),
    {
      env: daprdEnv(options.env ?? process.env),
      detached: options.detached,
      output: (line) => {
        options.output?.(line);
        lines.push(line);
        if (lines.length > KEPT_LINES) lines.shift();
      },
    },
  );
  const log = () => lines.join('\n');
  const stop = async () => {
    await stopChild(child);
    await rm(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (hasExited(child)) {
      await stop();
      throw new Error(`daprd (${appId}) exited with ${child.exitCode}:\n${log()}`);
    }
    const ready = await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz/outbound`).then(
      (r) => r.status === 204,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`daprd (${appId}) not ready in 30 s:\n${log()}`);
    }
    await sleep(200);
  }
  return { appId, httpPort, grpcPort, internalGrpcPort, metricsPort, child, log, stop };
}
