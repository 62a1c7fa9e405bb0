import { randomUUID } from 'node:crypto';
import type { Task, TaskEvent } from '@todo/contracts';

/** A valid task snapshot; override what the test is about. */
export function taskFixture(overrides: Partial<Task> = {}): Task {
  const at = '2026-11-24T10:00:00.000Z';
  return {
    id: randomUUID(),
    title: 'a task',
    description: '',
    priority: 'none',
    tags: [],
    status: 'open',
    dueAt: null,
    timezone: 'UTC',
    reminders: [],
    recurrence: null,
    series: null,
    createdAt: at,
    updatedAt: at,
    completedAt: null,
    version: 1,
    ...overrides,
  };
}

/** A valid task event of `userId` with sequence `seq`; the task snapshot can be overridden. */
export function taskEventFixture(
  userId: string,
  seq: number,
  overrides: Partial<Omit<TaskEvent, 'task'>> & { task?: Partial<Task> } = {},
): TaskEvent {
  const { task, ...event } = overrides;
  return {
    id: randomUUID(),
    type: 'task.created',
    userId,
    seq,
    actor: userId,
    occurredAt: '2026-11-24T10:00:00.000Z',
    ...event,
    task: taskFixture(task),
  };
}
