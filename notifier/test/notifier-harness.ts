import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { NotificationEvent } from '@todo/contracts';
import { createLogger } from '@todo/observability';
import { startNotifier, type Notifier, type NotifierConfig } from '../src/index.js';
import { createDatabase, type Backend, type TestDatabase } from '../../testing/databases.js';

export const log = createLogger('test', 'warn');

export interface NotifierHarness {
  /** The running notifier (a new one after `restart`). */
  notifier: Notifier;
  /** Every notification event it published, across restarts. */
  received: NotificationEvent[];
  /** Stops the notifier and starts a new one on the same database. */
  restart(): Promise<void>;
}

/**
 * A notifier on its own database of `backend` for the tests of one describe block: started before them,
 * stopped (and the database removed) after them.
 */
export function notifierOn(backend: Backend, options: Partial<NotifierConfig> = {}): NotifierHarness {
  let database: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  let config: NotifierConfig;
  const harness = {
    notifier: undefined as unknown as Notifier,
    received: [] as NotificationEvent[],
    async restart() {
      await harness.notifier.stop();
      await start();
    },
  };
  const start = async () => {
    harness.notifier = await startNotifier(config);
    harness.notifier.subscribe((event) => void harness.received.push(event));
  };

  beforeAll(async () => {
    database = backend === 'postgresql' ? await createDatabase() : undefined;
    pgliteDir = backend === 'pglite' ? await mkdtemp(join(tmpdir(), 'notifier-pglite-')) : undefined;
    config = { databaseUrl: database?.url, pgliteDir, log, sweepEveryMs: 500, ...options };
    await start();
  });
  afterAll(async () => {
    await harness.notifier?.stop();
    await database?.drop();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });
  return harness;
}
