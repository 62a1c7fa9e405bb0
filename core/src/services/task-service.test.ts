import { describe, expect, it, vi } from 'vitest';
import type { TaskEvent } from '@todo/contracts';
import type { TaskRecord } from '../domain/task.js';
import type { EventDraft, TaskStore } from '../ports/task-store.js';
import type { UserRepository } from '../ports/user-repository.js';
import { TaskService } from './task-service.js';

const ALICE = { userId: 'alice' };
const BOB = { userId: 'bob' };

/** A store over a Map with the port's contract: version-checked writes that report a lost race as null. */
class FakeTaskStore implements TaskStore {
  readonly rows = new Map<string, TaskRecord>();
  readonly events: EventDraft[] = [];
  /** Writes that will lose a race before succeeding. */
  losses = 0;

  async get(userId: string, id: string) {
    const row = this.rows.get(id);
    return row && row.userId === userId ? row : null;
  }
  async insert(task: TaskRecord, event: EventDraft) {
    this.rows.set(task.id, task);
    return this.record(task, event)!;
  }
  async update(
    task: TaskRecord,
    expectedVersion: number,
    event: EventDraft,
    next?: { task: TaskRecord; event: EventDraft },
  ) {
    if (this.losses > 0 || this.rows.get(task.id)?.version !== expectedVersion) {
      this.losses = Math.max(0, this.losses - 1);
      return null;
    }
    this.rows.set(task.id, task);
    const written = this.record(task, event);
    const taken = [...this.rows.values()].some(
      (row) =>
        row.series?.id === next?.task.series?.id && row.series?.occurrence === next?.task.series?.occurrence,
    );
    if (next && !taken) await this.insert(next.task, next.event);
    return written;
  }
  async delete(task: TaskRecord, expectedVersion: number, event: EventDraft) {
    if (this.rows.get(task.id)?.version !== expectedVersion) return null;
    this.rows.delete(task.id);
    return this.record(task, event);
  }
  private record(task: TaskRecord, event: EventDraft): TaskEvent {
    this.events.push(event);
    return { ...event, userId: task.userId, seq: this.events.length } as TaskEvent;
  }
}

function setup() {
  const store = new FakeTaskStore();
  const users: UserRepository = {
    create: vi.fn(),
    findByEmail: vi.fn(),
    update: vi.fn(),
    findById: vi.fn(async (id: string) => ({
      id,
      email: `${id}@x.io`,
      name: null,
      timezone: 'Asia/Tokyo',
      createdAt: '',
      passwordHash: '',
    })),
  };
  let n = 0;
  const service = new TaskService({
    store,
    queries: { list: vi.fn(), tagCounts: vi.fn() },
    users,
    clock: { now: () => new Date('2026-11-24T10:00:00Z') },
    ids: { next: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` },
  });
  return { store, service };
}

describe('TaskService', () => {
  it("creates in the user's zone unless the input names one, and records task.created", async () => {
    const { store, service } = setup();
    expect((await service.create(ALICE, { title: 'a' })).timezone).toBe('Asia/Tokyo');
    expect((await service.create(ALICE, { title: 'b', timezone: 'Europe/Oslo' })).timezone).toBe(
      'Europe/Oslo',
    );
    expect(store.events.map((e) => e.type)).toEqual(['task.created', 'task.created']);
    expect(store.events[0]).toMatchObject({ actor: 'alice', occurredAt: '2026-11-24T10:00:00.000Z' });
  });

  it('validates input before touching the store', async () => {
    const { store, service } = setup();
    await expect(service.create(ALICE, { title: '', priority: 'urgent' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { title: expect.any(String), priority: expect.any(String) },
    });
    expect(store.rows.size).toBe(0);
  });

  it("hides another user's task as not found", async () => {
    const { service } = setup();
    const task = await service.create(ALICE, { title: 'private' });
    await expect(service.get(BOB, task.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.update(BOB, task.id, { title: 'x' })).rejects.toMatchObject({ code: 'not_found' });
    await expect(service.delete(BOB, task.id)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('retries a change that lost a race, applying it to the newer version', async () => {
    const { store, service } = setup();
    const task = await service.create(ALICE, { title: 'a' });
    store.losses = 2;
    expect(await service.update(ALICE, task.id, { priority: 'high' })).toMatchObject({
      priority: 'high',
      version: 2,
    });
    expect(store.events.map((e) => e.type)).toEqual(['task.created', 'task.updated']);
  });

  it('gives up with version_conflict when the race goes on', async () => {
    const { store, service } = setup();
    const task = await service.create(ALICE, { title: 'a' });
    store.losses = 100;
    await expect(service.complete(ALICE, task.id)).rejects.toMatchObject({ code: 'version_conflict' });
  });

  it('does not retry when If-Match pinned a version', async () => {
    const { store, service } = setup();
    const task = await service.create(ALICE, { title: 'a' });
    await expect(service.update(ALICE, task.id, { title: 'b' }, 7)).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    store.losses = 1;
    await expect(service.update(ALICE, task.id, { title: 'b' }, 1)).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    expect(store.events).toHaveLength(1);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const { store, service } = setup();
    const task = await service.create(ALICE, { title: 'a', priority: 'low' });
    expect(await service.update(ALICE, task.id, { title: 'a', priority: 'low' })).toEqual(task);
    expect(await service.reopen(ALICE, task.id)).toEqual(task);
    expect(store.events).toHaveLength(1);
  });

  it('completes with task.completed and deletes with task.deleted', async () => {
    const { store, service } = setup();
    const task = await service.create(ALICE, { title: 'a' });
    await service.complete(ALICE, task.id);
    await service.delete(ALICE, task.id);
    expect(store.events.map((e) => e.type)).toEqual(['task.created', 'task.completed', 'task.deleted']);
    expect(store.rows.size).toBe(0);
  });

  it('completes an occurrence of a recurring task with the next one, once', async () => {
    const { store, service } = setup();
    const task = await service.create(ALICE, {
      title: 'water the plants',
      dueAt: '2026-11-23T09:00:00+09:00', // a Monday in Tokyo
      recurrence: { every: 'week', on: ['mo', 'th'] },
      reminders: [{ minutesBefore: 30 }],
    });
    expect(task.series).toEqual({ id: task.id, occurrence: 1 });
    await service.complete(ALICE, task.id);
    await service.reopen(ALICE, task.id);
    await service.complete(ALICE, task.id);
    const following = [...store.rows.values()].filter((row) => row.id !== task.id);
    expect(following).toHaveLength(1);
    expect(following[0]).toMatchObject({
      title: 'water the plants',
      status: 'open',
      dueAt: '2026-11-26T00:00:00.000Z', // Thursday 09:00 in Tokyo
      recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO,TH', mode: 'schedule' },
      reminders: [{ minutesBefore: 30 }],
      series: { id: task.id, occurrence: 2 },
      version: 1,
    });
    expect(store.events.map((e) => e.type)).toEqual([
      'task.created',
      'task.completed',
      'task.created',
      'task.updated',
      'task.completed',
    ]);
  });
});
