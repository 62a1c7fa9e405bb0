import { randomUUID } from 'node:crypto';
import type { CoreApi } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { OutboxRelay, startPgliteServer, type PgliteServer } from '@todo/pg';
import { JwtTokenIssuer } from './adapters/crypto/jwt-token-issuer.js';
import { ScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { DaprEventPublisher, type DaprPublisherOptions } from './adapters/dapr/dapr-event-publisher.js';
import { InProcessEventBus, type TaskEventHandler } from './adapters/embedded/event-bus.js';
import { connectDatabase, migrate } from './adapters/postgres/database.js';
import { PostgresEventLog } from './adapters/postgres/event-log.js';
import { taskEventOutbox } from './adapters/postgres/task-event-outbox.js';
import { PostgresTaskQueries } from './adapters/postgres/task-queries.js';
import { PostgresTaskStore } from './adapters/postgres/task-store.js';
import { PostgresUserRepository } from './adapters/postgres/user-repository.js';
import { AuthService } from './services/auth-service.js';
import { createCoreApi } from './services/core-api.js';
import { TaskService } from './services/task-service.js';
import type { Clock } from './ports/runtime.js';

export interface CoreConfig {
  /** A PostgreSQL server; without one, PGlite runs in-process under `pgliteDir`. */
  databaseUrl?: string;
  /** Where PGlite keeps its files ("memory://" keeps nothing); needed without `databaseUrl`. */
  pgliteDir?: string;
  jwtSecret: Uint8Array;
  jwtTtlSeconds: number;
  /** For users who sign up without naming a zone. */
  defaultTimeZone: string;
  log: Logger;
  /** Defaults to the system clock; tests pin it. */
  clock?: Clock;
  /** Publish committed task events through Dapr pub/sub; without it they go to the in-process bus. */
  dapr?: DaprPublisherOptions;
}

export interface Core {
  api: CoreApi;
  /** Task events after they commit, in per-user order, at least once (in-process only: none arrive when they go through Dapr). */
  subscribe(handler: TaskEventHandler): () => void;
  stop(): Promise<void>;
}

/**
 * The composition root of core: PostgreSQL SQL (PGlite by default), and its committed events relayed from
 * the outbox either to the in-process bus (embedded runtime) or through Dapr pub/sub (dapr runtime).
 */
export async function startCore(config: CoreConfig): Promise<Core> {
  const { log } = config;
  let pglite: PgliteServer | undefined;
  if (!config.databaseUrl) {
    if (!config.pgliteDir) throw new Error('core needs a databaseUrl or a pgliteDir');
    pglite = await startPgliteServer(config.pgliteDir);
    log.info({ dir: config.pgliteDir }, 'PGlite started');
  }
  const sql = connectDatabase(config.databaseUrl ?? pglite!.url, { maxConnections: pglite ? 1 : 10 });
  const applied = await migrate(sql);
  if (applied.length) log.info({ applied }, 'database migrated');

  const bus = new InProcessEventBus(log);
  const publisher = config.dapr ? new DaprEventPublisher(config.dapr) : bus;
  const relay = new OutboxRelay(sql, taskEventOutbox, (event) => publisher.publish(event), log);
  const clock = config.clock ?? { now: () => new Date() };
  const ids = { next: () => randomUUID() };
  const users = new PostgresUserRepository(sql);
  const api = createCoreApi({
    auth: new AuthService({
      users,
      hasher: new ScryptPasswordHasher(),
      tokens: new JwtTokenIssuer(config.jwtSecret, config.jwtTtlSeconds),
      clock,
      ids,
      defaultTimeZone: config.defaultTimeZone,
    }),
    tasks: new TaskService({
      store: new PostgresTaskStore(sql, () => relay.kick()),
      queries: new PostgresTaskQueries(sql),
      users,
      clock,
      ids,
    }),
    events: new PostgresEventLog(sql),
    health: { check: async () => void (await sql`select 1`) },
  });
  relay.start();

  return {
    api,
    subscribe: (handler) => bus.subscribe(handler),
    async stop() {
      await relay.stop();
      await sql.end({ timeout: 5 });
      await pglite?.stop();
    },
  };
}
