import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type AppProcess } from './app-process.js';
import { freePort, startSidecar, type Sidecar } from './dapr-sidecar.js';
import { renderDaprFiles } from './dapr-resources.js';
import { createTopic, kafkaBrokers } from './kafka.js';

export interface DaprStack {
  core: AppProcess;
  gateways: AppProcess[];
  /** The sidecars of the gateways, in order (for calling core by service invocation). */
  gatewaySidecars: Sidecar[];
  topic: string;
  stop(): Promise<void>;
}

/**
 * The dapr runtime on this machine's real parts, with the project's resources from dapr/: core (its own
 * process, beside its sidecar) over the given PostgreSQL database, and `gateways` gateway processes each
 * beside its own sidecar, over the test Kafka. Sidecars find each other by SQLite name resolution; the JWT
 * key comes from the local-file secret store.
 */
export async function startDaprStack(
  databaseUrl: string,
  gateways = 1,
  env: Record<string, string> = {},
): Promise<DaprStack> {
  const topic = await createTopic('task-events', 6);
  const dir = await mkdtemp(join(tmpdir(), 'dapr-stack-'));
  await writeFile(join(dir, 'secrets.json'), JSON.stringify({ 'jwt-secret': randomUUID() + randomUUID() }));
  // The project's own resources and Configuration (dapr/), so the suites prove those files.
  const { resources, config } = await renderDaprFiles({
    KAFKA_BROKERS: kafkaBrokers().join(','),
    SECRETS_FILE: join(dir, 'secrets.json'),
    NAMES_DB: join(dir, 'names.db'),
  });
  const sidecars: Sidecar[] = [];
  const processes: AppProcess[] = [];
  const stop = async () => {
    for (const process of processes.reverse()) await process.stop();
    for (const sidecar of sidecars) await sidecar.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [appPort, daprHttpPort] = [await freePort(), await freePort()];
    // Core waits for its sidecar (for the JWT key) while the sidecar waits for core's port.
    const coreStarting = startApp(
      {
        DATABASE_URL: databaseUrl,
        DAPR_HTTP_PORT: String(daprHttpPort),
        APP_PORT: String(appPort),
        TASK_EVENTS_TOPIC: topic,
      },
      'core/dist/main.js',
    );
    sidecars.push(await startSidecar('core', resources, { appPort, httpPort: daprHttpPort, config }));
    const core = await coreStarting;
    processes.push(core);
    const gatewaySidecars: Sidecar[] = [];
    for (let i = 0; i < gateways; i++) {
      const sidecar = await startSidecar('gateway', resources, { config });
      sidecars.push(sidecar);
      gatewaySidecars.push(sidecar);
      processes.push(
        await startApp({
          RUNTIME: 'dapr',
          DAPR_HTTP_PORT: String(sidecar.httpPort),
          KAFKA_BROKERS: kafkaBrokers().join(','),
          TASK_EVENTS_TOPIC: topic,
          REPLICA_ID: `replica-${i}-${randomUUID()}`,
          ...env,
        }),
      );
    }
    return { core, gateways: processes.slice(1), gatewaySidecars, topic, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
