import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDaprFiles } from './dapr-files.js';
import { startSidecar, type Sidecar } from './daprd.js';
import { freePort, type LineSink } from './processes.js';
import { startScheduler, type Scheduler } from './scheduler.js';
import { startService, type RunningService } from './service.js';

export interface DaprServicesOptions {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** The task-events topic. */
  topic: string;
  /** Where the notifier's subscription sends task events it keeps failing on. */
  deadLetterTopic: string;
  /** The notifications topic (the notifier publishes it, the gateways read it). */
  notificationsTopic: string;
  /** How many gateway replicas (default 1), each with its own sidecar. */
  gateways?: number;
  /** The first gateway's port (0: any free port); the others take free ports. */
  gatewayPort?: number;
  /** Base environment of every process, sidecars included (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Extra environment of the gateways. */
  gatewayEnv?: Record<string, string>;
  /** Where the built services are: the repository (default), or an image's runtime tree. */
  appRoot?: string;
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
  /** The running notifier process (a new one after `restartNotifier`). */
  readonly notifier: RunningService;
  readonly notifierSidecar: Sidecar;
  /** Dapr's scheduler, which times the notifier's reminder jobs. */
  readonly scheduler: Scheduler;
  readonly gateways: GatewayReplica[];
  /** Starts core again on the same ports, e.g. after a test killed it. */
  restartCore(): Promise<void>;
  /** Starts core's sidecar again on the same ports. */
  restartCoreSidecar(): Promise<void>;
  /** Starts the notifier again on the same ports. */
  restartNotifier(): Promise<void>;
  /** Stops the gateways, then the notifier, then core, then the sidecars, then the scheduler. */
  stop(): Promise<void>;
}

/**
 * The services of the dapr runtime with the project's resources from dapr/: core and the notifier (each its
 * own process beside its sidecar) over the given PostgreSQL database, and gateway replicas each beside its
 * own sidecar over Kafka. Dapr's scheduler runs the notifier's reminder jobs. Sidecars find each other by SQLite name resolution; the JWT key and the database
 * URL come from the local-file secret store. PostgreSQL, Kafka and the topics must exist.
 */
export async function startDaprServices(options: DaprServicesOptions): Promise<DaprServices> {
  const dir = await mkdtemp(join(tmpdir(), 'todo-dapr-'));
  // The database password travels as a secret (for core and the notifier), not in their environment.
  await writeFile(
    join(dir, 'secrets.json'),
    JSON.stringify({ 'jwt-secret': randomUUID() + randomUUID(), 'database-url': options.databaseUrl }),
    { mode: 0o600 },
  );
  const brokers = options.kafkaBrokers.join(',');
  const { resources, config } = await renderDaprFiles({
    KAFKA_BROKERS: brokers,
    TASK_EVENTS_TOPIC: options.topic,
    TASK_EVENTS_DLQ_TOPIC: options.deadLetterTopic,
    SECRETS_FILE: join(dir, 'secrets.json'),
    NAMES_DB: join(dir, 'names.db'),
  });
  const env = options.env ?? process.env;
  const detached = options.detached;
  const linesOf = (source: string) => (line: string) => options.output?.(source, line);
  const logsOf = (source: string) => (entry: Record<string, unknown>) => options.onLog?.(source, entry);

  /** An app that takes calls or deliveries, beside its own sidecar, on ports kept across restarts. */
  const appBesideSidecar = async (
    appId: string,
    main: string,
    appEnv: NodeJS.ProcessEnv,
    sidecarOptions: { schedulerAddress?: string } = {},
  ) => {
    const [appPort, daprPort] = [await freePort(), await freePort()];
    const ports = { grpc: await freePort(), internalGrpc: await freePort(), metrics: await freePort() };
    return {
      startApp: () =>
        startService({
          main,
          root: options.appRoot,
          env: {
            ...env,
            // The database password comes from the secret store, never the environment.
            DATABASE_URL: undefined,
            DAPR_HTTP_PORT: String(daprPort),
            APP_PORT: String(appPort),
            ...appEnv,
          },
          output: linesOf(appId),
          onLog: logsOf(appId),
          detached,
        }),
      startSidecar: () =>
        startSidecar(appId, resources, {
          appPort,
          httpPort: daprPort,
          ports,
          config,
          output: linesOf(`${appId}-daprd`),
          detached,
          env,
          ...sidecarOptions,
        }),
    };
  };
  /**
   * The app waits for its sidecar (for its secrets) while the sidecar waits for the app's port. Both settle
   * before a failure is thrown, so whichever did start is stopped (and no failure goes unhandled).
   */
  const startBoth = async (
    app: Awaited<ReturnType<typeof appBesideSidecar>>,
    started: (sidecar: Sidecar) => void,
  ): Promise<RunningService> => {
    const [service, sidecar] = await Promise.allSettled([app.startApp(), app.startSidecar()]);
    if (sidecar.status === 'fulfilled') started(sidecar.value);
    if (service.status === 'rejected') throw service.reason;
    if (sidecar.status === 'rejected') {
      await service.value.stop();
      throw sidecar.reason;
    }
    return service.value;
  };
  let scheduler: Scheduler;
  try {
    scheduler = await startScheduler({ output: linesOf('scheduler'), detached, env });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const coreApp = await appBesideSidecar('core', 'core/dist/main.js', { TASK_EVENTS_TOPIC: options.topic });
  const notifierApp = await appBesideSidecar(
    'notifier',
    'notifier/dist/main.js',
    { NOTIFICATIONS_TOPIC: options.notificationsTopic },
    { schedulerAddress: scheduler.address },
  );

  let core: RunningService | undefined;
  let coreSidecar: Sidecar | undefined;
  let notifier: RunningService | undefined;
  let notifierSidecar: Sidecar | undefined;
  const gateways: GatewayReplica[] = [];
  const stop = async () => {
    for (const gateway of [...gateways].reverse()) await gateway.service.stop();
    await notifier?.stop();
    await core?.stop();
    for (const gateway of gateways) await gateway.sidecar.stop();
    await notifierSidecar?.stop();
    await coreSidecar?.stop();
    await scheduler.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    core = await startBoth(coreApp, (sidecar) => (coreSidecar = sidecar));
    notifier = await startBoth(notifierApp, (sidecar) => (notifierSidecar = sidecar));
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
        root: options.appRoot,
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
    get notifier() {
      return notifier!;
    },
    get notifierSidecar() {
      return notifierSidecar!;
    },
    scheduler,
    gateways,
    async restartCore() {
      await core!.stop();
      core = await coreApp.startApp();
    },
    async restartCoreSidecar() {
      await coreSidecar!.stop();
      coreSidecar = await coreApp.startSidecar();
    },
    async restartNotifier() {
      await notifier!.stop();
      notifier = await notifierApp.startApp();
    },
    stop,
  };
}
