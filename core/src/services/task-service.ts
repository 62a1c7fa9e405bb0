import {
  AppError,
  CreateTaskInput,
  parseInput,
  TaskListQuery,
  UpdateTaskInput,
  type Actor,
  type TagCount,
  type Task,
  type TaskEventType,
  type TaskPage,
} from '@todo/contracts';
import { encodeCursor, needsTimeZone, planList } from '../domain/list-plan.js';
import { nextInSeries } from '../domain/series.js';
import {
  applyPatch,
  changeKind,
  completeTask,
  newTask,
  reopenTask,
  toPublicTask,
  type TaskRecord,
} from '../domain/task.js';
import type { EventDraft, TaskStore } from '../ports/task-store.js';
import type { TaskQueries } from '../ports/task-queries.js';
import type { UserRepository } from '../ports/user-repository.js';
import type { Clock, IdGenerator } from '../ports/runtime.js';

export interface TaskServiceDeps {
  store: TaskStore;
  queries: TaskQueries;
  users: UserRepository;
  clock: Clock;
  ids: IdGenerator;
}

/** A write that lost a race is read and applied again, after a short random pause, this many times at most. */
const MAX_ATTEMPTS = 8;
const backoff = (attempt: number) =>
  new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));

const notFound = () => new AppError('not_found', 'Task not found');

/** Task use cases. Every read and write is scoped to the actor; another user's task is "not found". */
export class TaskService {
  constructor(private readonly deps: TaskServiceDeps) {}

  async create(actor: Actor, input: unknown): Promise<Task> {
    const fields = parseInput(CreateTaskInput, input);
    const { clock, ids, store } = this.deps;
    const task = newTask(fields, {
      id: ids.next(),
      userId: actor.userId,
      now: clock.now(),
      userTimeZone: fields.timezone ?? (await this.timeZoneOf(actor)),
    });
    await store.insert(task, this.draft('task.created', actor));
    return toPublicTask(task);
  }

  async get(actor: Actor, id: string): Promise<Task> {
    return toPublicTask(await this.load(actor, id));
  }

  update(actor: Actor, id: string, input: unknown, expectedVersion?: number): Promise<Task> {
    const patch = parseInput(UpdateTaskInput, input);
    return this.change(actor, id, expectedVersion, (task, now) => applyPatch(task, patch, now));
  }

  /** Completing an occurrence of a recurring task also creates the next one, in the same transaction. */
  complete(actor: Actor, id: string, expectedVersion?: number): Promise<Task> {
    return this.change(actor, id, expectedVersion, completeTask);
  }

  reopen(actor: Actor, id: string, expectedVersion?: number): Promise<Task> {
    return this.change(actor, id, expectedVersion, reopenTask);
  }

  async delete(actor: Actor, id: string, expectedVersion?: number): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(actor, id);
      assertVersion(current, expectedVersion);
      if (await this.deps.store.delete(current, current.version, this.draft('task.deleted', actor))) return;
      await this.beforeRetry(attempt, expectedVersion);
    }
  }

  async list(actor: Actor, rawQuery: Record<string, string>): Promise<TaskPage> {
    const query = parseInput(TaskListQuery, rawQuery, 'query');
    const zone = needsTimeZone(query) ? await this.timeZoneOf(actor) : undefined;
    const plan = planList(query, actor.userId, this.deps.clock.now(), zone);
    const rows = await this.deps.queries.list(plan);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map((row) => toPublicTask(row.task)),
      nextCursor: rows.length > query.limit && last ? encodeCursor(last, plan.sort) : null,
    };
  }

  tags(actor: Actor): Promise<TagCount[]> {
    return this.deps.queries.tagCounts(actor.userId);
  }

  /** Read, apply, write with optimistic concurrency; a lost race is retried unless If-Match pinned a version. */
  private async change(
    actor: Actor,
    id: string,
    expectedVersion: number | undefined,
    apply: (task: TaskRecord, now: Date) => TaskRecord,
  ): Promise<Task> {
    for (let attempt = 1; ; attempt++) {
      const current = await this.load(actor, id);
      assertVersion(current, expectedVersion);
      const now = this.deps.clock.now();
      const next = apply(current, now);
      if (next === current) return toPublicTask(current);
      const kind = changeKind(current, next);
      const following =
        kind === 'task.completed' ? nextInSeries(next, { id: this.deps.ids.next(), now }) : null;
      const event = await this.deps.store.update(
        next,
        current.version,
        this.draft(kind, actor),
        following ? { task: following, event: this.draft('task.created', actor) } : undefined,
      );
      if (event) return toPublicTask(next);
      await this.beforeRetry(attempt, expectedVersion);
    }
  }

  private async beforeRetry(attempt: number, expectedVersion: number | undefined): Promise<void> {
    if (expectedVersion !== undefined) {
      throw new AppError('precondition_failed', 'The task changed since the version given in If-Match');
    }
    if (attempt >= MAX_ATTEMPTS)
      throw new AppError('version_conflict', 'The task is being changed concurrently; try again');
    await backoff(attempt);
  }

  private async load(actor: Actor, id: string): Promise<TaskRecord> {
    const task = await this.deps.store.get(actor.userId, id);
    if (!task) throw notFound();
    return task;
  }

  private async timeZoneOf(actor: Actor): Promise<string> {
    const user = await this.deps.users.findById(actor.userId);
    if (!user) throw new AppError('unauthenticated', 'The account of this token no longer exists');
    return user.timezone;
  }

  private draft(type: TaskEventType, actor: Actor): EventDraft {
    return {
      id: this.deps.ids.next(),
      type,
      actor: actor.userId,
      occurredAt: this.deps.clock.now().toISOString(),
    };
  }
}

function assertVersion(task: TaskRecord, expectedVersion: number | undefined): void {
  if (expectedVersion !== undefined && task.version !== expectedVersion) {
    throw new AppError(
      'precondition_failed',
      `The task is at version ${task.version}, not ${expectedVersion}`,
    );
  }
}
