// The list view (search, filters, sort) as plain data. It lives in the URL so views are shareable and
// bookmarkable; the REST query is derived from it. Constants are re-declared here because value imports
// from @todo/contracts would pull zod into the bundle.
import type { Task, TaskListQueryInput } from '@todo/contracts';

export const STATUSES = ['open', 'done', 'all'] as const;
/** The sort fields of the REST API. */
export const SORTS = ['due', 'priority', 'created', 'updated', 'title'] as const;
/** `relevance` is the server's own order: by rank when searching, by due date otherwise. */
export const VIEW_SORTS = ['relevance', ...SORTS] as const;
export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export const DUE_RANGES = ['overdue', 'today', 'week', 'none'] as const;
export const TAG_MODES = ['any', 'all'] as const;
export const ORDERS = ['asc', 'desc'] as const;

export type Status = (typeof STATUSES)[number];
export type ViewSort = (typeof VIEW_SORTS)[number];
export type PriorityName = (typeof PRIORITIES)[number];
export type DueRange = (typeof DUE_RANGES)[number];

export interface View {
  q: string;
  status: Status;
  priorities: PriorityName[];
  tags: string[];
  tagMode: (typeof TAG_MODES)[number];
  due: '' | DueRange;
  sort: ViewSort;
  order: (typeof ORDERS)[number];
}

export const DEFAULT_VIEW: View = {
  q: '',
  status: 'open',
  priorities: [],
  tags: [],
  tagMode: 'any',
  due: '',
  sort: 'relevance',
  order: 'asc',
};

const MAX_Q = 200;

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

const csv = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/** Known priorities, once each, in PRIORITIES order: one set of priorities has one URL. */
const normalPriorities = (values: readonly string[]): PriorityName[] =>
  PRIORITIES.filter((p) => values.includes(p));

/** Tags as the server stores them (lower case), once each, sorted: one set of tags has one URL. */
const normalTags = (values: readonly string[]): string[] =>
  [...new Set(values.map((t) => t.trim().toLowerCase()).filter(Boolean))].sort();

export function viewFromUrl(url: URL): View {
  const p = url.searchParams;
  return {
    q: p.get('q') ?? '',
    status: pick(p.get('status'), STATUSES, DEFAULT_VIEW.status),
    priorities: normalPriorities(csv(p.get('priority'))),
    tags: normalTags(csv(p.get('tags'))),
    tagMode: pick(p.get('tagMode'), TAG_MODES, DEFAULT_VIEW.tagMode),
    due: pick<View['due']>(p.get('due'), DUE_RANGES, DEFAULT_VIEW.due),
    sort: pick(p.get('sort'), VIEW_SORTS, DEFAULT_VIEW.sort),
    order: pick(p.get('order'), ORDERS, DEFAULT_VIEW.order),
  };
}

/** The query string for `view` ("" or "?…"): defaults left out, parameters always in the same order. */
export function viewToSearch(view: View): string {
  const priorities = normalPriorities(view.priorities);
  const tags = normalTags(view.tags);
  const params: [string, string][] = [
    ['q', view.q.trim() ? view.q : ''],
    ['status', view.status === DEFAULT_VIEW.status ? '' : view.status],
    ['priority', priorities.join(',')],
    ['tags', tags.join(',')],
    ['tagMode', view.tagMode === DEFAULT_VIEW.tagMode ? '' : view.tagMode],
    ['due', view.due],
    ['sort', view.sort === DEFAULT_VIEW.sort ? '' : view.sort],
    ['order', view.order === DEFAULT_VIEW.order ? '' : view.order],
  ];
  // Commas stay readable: they separate list values and never occur inside a tag the server can filter by.
  const qs = params
    .filter(([, value]) => value !== '')
    .map(([key, value]) => `${key}=${encodeURIComponent(value).replaceAll('%2C', ',')}`)
    .join('&');
  return qs ? `?${qs}` : '';
}

/** The `GET /tasks` query for `view`. */
export function viewToQuery(view: View): TaskListQueryInput {
  const q = view.q.trim().slice(0, MAX_Q);
  const tags = normalTags(view.tags);
  const query: TaskListQueryInput = { status: view.status, order: view.order };
  if (q) query.q = q;
  // Without a sort the server ranks search results by relevance; without a search that means due date.
  if (view.sort !== 'relevance') query.sort = view.sort;
  else if (!q) query.sort = 'due';
  if (view.priorities.length) query.priority = normalPriorities(view.priorities).join(',');
  if (tags.length) query.tags = tags.join(',');
  if (tags.length > 1 && view.tagMode !== DEFAULT_VIEW.tagMode) query.tagMode = view.tagMode;
  if (view.due) query.due = view.due;
  return query;
}

/** How many filters narrow the list (each priority and tag counts); the search and the sort are not filters. */
export function activeFilterCount(view: View): number {
  return (
    (view.status === DEFAULT_VIEW.status ? 0 : 1) +
    view.priorities.length +
    view.tags.length +
    (view.due ? 1 : 0)
  );
}

/** `view` without filters, keeping the search and the sort. */
export function clearFilters(view: View): View {
  return {
    ...view,
    status: DEFAULT_VIEW.status,
    priorities: [],
    tags: [],
    tagMode: DEFAULT_VIEW.tagMode,
    due: DEFAULT_VIEW.due,
  };
}

/**
 * Whether `task` passes the filters that are cheap to check here (status, priority, tags). Search and due
 * ranges depend on the server (ranking, the user's zone), so the re-fetch after a change settles those.
 */
export function taskFitsView(task: Task, view: View): boolean {
  if (view.status !== 'all' && task.status !== view.status) return false;
  if (view.priorities.length && !view.priorities.includes(task.priority)) return false;
  if (!view.tags.length) return true;
  const own = new Set(task.tags.map((t) => t.toLowerCase()));
  const wanted = normalTags(view.tags);
  return view.tagMode === 'all' ? wanted.every((t) => own.has(t)) : wanted.some((t) => own.has(t));
}
