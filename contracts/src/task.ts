import { z } from 'zod';
import { Recurrence, RecurrenceInput } from './recurrence.js';
import { TimeZone } from './time-zone.js';

export const PRIORITIES = ['none', 'low', 'medium', 'high'] as const;
export const Priority = z.enum(PRIORITIES).meta({ id: 'Priority' });
export type Priority = z.infer<typeof Priority>;

export const TaskStatus = z.enum(['open', 'done']).meta({ id: 'TaskStatus' });
export type TaskStatus = z.infer<typeof TaskStatus>;

export const MAX_TAGS = 20;
export const MAX_TAG_LENGTH = 40;
export const MAX_TITLE_LENGTH = 500;
export const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_REMINDERS = 10;

const Instant = z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 date-time with offset' });

// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u;

/**
 * Text a person typed: tabs and line breaks are fine, other control characters (NUL above all, which
 * PostgreSQL cannot store) are refused rather than stored or silently dropped.
 */
export const PlainText = z
  .string()
  .refine((text) => !CONTROL_CHARACTERS.test(text), { message: 'Must not contain control characters' });

export const Title = PlainText.trim()
  .min(1, { message: 'Must not be empty' })
  .max(MAX_TITLE_LENGTH, { message: `Must be at most ${MAX_TITLE_LENGTH} characters` });

const Tag = PlainText.trim()
  .toLowerCase()
  .min(1, { message: 'Must not be empty' })
  .max(MAX_TAG_LENGTH, { message: `Must be at most ${MAX_TAG_LENGTH} characters` })
  .regex(/^[^\s,#]+$/u, { message: 'Must not contain spaces, commas or #' });

/** Tags are case-insensitive: stored lower-cased, trimmed and without duplicates, in the given order. */
export const Tags = z
  .array(Tag)
  .transform((tags) => [...new Set(tags)])
  .pipe(z.array(z.string()).max(MAX_TAGS, { message: `At most ${MAX_TAGS} different tags` }))
  .meta({ id: 'Tags' });

export const Reminder = z
  .union([
    z.strictObject({
      minutesBefore: z
        .int()
        .min(0)
        .max(366 * 24 * 60),
    }),
    z.strictObject({ at: Instant }),
  ])
  .meta({ id: 'Reminder', description: 'Relative to the due time (0 = at due) or at an absolute instant.' });
export type Reminder = z.infer<typeof Reminder>;

export const Reminders = z
  .array(Reminder)
  .max(MAX_REMINDERS, { message: `At most ${MAX_REMINDERS} reminders` });

export const Task = z
  .object({
    id: z.uuid(),
    title: z.string(),
    description: z.string(),
    priority: Priority,
    tags: z.array(z.string()),
    status: TaskStatus,
    dueAt: z.iso.datetime().nullable(),
    timezone: z.string(),
    reminders: z.array(Reminder),
    recurrence: Recurrence.nullable(),
    series: z
      .object({ id: z.uuid(), occurrence: z.int().min(1) })
      .nullable()
      .meta({
        description:
          'The recurring series this task belongs to (the id of its first task) and which occurrence it is',
      }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    completedAt: z.iso.datetime().nullable(),
    version: z.int().min(1),
  })
  .meta({ id: 'Task' });
export type Task = z.infer<typeof Task>;

export const CreateTaskInput = z
  .strictObject({
    title: Title,
    description: PlainText.max(MAX_DESCRIPTION_LENGTH).default(''),
    priority: Priority.default('none'),
    tags: Tags.default([]),
    dueAt: Instant.nullable().default(null),
    timezone: TimeZone.optional(),
    reminders: Reminders.default([]),
    recurrence: RecurrenceInput.nullable().default(null),
  })
  .meta({ id: 'CreateTaskInput' });
export type CreateTaskInput = z.input<typeof CreateTaskInput>;
export type NewTaskFields = z.output<typeof CreateTaskInput>;

export const UpdateTaskInput = z
  .strictObject({
    title: Title.optional(),
    description: PlainText.max(MAX_DESCRIPTION_LENGTH).optional(),
    priority: Priority.optional(),
    tags: Tags.optional(),
    status: TaskStatus.optional(),
    dueAt: Instant.nullable().optional(),
    timezone: TimeZone.optional(),
    reminders: Reminders.optional(),
    recurrence: RecurrenceInput.nullable().optional(),
  })
  .refine((patch) => Object.keys(patch).length > 0, { message: 'Name at least one field to change' })
  .meta({ id: 'UpdateTaskInput' });
export type UpdateTaskInput = z.input<typeof UpdateTaskInput>;
export type TaskPatch = z.output<typeof UpdateTaskInput>;

export const TagCount = z
  .object({ tag: z.string(), count: z.int(), openCount: z.int() })
  .meta({ id: 'TagCount' });
export type TagCount = z.infer<typeof TagCount>;
