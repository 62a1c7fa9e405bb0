import { z } from 'zod';

/** The environment of the notifier's own process (the dapr runtime), documented in the README. */
export const NotifierEnv = z.object({
  /** Without it, the connection string (password included) comes from the secret store, key `database-url`. */
  DATABASE_URL: z.string().url().optional(),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1),
  APP_PORT: z.coerce.number().int().min(0).default(7002),
  HOST: z.string().default('127.0.0.1'),
  PUBSUB_NAME: z.string().default('pubsub'),
  NOTIFICATIONS_TOPIC: z.string().default('notifications'),
  SECRET_STORE: z.string().default('secretstore'),
  /** The secret holding every key, where a store's secrets hold several (the chart's Kubernetes Secret). */
  SECRET_NAME: z.string().min(1).optional(),
});
