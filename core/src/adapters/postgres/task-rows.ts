import type { Recurrence, Reminder, Task } from '@todo/contracts';
import { PRIORITY_RANK, type TaskRecord } from '../../domain/task.js';
import type { Sql } from './database.js';

/** A `tasks` row as the `postgres` driver returns it. */
export interface TaskRow {
  id: string;
  user_id: string;
  title: string;
  description: string;
  priority: Task['priority'];
  tags: string[];
  status: Task['status'];
  due_at: Date | null;
  timezone: string;
  reminders: Reminder[];
  recurrence: Recurrence | null;
  series_id: string | null;
  series_start: Date | null;
  series_occurrence: number | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  version: number;
}

/** The columns a write sets (everything but the generated search vector). */
export const TASK_COLUMNS = [
  'id',
  'user_id',
  'title',
  'description',
  'priority',
  'priority_rank',
  'tags',
  'status',
  'due_at',
  'timezone',
  'reminders',
  'recurrence',
  'series_id',
  'series_start',
  'series_occurrence',
  'created_at',
  'updated_at',
  'completed_at',
  'version',
] as const;

/** The column values of `task`; `sql` encodes the JSON columns. */
export function toTaskRow(task: TaskRecord, sql: Pick<Sql, 'json'>) {
  return {
    id: task.id,
    user_id: task.userId,
    title: task.title,
    description: task.description,
    priority: task.priority,
    priority_rank: PRIORITY_RANK[task.priority],
    tags: task.tags,
    status: task.status,
    due_at: task.dueAt,
    timezone: task.timezone,
    reminders: sql.json(task.reminders as never),
    recurrence: task.recurrence ? sql.json(task.recurrence as never) : null,
    series_id: task.series?.id ?? null,
    series_start: task.seriesStart,
    series_occurrence: task.series?.occurrence ?? null,
    created_at: task.createdAt,
    updated_at: task.updatedAt,
    completed_at: task.completedAt,
    version: task.version,
  };
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function fromTaskRow(row: TaskRow): TaskRecord {
  return {
    id: row.id,
    userId: row.user_id,
    title: row.title,
    description: row.description,
    priority: row.priority,
    tags: row.tags,
    status: row.status,
    dueAt: iso(row.due_at),
    timezone: row.timezone,
    reminders: row.reminders,
    recurrence: row.recurrence,
    series: row.series_id ? { id: row.series_id, occurrence: row.series_occurrence! } : null,
    seriesStart: iso(row.series_start),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: iso(row.completed_at),
    version: row.version,
  };
}
