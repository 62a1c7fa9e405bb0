import { describe, expect, it } from 'vitest';
import { nextInSeries } from './series.js';
import { applyPatch, completeTask, newTask, type TaskRecord } from './task.js';

const NOW = new Date('2026-11-24T12:00:00Z');

function recurring(fields: Record<string, unknown>): TaskRecord {
  return newTask(
    {
      title: 'stand-up',
      description: 'daily',
      priority: 'high',
      tags: ['work'],
      dueAt: '2026-11-24T09:00:00-05:00',
      timezone: 'America/New_York',
      reminders: [],
      recurrence: null,
      ...fields,
    } as never,
    { id: '11111111-1111-4111-8111-111111111111', userId: 'u', now: NOW, userTimeZone: 'UTC' },
  );
}

const next = (task: TaskRecord, at = NOW) =>
  nextInSeries(completeTask(task, at), { id: '22222222-2222-4222-8222-222222222222', now: at });

describe('nextInSeries', () => {
  it('is nothing for a task that does not recur', () => {
    expect(next(recurring({}))).toBeNull();
  });

  it('copies what the occurrence carries to the next due date, as a new open task of the series', () => {
    const task = recurring({
      recurrence: { rule: 'FREQ=DAILY', mode: 'schedule' },
      reminders: [{ minutesBefore: 15 }, { at: '2026-11-24T13:30:00Z' }],
    });
    expect(next(task)).toEqual({
      ...task,
      id: '22222222-2222-4222-8222-222222222222',
      dueAt: '2026-11-25T14:00:00.000Z',
      reminders: [{ minutesBefore: 15 }, { at: '2026-11-25T13:30:00.000Z' }],
      series: { id: task.id, occurrence: 2 },
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
    });
  });

  it('ends with the series: none after the COUNT-th occurrence', () => {
    const first = recurring({ recurrence: { rule: 'FREQ=DAILY;COUNT=2', mode: 'schedule' } });
    const second = next(first)!;
    expect(second.series).toEqual({ id: first.id, occurrence: 2 });
    expect(next(second)).toBeNull();
  });

  it('after completion: counts from when it was done, at the same time of day', () => {
    const task = recurring({ recurrence: { rule: 'FREQ=DAILY;INTERVAL=3', mode: 'after_completion' } });
    const doneLate = new Date('2026-11-27T22:00:00Z'); // Friday evening in New York
    expect(next(task, doneLate)!.dueAt).toBe('2026-11-30T14:00:00.000Z'); // Monday 09:00
  });

  it('a new rule restarts the count at the current occurrence; other edits keep the series', () => {
    const task = recurring({ recurrence: { rule: 'FREQ=DAILY;COUNT=2', mode: 'schedule' } });
    const second = next(task)!;
    const renamed = applyPatch(second, { title: 'stand-up, short' }, NOW);
    expect(renamed.series).toEqual({ id: task.id, occurrence: 2 });
    const weekly = applyPatch(second, { recurrence: { rule: 'FREQ=WEEKLY', mode: 'schedule' } }, NOW);
    expect(weekly.series).toEqual({ id: task.id, occurrence: 1 });
    expect(next(weekly)!.dueAt).toBe('2026-12-02T14:00:00.000Z');
  });
});
