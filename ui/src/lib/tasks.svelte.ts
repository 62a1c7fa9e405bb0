// The task list of the current view, as Svelte 5 runes state. The view (search, filter, sort) lives in the
// URL; live task events are applied at once and a debounced re-fetch puts the server's order back.
import type { Task, TaskEvent } from '@todo/contracts';
import { api, ApiError } from './api';

export const STATUSES = ['open', 'done', 'all'] as const;
export const SORTS = ['due', 'priority', 'created', 'updated', 'title'] as const;
export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;

export interface View {
  q: string;
  status: (typeof STATUSES)[number];
  sort: (typeof SORTS)[number];
  order: 'asc' | 'desc';
  priority: string;
  tags: string;
}

export const DEFAULT_VIEW: View = {
  q: '',
  status: 'open',
  sort: 'due',
  order: 'asc',
  priority: '',
  tags: '',
};

const pick = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;

export function viewFromUrl(url: URL): View {
  const p = url.searchParams;
  return {
    q: p.get('q') ?? '',
    status: pick(p.get('status'), STATUSES, DEFAULT_VIEW.status),
    sort: pick(p.get('sort'), SORTS, DEFAULT_VIEW.sort),
    order: pick(p.get('order'), ['asc', 'desc'] as const, DEFAULT_VIEW.order),
    priority: p.get('priority') ?? '',
    tags: p.get('tags') ?? '',
  };
}

/** The query string for `view`, leaving defaults out so URLs stay short. */
export function viewToSearch(view: View): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(DEFAULT_VIEW) as (keyof View)[]) {
    if (view[key] !== DEFAULT_VIEW[key]) params.set(key, view[key]);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

function matchesStatus(task: Task, view: View): boolean {
  return view.status === 'all' || task.status === view.status;
}

export class TaskList {
  items = $state<Task[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<string | null>(null);
  nextCursor = $state<string | null>(null);
  view: View = DEFAULT_VIEW;
  private controller: AbortController | null = null;
  private refetchTimer: ReturnType<typeof setTimeout> | undefined;

  async load(view: View = this.view): Promise<void> {
    this.view = view;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.loading = true;
    try {
      const page = await api.listTasks(
        {
          status: view.status,
          order: view.order,
          ...(view.q.trim() ? { q: view.q.trim() } : { sort: view.sort }),
          ...(view.q.trim() && view.sort !== 'due' ? { sort: view.sort } : {}),
          ...(view.priority ? { priority: view.priority } : {}),
          ...(view.tags ? { tags: view.tags } : {}),
        },
        controller.signal,
      );
      if (controller !== this.controller) return;
      this.items = page.items;
      this.nextCursor = page.nextCursor;
      this.error = null;
      this.loaded = true;
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') return;
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      if (controller === this.controller) this.loading = false;
    }
  }

  /** Re-fetch soon (coalesces bursts of events). */
  refetchSoon(ms = 300): void {
    clearTimeout(this.refetchTimer);
    this.refetchTimer = setTimeout(() => void this.load(), ms);
  }

  /** A task as the server now has it: replace, add or drop it in this view (newer versions win). */
  upsert(task: Task): void {
    const index = this.items.findIndex((t) => t.id === task.id);
    const fits = matchesStatus(task, this.view);
    if (index >= 0) {
      if ((this.items[index]?.version ?? 0) > task.version) return;
      if (fits) this.items[index] = task;
      else this.items.splice(index, 1);
    } else if (fits) {
      this.items.push(task);
    }
  }

  remove(id: string): void {
    const index = this.items.findIndex((t) => t.id === id);
    if (index >= 0) this.items.splice(index, 1);
  }

  apply(event: TaskEvent): void {
    if (event.type === 'task.deleted') this.remove(event.task.id);
    else this.upsert(event.task);
    this.refetchSoon();
  }
}
