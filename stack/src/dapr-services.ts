import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDaprFiles } from './dapr-files.js';
import { startSidecar, type Sidecar } from './daprd.js';
import { freePort, type LineSink } from './processes.js';
import { startService, type RunningService } from './service.js';

export interface DaprServicesOptions {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** The task-events topic. */
  topic: string;
  /** The notifications topic (the gateways read it). */
  notificationsTopic: string;
  /** How many gateway replicas (default 1), each with its own sidecar. */
  gateways?: number;
  /** The first gateway's port (0: any free port); the others take free ports. */
  gatewayPort?: number;
  /** Base environment of every process, sidecars included (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Extra environment of the gateways. */
  gatewayEnv?: Record<string, string>;
  /** Every line a process prints, with its name (`core`, `core-daprd`, `gateway-0` …). */
  output?: LineSink;
  /** Every JSON log entry a service prints, with its name. */
  onLog?: (source: string, entry: Record<string, unknown>) => void;
  detached?: boolean;
}

export interface GatewayReplica {
  service: RunningService;
  sidecar: Sidecar;
}

export interface DaprServices {
  /** The running core process (a new one after `restartCore`). */
  readonly core: RunningService;
  /** Core's sidecar (a new one after `restartCoreSidecar`). */
  readonly coreSidecar: Sidecar;
  readonly gateways: GatewayReplica[];
  /** Starts core again on the same ports, e.g. after a test killed it. */
  restartCore(): Promise<void>;
  /** Starts core's sidecar again on the same ports. */
  restartCoreSidecar(): Promise<void>;
  /** Stops the gateways, then core, then the sidecars. */
  stop(): Promise<void>;
}

/**
 * The services of the dapr runtime with the project's resources from dapr/: core (its own process beside
 * its sidecar) over the given PostgreSQL database, and gateway replicas each beside its own sidecar over
 * Kafka. Sidecars find each other by SQLite name resolution; the JWT key comes from the local-file secret
 * store. PostgreSQL, Kafka and the topics must exist.
 */
export async function startDaprServices(options: DaprServicesOptions): Promise<DaprServices> {
  const dir = await mkdtemp(join(tmpdir(), 'todo-dapr-'));
  // Core's database password travels as a secret, not in its environment.
  await writeFile(
    join(dir, 'secrets.json'),
    JSON.stringify({ 'jwt-secret': randomUUID() + randomUUID(), 'database-url': options.databaseUrl }),
    { mode: 0o600 },
  );
  const brokers = options.kafkaBrokers.join(',');
  const { resources, config } = await renderDaprFiles({
    KAFKA_BROKERS: brokers,
    SECRETS_FILE: join(dir, 'secrets.json'),
    NAMES_DB: join(dir, 'names.db'),
  });
  const env = options.env ?? process.env;
  const detached = options.detached;
  const linesOf = (source: string) => (line: string) => options.output?.(source, line);
  const logsOf = (source: string) => (entry: Record<string, unknown>) => options.onLog?.(source, entry);

  const [coreAppPort, coreDaprPort] = [await freePort(), await freePort()];
  const coreSidecarPorts = {
    grpc: await freePort(),
    internalGrpc: await freePort(),
    metrics: await freePort(),
  };
  const startCoreProcess = () =>
    startService({
      main: 'core/dist/main.js',
      env: {
        ...env,
        DATABASE_URL: undefined,
        DAPR_HTTP_PORT: String(coreDaprPort),
        APP_PORT: String(coreAppPort),
        TASK_EVENTS_TOPIC: options.topic,
      },
      output: linesOf('core'),
      onLog: logsOf('core'),
      detached,
    });
  const startCoreSidecar = () =>
    startSidecar('core', resources, {
      appPort: coreAppPort,
      httpPort: coreDaprPort,
      ports: coreSidecarPorts,
      config,
      output: linesOf('core-daprd'),
      detached,
      env,
    });

  let core: RunningService | undefined;
  let coreSidecar: Sidecar | undefined;
  const gateways: GatewayReplica[] = [];
  const stop = async () => {
    for (const gateway of [...gateways].reverse()) await gateway.service.stop();
    await core?.stop();
    for (const gateway of gateways) await gateway.sidecar.stop();
    await coreSidecar?.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Core waits for its sidecar (for the JWT key) while the sidecar waits for core's port.
    const coreStarting = startCoreProcess();
    coreSidecar = await startCoreSidecar().catch(async (error: unknown) => {
      await coreStarting.then(
        (started) => started.stop(),
        () => undefined,
      );
      throw error;
    });
    core = await coreStarting;
    for (let i = 0; i < (options.gateways ?? 1); i++) {
      const name = `gateway-${i}`;
      const sidecar = await startSidecar('gateway', resources, {
        config,
        output: linesOf(`${name}-daprd`),
        detached,
        env,
      });
      const service = await startService({
        main: 'gateway/dist/main.js',
        env: {
          ...env,
          PORT: String(i === 0 ? (options.gatewayPort ?? 0) : 0),
          RUNTIME: 'dapr',
          DAPR_HTTP_PORT: String(sidecar.httpPort),
          KAFKA_BROKERS: brokers,
          TASK_EVENTS_TOPIC: options.topic,
          NOTIFICATIONS_TOPIC: options.notificationsTopic,
          REPLICA_ID: `${name}-${randomUUID()}`,
          ...options.gatewayEnv,
        },
        output: linesOf(name),
        onLog: logsOf(name),
        detached,
      }).catch(async (error: unknown) => {
        await sidecar.stop();
        throw error;
      });
      gateways.push({ service, sidecar });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    get core() {
      return core!;
    },
    get coreSidecar() {
      return coreSidecar!;
    },
    gateways,
    async restartCore() {
      await core!.stop();
      core = await startCoreProcess();
    },
    async restartCoreSidecar() {
      await coreSidecar!.stop();
      coreSidecar = await startCoreSidecar();
    },
    stop,
  };
}
