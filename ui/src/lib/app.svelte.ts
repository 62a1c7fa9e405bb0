// App-wide state: who is signed in, the one live socket of this tab, the task list, reminder toasts.
import type { Notification as Reminder, User } from '@todo/contracts';
import { api, session } from './api';
import { LiveClient, type LiveStatus } from './live';
import { TaskList } from './tasks.svelte';

export interface Toast {
  id: string;
  text: string;
  notification?: Reminder;
}

class AppState {
  user = $state<User | null>(null);
  status = $state<LiveStatus>('offline');
  toasts = $state<Toast[]>([]);
  readonly tasks = new TaskList();
  readonly live: LiveClient;

  constructor() {
    this.live = new LiveClient(() => session.token, {
      onStatus: (status) => (this.status = status),
      onReady: (user) => (this.user = user),
      onTaskEvent: (event) => this.tasks.apply(event),
      onResync: () => void this.tasks.load(),
      onNotification: (n) => this.remind(n),
      onUnauthenticated: () => this.signOut(),
    });
  }

  get signedIn(): boolean {
    return session.token !== null;
  }

  start(): void {
    this.user = session.user;
    this.live.connect();
    // Reminders that fired while no tab was open wait in the inbox.
    api.notifications(true).then(
      (page) => page.items.forEach((n) => this.remind(n)),
      () => {},
    );
  }

  signOut(): void {
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
