// Test data for the Inbox and the components over it: reminders and a fake REST client.
import { vi } from 'vitest';
import type { Notification as Reminder } from '@todo/contracts';
import { Inbox, type InboxApi } from './notifications.svelte';

export function reminder(n: number, firedAt = `2026-11-24T0${n}:00:00.000Z`): Reminder {
  return {
    id: `00000000-0000-4000-8000-00000000000${n}`,
    taskId: `00000000-0000-4000-9000-00000000000${n}`,
    title: `task ${n}`,
    dueAt: '2026-11-24T18:00:00.000Z',
    reminder: { minutesBefore: 10 },
    fireAt: firedAt,
    firedAt,
    readAt: null,
  };
}

/** A fake REST client whose notifications list answers `items`. */
export function fakeApi(items: Reminder[] = []) {
  return {
    notifications: vi.fn(async () => ({ items })),
    markRead: vi.fn(async () => ({})),
    markAllRead: vi.fn(async () => ({})),
    snooze: vi.fn(async () => ({ fireAt: '2026-11-24T10:05:00.000Z' })),
    complete: vi.fn(async () => ({})),
  } satisfies Record<keyof InboxApi, unknown>;
}

export const inboxOver = (api: ReturnType<typeof fakeApi>) => new Inbox(api as unknown as InboxApi);
