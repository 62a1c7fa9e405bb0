import { randomUUID } from 'node:crypto';
import type { CoreApi } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import { JwtTokenIssuer } from './adapters/crypto/jwt-token-issuer.js';
import { ScryptPasswordHasher } from './adapters/crypto/scrypt-password-hasher.js';
import { InProcessEventBus, type TaskEventHandler } from './adapters/embedded/event-bus.js';
import { startPgliteServer, type PgliteServer } from './adapters/embedded/pglite-server.js';
import { connectDatabase, migrate } from './adapters/postgres/database.js';
import { PostgresEventLog } from './adapters/postgres/event-log.js';
import { OutboxRelay } from './adapters/postgres/outbox-relay.js';
import { PostgresTaskQueries } from './adapters/postgres/task-queries.js';
import { PostgresTaskStore } from './adapters/postgres/task-store.js';
import { PostgresUserRepository } from './adapters/postgres/user-repository.js';
import { AuthService } from './services/auth-service.js';
import { createCoreApi } from './services/core-api.js';
import { TaskService } from './services/task-service.js';
import type { Clock } from './ports/runtime.js';

export interface EmbeddedCoreConfig {
  /** A PostgreSQL server; without one, PGlite runs in-process under `pgliteDir`. */
  databaseUrl?: string;
  /** Where PGlite keeps its files ("memory://" keeps nothing). */
  pgliteDir: string;
  jwtSecret: Uint8Array;
  jwtTtlSeconds: number;
  /** For users who sign up without naming a zone. */
  defaultTimeZone: string;
  log: Logger;
  /** Defaults to the system clock; tests pin it. */
  clock?: Clock;
}

export interface EmbeddedCore {
  api: CoreApi;
  /** Task events after they commit, in per-user order, at least once. */
  subscribe(handler: TaskEventHandler): () => void;
  stop(): Promise<void>;
}

/** The composition root of core in embedded mode: PostgreSQL SQL (PGlite by default) and an in-process bus. */
export async function startEmbeddedCore(config: EmbeddedCoreConfig): Promise<EmbeddedCore> {
  const { log } = config;
  let pglite: PgliteServer | undefined;
  if (!config.databaseUrl) {
    pglite = await startPgliteServer(config.pgliteDir);
    log.info({ dir: config.pgliteDir }, 'PGlite started');
  }
  const sql = connectDatabase(config.databaseUrl ?? pglite!.url, { maxConnections: pglite ? 1 : 10 });
  const applied = await migrate(sql);
  if (applied.length) log.info({ applied }, 'database migrated');

  const bus = new InProcessEventBus(log);
  const relay = new OutboxRelay(sql, (event) => bus.publish(event), log);
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
