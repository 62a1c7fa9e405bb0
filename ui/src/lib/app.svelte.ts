// App-wide state: who is signed in, the one live socket of this tab, the task list, the reminder inbox, the
// highlights of live changes and the undo bar.
import type { User } from '@todo/contracts';
import { session } from './api';
import { Highlights } from './highlights.svelte';
import { LiveClient, type LiveStatus } from './live';
import { Inbox } from './notifications.svelte';
import { expiresAt, MAX_TIMER_MS } from './session-expiry';
import { TaskList } from './tasks.svelte';
import { UndoBar } from './undo.svelte';

class AppState {
  user = $state<User | null>(null);
  status = $state<LiveStatus>('offline');
  /** A message for the sign-in page: why the user was signed out. */
  notice = $state<string | null>(null);
  /** The task open in the detail panel (from the list, a chat chip or a reminder). */
  selectedTaskId = $state<string | null>(null);
  readonly tasks = new TaskList();
  readonly inbox = new Inbox();
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
      onNotification: (n) => this.inbox.receive(n),
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
    void this.inbox.load();
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
    this.inbox.reset();
    this.selectedTaskId = null;
  }
}

export const app = new AppState();
