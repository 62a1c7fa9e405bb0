import type { User } from '@todo/contracts';

export interface UserRecord extends User {
  passwordHash: string;
}

export interface UserRepository {
  /** Fails with `email_taken` when the email is registered already. */
  create(user: UserRecord): Promise<void>;
  findByEmail(email: string): Promise<UserRecord | null>;
  findById(id: string): Promise<UserRecord | null>;
}
