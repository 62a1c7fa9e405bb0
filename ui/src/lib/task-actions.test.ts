import { describe, expect, it, vi } from 'vitest';
import type { Task } from '@todo/contracts';
import { taskFixture } from './task.fixtures';
import { complete, remove } from './task-actions';

const base = taskFixture({
  id: 'a',
  title: 'water the plants',
  description: 'the big ones',
  priority: 'low',
  tags: ['home'],
  dueAt: '2026-11-30T08:00:00.000Z',
  timezone: 'Europe/Berlin',
  reminders: [{ minutesBefore: 15 }],
  recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'schedule' },
  series: { id: 'a', occurrence: 1 },
});

function fakeApi(tasks: Task[]) {
  return {
    complete: vi.fn(async (id: string) => ({ ...tasks.find((t) => t.id === id)!, status: 'done' as const })),
    reopen: vi.fn(async (id: string) => ({ ...tasks.find((t) => t.id === id)!, status: 'open' as const })),
    deleteTask: vi.fn(async () => undefined),
    createTask: vi.fn(async (input: object) => ({ ...base, ...input, id: 'new' }) as Task),
    listTasks: vi.fn(async () => ({ items: tasks.filter((t) => t.status === 'open'), nextCursor: null })),
  };
}

describe('task actions with undo', () => {
  it("undoing a recurring task's completion removes the occurrence it created, then reopens it", async () => {
    const next = { ...base, id: 'b', series: { id: 'a', occurrence: 2 }, version: 1 };
    const other = { ...base, id: 'c', series: { id: 'zzz', occurrence: 2 } };
    const api = fakeApi([base, next, other]);
    const change = await complete(base, api as never);
    expect(change.message).toBe('Completed “water the plants”; the next one is in the list');
    await change.undo();
    expect(api.deleteTask).toHaveBeenCalledWith('b', 1);
    expect(api.deleteTask).toHaveBeenCalledTimes(1);
    expect(api.reopen).toHaveBeenCalledWith('a');
  });

  it('undoing a delete creates the task again with every field it had', async () => {
    const api = fakeApi([base]);
    const change = await remove(base, api as never);
    expect(api.deleteTask).toHaveBeenCalledWith('a', 1);
    await change.undo();
    expect(api.createTask).toHaveBeenCalledWith({
      title: 'water the plants',
      description: 'the big ones',
      priority: 'low',
      tags: ['home'],
      dueAt: '2026-11-30T08:00:00.000Z',
      timezone: 'Europe/Berlin',
      reminders: [{ minutesBefore: 15 }],
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'schedule' },
    });
  });
});
