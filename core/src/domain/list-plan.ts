import { AppError, type Priority, type TaskListQuery } from '@todo/contracts';
import { startOfDay } from '@todo/time';
import { PRIORITY_RANK, type TaskRecord } from './task.js';

/** What a page can be ordered by; every sort ends in `id`, so the order is total and stable. */
export type SortKey =
  'dueMissing' | 'dueAt' | 'priorityRank' | 'createdAt' | 'updatedAt' | 'titleKey' | 'rank' | 'id';
export interface SortTerm {
  key: SortKey;
  dir: 'asc' | 'desc';
}
export type DueBound = { op: 'gte' | 'lt' | 'lte'; at: Date };

/** A list request resolved against the caller's clock and zone, ready for a query adapter. */
export interface ListPlan {
  userId: string;
  /** Words that must all match, each as a stem or as a prefix; null for no search. */
  search: string[] | null;
  statuses: Array<'open' | 'done'>;
  priorities: Priority[] | null;
  tags: { values: string[]; mode: 'any' | 'all' } | null;
  dueBounds: DueBound[];
  dueMissing: boolean;
  sort: SortTerm[];
  /** Sort values of the last row of the previous page. */
  after: CursorValue[] | null;
  /** One more than the page size, to learn whether there is a next page. */
  fetch: number;
}

export type CursorValue = string | number | boolean | null;

/** One row of a list, with the values that only the database computes. */
export interface ListedTask {
  task: TaskRecord;
  rank: number | null;
  titleKey: string;
}

const TIE_BREAK: SortTerm[] = [
  { key: 'createdAt', dir: 'asc' },
  { key: 'id', dir: 'asc' },
];

function sortTerms(query: TaskListQuery): SortTerm[] {
  const dir = query.order;
  switch (query.sort ?? (query.q ? 'relevance' : 'due')) {
    case 'relevance':
      return [{ key: 'rank', dir: 'desc' }, ...TIE_BREAK];
    case 'due':
      // Tasks without a due date come last in both directions.
      return [{ key: 'dueMissing', dir: 'asc' }, { key: 'dueAt', dir }, ...TIE_BREAK];
    case 'priority':
      return [{ key: 'priorityRank', dir }, ...TIE_BREAK];
    case 'created':
      return [
        { key: 'createdAt', dir },
        { key: 'id', dir: 'asc' },
      ];
    case 'updated':
      return [{ key: 'updatedAt', dir }, ...TIE_BREAK];
    case 'title':
      return [{ key: 'titleKey', dir }, ...TIE_BREAK];
    default:
      throw new Error(`unknown sort ${query.sort}`);
  }
}

const MAX_SEARCH_WORDS = 12;

/** The words of a search ("Buy MIL!" → ["buy", "mil"]); punctuation and query syntax are dropped. */
export function searchTerms(q: string): string[] {
  const words = q
    .normalize('NFKC')
    .toLowerCase()
    .match(/[\p{L}\p{N}]+/gu);
  if (!words)
    throw new AppError('invalid_input', 'Invalid query: q', { q: 'Must contain a letter or digit' });
  return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/** Whether resolving `query` needs the caller's time zone (a database read the other lists can skip). */
export function needsTimeZone(query: TaskListQuery): boolean {
  return query.due === 'today' || query.due === 'week';
}

function dueFilter(
  query: TaskListQuery,
  now: Date,
  timeZone: string | undefined,
): Pick<ListPlan, 'dueBounds' | 'dueMissing'> {
  const zone = () => {
    if (!timeZone) throw new Error(`due=${query.due} needs the caller's time zone`);
    return timeZone;
  };
  const dueBounds: DueBound[] = [];
  if (query.dueFrom) dueBounds.push({ op: 'gte', at: new Date(query.dueFrom) });
  if (query.dueTo) dueBounds.push({ op: 'lte', at: new Date(query.dueTo) });
  switch (query.due) {
    case 'overdue':
      dueBounds.push({ op: 'lt', at: now });
      break;
    case 'today':
      dueBounds.push(
        { op: 'gte', at: startOfDay(now, zone()) },
        { op: 'lt', at: startOfDay(now, zone(), 1) },
      );
      break;
    case 'week':
      dueBounds.push(
        { op: 'gte', at: startOfDay(now, zone()) },
        { op: 'lt', at: startOfDay(now, zone(), 7) },
      );
      break;
  }
  return { dueBounds, dueMissing: query.due === 'none' };
}

/** Resolves a validated list query for `userId`, whose "today" is in `timeZone` at `now` (see needsTimeZone). */
export function planList(query: TaskListQuery, userId: string, now: Date, timeZone?: string): ListPlan {
  const sort = sortTerms(query);
  const requested: ListPlan['statuses'] = query.status === 'all' ? ['open', 'done'] : [query.status];
  // Overdue means still to do: a finished task is never overdue.
  const statuses = query.due === 'overdue' ? requested.filter((status) => status === 'open') : requested;
  return {
    userId,
    search: query.q ? searchTerms(query.q) : null,
    statuses,
    priorities: query.priority ?? null,
    tags: query.tags ? { values: [...new Set(query.tags)], mode: query.tagMode } : null,
    ...dueFilter(query, now, timeZone),
    sort,
    after: query.cursor ? decodeCursor(query.cursor, sort) : null,
    fetch: query.limit + 1,
  };
}

function signature(sort: SortTerm[]): string {
  return sort.map((term) => `${term.key}:${term.dir}`).join(',');
}

function sortValue(row: ListedTask, key: SortKey): CursorValue {
  switch (key) {
    case 'dueMissing':
      return row.task.dueAt === null;
    case 'dueAt':
      return row.task.dueAt;
    case 'priorityRank':
      return PRIORITY_RANK[row.task.priority];
    case 'createdAt':
      return row.task.createdAt;
    case 'updatedAt':
      return row.task.updatedAt;
    case 'titleKey':
      return row.titleKey;
    case 'rank':
      return row.rank;
    case 'id':
      return row.task.id;
  }
}

/** An opaque cursor pointing after `row` in the order `sort`. */
export function encodeCursor(row: ListedTask, sort: SortTerm[]): string {
  const payload = { s: signature(sort), v: sort.map((term) => sortValue(row, term.key)) };
  return Buffer.from(JSON.stringify(payload)).toString('base64url');
}

function decodeCursor(cursor: string, sort: SortTerm[]): CursorValue[] {
  const invalid = (why: string) => new AppError('invalid_input', 'Invalid query: cursor', { cursor: why });
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid('Not a cursor from this API');
  }
  const { s, v } = (payload ?? {}) as { s?: unknown; v?: unknown };
  if (s !== signature(sort)) throw invalid('The cursor belongs to a different sort; start again without it');
  if (!Array.isArray(v) || v.length !== sort.length || v.some((x) => x !== null && typeof x === 'object')) {
    throw invalid('Not a cursor from this API');
  }
  return v as CursorValue[];
}
