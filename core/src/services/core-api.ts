import { AppError, type CoreApi } from '@todo/contracts';
import { withSpan } from '@todo/observability';
import type { AuthService } from './auth-service.js';
import type { ChatService } from './chat/chat-service.js';
import type { TaskService } from './task-service.js';
import type { EventLog } from '../ports/event-log.js';
import type { HealthCheck } from '../ports/runtime.js';

/** How many missed events a reconnecting client is sent before it is told to reload instead. */
export const MAX_REPLAY = 500;

export interface CoreServices {
  auth: AuthService;
  tasks: TaskService;
  chat: ChatService;
  events: EventLog;
  health: HealthCheck;
}

const isExpected = (error: unknown) => error instanceof AppError;

/** Wraps a use case in a `core.<name>` span; expected failures (AppError) do not mark it failed. */
function traced<A extends unknown[], R>(
  name: string,
  fn: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return (...args) => withSpan(`core.${name}`, () => fn(...args), { isExpected });
}

/** Core's public API over its services: the one surface the gateway (or service invocation) calls. */
export function createCoreApi({ auth, tasks, chat, events, health }: CoreServices): CoreApi {
  return {
    signup: traced('auth.signup', (input) => auth.signup(input)),
    login: traced('auth.login', (input) => auth.login(input)),
    me: traced('auth.me', (actor) => auth.me(actor)),
    updateMe: traced('auth.update_me', (actor, input) => auth.updateMe(actor, input)),
    createTask: traced('tasks.create', (actor, input) => tasks.create(actor, input)),
    getTask: traced('tasks.get', (actor, id) => tasks.get(actor, id)),
    updateTask: traced('tasks.update', (actor, id, input, version) =>
      tasks.update(actor, id, input, version),
    ),
    deleteTask: traced('tasks.delete', (actor, id, version) => tasks.delete(actor, id, version)),
    completeTask: traced('tasks.complete', (actor, id, version) => tasks.complete(actor, id, version)),
    reopenTask: traced('tasks.reopen', (actor, id, version) => tasks.reopen(actor, id, version)),
    listTasks: traced('tasks.list', (actor, query) => tasks.list(actor, query)),
    listTags: traced('tasks.tags', (actor) => tasks.tags(actor)),
    chat: traced('chat.send', (actor, input, onDelta) => chat.send(actor, input, onDelta)),
    chatHistory: traced('chat.history', (actor, query) => chat.history(actor, query)),
    latestSeq: traced('events.latest', (actor) => events.latestSeq(actor.userId)),
    eventsSince: traced('events.since', (actor, lastSeq) => events.since(actor.userId, lastSeq, MAX_REPLAY)),
    checkReady: () => health.check(),
  };
}
