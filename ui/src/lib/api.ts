// The typed REST client: relative /api/v1 URLs (same origin: the gateway in production, Vite's proxy in dev).
// Types come from @todo/contracts with `import type` only, so the bundle carries no zod.
import type {
  ApiErrorBody,
  AuthResult,
  ChatHistory,
  ChatReply,
  CreateTaskInput,
  NotificationPage,
  TagCount,
  Task,
  TaskListQueryInput,
  TaskPage,
  UpdateTaskInput,
  User,
} from '@todo/contracts';

export const API = '/api/v1';
const TOKEN_KEY = 'todo.token';
const USER_KEY = 'todo.user';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

function readStore(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeStore(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // Storage can be unavailable (private mode); the session then lasts for this page only.
  }
}

/** The session: token and user, kept in localStorage (same keys as the placeholder page). */
export const session = {
  get token(): string | null {
    return readStore(TOKEN_KEY);
  },
  get user(): User | null {
    const raw = readStore(USER_KEY);
    try {
      return raw ? (JSON.parse(raw) as User) : null;
    } catch {
      return null;
    }
  },
  save(result: AuthResult): void {
    writeStore(TOKEN_KEY, result.token);
    writeStore(USER_KEY, JSON.stringify(result.user));
  },
  clear(): void {
    writeStore(TOKEN_KEY, null);
    writeStore(USER_KEY, null);
  },
};

/** Called when a request comes back 401: the layout sends the user to /login. */
let onUnauthenticated: () => void = () => {};
export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

type Query = Record<string, string | number | undefined | null>;

export async function request<T>(
  method: string,
  path: string,
  {
    body,
    query,
    auth = true,
    ifMatch,
    signal,
  }: { body?: unknown; query?: Query; auth?: boolean; ifMatch?: number; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = session.token;
  // Signed out: the server would only say 401, so do not ask (a page may still be on its way to /login).
  if (auth && !token) throw new ApiError(401, 'unauthenticated', 'You are not signed in.');
  if (auth) headers.authorization = `Bearer ${token}`;
  if (ifMatch !== undefined) headers['if-match'] = String(ifMatch);
  let url = API + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query))
      if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += `?${qs}`;
  }
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
  }
  if (res.status === 204) return undefined as T;
  const data: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (data as ApiErrorBody | null)?.error;
    if (res.status === 401 && auth) onUnauthenticated();
    throw new ApiError(
      res.status,
      error?.code ?? 'http',
      error?.message ?? `HTTP ${res.status}`,
      error?.fields,
    );
  }
  return data as T;
}

export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}

export const api = {
  signup: (email: string, password: string, name?: string) =>
    request<AuthResult>('POST', '/auth/signup', {
      auth: false,
      body: {
        email,
        password,
        ...(name ? { name } : {}),
        ...(browserTimeZone() ? { timezone: browserTimeZone() } : {}),
      },
    }),
  login: (email: string, password: string) =>
    request<AuthResult>('POST', '/auth/login', { auth: false, body: { email, password } }),
  me: () => request<User>('GET', '/me'),
  /** Changes the signed-in user's settings (PATCH /me: time zone, name). */
  updateMe: (patch: { timezone?: string; name?: string }) => request<User>('PATCH', '/me', { body: patch }),
  /** The user's tags with how many tasks (and open tasks) carry each, for autocomplete and the filter bar. */
  tags: () => request<TagCount[]>('GET', '/tags'),
  listTasks: (query: TaskListQueryInput, signal?: AbortSignal) =>
    request<TaskPage>('GET', '/tasks', { query: query as Query, signal }),
  getTask: (id: string) => request<Task>('GET', `/tasks/${id}`),
  createTask: (input: CreateTaskInput) => request<Task>('POST', '/tasks', { body: input }),
  updateTask: (id: string, version: number, patch: UpdateTaskInput) =>
    request<Task>('PATCH', `/tasks/${id}`, { body: patch, ifMatch: version }),
  complete: (id: string) => request<Task>('POST', `/tasks/${id}/complete`),
  reopen: (id: string) => request<Task>('POST', `/tasks/${id}/reopen`),
  deleteTask: (id: string, version: number) => request<void>('DELETE', `/tasks/${id}`, { ifMatch: version }),
  chat: (message: string, conversationId?: string) =>
    request<ChatReply>('POST', '/chat', { body: { message, ...(conversationId ? { conversationId } : {}) } }),
  chatHistory: () => request<ChatHistory>('GET', '/chat/history'),
  /** Recent notifications, newest first: the unread ones only, or all. */
  notifications: (unread: boolean, limit = 20) =>
    request<NotificationPage>('GET', '/notifications', { query: { unread: String(unread), limit } }),
  markRead: (id: string) => request<unknown>('POST', `/notifications/${id}/read`),
  markAllRead: () => request<unknown>('POST', '/notifications/read-all'),
  snooze: (id: string, until: '5m' | '1h' | 'tomorrow-9am') =>
    request<{ fireAt: string }>('POST', `/notifications/${id}/snooze`, { body: { until } }),
};
