import type { TaskEvent } from '@todo/contracts';
import { startNotifier, type Notifier } from '@todo/notifier';
import { createLogger } from '@todo/observability';
import type { GatewayConfig } from '../config.js';

/**
 * The notifier as the embedded runtime hosts it: in this process, beside core, with its own PGlite (or its
 * own schema on DATABASE_URL): it shares no table with core.
 */
export function startEmbeddedNotifier(config: GatewayConfig): Promise<Notifier> {
  return startNotifier({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: `${config.dataDir}/notifier-pglite`,
    log: createLogger('notifier'),
  });
}

/** Core's subscriber for the notifier: an event it fails to apply makes core's relay send it again. */
export const feedNotifier =
  (notifier: Notifier) =>
  (event: TaskEvent): Promise<void> =>
    notifier.applyTaskEvent(event);
