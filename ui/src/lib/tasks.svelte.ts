// The task list of the current view, as Svelte 5 runes state. The view (search, filter, sort) lives in the
// URL; live task events are applied at once and a debounced re-fetch puts the server's order back.
import type { Task, TaskEvent } from '@todo/contracts';
import { api, ApiError } from './api';
import { DEFAULT_VIEW, taskFitsView, viewToQuery, type View } from './view';

const PAGE_SIZE = 50;

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
    // A re-fetch of the same view keeps the pages already shown (up to the API's 200).
    const limit = Math.min(200, Math.max(PAGE_SIZE, view === this.view ? this.items.length : 0));
    this.view = view;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    this.loading = true;
    try {
      const page = await api.listTasks({ ...viewToQuery(view), limit }, controller.signal);
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

  /** The next page of this view, appended (keyset cursor from the last load). */
  async loadMore(): Promise<void> {
    const cursor = this.nextCursor;
    if (!cursor || this.loading) return;
    this.loading = true;
    try {
      const page = await api.listTasks({ ...viewToQuery(this.view), limit: PAGE_SIZE, cursor });
      const known = new Set(this.items.map((t) => t.id));
      this.items.push(...page.items.filter((t) => !known.has(t.id)));
      this.nextCursor = page.nextCursor;
    } catch (err) {
      this.error = err instanceof ApiError ? err.message : String(err);
    } finally {
      this.loading = false;
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
    const fits = taskFitsView(task, this.view);
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
