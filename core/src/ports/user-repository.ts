import type { User } from '@todo/contracts';
import type { UserChanges } from '../domain/user.js';

export interface UserRecord extends User {
  passwordHash: string;
}

export interface UserRepository {
  /** Fails with `email_taken` when the email is registered already. */
  create(user: UserRecord): Promise<void>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
  /** Writes the fields of `changes` (and no others); the user after it, or null when there is no such user. */
  update(id: string, changes: UserChanges): Promise<UserRecord | null>;
}
