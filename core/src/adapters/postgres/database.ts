import { connectDatabase as connect, migrate as migrateTables, type Sql } from '@todo/platform';
import { MIGRATIONS } from './migrations/index.js';

export { dbSpan, type Fragment, type Sql } from '@todo/platform';

/** A pool named after core, so the server's activity view tells the services apart. */
export function connectDatabase(url: string, options: { maxConnections: number }): Sql {
  return connect(url, { ...options, application: 'todo-core' });
}

/** Core's tables, migrated to the latest version. */
export function migrate(sql: Sql): Promise<string[]> {
  return migrateTables(sql, MIGRATIONS, 'schema_migrations');
}
