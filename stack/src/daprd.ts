import { execFileSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './paths.js';
import { freePort, startDaemon, type Daemon } from './processes.js';

const DAPRD_SH = join(ROOT, 'scripts/provision/daprd.sh');

/** A binary of the trimmed Dapr build that scripts/provision/daprd.sh makes; without it, fail loudly. */
export function daprBinary(name: 'daprd' | 'scheduler'): string {
  try {
    execFileSync(DAPRD_SH, ['check', name], { stdio: 'ignore' });
  } catch {
    throw new Error(
      `No ${name} built. Run \`scripts/provision/daprd.sh build\` (\`npm test\` and \`npm run stack\` do it).`,
    );
  }
  return execFileSync(DAPRD_SH, ['path', name], { encoding: 'utf8' }).trim();
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
  /** The Dapr scheduler's gRPC address, for the Jobs API. */
  schedulerAddress?: string;
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

export interface Sidecar extends Daemon {
  appId: string;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  metricsPort: number;
}

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
  const daemon = await startDaemon(
    `daprd (${appId})`,
    daprBinary('daprd'),
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
      options.schedulerAddress ? ['--scheduler-host-address', options.schedulerAddress] : [],
    ].flat(),
    {
      env: daprdEnv(options.env ?? process.env),
      detached: options.detached,
      output: options.output,
      dir,
      ready: async () => (await fetch(`http://127.0.0.1:${httpPort}/v1.0/healthz/outbound`)).status === 204,
    },
  );
  return { appId, httpPort, grpcPort, internalGrpcPort, metricsPort, ...daemon };
}
