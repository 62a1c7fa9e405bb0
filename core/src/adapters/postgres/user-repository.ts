import { AppError } from '@todo/contracts';
import type { UserChanges } from '../../domain/user.js';
import type { UserRecord, UserRepository } from '../../ports/user-repository.js';
import { dbSpan, type Sql } from './database.js';

interface UserRow {
  id: string;
  email: string;
  name: string | null;
  timezone: string;
  password_hash: string;
  created_at: Date;
}

const fromRow = (row: UserRow): UserRecord => ({
  id: row.id,
  email: row.email,
  name: row.name,
  timezone: row.timezone,
  createdAt: row.created_at.toISOString(),
  passwordHash: row.password_hash,
});

const UNIQUE_VIOLATION = '23505';

export class PostgresUserRepository implements UserRepository {
  constructor(private readonly sql: Sql) {}

  create(user: UserRecord): Promise<void> {
    return dbSpan('users.insert', async () => {
      try {
        await this.sql`
          insert into users (id, email, name, timezone, password_hash, created_at)
          values (${user.id}, ${user.email}, ${user.name}, ${user.timezone}, ${user.passwordHash}, ${user.createdAt})`;
      } catch (error) {
        if ((error as { code?: string }).code === UNIQUE_VIOLATION) {
          throw new AppError('email_taken', 'An account with this email exists already', {
            email: 'Already registered',
          });
        }
        throw error;
      }
    });
  }

  findByEmail(email: string): Promise<UserRecord | null> {
    return dbSpan('users.by_email', async () => {
      const [row] = await this.sql<UserRow[]>`select * from users where email = ${email}`;
      return row ? fromRow(row) : null;
    });
  }

  findById(id: string): Promise<UserRecord | null> {
    return dbSpan('users.by_id', async () => {
      const [row] = await this.sql<UserRow[]>`select * from users where id = ${id}`;
      return row ? fromRow(row) : null;
    });
  }

  update(id: string, changes: UserChanges): Promise<UserRecord | null> {
    return dbSpan('users.update', async () => {
      const columns = (['name', 'timezone'] as const).filter((column) => changes[column] !== undefined);
      if (columns.length === 0) return this.findById(id);
      const [row] = await this.sql<UserRow[]>`
        update users set ${this.sql(changes, columns)} where id = ${id} returning *`;
      return row ? fromRow(row) : null;
    });
  }
}
