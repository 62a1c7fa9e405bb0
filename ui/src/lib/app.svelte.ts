// App-wide state: who is signed in, the one live socket of this tab, the task list, reminder toasts, the
// highlights of live changes and the undo bar.
import type { Notification as Reminder, User } from '@todo/contracts';
import { api, session } from './api';
import { Highlights } from './highlights.svelte';
import { LiveClient, type LiveStatus } from './live';
import { expiresAt, MAX_TIMER_MS } from './session-expiry';
import { TaskList } from './tasks.svelte';
import { UndoBar } from './undo.svelte';

export interface Toast {
  id: string;
  text: string;
  notification?: Reminder;
}

class AppState {
  user = $state<User | null>(null);
  status = $state<LiveStatus>('offline');
  toasts = $state<Toast[]>([]);
  /** A message for the sign-in page: why the user was signed out. */
  notice = $state<string | null>(null);
  readonly tasks = new TaskList();
  readonly highlights = new Highlights();
  readonly undo = new UndoBar((task) => this.tasks.upsert(task));
  readonly live: LiveClient;
  private expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.live = new LiveClient(() => session.token, {
      onStatus: (status) => (this.status = status),
      onReady: (user) => (this.user = user),
      onTaskEvent: (event) => {
        this.tasks.apply(event);
        this.highlights.note(event);
      },
      onResync: () => void this.tasks.load(),
      onNotification: (n) => this.remind(n),
      onUnauthenticated: () => this.expire(),
    });
  }

  get signedIn(): boolean {
    return session.token !== null;
  }

  start(): void {
    this.user = session.user;
    this.notice = null;
    this.live.connect();
    const expiry = session.token ? expiresAt(session.token) : null;
    clearTimeout(this.expiryTimer);
    if (expiry !== null) {
      this.expiryTimer = setTimeout(
        () => this.expire(),
        Math.min(Math.max(0, expiry - Date.now()), MAX_TIMER_MS),
      );
    }
    // Reminders that fired while no tab was open wait in the inbox.
    api.notifications(true).then(
      (page) => page.items.forEach((n) => this.remind(n)),
      () => {},
    );
  }

  /** The server said the session is over (401), or its token ran out: sign out and say why (the layout then
   * goes to /login, which shows `notice`). */
  expire(): void {
    if (!session.token) return;
    this.signOut();
    this.notice = 'Your session has expired. Log in again to continue.';
  }

  signOut(): void {
    clearTimeout(this.expiryTimer);
    this.undo.dismiss();
    this.live.disconnect();
    session.clear();
    this.user = null;
    this.tasks.items = [];
    this.tasks.loaded = false;
    this.toasts = [];
  }

  remind(notification: Reminder): void {
    if (this.toasts.some((t) => t.id === notification.id)) return;
    this.toasts.push({ id: notification.id, text: `Reminder: ${notification.title}`, notification });
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted' && document.hidden) {
      new Notification('Reminder', { body: notification.title, tag: notification.id });
    }
  }

  dismiss(id: string): void {
    this.toasts = this.toasts.filter((t) => t.id !== id);
  }
}

export const app = new AppState();
