import { describe, expect, it } from 'vitest';
import type { Task } from '@todo/contracts';
import {
  activeFilterCount,
  clearFilters,
  DEFAULT_VIEW,
  taskFitsView,
  viewFromUrl,
  viewToQuery,
  viewToSearch,
  type View,
} from './view';

const url = (search: string) => new URL(`http://localhost/${search}`);

const full: View = {
  q: 'milk run',
  status: 'all',
  priorities: ['medium', 'high'],
  tags: ['home', 'shopping'],
  tagMode: 'all',
  due: 'week',
  sort: 'priority',
  order: 'desc',
};

describe('view ↔ URL', () => {
  it('leaves every default out', () => {
    expect(viewToSearch(DEFAULT_VIEW)).toBe('');
    expect(viewFromUrl(url(''))).toEqual(DEFAULT_VIEW);
  });

  it('writes the parameters in a stable order with readable lists, and reads them back', () => {
    const search = viewToSearch(full);
    expect(search).toBe(
      '?q=milk%20run&status=all&priority=medium,high&tags=home,shopping&tagMode=all&due=week&sort=priority&order=desc',
    );
    expect(viewFromUrl(url(search))).toEqual(full);
  });

  it('gives one URL per set of priorities and tags, whatever their order or case', () => {
    const a = viewToSearch({ ...DEFAULT_VIEW, priorities: ['high', 'low'], tags: ['Work', 'home', 'work'] });
    const b = viewToSearch({ ...DEFAULT_VIEW, priorities: ['low', 'high'], tags: ['home', 'work'] });
    expect(a).toBe(b);
    expect(a).toBe('?priority=low,high&tags=home,work');
  });

  it('ignores invalid values', () => {
    const view = viewFromUrl(
      url('?status=later&priority=urgent,high,,high&tagMode=some&due=soon&sort=colour&order=up&tags=,a,'),
    );
    expect(view).toEqual({ ...DEFAULT_VIEW, priorities: ['high'], tags: ['a'] });
  });

  it('omits a blank search', () => {
    expect(viewToSearch({ ...DEFAULT_VIEW, q: '   ' })).toBe('');
  });
});

describe('view → REST query', () => {
  it('asks for open tasks by due date by default', () => {
    expect(viewToQuery(DEFAULT_VIEW)).toEqual({ status: 'open', order: 'asc', sort: 'due' });
  });

  it('leaves the sort to the server (relevance) when searching with the default sort', () => {
    expect(viewToQuery({ ...DEFAULT_VIEW, q: ' milk ' })).toEqual({
      status: 'open',
      order: 'asc',
      q: 'milk',
    });
    expect(viewToQuery({ ...DEFAULT_VIEW, q: 'milk', sort: 'due' }).sort).toBe('due');
  });

  it('maps every filter', () => {
    expect(viewToQuery(full)).toEqual({
      q: 'milk run',
      status: 'all',
      priority: 'medium,high',
      tags: 'home,shopping',
      tagMode: 'all',
      due: 'week',
      sort: 'priority',
      order: 'desc',
    });
  });

  it('sends tagMode only when it can matter', () => {
    expect(viewToQuery({ ...DEFAULT_VIEW, tags: ['a'], tagMode: 'all' }).tagMode).toBeUndefined();
  });

  it('round-trips URL → view → query', () => {
    const query = viewToQuery(viewFromUrl(url('?priority=high&tags=Shopping&due=overdue')));
    expect(query).toEqual({
      status: 'open',
      order: 'asc',
      sort: 'due',
      priority: 'high',
      tags: 'shopping',
      due: 'overdue',
    });
  });
});

describe('filters', () => {
  it('counts each active filter and clears them, keeping the search and sort', () => {
    expect(activeFilterCount(DEFAULT_VIEW)).toBe(0);
    expect(activeFilterCount(full)).toBe(6);
    expect(clearFilters(full)).toEqual({ ...DEFAULT_VIEW, q: 'milk run', sort: 'priority', order: 'desc' });
  });

  it('tells whether a task still fits by status, priority and tags', () => {
    const task = { status: 'open', priority: 'high', tags: ['home', 'garden'] } as Task;
    expect(taskFitsView(task, DEFAULT_VIEW)).toBe(true);
    expect(taskFitsView(task, { ...DEFAULT_VIEW, status: 'done' })).toBe(false);
    expect(taskFitsView(task, { ...DEFAULT_VIEW, priorities: ['low'] })).toBe(false);
    expect(taskFitsView(task, { ...DEFAULT_VIEW, tags: ['home', 'work'] })).toBe(true);
    expect(taskFitsView(task, { ...DEFAULT_VIEW, tags: ['home', 'work'], tagMode: 'all' })).toBe(false);
    expect(taskFitsView(task, { ...DEFAULT_VIEW, tags: ['home', 'garden'], tagMode: 'all' })).toBe(true);
  });
});
