import { createLogger, runService, startTelemetry } from '@todo/observability';
import { parseEnv, readDaprSecret } from '@todo/platform';
import { startNotifier } from './compose.js';
import { NotifierEnv } from './config.js';
import { startNotifierServer } from './http/server.js';

/*
 * The notifier process of the dapr runtime: PostgreSQL, task events in by its sidecar's subscription,
 * notification events out through its pub/sub, reminders timed by Dapr jobs (its sidecar must know a
 * scheduler) with the cron binding's sweep as backstop, and NotifierApi served for service invocation.
 * (In embedded mode the gateway process hosts the notifier.)
 */
const telemetry = startTelemetry({ serviceName: 'todo-notifier' });
const log = createLogger('notifier');

async function main(): Promise<{ stop(): Promise<void> }> {
  const env = parseEnv(NotifierEnv);
  const notifier = await startNotifier({
    databaseUrl:
      env.DATABASE_URL ??
      (await readDaprSecret({
        daprHttpPort: env.DAPR_HTTP_PORT,
        store: env.SECRET_STORE,
        name: env.SECRET_NAME,
        key: 'database-url',
      })),
    log,
    dapr: { daprHttpPort: env.DAPR_HTTP_PORT, pubsubName: env.PUBSUB_NAME, topic: env.NOTIFICATIONS_TOPIC },
  });
  const server = await startNotifierServer(notifier, { port: env.APP_PORT, host: env.HOST, log });
  log.info({ port: server.port }, `listening on ${env.HOST}:${server.port}`);

  return {
    async stop() {
      await server.close();
      await notifier.stop();
    },
  };
}

runService(log, telemetry, main);
