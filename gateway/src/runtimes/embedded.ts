import { llmConfig, startCore } from '@todo/core';
import { createLogger } from '@todo/observability';
import { loadJwtSecret, type GatewayConfig } from '../config.js';
import { feedNotifier, startEmbeddedNotifier } from './embedded-notifier.js';
import type { Runtime } from './runtime.js';

/** One process: core and the notifier in-process over PGlite (or DATABASE_URL), events on in-process buses. */
export async function startEmbeddedRuntime(config: GatewayConfig): Promise<Runtime> {
  const jwtSecret = await loadJwtSecret(config);
  // The notifier first: it must hear every task event core's relay sends, from the first one.
  const notifier = await startEmbeddedNotifier(config);
  const core = await startCore({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: `${config.dataDir}/pglite`,
    jwtSecret,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    defaultTimeZone: config.DEFAULT_TIMEZONE,
    log: createLogger('core'),
    subscribers: [feedNotifier(notifier)],
    llm: llmConfig(config, config.LLM_API_KEY),
  }).catch(async (error: unknown) => {
    await notifier.stop();
    throw error;
  });
  return {
    core: core.api,
    events: core,
    notifier: notifier.api,
    notifications: notifier,
    jwtSecret,
    describe: { runtime: 'embedded', database: config.DATABASE_URL ? 'postgresql' : 'pglite' },
    // Core feeds the notifier: it stops first.
    async stop() {
      await core.stop();
      await notifier.stop();
    },
  };
}
