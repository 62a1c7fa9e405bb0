import { rm } from 'node:fs/promises';
import { startDaprServices, type DaprServices, type Sidecar } from '@todo/stack';
import { asAppProcess, tempDataDir, testEnv, type AppProcess } from './app-process.js';
import { createTopic, kafkaBrokers } from './kafka.js';

export interface DaprStack {
  /** Core, the notifier, their sidecars and the replicas, e.g. to kill and restart core. */
  services: DaprServices;
  /** The gateway replicas, as apps under test. */
  gateways: AppProcess[];
  /** The sidecars of the gateways, in order (for calling core by service invocation). */
  gatewaySidecars: Sidecar[];
  topic: string;
  /** Where the notifier's subscription sends task events it gave up on. */
  deadLetterTopic: string;
  notificationsTopic: string;
  /** The JSON log entries a process printed so far (`core`, `notifier`, `gateway-0` …). */
  logsOf(source: string): Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface DaprStackOptions {
  /** How many gateway replicas (default 1). */
  gateways?: number;
  /** Extra environment of the gateways. */
  gatewayEnv?: Record<string, string>;
  /** Extra environment of every process, sidecars included. */
  everyProcessEnv?: Record<string, string>;
  /** Where the built services are: this checkout (default), or an image's runtime tree. */
  appRoot?: string;
}

/**
 * The dapr runtime on this machine's real parts (the same launcher as `npm run stack`): core and the
 * notifier each beside its sidecar over the given PostgreSQL database, and gateway replicas each beside its
 * own sidecar, over the test Kafka with fresh topics (task events, their dead letters, notifications).
 */
export async function startDaprStack(
  databaseUrl: string,
  { gateways = 1, gatewayEnv = {}, everyProcessEnv = {}, appRoot }: DaprStackOptions = {},
): Promise<DaprStack> {
  const topic = await createTopic('task-events', 6);
  const deadLetterTopic = await createTopic('task-events-dlq', 1);
  const notificationsTopic = await createTopic('notifications', 6);
  const dataDir = await tempDataDir();
  const logs = new Map<string, Array<Record<string, unknown>>>();
  const logsOf = (source: string) => logs.get(source) ?? logs.set(source, []).get(source)!;
  const services = await startDaprServices({
    databaseUrl,
    kafkaBrokers: kafkaBrokers(),
    topic,
    deadLetterTopic,
    notificationsTopic,
    gateways,
    env: { ...testEnv(dataDir), ...everyProcessEnv },
    gatewayEnv,
    appRoot,
    onLog: (source, entry) => logsOf(source).push(entry),
  }).catch(async (error: unknown) => {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  return {
    services,
    gateways: services.gateways.map(({ service }, i) =>
      asAppProcess(service, logsOf(`gateway-${i}`), dataDir),
    ),
    gatewaySidecars: services.gateways.map(({ sidecar }) => sidecar),
    topic,
    deadLetterTopic,
    notificationsTopic,
    logsOf,
    stop: async () => {
      await services.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
