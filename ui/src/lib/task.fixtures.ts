// A task as the API returns it, for the UI's tests: an open task with no date, tags or repeat, unless the
// test says otherwise.
import type { Task } from '@todo/contracts';

export function taskFixture(overrides: Partial<Task> = {}): Task {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'buy milk',
    description: '',
    priority: 'none',
    tags: [],
    status: 'open',
    dueAt: null,
    timezone: 'UTC',
    reminders: [],
    recurrence: null,
    series: null,
    createdAt: '2026-11-24T07:00:00.000Z',
    updatedAt: '2026-11-24T07:00:00.000Z',
    completedAt: null,
    version: 1,
    ...overrides,
  };
}
