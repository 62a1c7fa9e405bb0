import { fireEvent, render, screen } from '@testing-library/svelte';
import axe from 'axe-core';
import { describe, expect, it, vi } from 'vitest';
import type { Task, UpdateTaskInput } from '@todo/contracts';
import { taskFixture } from '$lib/task.fixtures';
import TaskDetail from './TaskDetail.svelte';

const task = taskFixture({ description: 'semi-skimmed', tags: ['shopping'], timezone: 'America/New_York' });

function setup(overrides: Partial<Task> = {}, onSave = vi.fn((_: UpdateTaskInput) => Promise.resolve())) {
  const props = {
    task: { ...task, ...overrides },
    tagSuggestions: [
      { tag: 'urgent', count: 3 },
      { tag: 'shopping', count: 8 },
    ],
    onSave,
    onToggleDone: vi.fn(),
    onDelete: vi.fn(),
    onClose: vi.fn(),
  };
  const view = render(TaskDetail, props);
  const save = () => screen.getByRole('button', { name: 'Save' }) as HTMLButtonElement;
  return { ...view, props, onSave, save };
}

const input = (label: string) => screen.getByLabelText(label) as HTMLInputElement;

describe('TaskDetail', () => {
  it('is a region named by the title, and saves only the changed fields', async () => {
    const { onSave, save } = setup();
    expect(screen.getByRole('region', { name: 'buy milk' })).toBeTruthy();
    expect(input('Title').value).toBe('buy milk');
    expect(save().disabled).toBe(true);

    await fireEvent.change(screen.getByLabelText('Priority'), { target: { value: 'high' } });
    const tags = screen.getByRole('combobox', { name: 'Tags' });
    await fireEvent.focus(tags);
    await fireEvent.input(tags, { target: { value: 'urg' } });
    await fireEvent.keyDown(tags, { key: 'ArrowDown' });
    await fireEvent.keyDown(tags, { key: 'Enter' });
    expect(save().disabled).toBe(false);

    await fireEvent.click(save());
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave).toHaveBeenCalledWith({ priority: 'high', tags: ['shopping', 'urgent'] });
  });

  it('sets the due date on the task clock and clears it', async () => {
    const { onSave, save } = setup();
    expect(screen.getByText('Times are in America/New York.')).toBeTruthy();
    await fireEvent.input(input('Date'), { target: { value: '2026-12-01' } });
    expect(input('Time').value).toBe('09:00');
    await fireEvent.input(input('Time'), { target: { value: '18:00' } });
    await fireEvent.click(save());
    expect(onSave).toHaveBeenLastCalledWith({ dueAt: '2026-12-01T23:00:00.000Z' });
  });

  it('clears a due date', async () => {
    const { onSave, save } = setup({ dueAt: '2026-12-01T23:00:00.000Z' });
    expect(input('Date').value).toBe('2026-12-01');
    expect(input('Time').value).toBe('18:00');
    await fireEvent.click(screen.getByRole('button', { name: 'Clear due date' }));
    await fireEvent.click(save());
    expect(onSave).toHaveBeenLastCalledWith({ dueAt: null });
  });

  it('saves a weekly recurrence in the friendly form and says it in words', async () => {
    const { onSave, save } = setup({ dueAt: '2026-12-01T23:00:00.000Z' });
    await fireEvent.change(screen.getByLabelText('Repeats'), { target: { value: 'week' } });
    await fireEvent.input(screen.getByLabelText('Every'), { target: { value: '2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Monday' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Thursday' }));
    expect(screen.getByText('Repeats every 2 weeks on Monday and Thursday')).toBeTruthy();
    await fireEvent.click(save());
    expect(onSave).toHaveBeenLastCalledWith({
      recurrence: { every: 'week', on: ['mo', 'th'], interval: 2, mode: 'schedule' },
    });
  });

  it('does not count an untouched stored recurrence or due time with seconds as a change', async () => {
    const { save } = setup({
      dueAt: '2026-12-01T23:00:30.000Z',
      recurrence: { rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH', mode: 'schedule' },
    });
    expect(screen.getByText('Repeats every 2 weeks on Monday and Thursday')).toBeTruthy();
    const monday = screen.getByRole('button', { name: 'Monday' });
    await fireEvent.click(monday);
    expect(save().disabled).toBe(false);
    await fireEvent.click(monday);
    expect(save().disabled).toBe(true);
  });

  it('shows the server field errors next to the fields and the failure as an alert', async () => {
    const onSave = vi.fn(() =>
      Promise.reject(
        Object.assign(new Error('Invalid input: title, reminders.0'), {
          fields: { title: 'Must not contain control characters', 'reminders.0': 'Needs dueAt' },
        }),
      ),
    );
    const { save } = setup({}, onSave);
    await fireEvent.input(input('Title'), { target: { value: 'bad\u0001' } });
    await fireEvent.click(save());
    expect((await screen.findByRole('alert')).textContent).toContain('Invalid input: title, reminders.0');
    expect(screen.getByText('Must not contain control characters')).toBeTruthy();
    expect(screen.getByText('Needs dueAt')).toBeTruthy();
    expect(input('Title').getAttribute('aria-invalid')).toBe('true');
    expect(input('Title').getAttribute('aria-describedby')).toBe('task-detail-title-error');
  });

  it('refuses an empty title without calling the server', async () => {
    const { onSave, save } = setup();
    await fireEvent.input(input('Title'), { target: { value: '   ' } });
    await fireEvent.click(save());
    expect(onSave).not.toHaveBeenCalled();
    expect(screen.getByText('Enter a title.')).toBeTruthy();
  });

  it('shows a newer version from elsewhere at once when nothing is being edited', async () => {
    const { rerender } = setup();
    await rerender({ task: { ...task, title: 'buy oat milk', version: 2 } });
    expect(input('Title').value).toBe('buy oat milk');
    expect(screen.getByRole('heading', { name: 'buy oat milk' })).toBeTruthy();
    expect(screen.queryByText('This task changed elsewhere.')).toBeNull();
  });

  it('keeps unsaved edits when a newer version arrives, until "Load latest"', async () => {
    const { rerender, onSave, save } = setup();
    await fireEvent.input(screen.getByLabelText('Description'), { target: { value: 'whole milk' } });
    await rerender({ task: { ...task, title: 'buy oat milk', version: 2 } });
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('whole milk');
    expect(input('Title').value).toBe('buy milk');
    expect(screen.getByText('This task changed elsewhere.')).toBeTruthy();
    // Saving now sends the edit only, not the old title.
    await fireEvent.click(save());
    expect(onSave).toHaveBeenLastCalledWith({ description: 'whole milk' });
  });

  it('"Load latest" drops the edits for the newer version', async () => {
    const { rerender, save } = setup();
    await fireEvent.input(screen.getByLabelText('Description'), { target: { value: 'whole milk' } });
    await rerender({ task: { ...task, title: 'buy oat milk', version: 2 } });
    await fireEvent.click(screen.getByRole('button', { name: 'Load latest' }));
    expect((screen.getByLabelText('Description') as HTMLTextAreaElement).value).toBe('semi-skimmed');
    expect(input('Title').value).toBe('buy oat milk');
    expect(screen.queryByText('This task changed elsewhere.')).toBeNull();
    expect(save().disabled).toBe(true);
  });

  it('takes its own saved version back without a notice', async () => {
    const { rerender, save } = setup();
    await fireEvent.change(screen.getByLabelText('Priority'), { target: { value: 'low' } });
    await fireEvent.click(save());
    await rerender({ task: { ...task, priority: 'low', version: 2 } });
    expect(screen.queryByText('This task changed elsewhere.')).toBeNull();
    expect(save().disabled).toBe(true);
  });

  it('has Close, Escape, Mark done / Reopen and Delete', async () => {
    const { props, rerender } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await fireEvent.keyDown(input('Title'), { key: 'Escape' });
    expect(props.onClose).toHaveBeenCalledTimes(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Mark done' }));
    expect(props.onToggleDone).toHaveBeenCalledTimes(1);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete' }));
    expect(props.onDelete).toHaveBeenCalledTimes(1);
    await rerender({ task: { ...task, status: 'done', version: 2 } });
    expect(screen.getByRole('button', { name: 'Reopen' })).toBeTruthy();
  });

  it('has no axe violations with every editor open (contrast is for the browser suite: jsdom has no layout)', async () => {
    const { container } = setup({
      dueAt: '2026-12-01T23:00:00.000Z',
      reminders: [{ minutesBefore: 5 }, { at: '2026-12-01T20:00:00.000Z' }],
      recurrence: { rule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=3', mode: 'schedule' },
    });
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' ')}`)).toEqual([]);
  });
});
