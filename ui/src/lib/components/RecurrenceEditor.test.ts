import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Recurrence } from '@todo/contracts';
import RecurrenceEditor from './RecurrenceEditor.svelte';

function setup(recurrence: Recurrence | null, hasDue = true) {
  const onChange = vi.fn();
  render(RecurrenceEditor, { recurrence, timeZone: 'America/New_York', hasDue, onChange });
  // The live region that says the rule in words.
  const summary = () => document.getElementById('recurrence-summary')?.textContent;
  return { onChange, summary };
}

describe('RecurrenceEditor', () => {
  it('builds "every 2 weeks on Monday and Thursday" and emits the friendly form', async () => {
    const { onChange, summary } = setup(null);
    expect(summary()).toBe('Does not repeat');
    await fireEvent.change(screen.getByLabelText('Repeats'), { target: { value: 'week' } });
    expect(onChange).toHaveBeenLastCalledWith({ every: 'week', mode: 'schedule' });
    await fireEvent.input(screen.getByLabelText('Every'), { target: { value: '2' } });
    const monday = screen.getByRole('button', { name: 'Monday' });
    await fireEvent.click(screen.getByRole('button', { name: 'Thursday' }));
    await fireEvent.click(monday);
    expect(monday.getAttribute('aria-pressed')).toBe('true');
    expect(onChange).toHaveBeenLastCalledWith({
      every: 'week',
      on: ['mo', 'th'],
      interval: 2,
      mode: 'schedule',
    });
    expect(summary()).toBe('Repeats every 2 weeks on Monday and Thursday');
    expect(document.getElementById('recurrence-summary')?.getAttribute('aria-live')).toBe('polite');

    await fireEvent.click(monday);
    expect(monday.getAttribute('aria-pressed')).toBe('false');
    expect(onChange).toHaveBeenLastCalledWith({ every: 'week', on: ['th'], interval: 2, mode: 'schedule' });
  });

  it('shows a stored monthly rule and edits its day, end and mode', async () => {
    const { onChange, summary } = setup({ rule: 'FREQ=MONTHLY;BYDAY=-1FR', mode: 'schedule' });
    expect(summary()).toBe('Repeats every month on the last Friday');
    expect((screen.getByLabelText('Repeats') as HTMLSelectElement).value).toBe('month');
    expect((screen.getByLabelText('Which one') as HTMLSelectElement).value).toBe('-1');

    await fireEvent.click(screen.getByLabelText('the last day'));
    expect(onChange).toHaveBeenLastCalledWith({ every: 'month', on: { day: -1 }, mode: 'schedule' });
    await fireEvent.input(screen.getByLabelText('Day number'), { target: { value: '31' } });
    await fireEvent.click(screen.getByLabelText('day of the month'));
    expect(summary()).toBe('Repeats every month on day 31 (the last day in shorter months)');

    await fireEvent.click(screen.getByLabelText('after a number of times'));
    await fireEvent.input(screen.getByLabelText('Number of times'), { target: { value: '10' } });
    await fireEvent.click(screen.getByLabelText('after I complete it'));
    expect(onChange).toHaveBeenLastCalledWith({
      every: 'month',
      on: { day: 31 },
      count: 10,
      mode: 'after_completion',
    });
    expect(summary()).toBe(
      'Repeats every month on day 31 (the last day in shorter months), 10 times, counted from each completion',
    );
  });

  it('ends on a date: the end of that day on the task clock', async () => {
    const { onChange, summary } = setup({ rule: 'FREQ=DAILY', mode: 'schedule' });
    await fireEvent.click(screen.getByLabelText('on a date'));
    await fireEvent.input(screen.getByLabelText('End date'), { target: { value: '2026-12-31' } });
    expect(onChange).toHaveBeenLastCalledWith({
      every: 'day',
      until: '2027-01-01T04:59:00.000Z',
      mode: 'schedule',
    });
    expect(summary()).toBe('Repeats every day, until Dec 31, 2026');
  });

  it('keeps a rule it cannot show as a custom rule until the user replaces it', async () => {
    const { onChange, summary } = setup({ rule: 'FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1', mode: 'schedule' });
    expect(summary()).toBe('Custom rule: FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1');
    expect(screen.queryByLabelText('Repeats')).toBeNull();
    expect(onChange).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByRole('button', { name: 'Replace with a simple rule' }));
    expect(onChange).toHaveBeenLastCalledWith({ every: 'year', mode: 'schedule' });
    expect(summary()).toBe('Repeats every year');
  });

  it('turns repeating off, and says a series needs a due date', async () => {
    const { onChange } = setup({ rule: 'FREQ=DAILY', mode: 'schedule' }, false);
    expect(screen.getByText(/A repeating task needs a due date/)).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Repeats'), { target: { value: 'none' } });
    expect(onChange).toHaveBeenLastCalledWith(null);
  });
});
