import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import type { Reminder } from '@todo/contracts';
import ReminderEditor from './ReminderEditor.svelte';

function setup(reminders: Reminder[], dueAt: string | null) {
  render(ReminderEditor, { reminders, dueAt, timeZone: 'America/New_York' });
  const rows = () => {
    const list = screen.queryByRole('list');
    return list
      ? within(list)
          .getAllByRole('listitem')
          .map((li) => li.firstElementChild?.textContent)
      : [];
  };
  return { rows };
}

describe('ReminderEditor', () => {
  it('adds presets relative to the due time and removes reminders', async () => {
    const { rows } = setup([{ minutesBefore: 0 }], '2026-12-01T23:00:00.000Z');
    expect(rows()).toEqual(['At the due time']);
    const choice = screen.getByLabelText('Add reminder');
    await fireEvent.change(choice, { target: { value: '60' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    await fireEvent.change(choice, { target: { value: '1440' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(rows()).toEqual(['At the due time', '1 hour before', '1 day before']);

    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText('That reminder is already set.')).toBeTruthy();

    await fireEvent.click(screen.getByRole('button', { name: 'Remove reminder: 1 hour before' }));
    expect(rows()).toEqual(['At the due time', '1 day before']);
  });

  it('adds a reminder at a date and time on the task clock', async () => {
    const { rows } = setup([], '2026-12-01T23:00:00.000Z');
    await fireEvent.change(screen.getByLabelText('Add reminder'), { target: { value: 'custom' } });
    await fireEvent.input(screen.getByLabelText('Reminder date'), { target: { value: '2027-03-01' } });
    await fireEvent.input(screen.getByLabelText('Reminder time'), { target: { value: '08:30' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    // 08:30 in New York in March (before DST) is 13:30 UTC.
    expect(rows()).toEqual(['Mar 1, 2027, 8:30 AM']);
  });

  it('without a due date, says so and offers only a date and time', async () => {
    const { rows } = setup([{ minutesBefore: 15 }], null);
    expect(screen.getByText(/no due date, so a reminder can only be at a date and time/)).toBeTruthy();
    expect(screen.getByText('(needs a due date)')).toBeTruthy();
    expect(screen.queryByLabelText('Add reminder')).toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText('Pick a date and a time for the reminder.')).toBeTruthy();
    await fireEvent.input(screen.getByLabelText('Reminder date'), { target: { value: '2027-01-05' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Add' }));
    expect(rows()).toEqual(['15 minutes before', 'Jan 5, 2027, 9:00 AM']);
  });

  it('stops at 10 reminders', () => {
    setup(
      Array.from({ length: 10 }, (_, i) => ({ minutesBefore: i })),
      '2026-12-01T23:00:00.000Z',
    );
    expect(screen.getByText('A task can have at most 10 reminders.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Add' })).toBeNull();
  });
});
