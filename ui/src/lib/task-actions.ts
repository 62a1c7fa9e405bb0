// Complete, reopen and delete as the list offers them: each returns what to say and how to take it back.
import type { Task } from '@todo/contracts';
import { asCreateInput } from '@todo/contracts/task-fields';
import { api as realApi } from './api';

type Api = Pick<typeof realApi, 'complete' | 'reopen' | 'deleteTask' | 'createTask' | 'listTasks'>;

export interface Undoable {
  /** The task as the server now has it (null once deleted). */
  task: Task | null;
  /** What happened, for the undo bar and screen readers: "Completed “buy milk”". */
  message: string;
  undo: () => Promise<Task>;
}

/** Completes `task`. Undo reopens it and, for a recurring task, removes the next occurrence it created. */
export async function complete(task: Task, api: Api = realApi): Promise<Undoable> {
  const done = await api.complete(task.id);
  const next = done.series ? await nextOccurrence(done, api) : undefined;
  return {
    task: done,
    message: next ? `Completed “${done.title}”; the next one is in the list` : `Completed “${done.title}”`,
    undo: async () => {
      // Else the series would have two open occurrences at once.
      if (next) await api.deleteTask(next.id, next.version).catch(() => {});
      return api.reopen(task.id);
    },
  };
}

export async function reopen(task: Task, api: Api = realApi): Promise<Undoable> {
  const open = await api.reopen(task.id);
  return { task: open, message: `Reopened “${open.title}”`, undo: () => api.complete(task.id) };
}

/** Deletes `task`. Undo creates it again with the same fields (as a new task, with a new id). */
export async function remove(task: Task, api: Api = realApi): Promise<Undoable> {
  await api.deleteTask(task.id, task.version);
  return { task: null, message: `Deleted “${task.title}”`, undo: () => api.createTask(asCreateInput(task)) };
}

/** The occurrence that completing `task` created (same series, the next number), if it is open. */
async function nextOccurrence(task: Task, api: Api): Promise<Task | undefined> {
  const { series } = task;
  if (!series) return undefined;
  const page = await api.listTasks({ q: task.title, status: 'open', limit: 50 }).catch(() => null);
  return page?.items.find((t) => t.series?.id === series.id && t.series.occurrence === series.occurrence + 1);
}
