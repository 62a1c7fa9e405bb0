import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TimeZone } from '@todo/contracts';
import { LlmSettings } from '@todo/core';
import { parseEnv } from '@todo/platform';
import { commaList } from './comma-list.js';

const int = (fallback: number, min = 0) => z.coerce.number().int().min(min).default(fallback);

/** Every setting, from the environment (documented in the README). */
const Env = LlmSettings.extend({
  PORT: int(8080),
  HOST: z.string().default('127.0.0.1'),
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWT_TTL_SECONDS: int(7 * 24 * 3600, 60),
  DEFAULT_TIMEZONE: TimeZone.default('UTC'),
  CORS_ORIGINS: commaList('http://localhost:5173,http://127.0.0.1:5173'),
  UI_DIR: z.string().default(fileURLToPath(new URL('../../ui/build', import.meta.url))),
  MAX_BODY_BYTES: int(256 * 1024, 1024),
  RATE_LIMIT_IP_PER_SECOND: int(200, 1),
  RATE_LIMIT_USER_PER_SECOND: int(50, 1),
  RATE_LIMIT_AUTH_PER_MINUTE: int(20, 1),
  WS_MAX_PAYLOAD_BYTES: int(64 * 1024, 1024),
  WS_MAX_BACKPRESSURE_BYTES: int(1024 * 1024, 1024),
  WS_IDLE_TIMEOUT_SECONDS: int(120, 8),
  WS_FRAMES_PER_SECOND: int(20, 1),
  WS_AUTH_TIMEOUT_MS: int(10_000, 100),
  /** `embedded` (one process, the default) or `dapr` (beside a sidecar; see dapr/README.md). */
  RUNTIME: z.enum(['embedded', 'dapr']).default('embedded'),
  DAPR_HTTP_PORT: z.coerce.number().int().min(1).optional(),
  CORE_APP_ID: z.string().default('core'),
  NOTIFIER_APP_ID: z.string().default('notifier'),
  KAFKA_BROKERS: commaList(''),
  TASK_EVENTS_TOPIC: z.string().default('task-events'),
  NOTIFICATIONS_TOPIC: z.string().default('notifications'),
  SECRET_STORE: z.string().default('secretstore'),
  /** The secret holding every key, where a store's secrets hold several (the chart's Kubernetes Secret). */
  SECRET_NAME: z.string().min(1).optional(),
  /** Names this replica's Kafka consumer group; defaults to the host name (the pod name on Kubernetes). */
  REPLICA_ID: z.string().optional(),
  /** The assistant's model key, embedded runtime (the dapr runtime's core reads the secret store). */
  LLM_API_KEY: z.string().min(1).optional(),
}).superRefine((env, ctx) => {
  if (env.RUNTIME !== 'dapr') return;
  if (!env.DAPR_HTTP_PORT)
    ctx.addIssue({ code: 'custom', path: ['DAPR_HTTP_PORT'], message: 'RUNTIME=dapr needs it' });
  if (!env.KAFKA_BROKERS.length)
    ctx.addIssue({ code: 'custom', path: ['KAFKA_BROKERS'], message: 'RUNTIME=dapr needs it' });
});

export type GatewayConfig = z.infer<typeof Env> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const config = parseEnv(Env, env);
  return { ...config, dataDir: resolve(config.DATA_DIR) };
}

/** JWT_SECRET, or a random one created once and kept in the data folder so tokens survive restarts. */
export async function loadJwtSecret(config: GatewayConfig): Promise<Uint8Array> {
  if (config.JWT_SECRET) return new TextEncoder().encode(config.JWT_SECRET);
  const file = join(config.dataDir, 'jwt-secret');
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing?.trim()) return new TextEncoder().encode(existing.trim());
  await mkdir(config.dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  await writeFile(file, secret, { mode: 0o600, flag: 'wx' }).catch(async () => undefined);
  return new TextEncoder().encode((await readFile(file, 'utf8')).trim());
}
