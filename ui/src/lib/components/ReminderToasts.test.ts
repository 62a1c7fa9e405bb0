import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeApi, inboxOver, reminder } from '$lib/notifications.fixtures';
import ReminderToasts from './ReminderToasts.svelte';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ReminderToasts', () => {
  it('announces a new reminder and snoozes it with the chosen preset', async () => {
    const api = fakeApi();
    const inbox = inboxOver(api);
    render(ReminderToasts, { inbox });
    inbox.receive(reminder(1));

    const region = screen.getByRole('region', { name: 'Reminders' });
    expect(await within(region).findByRole('status')).toHaveProperty('textContent', 'Reminder: task 1');
    const toast = screen.getByRole('article', { name: 'Reminder: task 1' });
    await fireEvent.click(within(toast).getByRole('button', { name: 'Snooze 1 hour' }));

    expect(api.snooze).toHaveBeenCalledWith(reminder(1).id, '1h');
    await vi.waitFor(() => expect(screen.queryByRole('article')).toBeNull());
  });

  it('marks the task done, and dismiss marks the reminder read', async () => {
    const api = fakeApi([reminder(2), reminder(1)]);
    const inbox = inboxOver(api);
    await inbox.load();
    render(ReminderToasts, { inbox });

    const first = screen.getByRole('article', { name: 'Reminder: task 2' });
    await fireEvent.click(within(first).getByRole('button', { name: 'Mark done' }));
    expect(api.complete).toHaveBeenCalledWith(reminder(2).taskId);
    await vi.waitFor(() => expect(screen.getAllByRole('article')).toHaveLength(1));

    await fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(api.markRead).toHaveBeenLastCalledWith(reminder(1).id);
    await vi.waitFor(() => expect(screen.queryByRole('article')).toBeNull());
  });

  it('shows an API failure and offers browser notifications while not decided', async () => {
    vi.stubGlobal('Notification', { permission: 'default', requestPermission: vi.fn(async () => 'granted') });
    const api = fakeApi();
    api.snooze.mockRejectedValueOnce(new Error('Notification not found'));
    const inbox = inboxOver(api);
    inbox.receive(reminder(1));
    render(ReminderToasts, { inbox });

    await fireEvent.click(screen.getByRole('button', { name: 'Allow browser notifications' }));
    await vi.waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Allow browser notifications' })).toBeNull(),
    );

    await fireEvent.click(screen.getByRole('button', { name: 'Snooze 5 min' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Notification not found');
    expect(screen.getAllByRole('article')).toHaveLength(1);
  });
});
