import { createLogger, runService, startTelemetry } from '@todo/observability';
import { parseEnv, readDaprSecret } from '@todo/platform';
import { startCore } from './compose.js';
import { CoreEnv } from './config.js';
import { llmConfig } from './llm-settings.js';
import { startCoreServer } from './http/server.js';

/*
 * The core process of the dapr runtime: PostgreSQL, events out through its sidecar's pub/sub,
 * conversations in its state store, and its API served to the sidecar for service invocation. (In embedded
 * mode the gateway process hosts core.)
 */
const telemetry = startTelemetry({ serviceName: 'todo-core' });
const log = createLogger('core');

async function main(): Promise<{ stop(): Promise<void> }> {
  const env = parseEnv(CoreEnv);
  const store = { daprHttpPort: env.DAPR_HTTP_PORT, store: env.SECRET_STORE, name: env.SECRET_NAME };
  const secret = (key: string) => readDaprSecret({ ...store, key });
  const secretIfAny = (key: string) => readDaprSecret({ ...store, key, optional: true });
  const jwtSecret = await secret('jwt-secret');
  const core = await startCore({
    databaseUrl: env.DATABASE_URL ?? (await secret('database-url')),
    jwtSecret: new TextEncoder().encode(jwtSecret),
    jwtTtlSeconds: env.JWT_TTL_SECONDS,
    defaultTimeZone: env.DEFAULT_TIMEZONE,
    log,
    dapr: {
      daprHttpPort: env.DAPR_HTTP_PORT,
      pubsubName: env.PUBSUB_NAME,
      topic: env.TASK_EVENTS_TOPIC,
      stateStore: env.STATE_STORE,
    },
    // The model's key, if it needs one, is the secret store's `llm-api-key`.
    llm: llmConfig(env, env.LLM_BASE_URL ? await secretIfAny('llm-api-key') : undefined),
  });
  const server = await startCoreServer(core.api, { port: env.APP_PORT, host: env.HOST, log });
  log.info({ port: server.port }, `listening on ${env.HOST}:${server.port}`);

  return {
    async stop() {
      await server.close();
      await core.stop();
    },
  };
}

runService(log, telemetry, main);
