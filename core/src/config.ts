import { z } from 'zod';
import { TimeZone } from '@todo/contracts';
import { LlmSettings } from './llm-settings.js';

/** The environment of core's own process (the dapr runtime), documented in the README. */
export const CoreEnv = LlmSettings.extend({
  /** Without it, the connection string (password included) comes from the secret store, key `database-url`. */
  DATABASE_URL: z.string().url().optional(),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1),
  APP_PORT: z.coerce.number().int().min(0).default(7001),
  HOST: z.string().default('127.0.0.1'),
  PUBSUB_NAME: z.string().default('pubsub'),
  TASK_EVENTS_TOPIC: z.string().default('task-events'),
  SECRET_STORE: z.string().default('secretstore'),
  /** The secret holding every key, where a store's secrets hold several (the chart's Kubernetes Secret). */
  SECRET_NAME: z.string().min(1).optional(),
  /** Where conversations live (dapr/resources/statestore.yaml). */
  STATE_STORE: z.string().default('statestore'),
  JWT_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .default(7 * 24 * 3600),
  DEFAULT_TIMEZONE: TimeZone.default('UTC'),
});
