import {
  AppError,
  LoginInput,
  parseInput,
  SignupInput,
  UpdateUserInput,
  type Actor,
  type AuthResult,
  type User,
} from '@todo/contracts';
import { userChanges } from '../domain/user.js';
import type { UserRecord, UserRepository } from '../ports/user-repository.js';
import type { PasswordHasher, TokenIssuer } from '../ports/security.js';
import type { Clock, IdGenerator } from '../ports/runtime.js';

export interface AuthServiceDeps {
  users: UserRepository;
  hasher: PasswordHasher;
  tokens: TokenIssuer;
  clock: Clock;
  ids: IdGenerator;
  defaultTimeZone: string;
}

const gone = () => new AppError('unauthenticated', 'The account of this token no longer exists');

const toUser = ({ passwordHash: _hash, ...user }: UserRecord): User => user;

/** Accounts: sign up, log in, who am I, and my settings. */
export class AuthService {
  /** Compared against when the email is unknown, so a miss takes as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(private readonly deps: AuthServiceDeps) {}

  async signup(input: unknown): Promise<AuthResult> {
    const fields = parseInput(SignupInput, input);
    const { users, hasher, clock, ids } = this.deps;
    const user: UserRecord = {
      id: ids.next(),
      email: fields.email,
      name: fields.name ?? null,
      timezone: fields.timezone ?? this.deps.defaultTimeZone,
      createdAt: clock.now().toISOString(),
      passwordHash: await hasher.hash(fields.password),
    };
    await users.create(user);
    return this.authResult(user);
  }

  async login(input: unknown): Promise<AuthResult> {
    const { email, password } = parseInput(LoginInput, input);
    const user = await this.deps.users.findByEmail(email);
    const hash = user?.passwordHash ?? (await (this.decoyHash ??= this.deps.hasher.hash('decoy password')));
    const matches = await this.deps.hasher.verify(password, hash);
    if (!user || !matches) throw new AppError('invalid_credentials', 'Wrong email or password');
    return this.authResult(user);
  }

  async me(actor: Actor): Promise<User> {
    return toUser(await this.current(actor));
  }

  /**
   * Changes the caller's time zone and/or name. The zone is the default of tasks made from now on and the
   * zone the chat reads dates in; existing tasks keep their own zone, so nothing else is rewritten.
   */
  async updateMe(actor: Actor, input: unknown): Promise<User> {
    const settings = parseInput(UpdateUserInput, input);
    const user = await this.current(actor);
    const changes = userChanges(user, settings);
    if (Object.keys(changes).length === 0) return toUser(user);
    const updated = await this.deps.users.update(user.id, changes);
    if (!updated) throw gone();
    return toUser(updated);
  }

  private async current(actor: Actor): Promise<UserRecord> {
    const user = await this.deps.users.findById(actor.userId);
    if (!user) throw gone();
    return user;
  }

  private async authResult(user: UserRecord): Promise<AuthResult> {
    return { token: await this.deps.tokens.issue({ userId: user.id }), user: toUser(user) };
  }
}
