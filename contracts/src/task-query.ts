import { z } from 'zod';
import { Priority, Task } from './task.js';

export const SORT_FIELDS = ['due', 'priority', 'created', 'updated', 'title'] as const;
export const DUE_RANGES = ['overdue', 'today', 'week', 'none'] as const;

/** A comma-separated list parameter ("a,b"), trimmed, empty parts dropped. */
const csv = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1, { message: 'Name at least one value' }));

/**
 * The query string of `GET /tasks`. Every parameter is optional and all combine (AND).
 * Unknown parameters are rejected so a typo ("tag=" for "tags=") is not silently ignored.
 */
export const TaskListQuery = z
  .strictObject({
    q: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: 'Full-text search over title and description' }),
    status: z.enum(['open', 'done', 'all']).default('open'),
    priority: csv(Priority)
      .optional()
      .meta({ description: 'Any of the listed priorities, e.g. "high,medium"' }),
    tags: csv(z.string().trim().toLowerCase().max(40)).optional(),
    tagMode: z.enum(['any', 'all']).default('any'),
    due: z.enum(DUE_RANGES).optional().meta({ description: "today and week are in the caller's time zone" }),
    dueFrom: z.iso.datetime({ offset: true }).optional(),
    dueTo: z.iso.datetime({ offset: true }).optional(),
    sort: z
      .enum(SORT_FIELDS)
      .optional()
      .meta({ description: 'Default: relevance when q is given, else due' }),
    order: z.enum(['asc', 'desc']).default('asc'),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(2000).optional(),
  })
  .refine((q) => !(q.dueFrom && q.dueTo) || Date.parse(q.dueFrom) <= Date.parse(q.dueTo), {
    message: 'dueFrom must not be after dueTo',
    path: ['dueTo'],
  })
  .meta({ id: 'TaskListQuery' });
export type TaskListQueryInput = z.input<typeof TaskListQuery>;
export type TaskListQuery = z.output<typeof TaskListQuery>;

export const TaskPage = z
  .object({ items: z.array(Task), nextCursor: z.string().nullable() })
  .meta({ id: 'TaskPage' });
export type TaskPage = z.infer<typeof TaskPage>;
