import { AppError, type NewTaskFields, type Priority, type Task, type TaskPatch } from '@todo/contracts';
import { normalizeRecurrence } from '@todo/time';

/** A task as core keeps it: the public shape plus its owner and, if recurring, its series' first due date. */
export interface TaskRecord extends Task {
  userId: string;
  /** The DTSTART of its recurrence rule: the due date the series (or its current rule) started at. */
  seriesStart: string | null;
}

export const PRIORITY_RANK: Record<Priority, number> = { none: 0, low: 1, medium: 2, high: 3 };

/** Strips what only core may know; the rest is what clients see. */
export function toPublicTask({ userId: _userId, seriesStart: _seriesStart, ...task }: TaskRecord): Task {
  return task;
}

interface NewTaskContext {
  id: string;
  userId: string;
  now: Date;
  /** Used when the input names no zone. */
  userTimeZone: string;
}

/** Builds a new open task (version 1) from validated input. */
export function newTask(fields: NewTaskFields, ctx: NewTaskContext): TaskRecord {
  const now = ctx.now.toISOString();
  const task: TaskRecord = {
    id: ctx.id,
    userId: ctx.userId,
    title: fields.title,
    description: fields.description,
    priority: fields.priority,
    tags: fields.tags,
    status: 'open',
    dueAt: fields.dueAt ? new Date(fields.dueAt).toISOString() : null,
    timezone: fields.timezone ?? ctx.userTimeZone,
    reminders: fields.reminders.map(normalizeReminder),
    recurrence: fields.recurrence ? normalizeRecurrence(fields.recurrence) : null,
    series: null,
    seriesStart: null,
    createdAt: now,
    updatedAt: now,
    completedAt: null,
    version: 1,
  };
  assertSchedulable(task);
  return startSeries(task);
}

/**
 * Applies a validated patch. Returns the task unchanged (same version) when the patch changes nothing,
 * so a repeated request is not a new change.
 */
export function applyPatch(task: TaskRecord, patch: TaskPatch, now: Date): TaskRecord {
  const next: TaskRecord = { ...task };
  if (patch.title !== undefined) next.title = patch.title;
  if (patch.description !== undefined) next.description = patch.description;
  if (patch.priority !== undefined) next.priority = patch.priority;
  if (patch.tags !== undefined) next.tags = patch.tags;
  if (patch.dueAt !== undefined) next.dueAt = patch.dueAt ? new Date(patch.dueAt).toISOString() : null;
  if (patch.timezone !== undefined) next.timezone = patch.timezone;
  if (patch.reminders !== undefined) next.reminders = patch.reminders.map(normalizeReminder);
  if (patch.recurrence !== undefined)
    next.recurrence = patch.recurrence ? normalizeRecurrence(patch.recurrence) : null;
  if (patch.status !== undefined && patch.status !== task.status) {
    next.status = patch.status;
    next.completedAt = patch.status === 'done' ? now.toISOString() : null;
  }
  if (sameContent(task, next)) return task;
  assertSchedulable(next);
  const changed = { ...next, updatedAt: now.toISOString(), version: task.version + 1 };
  return sameRule(task, next) ? changed : startSeries(changed);
}

/**
 * A task given a recurrence (or a new rule) starts a series at its due date: the series keeps the id it
 * had (or takes the task's), and counts from this occurrence. Without a recurrence, the series it was
 * part of stays on record, and nothing follows it.
 */
function startSeries(task: TaskRecord): TaskRecord {
  if (!task.recurrence) return task;
  return { ...task, series: { id: task.series?.id ?? task.id, occurrence: 1 }, seriesStart: task.dueAt };
}

function sameRule(a: TaskRecord, b: TaskRecord): boolean {
  return JSON.stringify(a.recurrence) === JSON.stringify(b.recurrence);
}

export function completeTask(task: TaskRecord, now: Date): TaskRecord {
  return applyPatch(task, { status: 'done' }, now);
}

export function reopenTask(task: TaskRecord, now: Date): TaskRecord {
  return applyPatch(task, { status: 'open' }, now);
}

/** Which event a change from `before` to `after` is. */
export function changeKind(before: TaskRecord, after: TaskRecord): 'task.updated' | 'task.completed' {
  return before.status !== 'done' && after.status === 'done' ? 'task.completed' : 'task.updated';
}

function normalizeReminder(reminder: Task['reminders'][number]): Task['reminders'][number] {
  return 'at' in reminder
    ? { at: new Date(reminder.at).toISOString() }
    : { minutesBefore: reminder.minutesBefore };
}

function sameContent(a: TaskRecord, b: TaskRecord): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Rules that span fields: a relative reminder or a recurrence needs a due date to hang on. */
function assertSchedulable(task: TaskRecord): void {
  const fields: Record<string, string> = {};
  if (!task.dueAt) {
    const relative = task.reminders.findIndex((r) => 'minutesBefore' in r);
    if (relative >= 0) fields[`reminders.${relative}`] = 'A reminder relative to the due time needs dueAt';
    if (task.recurrence) fields.recurrence = 'A recurring task needs dueAt (its first occurrence)';
  }
  const names = Object.keys(fields);
  if (names.length) throw new AppError('invalid_input', `Invalid input: ${names.join(', ')}`, fields);
}
