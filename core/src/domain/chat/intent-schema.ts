/**
 * The Intent union as a zod schema, for whatever produces intents from outside this code (an LLM's
 * tool call, a test's random input): the same shape as intent.ts, checked at run time. A list query
 * must also be a valid REST query (contracts' TaskListQuery), since the service sends it on as one.
 */
import { MAX_TITLE_LENGTH, Priority, Recurrence, TaskListQuery } from '@todo/contracts';
import { z } from 'zod';
import type { Intent } from './intent.js';

const Due = z.strictObject({ at: z.iso.datetime({ offset: true }), hasTime: z.boolean() });
/** Reminders as minutes before due (0 = at due), at most ten, at most a year ahead. */
export const ReminderMinutes = z
  .array(
    z
      .int()
      .min(0)
      .max(366 * 24 * 60),
  )
  .max(10);
const Tag = z.string().regex(/^[^\s,#A-Z]{1,40}$/u);
const Title = z.string().trim().min(1).max(MAX_TITLE_LENGTH);

const TaskRef = z.discriminatedUnion('by', [
  z.strictObject({ by: z.literal('title'), text: z.string().trim().min(1) }),
  z.strictObject({ by: z.literal('position'), index: z.int().min(1) }),
  z.strictObject({ by: z.literal('last') }),
  z.strictObject({ by: z.literal('shown') }),
  z.strictObject({ by: z.literal('id'), id: z.uuid() }),
]);

const TaskDraft = z.strictObject({
  title: Title,
  description: z.string().optional(),
  priority: Priority.optional(),
  tags: z.array(Tag).max(20).optional(),
  due: Due.optional(),
  reminders: ReminderMinutes.optional(),
  recurrence: Recurrence.optional(),
});

const TaskChanges = z
  .strictObject({
    title: Title.optional(),
    description: z.string().optional(),
    priority: Priority.optional(),
    addTags: z.array(Tag).min(1).optional(),
    removeTags: z.array(Tag).min(1).optional(),
    due: Due.nullable().optional(),
    reminders: ReminderMinutes.optional(),
    recurrence: Recurrence.nullable().optional(),
  })
  .refine((changes) => Object.keys(changes).length > 0, { message: 'Name at least one change' });

const ListQuery = z
  .record(z.string(), z.string())
  .refine((query) => TaskListQuery.safeParse(query).success, { message: 'Not a valid task list query' });

export const IntentSchema = z.union([
  z.strictObject({ intent: z.literal('add'), task: TaskDraft }),
  z.strictObject({ intent: z.literal('update'), target: TaskRef, changes: TaskChanges }),
  z.strictObject({ intent: z.enum(['complete', 'reopen', 'delete', 'stop_repeating']), target: TaskRef }),
  z.strictObject({
    intent: z.literal('snooze'),
    target: TaskRef,
    by: z.union([z.strictObject({ minutes: z.int().min(1) }), z.strictObject({ until: Due })]),
  }),
  z.strictObject({ intent: z.literal('list'), query: ListQuery }),
  z.strictObject({ intent: z.literal('undo') }),
  z.strictObject({ intent: z.literal('help') }),
  z.strictObject({ intent: z.literal('choose'), index: z.int().min(1) }),
  z.strictObject({ intent: z.literal('unknown') }),
]) satisfies z.ZodType<Intent>;
