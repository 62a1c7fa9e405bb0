import postgres from 'postgres';
import { SpanKind, withSpan } from '@todo/observability';
import { MIGRATIONS } from './migrations/index.js';

export type Sql = postgres.Sql;
export type Fragment = postgres.Fragment;

/** Opens a pool on `url`. PGlite serves one connection at a time, so its pool has one. */
export function connectDatabase(url: string, options: { maxConnections: number }): Sql {
  return postgres(url, {
    max: options.maxConnections,
    onnotice: () => {},
    connection: { application_name: 'todo-core' },
  });
}

/** Runs `fn` in a client span named after the repository operation. */
export function dbSpan<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  return withSpan(`db.${operation}`, fn, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system.name': 'postgresql', 'db.operation.name': operation },
  });
}

/** Applies the migrations that have not run yet; safe when several processes start at once. */
export async function migrate(sql: Sql): Promise<string[]> {
  return sql.begin(async (tx) => {
    // Serializes concurrent starts; released when the transaction ends.
    await tx`select pg_advisory_xact_lock(727274)`;
    await tx`create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())`;
    const done = new Set((await tx<{ id: string }[]>`select id from schema_migrations`).map((row) => row.id));
    const applied: string[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.id)) continue;
      await tx.unsafe(migration.sql).simple();
      await tx`insert into schema_migrations (id) values (${migration.id})`;
      applied.push(migration.id);
    }
    return applied;
  });
}
