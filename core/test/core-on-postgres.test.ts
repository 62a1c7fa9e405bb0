import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Task, TaskEvent } from '@todo/contracts';
import { createLogger } from '@todo/observability';
import { startCore, type Core } from '../src/index.js';
import { connectDatabase, migrate } from '../src/adapters/postgres/database.js';
import { startPgliteServer } from '@todo/platform';
import { BACKENDS, createDatabase, type TestDatabase } from '../../testing/databases.js';

/**
 * Core with its real PostgreSQL adapters ("medium" tests, as Immich calls them), once on PGlite and once
 * on a PostgreSQL server, with a clock the test moves.
 */
describe.each(BACKENDS)('core on %s', (backend) => {
  let now = new Date('2026-11-24T15:00:00Z');
  let core: Core;
  let database: TestDatabase | undefined;
  const events: TaskEvent[] = [];

  beforeAll(async () => {
    database = backend === 'postgresql' ? await createDatabase() : undefined;
    core = await startCore({
      databaseUrl: database?.url,
      pgliteDir: 'memory://',
      jwtSecret: new TextEncoder().encode('medium-test-secret-medium-test-secret'),
      jwtTtlSeconds: 3600,
      defaultTimeZone: 'UTC',
      log: createLogger('test', 'warn'),
      clock: { now: () => now },
    });
    core.subscribe((event) => void events.push(event));
  });
  afterAll(async () => {
    await core?.stop();
    await database?.drop();
  });

  const signup = async (email: string, timezone = 'America/New_York'): Promise<Actor> => {
    const { user } = await core.api.signup({ email, password: 'long enough password', timezone });
    return { userId: user.id };
  };
  const at = async <T>(instant: string, fn: () => Promise<T>): Promise<T> => {
    now = new Date(instant);
    return fn();
  };

  it('commits each change with exactly one event, numbered per user, published in order', async () => {
    const alice = await signup(`alice-${backend}@example.com`);
    const bob = await signup(`bob-${backend}@example.com`);
    const a1 = await core.api.createTask(alice, { title: 'first' });
    await core.api.createTask(bob, { title: 'bob task' });
    await core.api.updateTask(alice, a1.id, { title: 'first, renamed' });
    await core.api.updateTask(alice, a1.id, { title: 'first, renamed' }); // no change: no event
    await core.api.completeTask(alice, a1.id);
    await core.api.deleteTask(alice, a1.id);
    await expect(core.api.updateTask(alice, a1.id, { title: 'x' })).rejects.toMatchObject({
      code: 'not_found',
    });

    await expect.poll(() => events.filter((e) => e.userId === alice.userId).length).toBe(4);
    const mine = events.filter((e) => e.userId === alice.userId);
    expect(mine.map((e) => [e.seq, e.type, e.task.version])).toEqual([
      [1, 'task.created', 1],
      [2, 'task.updated', 2],
      [3, 'task.completed', 3],
      [4, 'task.deleted', 3],
    ]);
    expect(events.filter((e) => e.userId === bob.userId).map((e) => e.seq)).toEqual([1]);
    expect(await core.api.latestSeq(alice)).toBe(4);
    const replay = await core.api.eventsSince(alice, 2);
    expect(replay).toMatchObject({ reload: false, events: [{ seq: 3 }, { seq: 4 }] });
    expect(await core.api.eventsSince(alice, 4)).toEqual({ reload: false, events: [] });
  });

  it('refuses a stale If-Match version and keeps the other user out', async () => {
    const owner = await signup(`owner-${backend}@example.com`);
    const other = await signup(`other-${backend}@example.com`);
    const task = await core.api.createTask(owner, { title: 'mine' });
    await core.api.updateTask(owner, task.id, { priority: 'high' }, 1);
    await expect(core.api.updateTask(owner, task.id, { priority: 'low' }, 1)).rejects.toMatchObject({
      code: 'precondition_failed',
    });
    await expect(core.api.getTask(other, task.id)).rejects.toMatchObject({ code: 'not_found' });
    await expect(core.api.deleteTask(other, task.id)).rejects.toMatchObject({ code: 'not_found' });
    expect((await core.api.listTasks(other, {})).items).toEqual([]);
  });

  it('concurrent changes without If-Match all land, each as its own version', async () => {
    const user = await signup(`race-${backend}@example.com`);
    const task = await core.api.createTask(user, { title: 'contended' });
    const tags = ['a', 'b', 'c', 'd'];
    await Promise.all(tags.map((tag) => core.api.updateTask(user, task.id, { description: tag })));
    const final = await core.api.getTask(user, task.id);
    expect(final.version).toBe(1 + tags.length);
  });

  it('completing an occurrence makes the next one exactly once, even when completed at once', async () => {
    const user = await signup(`series-${backend}@example.com`, 'Europe/London');
    const first = await core.api.createTask(user, {
      title: 'bins out',
      tags: ['home'],
      dueAt: '2026-10-20T19:00:00+01:00', // a Tuesday, BST
      recurrence: { every: 'week', count: 3 },
    });
    // Five completions at once, then a reopen and another: one successor.
    await Promise.all(Array.from({ length: 5 }, () => core.api.completeTask(user, first.id)));
    await core.api.reopenTask(user, first.id);
    await core.api.completeTask(user, first.id);
    const series = async () =>
      (await core.api.listTasks(user, { status: 'all', sort: 'due' })).items.filter(
        (task) => task.series?.id === first.id,
      );
    const [, second] = await series();
    expect((await series()).map((task) => [task.series!.occurrence, task.status])).toEqual([
      [1, 'done'],
      [2, 'open'],
    ]);
    // A week later at 19:00 London time, now GMT.
    expect(second).toMatchObject({ dueAt: '2026-10-27T19:00:00.000Z', tags: ['home'], version: 1 });
    await core.api.completeTask(user, second!.id);
    const [, , third] = await series();
    expect(third).toMatchObject({ dueAt: '2026-11-03T19:00:00.000Z', series: { occurrence: 3 } });
    // COUNT=3: the third is the last.
    await core.api.completeTask(user, third!.id);
    expect(await series()).toHaveLength(3);
    const created = () => events.filter((e) => e.userId === user.userId && e.type === 'task.created');
    await expect.poll(() => created().map((e) => e.task.series?.occurrence)).toEqual([1, 2, 3]);
  });

  it('a new zone is the default of new tasks and of the chat; existing tasks keep theirs', async () => {
    const user = await signup(`zone-${backend}@example.com`, 'America/New_York');
    const before = await core.api.createTask(user, { title: 'made in New York' });
    const updated = await core.api.updateMe(user, { timezone: 'Asia/Tokyo', name: ' Kenji ' });
    expect(updated).toMatchObject({ id: user.userId, timezone: 'Asia/Tokyo', name: 'Kenji' });
    expect(await core.api.me(user)).toEqual(updated);
    expect(await core.api.updateMe(user, { name: '' })).toEqual({ ...updated, name: null });
    await expect(core.api.updateMe(user, { timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { timezone: expect.any(String) },
    });
    expect((await core.api.me(user)).timezone).toBe('Asia/Tokyo');
    expect(await core.api.getTask(user, before.id)).toEqual(before);
    expect((await core.api.createTask(user, { title: 'made in Tokyo' })).timezone).toBe('Asia/Tokyo');
    // 16:00Z is 01:00 on the 25th in Tokyo (11:00 on the 24th in New York): tomorrow 9am is 00:00Z on the 26th.
    const reply = await at('2026-11-24T16:00:00Z', () =>
      core.api.chat(user, { message: 'add water the plants tomorrow 9am' }),
    );
    expect(reply.actions[0]).toMatchObject({
      kind: 'created',
      task: { title: 'water the plants', dueAt: '2026-11-26T00:00:00.000Z', timezone: 'Asia/Tokyo' },
    });
  });

  it('filters by status, priority, tags, due ranges and text, all combined', async () => {
    const user = await signup(`filters-${backend}@example.com`);
    const make = (title: string, fields: Partial<Task> = {}) =>
      core.api.createTask(user, { title, ...fields } as never);
    await at('2026-11-24T15:00:00Z', async () => {
      await make('pay rent', {
        tags: ['home', 'money'],
        priority: 'high',
        dueAt: '2026-11-24T14:00:00Z',
      } as never); // overdue
      await make('call the dentist', {
        tags: ['health'],
        priority: 'medium',
        dueAt: '2026-11-24T22:00:00Z',
      } as never); // today NY
      await make('renew passport', {
        tags: ['travel'],
        priority: 'low',
        dueAt: '2026-11-29T15:00:00Z',
      } as never); // this week
      await make('plan trip', {
        tags: ['travel', 'home'],
        description: 'ask the dentist about flying',
      } as never);
      const done = await make('old chore', { tags: ['home'], dueAt: '2026-11-20T15:00:00Z' } as never);
      await core.api.completeTask(user, done.id);
    });
    const titles = async (query: Record<string, string>) =>
      (await core.api.listTasks(user, query)).items.map((t) => t.title);

    expect(await titles({ due: 'overdue' })).toEqual(['pay rent']);
    expect(await titles({ due: 'overdue', status: 'all' })).toEqual(['pay rent']);
    expect(await titles({ due: 'today' })).toEqual(['pay rent', 'call the dentist']);
    expect(await titles({ due: 'week' })).toEqual(['pay rent', 'call the dentist', 'renew passport']);
    expect(await titles({ due: 'none' })).toEqual(['plan trip']);
    expect(await titles({ status: 'done' })).toEqual(['old chore']);
    expect(await titles({ status: 'all', tags: 'home' })).toEqual(['old chore', 'pay rent', 'plan trip']);
    expect(await titles({ tags: 'travel,home', tagMode: 'all' })).toEqual(['plan trip']);
    expect(await titles({ tags: 'TRAVEL,money' })).toEqual(['pay rent', 'renew passport', 'plan trip']);
    expect(await titles({ priority: 'high,low' })).toEqual(['pay rent', 'renew passport']);
    expect(await titles({ dueFrom: '2026-11-24T20:00:00Z', dueTo: '2026-11-29T15:00:00Z' })).toEqual([
      'call the dentist',
      'renew passport',
    ]);
    // A title match ranks above a description match; prefixes match.
    expect(await titles({ q: 'denti' })).toEqual(['call the dentist', 'plan trip']);
    expect(await titles({ q: 'dentist', priority: 'medium' })).toEqual(['call the dentist']);
    expect(await titles({ q: 'zebra' })).toEqual([]);
    expect(await core.api.listTags(user)).toEqual([
      { tag: 'home', count: 3, openCount: 2 },
      { tag: 'travel', count: 2, openCount: 2 },
      { tag: 'health', count: 1, openCount: 1 },
      { tag: 'money', count: 1, openCount: 1 },
    ]);
  });

  it('pages through every sort, in both orders, without gaps or repeats', async () => {
    const user = await signup(`pages-${backend}@example.com`);
    const priorities = ['none', 'low', 'medium', 'high'] as const;
    const created: Task[] = [];
    // Ties on purpose: shared due dates, titles that differ only in case, several tasks per creation instant.
    for (let i = 0; i < 36; i++) {
      now = new Date(Date.UTC(2026, 10, 1, 12, Math.floor(i / 3)));
      created.push(
        await core.api.createTask(user, {
          title: ['Alpha', 'alpha', 'beta', 'Gamma', 'delta task'][i % 5]!,
          priority: priorities[i % 4],
          dueAt: i % 4 === 0 ? null : new Date(Date.UTC(2026, 11, 1 + (i % 7), 9)).toISOString(),
        }),
      );
    }
    // Some updates so that the updated order differs from the created order.
    for (const [n, task] of created.entries()) {
      if (n % 5 === 0) {
        now = new Date(Date.UTC(2026, 10, 2, 12, 36 - n));
        created[n] = await core.api.updateTask(user, task.id, { description: `edited ${n}` });
      }
    }

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('due', 'priority', 'created', 'updated', 'title'),
        fc.constantFrom('asc', 'desc'),
        fc.integer({ min: 1, max: 13 }),
        async (sort, order, limit) => {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const query: Record<string, string> = {
              sort,
              order,
              limit: String(limit),
              ...(cursor ? { cursor } : {}),
            };
            const page = await core.api.listTasks(user, query);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.items.map((t) => t.id));
            cursor = page.nextCursor;
          } while (cursor);
          expect(seen).toEqual(referenceOrder(created, sort, order).map((t) => t.id));
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe.each(BACKENDS)('migrations on %s', (backend) => {
  it('apply once, and a second run finds nothing to do', async () => {
    const pglite = backend === 'pglite' ? await startPgliteServer('memory://') : undefined;
    const database = pglite ? undefined : await createDatabase();
    const sql = connectDatabase(pglite?.url ?? database!.url, { maxConnections: 1 });
    try {
      expect(await migrate(sql)).toEqual([
        '0001-initial',
        '0002-series',
        '0003-conversations',
        '0004-event-trace',
      ]);
      expect(await migrate(sql)).toEqual([]);
      const tables = await sql<{ name: string }[]>`
        select table_name as name from information_schema.tables where table_schema = 'public' order by 1`;
      expect(tables.map((t) => t.name)).toEqual([
        'chat_conversations',
        'schema_migrations',
        'task_events',
        'tasks',
        'users',
      ]);
    } finally {
      await sql.end();
      await pglite?.stop();
      await database?.drop();
    }
  });
});

const RANK = { none: 0, low: 1, medium: 2, high: 3 };

/** The documented order, written independently of the SQL: nulls last, ties by createdAt then id. */
function referenceOrder(tasks: Task[], sort: string, order: 'asc' | 'desc'): Task[] {
  const flip = order === 'desc' ? -1 : 1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const tieBreak = (a: Task, b: Task) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id);
  return [...tasks].sort((a, b) => {
    switch (sort) {
      case 'due':
        if (!a.dueAt || !b.dueAt) return (a.dueAt ? 0 : 1) - (b.dueAt ? 0 : 1) || tieBreak(a, b);
        return flip * cmp(a.dueAt, b.dueAt) || tieBreak(a, b);
      case 'priority':
        return flip * cmp(RANK[a.priority], RANK[b.priority]) || tieBreak(a, b);
      case 'created':
        return flip * cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id);
      case 'updated':
        return flip * cmp(a.updatedAt, b.updatedAt) || tieBreak(a, b);
      default:
        return flip * cmp(a.title.toLowerCase(), b.title.toLowerCase()) || tieBreak(a, b);
    }
  });
}
