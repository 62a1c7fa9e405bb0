import { randomUUID } from 'node:crypto';
import type { Notification, NotificationEvent, Task, TaskEvent } from '@todo/contracts';

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

/** A valid notification (unread, 15 minutes before its due time); override what the test is about. */
export function notificationFixture(overrides: Partial<Notification> = {}): Notification {
  return {
    id: randomUUID(),
    taskId: randomUUID(),
    title: 'a task',
    dueAt: '2026-11-24T10:15:00.000Z',
    reminder: { minutesBefore: 15 },
    fireAt: '2026-11-24T10:00:00.000Z',
    firedAt: '2026-11-24T10:00:00.250Z',
    readAt: null,
    ...overrides,
  };
}

/** A valid `notification.created` event of `userId`; the notification can be overridden. */
export function notificationEventFixture(
  userId: string,
  notification: Partial<Notification> = {},
): NotificationEvent {
  return {
    id: randomUUID(),
    type: 'notification.created',
    userId,
    occurredAt: '2026-11-24T10:00:00.250Z',
    notification: notificationFixture(notification),
  };
}

/** A task event as core's sidecar publishes it: a CloudEvent that names the change and the task. */
export function taskCloudEvent(event: TaskEvent) {
  return {
    specversion: '1.0',
    id: event.id,
    source: 'core',
    type: event.type,
    subject: event.task.id,
    datacontenttype: 'application/json',
    data: event,
  };
}
