import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaprServices, type DaprServices } from './dapr-services.js';
import type { Sidecar } from './daprd.js';
import { buildDaprd, startKafka, startPostgres, type KafkaBroker, type Postgres } from './infrastructure.js';
import { isAlive, type LineSink } from './processes.js';

/** The topics of the stack and their partition counts (events are keyed by user, so order holds per user). */
export const STACK_TOPICS = {
  taskEvents: { name: 'task-events', partitions: 6 },
  /** Task events the notifier's subscription keeps failing on (dapr/resources/subscription.yaml). */
  taskEventsDeadLetter: { name: 'task-events-dlq', partitions: 1 },
  notifications: { name: 'notifications', partitions: 6 },
} as const;
const topicSpecs = () => Object.values(STACK_TOPICS).map(({ name, partitions }) => `${name}:${partitions}`);

export interface StackOptions {
  /** Where the stack keeps its state files, logs and endpoints.json (`.stack/` by default). */
  dir: string;
  /** The gateway's port (the `PORT` variable; 8080 by default). */
  gatewayPort: number;
  /** Every line of every part, with the part's name; provisioning progress comes as `provision`. */
  output: LineSink;
  /** Aborts the start (e.g. Ctrl-C while provisioning); what started is stopped and the promise rejects. */
  signal?: AbortSignal;
}

/** What `.stack/endpoints.json` holds while the stack runs. */
export interface StackEndpoints {
  pid: number;
  startedAt: string;
  gateway: { url: string; websocket: string; pid: number };
  ui: string;
  postgres: { url: string; port: number; pid: number };
  kafka: { bootstrapServers: string; topics: string[]; pid: number };
  /** Dapr's scheduler (the notifier's reminder jobs): its gRPC address. */
  scheduler: { address: string; pid: number };
  services: Record<string, { pid: number; appPort?: number; dapr: DaprdEndpoints }>;
}

export interface DaprdEndpoints {
  pid: number;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  metricsPort: number;
}

export interface Stack {
  endpoints: StackEndpoints;
  endpointsFile: string;
  /** Resolves with a description when a part of the stack dies on its own. */
  failure: Promise<string>;
  /**
   * Stops everything in order (gateway, notifier, core, sidecars, scheduler, Kafka, PostgreSQL) and removes
   * endpoints.json.
   */
  stop(): Promise<void>;
}

/**
 * The local distributed stack: provisions what is missing (daprd, Kafka's jars, PostgreSQL), then starts
 * PostgreSQL, Kafka with the topics, core and the notifier each beside its sidecar, and the gateway (which
 * serves the UI) beside its own. On any failure it stops what it started before rethrowing.
 */
export async function startStack(options: StackOptions): Promise<Stack> {
  const { dir, output, signal } = options;
  await mkdir(dir, { recursive: true });
  const provision = (line: string) => output('provision', line);
  let postgres: Postgres | undefined;
  let kafka: KafkaBroker | undefined;
  let services: DaprServices | undefined;
  const endpointsFile = join(dir, 'endpoints.json');
  let stopping = false;
  const stop = async () => {
    stopping = true;
    await rm(endpointsFile, { force: true });
    await services?.stop();
    await kafka?.stop();
    await postgres?.stop();
  };
  try {
    await buildDaprd(provision, signal);
    // Both settle before either failure is thrown, so whatever did start is known and stopped.
    const [pg, broker] = await Promise.allSettled([
      startPostgres(join(dir, 'postgres.state'), provision, signal),
      startKafka(join(dir, 'kafka.state'), topicSpecs(), provision, signal),
    ]);
    if (pg.status === 'fulfilled') postgres = pg.value;
    if (broker.status === 'fulfilled') kafka = broker.value;
    if (pg.status === 'rejected') throw pg.reason;
    if (broker.status === 'rejected') throw broker.reason;
    const databaseUrl = await pg.value.createDatabase('todo');
    services = await startDaprServices({
      databaseUrl,
      kafkaBrokers: broker.value.bootstrapServers.split(','),
      topic: STACK_TOPICS.taskEvents.name,
      deadLetterTopic: STACK_TOPICS.taskEventsDeadLetter.name,
      notificationsTopic: STACK_TOPICS.notifications.name,
      gatewayPort: options.gatewayPort,
      env: { ...process.env, DATA_DIR: join(dir, 'data') },
      output,
      detached: true,
    });
    signal?.throwIfAborted();
    const endpoints = endpointsOf(databaseUrl, pg.value, broker.value, services);
    // Written whole, then renamed: a tool polling for the file never reads half of it.
    await writeFile(`${endpointsFile}.tmp`, JSON.stringify(endpoints, null, 2) + '\n');
    await rename(`${endpointsFile}.tmp`, endpointsFile);
    return { endpoints, endpointsFile, failure: watch(endpoints, () => stopping), stop };
  } catch (error) {
    await stop().catch((stopError: unknown) => output('stack', `while cleaning up: ${String(stopError)}`));
    throw error;
  }
}

function endpointsOf(
  databaseUrl: string,
  postgres: Postgres,
  kafka: KafkaBroker,
  services: DaprServices,
): StackEndpoints {
  const gateway = services.gateways[0]!;
  const url = `http://127.0.0.1:${gateway.service.port}`;
  return {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    gateway: { url, websocket: `ws://127.0.0.1:${gateway.service.port}/ws`, pid: gateway.service.child.pid! },
    ui: `${url}/`,
    postgres: { url: databaseUrl, port: postgres.port, pid: postgres.pid },
    kafka: {
      bootstrapServers: kafka.bootstrapServers,
      topics: Object.values(STACK_TOPICS).map(({ name }) => name),
      pid: kafka.pid,
    },
    scheduler: { address: services.scheduler.address, pid: services.scheduler.child.pid! },
    services: {
      core: {
        pid: services.core.child.pid!,
        appPort: services.core.port,
        dapr: daprdEndpoints(services.coreSidecar),
      },
      notifier: {
        pid: services.notifier.child.pid!,
        appPort: services.notifier.port,
        dapr: daprdEndpoints(services.notifierSidecar),
      },
      gateway: { pid: gateway.service.child.pid!, dapr: daprdEndpoints(gateway.sidecar) },
    },
  };
}

function daprdEndpoints(sidecar: Sidecar): DaprdEndpoints {
  const { httpPort, grpcPort, internalGrpcPort, metricsPort } = sidecar;
  return { pid: sidecar.child.pid!, httpPort, grpcPort, internalGrpcPort, metricsPort };
}

/** Resolves once any process of the stack is gone (checked every second) while it is not stopping. */
function watch(endpoints: StackEndpoints, stopping: () => boolean): Promise<string> {
  const parts: Array<[string, number]> = [
    ['PostgreSQL', endpoints.postgres.pid],
    ['Kafka', endpoints.kafka.pid],
    ['the Dapr scheduler', endpoints.scheduler.pid],
    ...Object.entries(endpoints.services).flatMap(([name, service]): Array<[string, number]> => [
      [name, service.pid],
      [`${name}'s daprd`, service.dapr.pid],
    ]),
  ];
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (stopping()) return clearInterval(timer);
      const dead = parts.find(([, pid]) => !isAlive(pid));
      if (dead) {
        clearInterval(timer);
        resolve(`${dead[0]} (pid ${dead[1]}) stopped unexpectedly`);
      }
    }, 1000);
    timer.unref();
  });
}
