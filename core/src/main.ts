import { z } from 'zod';
import { TimeZone } from '@todo/contracts';
import { createLogger, runService, startTelemetry } from '@todo/observability';
import { parseEnv, readDaprSecret } from '@todo/platform';
import { startCore } from './compose.js';
import { llmConfig, LlmSettings } from './llm-settings.js';
import { startCoreServer } from './http/server.js';

/**
 * The core process of the dapr runtime: PostgreSQL, events out through its sidecar's pub/sub,
 * conversations in its state store, and its API served to the sidecar for service invocation. (In embedded mode the gateway process hosts core.)
 */
const Env = LlmSettings.extend({
  /** Without it, the connection string (password included) comes from the secret store, key `database-url`. */
  DATABASE_URL: z.string().url().optional(),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1),
  APP_PORT: z.coerce.number().int().min(0).default(7001),
  HOST: z.string().default('127.0.0.1'),
  PUBSUB_NAME: z.string().default('pubsub'),
  TASK_EVENTS_TOPIC: z.string().default('task-events'),
  SECRET_STORE: z.string().default('secretstore'),
  /** Where conversations live (dapr/resources/statestore.yaml). */
  STATE_STORE: z.string().default('statestore'),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 3600),
  DEFAULT_TIMEZONE: TimeZone.default('UTC'),
});

const telemetry = startTelemetry({ serviceName: 'todo-core' });
const log = createLogger('core');

async function main(): Promise<{ stop(): Promise<void> }> {
  const env = parseEnv(Env);
  const secret = (key: string) =>
    readDaprSecret({ daprHttpPort: env.DAPR_HTTP_PORT, store: env.SECRET_STORE, key });
  const secretIfAny = (key: string) =>
    readDaprSecret({ daprHttpPort: env.DAPR_HTTP_PORT, store: env.SECRET_STORE, key, optional: true });
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
