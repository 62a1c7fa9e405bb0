import { describe, expect, it } from 'vitest';
import { CreateTaskInput, UpdateTaskInput } from '@todo/contracts';
import { applyPatch, changeKind, completeTask, newTask, reopenTask } from './task.js';

const NOW = new Date('2026-11-24T10:00:00Z');
const LATER = new Date('2026-11-24T11:00:00Z');
const ctx = {
  id: '00000000-0000-4000-8000-000000000001',
  userId: 'u1',
  now: NOW,
  userTimeZone: 'America/New_York',
};

const make = (input: CreateTaskInput) => newTask(CreateTaskInput.parse(input), ctx);

describe('newTask', () => {
  it('starts open at version 1 in the user zone, with normalized fields', () => {
    const task = make({
      title: '  Buy milk ',
      tags: ['Shop', 'shop ', 'Home'],
      dueAt: '2026-11-25T18:00:00-05:00',
    });
    expect(task).toMatchObject({
      title: 'Buy milk',
      tags: ['shop', 'home'],
      status: 'open',
      version: 1,
      timezone: 'America/New_York',
      dueAt: '2026-11-25T23:00:00.000Z',
      createdAt: NOW.toISOString(),
      completedAt: null,
    });
  });

  it('refuses a relative reminder or a recurrence without a due date, naming the field', () => {
    expect(() =>
      make({ title: 'x', reminders: [{ at: '2026-11-25T08:00:00Z' }, { minutesBefore: 15 }] }),
    ).toThrowError(
      expect.objectContaining({ code: 'invalid_input', fields: { 'reminders.1': expect.any(String) } }),
    );
    expect(() => make({ title: 'x', recurrence: { rule: 'FREQ=DAILY' } })).toThrowError(
      expect.objectContaining({ fields: { recurrence: expect.any(String) } }),
    );
  });

  it('canonicalizes the recurrence rule and rejects a malformed one', () => {
    const task = make({
      title: 'x',
      dueAt: '2026-11-25T09:00:00Z',
      recurrence: { rule: 'rrule:freq=weekly;byday=mo,th' },
    });
    expect(task.recurrence).toEqual({ rule: 'FREQ=WEEKLY;BYDAY=MO,TH', mode: 'schedule' });
    for (const rule of [
      'BYDAY=MO',
      'FREQ=SOMETIMES',
      'FREQ=DAILY;INTERVAL=0',
      'DTSTART=20260101T000000Z;FREQ=DAILY',
    ]) {
      expect(
        () => make({ title: 'x', dueAt: '2026-11-25T09:00:00Z', recurrence: { rule } }),
        rule,
      ).toThrowError(expect.objectContaining({ fields: { 'recurrence.rule': expect.any(String) } }));
    }
  });
});

describe('applyPatch', () => {
  const base = make({ title: 'a', priority: 'low' });

  it('bumps the version and updatedAt when something changes', () => {
    const next = applyPatch(base, UpdateTaskInput.parse({ title: 'b', priority: 'high' }), LATER);
    expect(next).toMatchObject({ title: 'b', priority: 'high', version: 2, updatedAt: LATER.toISOString() });
    expect(next.createdAt).toBe(base.createdAt);
  });

  it('returns the same task when the patch changes nothing', () => {
    expect(applyPatch(base, UpdateTaskInput.parse({ title: 'a', priority: 'low' }), LATER)).toBe(base);
  });

  it('moves completedAt with the status, and reports completion as its own event kind', () => {
    const done = completeTask(base, LATER);
    expect(done).toMatchObject({ status: 'done', completedAt: LATER.toISOString(), version: 2 });
    expect(changeKind(base, done)).toBe('task.completed');
    expect(completeTask(done, LATER)).toBe(done);
    const reopened = reopenTask(done, LATER);
    expect(reopened).toMatchObject({ status: 'open', completedAt: null, version: 3 });
    expect(changeKind(done, reopened)).toBe('task.updated');
  });

  it('clearing the due date of a task with a relative reminder is refused', () => {
    const task = make({ title: 'a', dueAt: '2026-11-25T09:00:00Z', reminders: [{ minutesBefore: 10 }] });
    expect(() => applyPatch(task, UpdateTaskInput.parse({ dueAt: null }), LATER)).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});
