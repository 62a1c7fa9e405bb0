import { startCore } from '@todo/core';
import { createLogger } from '@todo/observability';
import { loadJwtSecret, type GatewayConfig } from '../config.js';
import type { Runtime } from './runtime.js';

/** One process: core in-process over PGlite (or DATABASE_URL), events on the in-process bus. */
export async function startEmbeddedRuntime(config: GatewayConfig): Promise<Runtime> {
  const jwtSecret = await loadJwtSecret(config);
  const core = await startCore({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: `${config.dataDir}/pglite`,
    jwtSecret,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    defaultTimeZone: config.DEFAULT_TIMEZONE,
    log: createLogger('core'),
  });
  return {
    core: core.api,
    events: core,
    jwtSecret,
    describe: { runtime: 'embedded', database: config.DATABASE_URL ? 'postgresql' : 'pglite' },
    stop: () => core.stop(),
  };
}
