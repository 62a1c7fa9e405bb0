import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { fakeApi, inboxOver, reminder } from './notifications.fixtures';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Inbox', () => {
  it('loads the unread reminders as toasts, newest first, and keeps one that arrived meanwhile', async () => {
    const api = fakeApi([reminder(2), reminder(1)]);
    const inbox = inboxOver(api);
    const loading = inbox.load();
    inbox.receive(reminder(3));
    await loading;
    expect(api.notifications).toHaveBeenCalledWith(true);
    expect(inbox.unread.map((n) => n.title)).toEqual(['task 3', 'task 2', 'task 1']);
    expect(inbox.toasts).toHaveLength(3);
  });

  it('ignores a frame it already has', () => {
    const inbox = inboxOver(fakeApi());
    inbox.receive(reminder(1));
    inbox.receive(reminder(1));
    expect(inbox.unread).toHaveLength(1);
  });

  it('snoozes with the preset and drops the reminder only on success', async () => {
    const api = fakeApi();
    const inbox = inboxOver(api);
    inbox.receive(reminder(1));
    api.snooze.mockRejectedValueOnce(new ApiError(404, 'not_found', 'Notification not found'));
    expect(await inbox.snooze(reminder(1).id, '1h')).toBe(false);
    expect(inbox.error).toBe('Notification not found');
    expect(inbox.unread).toHaveLength(1);

    expect(await inbox.snooze(reminder(1).id, 'tomorrow-9am')).toBe(true);
    expect(api.snooze).toHaveBeenLastCalledWith(reminder(1).id, 'tomorrow-9am');
    expect(inbox.unread).toEqual([]);
    expect(inbox.error).toBeNull();
  });

  it('completes the task, then marks the reminder read', async () => {
    const api = fakeApi();
    const inbox = inboxOver(api);
    inbox.receive(reminder(1));
    await inbox.complete(reminder(1).id);
    expect(api.complete).toHaveBeenCalledWith(reminder(1).taskId);
    expect(api.markRead).toHaveBeenCalledWith(reminder(1).id);
    expect(inbox.unread).toEqual([]);
  });

  it('marks all read, and dismiss hides the toast but keeps it unread', async () => {
    const api = fakeApi();
    const inbox = inboxOver(api);
    inbox.receive(reminder(1));
    inbox.receive(reminder(2));
    inbox.dismiss(reminder(2).id);
    expect(inbox.toasts.map((n) => n.title)).toEqual(['task 1']);
    expect(inbox.unread).toHaveLength(2);
    await inbox.markAllRead();
    expect(api.markAllRead).toHaveBeenCalled();
    expect(inbox.unread).toEqual([]);
  });

  it('shows a browser notification only when allowed and the page is hidden', () => {
    const shown = vi.fn();
    class FakeNotification {
      static permission: NotificationPermission = 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: NotificationOptions) {
        shown(title, options);
      }
    }
    vi.stubGlobal('Notification', FakeNotification);
    const hidden = vi.spyOn(document, 'hidden', 'get');
    const inbox = inboxOver(fakeApi());

    hidden.mockReturnValue(false);
    inbox.receive(reminder(1));
    expect(shown).not.toHaveBeenCalled();

    hidden.mockReturnValue(true);
    inbox.receive(reminder(2));
    expect(shown).toHaveBeenCalledWith('Reminder', { body: 'task 2', tag: reminder(2).id });

    FakeNotification.permission = 'denied';
    inbox.receive(reminder(3));
    expect(shown).toHaveBeenCalledTimes(1);
    hidden.mockRestore();
  });

  it('keeps a load failure as a message', async () => {
    const api = fakeApi();
    api.notifications.mockRejectedValueOnce(new Error('offline'));
    const inbox = inboxOver(api);
    await inbox.load();
    expect(inbox.error).toBe('offline');
  });
});
