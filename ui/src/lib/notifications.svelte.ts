// The reminder inbox: the unread notifications (loaded on start, then pushed live), the toasts showing them,
// and what the user can do with one. Failures land in `error` so a button never throws into the page.
import type { Notification as Reminder } from '@todo/contracts';
import { SvelteSet } from 'svelte/reactivity';
import { api as realApi } from './api';

export const SNOOZE_PRESETS = ['5m', '1h', 'tomorrow-9am'] as const;
export type SnoozePreset = (typeof SNOOZE_PRESETS)[number];

/** The part of the REST client the inbox uses (tests pass a fake). */
export type InboxApi = Pick<
  typeof realApi,
  'notifications' | 'markRead' | 'markAllRead' | 'snooze' | 'complete'
>;

export type BrowserPermission = NotificationPermission | 'unsupported';

const newestFirst = (a: Reminder, b: Reminder) => Date.parse(b.firedAt) - Date.parse(a.firedAt);

function currentPermission(): BrowserPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export class Inbox {
  unread = $state<Reminder[]>([]);
  error = $state<string | null>(null);
  permission = $state<BrowserPermission>(currentPermission());
  /** Ids with a request in flight, so their buttons can be disabled. */
  readonly pending = new SvelteSet<string>();
  /** Toasts the user closed without acting; they stay unread in the bell. */
  private readonly dismissed = new SvelteSet<string>();
  /** Every unread reminder shows as a toast until it is acted upon or dismissed. */
  readonly toasts = $derived(this.unread.filter((n) => !this.dismissed.has(n.id)));

  constructor(private readonly api: InboxApi = realApi) {}

  /** The unread reminders, including those that fired while no tab was open. */
  async load(): Promise<void> {
    await this.attempt(async () => {
      const page = await this.api.notifications(true);
      // A frame that arrived while the request was in flight is kept.
      const live = this.unread.filter((n) => !page.items.some((item) => item.id === n.id));
      this.unread = [...page.items, ...live].sort(newestFirst);
    });
  }

  /** A live `notification` frame. */
  receive(n: Reminder): void {
    if (this.unread.some((u) => u.id === n.id)) return;
    this.unread = [n, ...this.unread].sort(newestFirst);
    this.notifyBrowser(n);
  }

  /** Hides the toast only; the reminder stays unread. */
  dismiss(id: string): void {
    this.dismissed.add(id);
  }

  markRead(id: string): Promise<boolean> {
    return this.act(id, () => this.api.markRead(id));
  }

  async markAllRead(): Promise<boolean> {
    const ok = await this.attempt(() => this.api.markAllRead());
    if (ok) this.unread = [];
    return ok;
  }

  /** The server marks it read and fires the reminder again later. */
  snooze(id: string, preset: SnoozePreset): Promise<boolean> {
    return this.act(id, () => this.api.snooze(id, preset));
  }

  /** Completes the reminder's task, then marks the reminder read. */
  async complete(id: string): Promise<boolean> {
    const n = this.unread.find((u) => u.id === id);
    if (!n) return false;
    return this.act(id, async () => {
      await this.api.complete(n.taskId);
      await this.api.markRead(id);
    });
  }

  /** Shows a system notification when the user allowed them and is looking at another tab or window. */
  notifyBrowser(n: Reminder): void {
    if (currentPermission() !== 'granted' || !document.hidden) return;
    const shown = new Notification('Reminder', { body: n.title, tag: n.id });
    shown.onclick = () => window.focus();
  }

  async requestPermission(): Promise<void> {
    if (typeof Notification === 'undefined') return;
    try {
      this.permission = await Notification.requestPermission();
    } catch (err) {
      this.error = message(err);
    }
  }

  /** Forgets everything (sign-out). */
  reset(): void {
    this.unread = [];
    this.error = null;
    this.pending.clear();
    this.dismissed.clear();
  }

  /** Runs a request for one reminder and drops the reminder when it succeeds. */
  private async act(id: string, request: () => Promise<unknown>): Promise<boolean> {
    if (this.pending.has(id)) return false;
    this.pending.add(id);
    const ok = await this.attempt(request);
    this.pending.delete(id);
    if (ok) this.unread = this.unread.filter((n) => n.id !== id);
    return ok;
  }

  private async attempt(request: () => Promise<unknown>): Promise<boolean> {
    this.error = null;
    try {
      await request();
      return true;
    } catch (err) {
      this.error = message(err);
      return false;
    }
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
