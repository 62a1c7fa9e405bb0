import type { Logger } from '@todo/observability';
import { connectDatabase, migrate, type Migration, type Sql } from './database.js';
import { startPgliteServer } from './pglite-server.js';

export interface DatabaseOptions {
  /** A PostgreSQL server; without one, PGlite runs in-process under `pgliteDir`. */
  url?: string;
  /** Where PGlite keeps its files ("memory://" keeps nothing); needed without `url`. */
  pgliteDir?: string;
  /** The service, as the server's activity view shows it. */
  application: string;
  migrations: readonly Migration[];
  /** The service's own migrations table. */
  migrationsTable: string;
  log: Logger;
}

export interface Database {
  sql: Sql;
  stop(): Promise<void>;
}

/**
 * A service's database, migrated: a pool on the PostgreSQL server, or on PGlite served on loopback (one
 * connection: PGlite is a single session, so a second one would share the first one's transactions).
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { log } = options;
  let pglite: Awaited<ReturnType<typeof startPgliteServer>> | undefined;
  if (!options.url) {
    if (!options.pgliteDir) throw new Error(`${options.application} needs a database URL or a PGlite folder`);
    pglite = await startPgliteServer(options.pgliteDir);
    log.info({ dir: options.pgliteDir }, 'PGlite started');
  }
  const sql = connectDatabase(options.url ?? pglite!.url, {
    maxConnections: pglite ? 1 : 10,
    application: options.application,
  });
  try {
    const applied = await migrate(sql, options.migrations, options.migrationsTable);
    if (applied.length) log.info({ applied }, 'database migrated');
  } catch (error) {
    await sql.end({ timeout: 5 });
    await pglite?.stop();
    throw error;
  }
  return {
    sql,
    async stop() {
      await sql.end({ timeout: 5 });
      await pglite?.stop();
    },
  };
}
