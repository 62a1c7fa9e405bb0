import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Task } from '@todo/contracts';
import { UndoBar } from '$lib/undo.svelte';
import UndoToast from './UndoToast.svelte';

describe('UndoToast', () => {
  it('offers the last change; Undo runs it, hands back the task and says so', async () => {
    const restored = { id: 'a', title: 'buy milk' } as Task;
    const onUndone = vi.fn();
    const bar = new UndoBar(onUndone);
    render(UndoToast, { bar });
    const undo = vi.fn(async () => restored);
    bar.show({ task: null, message: 'Deleted “buy milk”', undo });
    await fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    expect(undo).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(onUndone).toHaveBeenCalledWith(restored));
    expect(screen.queryByRole('button', { name: 'Undo' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Undone: Deleted “buy milk”');
  });

  it('says why when the undo fails', async () => {
    const bar = new UndoBar();
    render(UndoToast, { bar });
    bar.show({
      task: null,
      message: 'Completed “x”',
      undo: () => Promise.reject(new Error('Task not found')),
    });
    await fireEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await vi.waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Could not undo: Task not found'),
    );
  });
});
