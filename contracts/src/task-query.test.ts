import { describe, expect, it } from 'vitest';
import { TaskListQuery } from './task-query.js';

const paths = (input: unknown) => {
  const result = TaskListQuery.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => issue.path.join('.'));
};

describe('TaskListQuery', () => {
  it('has defaults: open tasks, ascending, any tag, 50 per page', () => {
    expect(TaskListQuery.parse({})).toEqual({ status: 'open', order: 'asc', tagMode: 'any', limit: 50 });
  });

  it('parses comma-separated priorities, trimming and dropping empty parts', () => {
    expect(TaskListQuery.parse({ priority: 'high, medium,,' }).priority).toEqual(['high', 'medium']);
  });

  it('rejects an unknown priority and an empty list', () => {
    expect(paths({ priority: 'high,urgent' })).toEqual(['priority.1']);
    expect(paths({ priority: ' , ' })).toEqual(['priority']);
  });

  it('lower-cases tags', () => {
    expect(TaskListQuery.parse({ tags: 'Work,HOME', tagMode: 'all' })).toMatchObject({
      tags: ['work', 'home'],
      tagMode: 'all',
    });
  });

  it('coerces limit and bounds it to 1..200', () => {
    expect(TaskListQuery.parse({ limit: '1' }).limit).toBe(1);
    expect(TaskListQuery.parse({ limit: '200' }).limit).toBe(200);
    for (const limit of ['0', '201', '1.5', 'ten', '-3']) expect(paths({ limit }), limit).toEqual(['limit']);
  });

  it('rejects an unknown parameter such as a typo', () => {
    const result = TaskListQuery.safeParse({ tag: 'work' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['tag'] });
  });

  it('rejects dueFrom after dueTo, on dueTo', () => {
    expect(paths({ dueFrom: '2030-01-02T00:00:00Z', dueTo: '2030-01-01T00:00:00Z' })).toEqual(['dueTo']);
  });

  it('compares dueFrom and dueTo as instants, not strings', () => {
    // 10:00+02:00 is 08:00Z: before 09:00Z even though the string sorts after it.
    expect(
      TaskListQuery.safeParse({ dueFrom: '2030-01-01T10:00:00+02:00', dueTo: '2030-01-01T09:00:00Z' })
        .success,
    ).toBe(true);
    expect(
      TaskListQuery.safeParse({ dueFrom: '2030-01-01T09:00:00Z', dueTo: '2030-01-01T09:00:00Z' }).success,
    ).toBe(true);
  });

  it('rejects invalid enums and dates', () => {
    expect(paths({ status: 'deleted' })).toEqual(['status']);
    expect(paths({ order: 'up' })).toEqual(['order']);
    expect(paths({ sort: 'size' })).toEqual(['sort']);
    expect(paths({ due: 'tomorrow' })).toEqual(['due']);
    expect(paths({ dueFrom: 'yesterday' })).toEqual(['dueFrom']);
  });
});
