import {
  AppError,
  asCreateInput,
  type Actor,
  type ChatAction,
  type CreateTaskInput,
  type Task,
  type UpdateTaskInput,
} from '@todo/contracts';
import type { UndoEntry, UndoStep } from '../../domain/chat/conversation-state.js';
import type { TaskService } from '../task-service.js';

/** Undoing what is gone already (deleted meanwhile) is done. */
function ignoreNotFound(error: unknown): void {
  if (!(error instanceof AppError && error.code === 'not_found')) throw error;
}

/** Nothing to do: the task is that way already (completing a done task would say a change it did not make). */
function unchanged(message: string): ToolResult {
  return { action: { kind: 'refused', message }, undo: [] };
}

/** What a tool did: the action to show, and how to undo it. */
export interface ToolResult {
  action: ChatAction;
  undo: UndoStep[];
}

/** The named fields of a task as they are, for an update that puts them back. */
function fieldsOf(task: Task, fields: Array<keyof UpdateTaskInput>): UpdateTaskInput {
  const all = asCreateInput(task) as Record<string, unknown>;
  return Object.fromEntries(fields.map((field) => [field, all[field]])) as UpdateTaskInput;
}

/**
 * The assistant's tools: the same use cases as REST (so chat changes make the same events), each saying
 * what it did and how to undo it. Both engines drive these; inputs are validated by the use cases (zod).
 */
export class ChatTools {
  constructor(private readonly tasks: TaskService) {}

  get(actor: Actor, id: string): Promise<Task> {
    return this.tasks.get(actor, id);
  }

  async create(actor: Actor, input: CreateTaskInput): Promise<ToolResult> {
    const task = await this.tasks.create(actor, input);
    return { action: { kind: 'created', task }, undo: [{ kind: 'created', taskId: task.id }] };
  }

  /** Applies `patch`; names only the fields that really changed, and undoes only those. */
  async update(
    actor: Actor,
    id: string,
    patch: UpdateTaskInput,
    kind: 'updated' | 'snoozed' = 'updated',
  ): Promise<ToolResult> {
    const before = await this.tasks.get(actor, id);
    const fields = Object.keys(patch) as Array<keyof UpdateTaskInput>;
    const changed = fields.filter(
      (field) =>
        JSON.stringify(fieldsOf(before, [field])[field] ?? null) !== JSON.stringify(patch[field] ?? null),
    );
    if (!changed.length) return { action: { kind: 'updated', task: before, changed: [] }, undo: [] };
    const task = await this.tasks.update(actor, id, patch, before.version);
    const after = changed.filter(
      (field) =>
        JSON.stringify(fieldsOf(before, [field])[field] ?? null) !==
        JSON.stringify(fieldsOf(task, [field])[field] ?? null),
    );
    return {
      action: kind === 'snoozed' ? { kind, task } : { kind, task, changed: after },
      undo: [{ kind: 'updated', taskId: id, before: fieldsOf(before, changed) }],
    };
  }

  /** Completes a task; for an occurrence of a series, also finds the next one its completion created. */
  async complete(actor: Actor, id: string): Promise<ToolResult> {
    const current = await this.tasks.get(actor, id);
    if (current.status === 'done') return unchanged(`“${current.title}” is done already.`);
    const task = await this.tasks.complete(actor, id, current.version);
    const next = task.series ? await this.nextOccurrence(actor, task) : undefined;
    return {
      action: { kind: 'completed', task, ...(next && { next }) },
      undo: [{ kind: 'completed', taskId: id, ...(next && { nextId: next.id }) }],
    };
  }

  private async nextOccurrence(actor: Actor, task: Task): Promise<Task | undefined> {
    const { series } = task;
    const candidates = await this.list(actor, { q: task.title, status: 'open', limit: '50' });
    return candidates.find(
      (t) => t.series?.id === series!.id && t.series.occurrence === series!.occurrence + 1,
    );
  }

  async reopen(actor: Actor, id: string): Promise<ToolResult> {
    const current = await this.tasks.get(actor, id);
    if (current.status === 'open') return unchanged(`“${current.title}” is not done.`);
    const task = await this.tasks.reopen(actor, id, current.version);
    return { action: { kind: 'reopened', task }, undo: [{ kind: 'reopened', taskId: id }] };
  }

  async delete(actor: Actor, id: string): Promise<ToolResult> {
    const task = await this.tasks.get(actor, id);
    await this.tasks.delete(actor, id, task.version);
    return { action: { kind: 'deleted', task }, undo: [{ kind: 'deleted', task: asCreateInput(task) }] };
  }

  async list(actor: Actor, query: Record<string, string>): Promise<Task[]> {
    return (await this.tasks.list(actor, query)).items;
  }

  /** Puts back what `entry` changed, latest step first; the task as it ends up (null when deleted). */
  async undo(actor: Actor, entry: UndoEntry): Promise<Task | null> {
    let last: Task | null = null;
    for (const step of [...entry.steps].reverse()) {
      switch (step.kind) {
        case 'created':
          await this.tasks.delete(actor, step.taskId);
          last = null;
          break;
        case 'updated':
          last = await this.tasks.update(actor, step.taskId, step.before);
          break;
        case 'completed':
          // The next occurrence goes too, or the series would have two open at once.
          if (step.nextId) await this.tasks.delete(actor, step.nextId).catch(ignoreNotFound);
          last = await this.tasks.reopen(actor, step.taskId);
          break;
        case 'reopened':
          last = await this.tasks.complete(actor, step.taskId);
          break;
        case 'deleted':
          last = await this.tasks.create(actor, step.task);
          break;
      }
    }
    return last;
  }
}
