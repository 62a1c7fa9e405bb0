import type { Actor, AuthResult, LoginInput, SignupInput, UpdateUserInput, User } from './auth.js';
import type { ChatHistory, ChatInput, ChatReply } from './chat.js';
import type { TaskEvent } from './events.js';
import type { CreateTaskInput, TagCount, Task, UpdateTaskInput } from './task.js';
import type { TaskPage } from './task-query.js';

/** Events a consumer missed, or `reload` when they are older than what is kept. */
export type EventReplay = { events: TaskEvent[]; reload: false } | { events: []; reload: true };

/**
 * What core offers the gateway. Inputs are unvalidated: core validates them and throws `AppError`.
 * Embedded mode calls it directly; the Dapr runtime calls it by service invocation.
 */
export interface CoreApi {
  signup(input: SignupInput): Promise<AuthResult>;
  login(input: LoginInput): Promise<AuthResult>;
  me(actor: Actor): Promise<User>;
  /** Changes the caller's settings (time zone, name); answers the user as `me` does after the change. */
  updateMe(actor: Actor, input: UpdateUserInput): Promise<User>;

  createTask(actor: Actor, input: CreateTaskInput): Promise<Task>;
  getTask(actor: Actor, id: string): Promise<Task>;
  /** `expectedVersion` comes from `If-Match`; a mismatch fails with `precondition_failed`. */
  updateTask(actor: Actor, id: string, input: UpdateTaskInput, expectedVersion?: number): Promise<Task>;
  deleteTask(actor: Actor, id: string, expectedVersion?: number): Promise<void>;
  completeTask(actor: Actor, id: string, expectedVersion?: number): Promise<Task>;
  reopenTask(actor: Actor, id: string, expectedVersion?: number): Promise<Task>;
  listTasks(actor: Actor, query: Record<string, string>): Promise<TaskPage>;
  listTags(actor: Actor): Promise<TagCount[]>;

  /**
   * A message to the assistant; `onDelta` gets the reply as it is written (over service invocation, the
   * answer streams). Task changes it makes are the same use cases, and events, as the task methods.
   */
  chat(actor: Actor, input: ChatInput, onDelta?: (text: string) => void): Promise<ChatReply>;
  /** A conversation's turns, oldest first (`conversationId`, default the user's running one). */
  chatHistory(actor: Actor, query: Record<string, string>): Promise<ChatHistory>;

  /** The latest event sequence of the caller (0 when none). */
  latestSeq(actor: Actor): Promise<number>;
  eventsSince(actor: Actor, lastSeq: number): Promise<EventReplay>;

  /** Throws when a dependency (the database) is unreachable. */
  checkReady(): Promise<void>;
}

/** Every method of CoreApi, for transports that carry them by name (service invocation). */
export const CORE_METHODS = [
  'signup',
  'login',
  'me',
  'updateMe',
  'createTask',
  'getTask',
  'updateTask',
  'deleteTask',
  'completeTask',
  'reopenTask',
  'listTasks',
  'listTags',
  'chat',
  'chatHistory',
  'latestSeq',
  'eventsSince',
  'checkReady',
] as const satisfies ReadonlyArray<keyof CoreApi>;
export type CoreMethod = (typeof CORE_METHODS)[number];

// Fails to compile when CoreApi gains a method that CORE_METHODS does not list.
const _everyMethodListed: Record<Exclude<keyof CoreApi, CoreMethod>, never> = {};
void _everyMethodListed;
