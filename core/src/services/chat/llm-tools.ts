import { z } from 'zod';
import { AppError, PlainText, Priority, Recurrence, Title } from '@todo/contracts';
import { findWhen, normalizeRecurrence } from '@todo/time';
import type { Due, Intent, TaskChanges } from '../../domain/chat/intent.js';
import { ReminderMinutes } from '../../domain/chat/intent-schema.js';

/** A tool as the model sees it (OpenAI's function tool format). */
export interface ToolDefinition {
  type: 'function';
  function: { name: string; description: string; parameters: object };
}

const TaskId = z.uuid();
const When = z.string().min(1).max(200);
const TagList = z.array(z.string().min(1).max(40)).max(20);

const SCHEMAS = {
  add_task: z.strictObject({
    title: Title,
    description: PlainText.max(10_000).optional(),
    priority: Priority.optional(),
    tags: TagList.optional(),
    due: When.optional(),
    reminders_minutes_before: ReminderMinutes.optional(),
    recurrence: Recurrence.optional(),
  }),
  find_tasks: z.strictObject({
    q: z.string().max(200).optional(),
    status: z.enum(['open', 'done', 'all']).optional(),
    priority: z.array(Priority).optional(),
    tags: TagList.optional(),
    tag_mode: z.enum(['any', 'all']).optional(),
    due: z.enum(['overdue', 'today', 'week', 'none']).optional(),
    sort: z.enum(['due', 'priority', 'created', 'updated', 'title']).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  }),
  update_task: z.strictObject({
    task_id: TaskId,
    title: Title.optional(),
    description: PlainText.max(10_000).optional(),
    priority: Priority.optional(),
    add_tags: TagList.optional(),
    remove_tags: TagList.optional(),
    due: When.nullable().optional(),
    reminders_minutes_before: ReminderMinutes.optional(),
    recurrence: Recurrence.nullable().optional(),
  }),
  complete_task: z.strictObject({ task_id: TaskId }),
  reopen_task: z.strictObject({ task_id: TaskId }),
  delete_task: z.strictObject({ task_id: TaskId }),
  snooze_task: z
    .strictObject({
      task_id: TaskId,
      minutes: z.int().min(1).max(525_600).optional(),
      until: When.optional(),
    })
    .refine((args) => (args.minutes === undefined) !== (args.until === undefined), {
      message: 'Give either minutes or until',
    }),
  undo: z.strictObject({}),
} as const;

export type ToolName = keyof typeof SCHEMAS;

const DESCRIPTIONS: Record<ToolName, string> = {
  add_task:
    'Create a task. due: when it is due, as the user said it ("tomorrow 6pm", "next friday") or ISO 8601 with offset. ' +
    'reminders_minutes_before: e.g. [0, 60] = at due and an hour before. recurrence: {rule: RRULE such as ' +
    '"FREQ=WEEKLY;BYDAY=MO", mode: "schedule" | "after_completion"}. tags without "#".',
  find_tasks:
    "Search and list the user's tasks (the list is shown to the user). q: words in title or description. " +
    'status defaults to open. Use it to learn task ids before changing a task.',
  update_task:
    'Change a task by id: only the fields given change. due: null removes the due date; a day without a time ' +
    'keeps the time of day. recurrence: null stops repeating. add_tags / remove_tags change the tag set.',
  complete_task: 'Mark a task done by id (a recurring task gets its next occurrence).',
  reopen_task: 'Mark a done task open again, by id.',
  delete_task: 'Delete a task by id.',
  snooze_task: 'Push a task\'s due time later by id: by minutes, or until a time ("tomorrow 9am").',
  undo: "Undo the assistant's last change in this conversation.",
};

/** The tools the model may call; their parameters come from the same schemas that validate the calls. */
export const TOOL_DEFINITIONS: ToolDefinition[] = (Object.keys(SCHEMAS) as ToolName[]).map((name) => ({
  type: 'function',
  function: {
    name,
    description: DESCRIPTIONS[name],
    parameters: z.toJSONSchema(SCHEMAS[name], {
      metadata: z.registry(),
      io: 'input',
      unrepresentable: 'any',
    }),
  },
}));

/**
 * A tool call as the intent the dialogue manager carries out, after its arguments are checked by the
 * schemas above: an AppError (`invalid_input`, naming the fields) when they are wrong, so nothing changes
 * and the model is told why.
 */
export function intentOfToolCall(
  name: string,
  rawArguments: string,
  context: { now: Date; timeZone: string },
): Intent {
  if (!(name in SCHEMAS)) throw new AppError('invalid_input', `There is no tool named ${name}`);
  let json: unknown;
  try {
    json = JSON.parse(rawArguments || '{}');
  } catch {
    throw new AppError('invalid_input', 'The arguments are not JSON');
  }
  const parsed = SCHEMAS[name as ToolName].safeParse(json);
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join('.') || 'arguments', i.message]),
    );
    throw new AppError('invalid_input', `Invalid arguments for ${name}`, fields);
  }
  const byId = () => ({ by: 'id' as const, id: (parsed.data as { task_id: string }).task_id });
  const due = (text: string) => readWhen(text, context);
  switch (name as ToolName) {
    case 'add_task': {
      const a = parsed.data as z.infer<(typeof SCHEMAS)['add_task']>;
      return {
        intent: 'add',
        task: {
          title: a.title,
          ...(a.description !== undefined && { description: a.description }),
          ...(a.priority && { priority: a.priority }),
          ...(a.tags && { tags: a.tags }),
          ...(a.due && { due: due(a.due) }),
          ...(a.reminders_minutes_before && { reminders: a.reminders_minutes_before }),
          ...(a.recurrence && { recurrence: normalizeRecurrence(a.recurrence) }),
        },
      };
    }
    case 'find_tasks': {
      const a = parsed.data as z.infer<(typeof SCHEMAS)['find_tasks']>;
      const query: Record<string, string> = {};
      if (a.q) query.q = a.q;
      if (a.status) query.status = a.status;
      if (a.priority?.length) query.priority = a.priority.join(',');
      if (a.tags?.length) query.tags = a.tags.join(',');
      if (a.tag_mode) query.tagMode = a.tag_mode;
      if (a.due) query.due = a.due;
      if (a.sort) query.sort = a.sort;
      if (a.order) query.order = a.order;
      return { intent: 'list', query };
    }
    case 'update_task': {
      const a = parsed.data as z.infer<(typeof SCHEMAS)['update_task']>;
      const changes: TaskChanges = {
        ...(a.title !== undefined && { title: a.title }),
        ...(a.description !== undefined && { description: a.description }),
        ...(a.priority && { priority: a.priority }),
        ...(a.add_tags && { addTags: a.add_tags }),
        ...(a.remove_tags && { removeTags: a.remove_tags }),
        ...(a.due !== undefined && { due: a.due === null ? null : due(a.due) }),
        ...(a.reminders_minutes_before && { reminders: a.reminders_minutes_before }),
        ...(a.recurrence !== undefined && { recurrence: a.recurrence && normalizeRecurrence(a.recurrence) }),
      };
      return { intent: 'update', target: byId(), changes };
    }
    case 'complete_task':
      return { intent: 'complete', target: byId() };
    case 'reopen_task':
      return { intent: 'reopen', target: byId() };
    case 'delete_task':
      return { intent: 'delete', target: byId() };
    case 'snooze_task': {
      const a = parsed.data as z.infer<(typeof SCHEMAS)['snooze_task']>;
      const by = a.minutes !== undefined ? { minutes: a.minutes } : { until: due(a.until!) };
      return { intent: 'snooze', target: byId(), by };
    }
    case 'undo':
      return { intent: 'undo' };
  }
}

/** A time as the model gave it: ISO 8601 with an offset, or words the time module reads in the user's zone. */
function readWhen(text: string, context: { now: Date; timeZone: string }): Due {
  if (z.iso.datetime({ offset: true }).safeParse(text).success)
    return { at: new Date(text).toISOString(), hasTime: true };
  const found = findWhen(text, context);
  if (!found)
    throw new AppError('invalid_input', `Could not read "${text}" as a date`, { due: 'Not a date' });
  return { at: found.at.toISOString(), hasTime: found.hasTime };
}
