import { describe, expect, it } from 'vitest';
import { taskEventFixture, taskFixture } from '../../../testing/fixtures.js';
import { reminderKey, remindersToSchedule, remindersWanted } from './schedule.js';

const NOW = new Date('2026-11-24T10:00:00Z');

describe('remindersToSchedule', () => {
  it('places relative reminders before the due time and keeps absolute ones', () => {
    const task = taskFixture({
      dueAt: '2026-11-24T12:00:00.000Z',
      reminders: [{ minutesBefore: 0 }, { minutesBefore: 90 }, { at: '2026-11-24T11:00:00+01:00' }],
    });
    expect(remindersToSchedule(task, NOW).map((r) => [r.key, r.fireAt.toISOString()])).toEqual([
      ['before:0', '2026-11-24T12:00:00.000Z'],
      ['before:90', '2026-11-24T10:30:00.000Z'],
      ['at:2026-11-24T10:00:00.000Z', '2026-11-24T10:00:00.000Z'],
    ]);
  });

  it('wants nothing for a task that is done, and nothing that was already past', () => {
    const reminders = [{ minutesBefore: 15 }, { at: '2026-11-24T09:59:59Z' }];
    const open = taskFixture({ dueAt: '2026-11-24T10:10:00Z', reminders });
    expect(remindersToSchedule(open, NOW)).toEqual([]);
    expect(remindersToSchedule({ ...open, dueAt: '2026-11-24T11:00:00Z', status: 'done' }, NOW)).toEqual([]);
  });

  it('names a reminder the same whichever way its instant was written', () => {
    expect(reminderKey({ at: '2026-12-01T09:00:00+01:00' })).toBe(
      reminderKey({ at: '2026-12-01T08:00:00Z' }),
    );
    expect(reminderKey({ minutesBefore: 15 })).toBe('before:15');
  });
});

describe('remindersWanted', () => {
  const event = (type: 'task.updated' | 'task.deleted') =>
    taskEventFixture('u', 2, {
      type,
      occurredAt: NOW.toISOString(),
      task: { dueAt: '2026-11-24T12:00:00.000Z', reminders: [{ minutesBefore: 0 }] },
    });

  it('follows the snapshot of a change, but wants nothing once the task is deleted', () => {
    expect(remindersWanted(event('task.updated')).map((r) => r.fireAt.toISOString())).toEqual([
      '2026-11-24T12:00:00.000Z',
    ]);
    // The snapshot of a deleted task is the open task it was.
    expect(event('task.deleted').task.status).toBe('open');
    expect(remindersWanted(event('task.deleted'))).toEqual([]);
  });
});
