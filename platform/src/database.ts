import postgres from 'postgres';
import { SpanKind, withSpan } from '@todo/observability';

export type Sql = postgres.Sql;
export type Fragment = postgres.Fragment;
/** The `sql` of a transaction (`sql.begin`). */
export type Transaction = postgres.TransactionSql;

/** Opens a pool on `url`. PGlite serves one connection at a time, so its pool has one. */
export function connectDatabase(url: string, options: { maxConnections: number; application: string }): Sql {
  return postgres(url, {
    max: options.maxConnections,
    onnotice: () => {},
    connection: { application_name: options.application },
  });
}

/** Runs `fn` in a client span named after the repository operation. */
export function dbSpan<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  return withSpan(`db.${operation}`, fn, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation },
  });
}

export interface Migration {
  id: string;
  sql: string;
}

/**
 * Applies the migrations that have not run yet, each once, recorded in `table` (one per service, so
 * services sharing a database keep their own history); safe when several processes start at once.
 */
export async function migrate(sql: Sql, migrations: readonly Migration[], table: string): Promise<string[]> {
  return sql.begin(async (tx) => {
    // Serializes concurrent starts of every service; released when the transaction ends.
    await tx`select pg_advisory_xact_lock(727274)`;
    await tx`create table if not exists ${tx(table)} (id text primary key, applied_at timestamptz not null default now())`;
    const done = new Set((await tx<{ id: string }[]>`select id from ${tx(table)}`).map((row) => row.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.unsafe(migration.sql).simple();
      await tx`insert into ${tx(table)} (id) values (${migration.id})`;
      applied.push(migration.id);
    }
    return applied;
  });
}
