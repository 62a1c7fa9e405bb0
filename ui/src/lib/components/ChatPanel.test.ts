import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ChatReply } from '@todo/contracts';
import type { ChatHandlers, ChatTransport } from '$lib/live';
import { taskFixture } from '$lib/task.fixtures';
import ChatPanel from './ChatPanel.svelte';

const task = taskFixture({ priority: 'high', tags: ['shopping'], dueAt: '2026-11-25T18:00:00.000Z' });

/** A transport the test drives by hand: it keeps the handlers of the last message sent. */
function fakeTransport() {
  const sent: { text: string; handlers: ChatHandlers }[] = [];
  const transport: ChatTransport = { send: (text, handlers) => void sent.push({ text, handlers }) };
  return { transport, sent };
}

describe('ChatPanel', () => {
  it('sends the message, streams the reply as deltas, then shows task chips', async () => {
    const { transport, sent } = fakeTransport();
    const onTaskSelect = vi.fn();
    render(ChatPanel, { transport, onTaskSelect });

    const input = screen.getByLabelText('Message to the assistant');
    await fireEvent.input(input, { target: { value: 'add buy milk tomorrow 6pm #shopping !high' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));

    expect(sent.map((s) => s.text)).toEqual(['add buy milk tomorrow 6pm #shopping !high']);
    expect(screen.getByText('add buy milk tomorrow 6pm #shopping !high')).toBeTruthy();
    expect((input as HTMLInputElement).value).toBe('');

    const { handlers } = sent[0]!;
    handlers.onDelta('Added ');
    handlers.onDelta('“buy milk”');
    await Promise.resolve();
    expect(await screen.findByText('Added “buy milk”')).toBeTruthy();

    const reply: ChatReply = {
      conversationId: 'main',
      reply: 'Added “buy milk”, due tomorrow at 18:00, high priority, #shopping.',
      actions: [{ kind: 'created', task }],
      tasks: [task],
    };
    handlers.onDone(reply);
    const chip = await screen.findByRole('button', { name: 'buy milk' });
    expect(screen.getByText(reply.reply)).toBeTruthy();
    await fireEvent.click(chip);
    expect(onTaskSelect).toHaveBeenCalledWith(task);
  });

  it('shows earlier turns from the history and says when a reply failed', async () => {
    const { transport, sent } = fakeTransport();
    const loadHistory = () =>
      Promise.resolve([
        { role: 'user' as const, text: 'what is due?', at: '2026-11-24T07:00:00.000Z' },
        {
          role: 'assistant' as const,
          text: 'One task is due.',
          at: '2026-11-24T07:00:01.000Z',
          actions: [{ kind: 'listed' as const, query: {}, tasks: [task] }],
        },
      ]);
    render(ChatPanel, { transport, loadHistory });
    expect(await screen.findByText('One task is due.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'buy milk' })).toBeTruthy();

    await fireEvent.input(screen.getByLabelText('Message to the assistant'), { target: { value: 'hello' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    sent[0]!.handlers.onError('The connection dropped before the reply; try again.');
    expect(await screen.findByText('The connection dropped before the reply; try again.')).toBeTruthy();
  });

  it('offers suggestions to a first-time user once the history is known to be empty; one tap sends it', async () => {
    const { transport, sent } = fakeTransport();
    let resolveHistory: (turns: never[]) => void = () => {};
    const loadHistory = () => new Promise<never[]>((resolve) => (resolveHistory = resolve));
    render(ChatPanel, { transport, loadHistory });
    expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull();

    resolveHistory([]);
    const suggestion = await screen.findByRole('button', { name: "what's due this week?" });
    await fireEvent.click(suggestion);
    expect(sent.map((s) => s.text)).toEqual(["what's due this week?"]);
    expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull();
  });

  it('shows no suggestions to a returning user', async () => {
    const { transport } = fakeTransport();
    const loadHistory = () =>
      Promise.resolve([{ role: 'user' as const, text: 'hello', at: '2026-11-24T07:00:00.000Z' }]);
    render(ChatPanel, { transport, loadHistory });
    await screen.findByText('hello');
    expect(screen.queryByRole('list', { name: 'Suggestions' })).toBeNull();
  });
});
