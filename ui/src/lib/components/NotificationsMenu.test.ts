import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { fakeApi, inboxOver, reminder } from '$lib/notifications.fixtures';
import NotificationsMenu from './NotificationsMenu.svelte';

async function setup(items = [reminder(2), reminder(1)]) {
  const api = fakeApi(items);
  const inbox = inboxOver(api);
  await inbox.load();
  const onOpenTask = vi.fn();
  render(NotificationsMenu, { inbox, onOpenTask });
  return { api, inbox, onOpenTask };
}

describe('NotificationsMenu', () => {
  it('names the bell with the unread count and lists the reminders when opened', async () => {
    await setup();
    const bell = screen.getByRole('button', { name: 'Notifications, 2 unread' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(screen.queryByRole('list')).toBeNull();

    await fireEvent.click(bell);
    expect(bell.getAttribute('aria-expanded')).toBe('true');
    expect(screen.getAllByRole('listitem').map((li) => li.querySelector('.title')?.textContent)).toEqual([
      'task 2',
      'task 1',
    ]);
  });

  it('marks all read and then says there is nothing unread', async () => {
    const { api } = await setup();
    await fireEvent.click(screen.getByRole('button', { name: /^Notifications/ }));
    await fireEvent.click(screen.getByRole('button', { name: 'Mark all read' }));
    expect(api.markAllRead).toHaveBeenCalled();
    expect(await screen.findByText('No unread reminders')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Notifications, 0 unread' })).toBeTruthy();
  });

  it('closes on Escape with the focus back on the bell, marks one read and opens a task', async () => {
    const { api, onOpenTask } = await setup();
    const bell = screen.getByRole('button', { name: /^Notifications/ });
    await fireEvent.click(bell);
    screen.getAllByRole('button', { name: 'Open task' })[0]!.focus();
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(bell.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(bell);

    await fireEvent.click(bell);
    await fireEvent.click(screen.getAllByRole('button', { name: 'Mark read' })[1]!);
    expect(api.markRead).toHaveBeenCalledWith(reminder(1).id);
    await vi.waitFor(() => expect(screen.getAllByRole('listitem')).toHaveLength(1));

    await fireEvent.click(screen.getByRole('button', { name: 'Open task' }));
    expect(onOpenTask).toHaveBeenCalledWith(reminder(2).taskId);
    expect(bell.getAttribute('aria-expanded')).toBe('false');
  });

  it('closes on a click outside', async () => {
    await setup();
    const bell = screen.getByRole('button', { name: /^Notifications/ });
    await fireEvent.click(bell);
    await fireEvent.pointerDown(document.body);
    expect(bell.getAttribute('aria-expanded')).toBe('false');
  });
});
