import { describe, expect, it } from 'vitest';
import { TaskListQuery } from '@todo/contracts';
import { encodeCursor, planList, searchTerms, type ListedTask } from './list-plan.js';
import type { TaskRecord } from './task.js';

const plan = (
  query: Record<string, string>,
  now = new Date('2026-11-24T15:00:00Z'),
  zone = 'America/New_York',
) => planList(TaskListQuery.parse(query), 'u1', now, zone);

describe('planList', () => {
  it('defaults to open tasks by due date, nulls last, ties by creation then id', () => {
    expect(plan({}).statuses).toEqual(['open']);
    expect(plan({}).sort).toEqual([
      { key: 'dueMissing', dir: 'asc' },
      { key: 'dueAt', dir: 'asc' },
      { key: 'createdAt', dir: 'asc' },
      { key: 'id', dir: 'asc' },
    ]);
    expect(plan({ sort: 'due', order: 'desc' }).sort.slice(0, 2)).toEqual([
      { key: 'dueMissing', dir: 'asc' },
      { key: 'dueAt', dir: 'desc' },
    ]);
  });

  it('orders by relevance when searching without a sort, and fetches one extra row', () => {
    const searching = plan({ q: 'milk', limit: '10' });
    expect(searching.sort[0]).toEqual({ key: 'rank', dir: 'desc' });
    expect(searching.fetch).toBe(11);
    expect(plan({ q: 'milk', sort: 'title' }).sort[0]).toEqual({ key: 'titleKey', dir: 'asc' });
  });

  it('resolves today and week in the caller zone', () => {
    // 15:00Z is 10:00 in New York: today runs from 05:00Z to 05:00Z the next day.
    expect(plan({ due: 'today' }).dueBounds).toEqual([
      { op: 'gte', at: new Date('2026-11-24T05:00:00Z') },
      { op: 'lt', at: new Date('2026-11-25T05:00:00Z') },
    ]);
    expect(plan({ due: 'week' }).dueBounds[1]).toEqual({ op: 'lt', at: new Date('2026-12-01T05:00:00Z') });
    // At 03:00Z it is still the 23rd in New York.
    expect(plan({ due: 'today' }, new Date('2026-11-24T03:00:00Z')).dueBounds[0]?.at).toEqual(
      new Date('2026-11-23T05:00:00Z'),
    );
  });

  it('keeps day boundaries right across a DST change', () => {
    // New York falls back on 2026-11-01: that week has a 25-hour day.
    const week = plan({ due: 'week' }, new Date('2026-10-30T16:00:00Z')).dueBounds;
    expect(week[0]?.at).toEqual(new Date('2026-10-30T04:00:00Z'));
    expect(week[1]?.at).toEqual(new Date('2026-11-06T05:00:00Z'));
  });

  it('treats overdue as open only, and combines due filters with explicit bounds', () => {
    const now = new Date('2026-11-24T15:00:00Z');
    expect(plan({ due: 'overdue', status: 'all' }, now)).toMatchObject({
      statuses: ['open'],
      dueBounds: [{ op: 'lt', at: now }],
    });
    expect(plan({ due: 'overdue', status: 'done' }).statuses).toEqual([]);
    const bounded = plan({ due: 'week', dueFrom: '2026-11-26T00:00:00Z', dueTo: '2026-11-27T00:00:00Z' });
    expect(bounded.dueBounds.map((b) => b.op)).toEqual(['gte', 'lte', 'gte', 'lt']);
    expect(plan({ due: 'none' }).dueMissing).toBe(true);
  });

  it('passes priorities and deduplicated tags through', () => {
    expect(plan({ priority: 'high,medium', tags: 'Work,work,home', tagMode: 'all' })).toMatchObject({
      priorities: ['high', 'medium'],
      tags: { values: ['work', 'home'], mode: 'all' },
    });
  });
});

describe('cursors', () => {
  const task = {
    id: '00000000-0000-4000-8000-000000000009',
    dueAt: '2026-11-25T10:00:00.000Z',
    createdAt: '2026-11-20T10:00:00.000Z',
    updatedAt: '2026-11-21T10:00:00.000Z',
    priority: 'high',
  } as TaskRecord;
  const row: ListedTask = { task, rank: 0.5, titleKey: 'buy milk' };

  it('round-trip the sort values of the last row', () => {
    const sort = plan({ sort: 'due' }).sort;
    const cursor = encodeCursor(row, sort);
    expect(plan({ sort: 'due', cursor }).after).toEqual([false, task.dueAt, task.createdAt, task.id]);
    const bySort = plan({ sort: 'priority', order: 'desc' }).sort;
    expect(plan({ sort: 'priority', order: 'desc', cursor: encodeCursor(row, bySort) }).after).toEqual([
      3,
      task.createdAt,
      task.id,
    ]);
  });

  it('are refused for another sort or when tampered with', () => {
    const cursor = encodeCursor(row, plan({ sort: 'due' }).sort);
    expect(() => plan({ sort: 'title', cursor })).toThrowError(
      expect.objectContaining({ fields: { cursor: expect.any(String) } }),
    );
    for (const bad of [
      'garbage',
      Buffer.from('{"s":1}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(() => plan({ cursor: bad }), bad).toThrowError(
        expect.objectContaining({ code: 'invalid_input' }),
      );
    }
  });
});

describe('searchTerms', () => {
  it('keeps the distinct words and drops query syntax', () => {
    expect(searchTerms('Buy MIL buy')).toEqual(['buy', 'mil']);
    expect(searchTerms("milk & !(eggs) | 'x':*")).toEqual(['milk', 'eggs', 'x']);
    expect(searchTerms('Café STRASSE q4')).toEqual(['café', 'strasse', 'q4']);
  });

  it('refuses a query with nothing to search for', () => {
    expect(() => searchTerms('!!! ***')).toThrowError(
      expect.objectContaining({ fields: { q: expect.any(String) } }),
    );
  });
});
