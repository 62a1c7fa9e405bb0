import { readFileSync } from 'node:fs';
import { JWT_ISSUER } from '@todo/core';
import { createLogger, runService, startTelemetry } from '@todo/observability';
import { TokenVerifier } from './auth/token-verifier.js';
import { loadConfig } from './config.js';
import { startDaprRuntime } from './runtimes/dapr.js';
import { startEmbeddedRuntime } from './runtimes/embedded.js';
import { startGateway } from './server.js';

/**
 * The gateway process. RUNTIME picks the composition: embedded (core in this process) or dapr (core behind
 * the sidecar); the runtimes are the only place adapters are chosen, nothing below knows which.
 */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const telemetry = startTelemetry({ serviceName: 'todo-gateway', serviceVersion: version });
const log = createLogger('gateway');

async function main(): Promise<{ stop(): Promise<void> }> {
  const config = loadConfig();
  const runtime =
    config.RUNTIME === 'dapr' ? await startDaprRuntime(config, log) : await startEmbeddedRuntime(config);
  const gateway = await startGateway({
    core: runtime.core,
    events: runtime.events,
    notifier: runtime.notifier,
    notifications: runtime.notifications,
    verifier: new TokenVerifier(runtime.jwtSecret, JWT_ISSUER),
    config,
    log,
    version,
  });
  const url = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${gateway.port}`;
  log.info({ url, port: gateway.port, ...runtime.describe }, `listening on ${url}`);

  return {
    async stop() {
      gateway.close();
      await runtime.stop();
    },
  };
}

runService(log, telemetry, main);
