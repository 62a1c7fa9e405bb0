import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ChatReply } from '@todo/contracts';
import QuickAdd from './QuickAdd.svelte';

const replyOf = (reply: string) =>
  ({ conversationId: 'quick-add', reply, actions: [], tasks: [] }) as ChatReply;

describe('QuickAdd', () => {
  it('sends the line as an add, shows the reply and clears the box', async () => {
    const add = vi.fn(async () => replyOf('Added “buy milk”, due tomorrow at 6:00 PM.'));
    render(QuickAdd, { add });
    const input = screen.getByLabelText('New task, in plain words') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'buy milk tomorrow 6pm #shopping' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(add).toHaveBeenCalledWith('add buy milk tomorrow 6pm #shopping');
    expect(await screen.findByText('Added “buy milk”, due tomorrow at 6:00 PM.')).toBeTruthy();
    expect(input.value).toBe('');
  });

  it('does not double an "add" the user typed, and keeps the text when the server refuses', async () => {
    const add = vi.fn(async () => {
      throw new Error('Could not reach the server. Check your connection and try again.');
    });
    render(QuickAdd, { add });
    const input = screen.getByLabelText('New task, in plain words') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'Add call mom' } });
    await fireEvent.submit(input.form!);
    expect(add).toHaveBeenCalledWith('Add call mom');
    expect(await screen.findByText(/Could not reach the server/)).toBeTruthy();
    expect(input.value).toBe('Add call mom');
  });
});
