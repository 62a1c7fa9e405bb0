import { readFileSync } from 'node:fs';
import { JWT_ISSUER, startCore } from '@todo/core';
import { createLogger, startTelemetry } from '@todo/observability';
import { TokenVerifier } from './auth/token-verifier.js';
import { loadConfig, loadJwtSecret } from './config.js';
import { startGateway } from './server.js';

/**
 * The embedded runtime's composition root: one process with gateway and core, PGlite (or DATABASE_URL)
 * and the in-process event bus. This is where adapters are chosen; nothing below knows which.
 */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const telemetry = startTelemetry({ serviceName: 'todo-gateway', serviceVersion: version });
const log = createLogger('gateway');

async function main(): Promise<void> {
  const config = loadConfig();
  const jwtSecret = await loadJwtSecret(config);
  const core = await startCore({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: `${config.dataDir}/pglite`,
    jwtSecret,
    jwtTtlSeconds: config.JWT_TTL_SECONDS,
    defaultTimeZone: config.DEFAULT_TIMEZONE,
    log: createLogger('core'),
  });
  const gateway = await startGateway({
    core: core.api,
    events: core,
    verifier: new TokenVerifier(jwtSecret, JWT_ISSUER),
    config,
    log,
    version,
  });
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${gateway.port}`;
  log.info(
    { url, port: gateway.port, database: config.DATABASE_URL ? 'postgresql' : 'pglite' },
    `listening on ${url}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    gateway.close();
    await core.stop();
    await telemetry.shutdown();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  log.fatal({ err: error }, 'failed to start');
  process.exitCode = 1;
  void telemetry.shutdown().finally(() => process.exit(1));
});
