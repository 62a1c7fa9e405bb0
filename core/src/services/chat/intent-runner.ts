import {
  AppError,
  type ChatAction,
  type CreateTaskInput,
  type Task,
  type UpdateTaskInput,
} from '@todo/contracts';
import { onDayAtTimeOf } from '@todo/time';
import type { ConversationState } from '../../domain/chat/conversation-state.js';
import { withUndo } from '../../domain/chat/conversation-state.js';
import type { Due, Intent, TaskChanges, TaskDraft, TaskRef } from '../../domain/chat/intent.js';
import { pickByTitle, resolveFromContext, type Resolution } from '../../domain/chat/resolve.js';
import type { EngineContext, EngineTurn } from './engine.js';
import type { ChatTools, ToolResult } from './chat-tools.js';

/** How many tasks a list shows in the chat. */
const LIST_LIMIT = '20';

type TargetIntent = Extract<Intent, { target: TaskRef }>;

/**
 * The dialogue manager both engines share: carries out an intent (the parser's reading of a message, or
 * an LLM's tool call), resolving "it", "the second one" and titles against the conversation and the user's
 * tasks, asking with numbered choices when a reference could mean several tasks (never guessing), and
 * recording how to undo each change. What the use cases refuse (bad input, a task that is not the user's)
 * becomes a `refused` action: nothing changed, and the reply says why.
 */
export class IntentRunner {
  constructor(private readonly tools: ChatTools) {}

  execute(intent: Intent, state: ConversationState, context: EngineContext): Promise<EngineTurn> {
    const base = { ...state, pending: null };
    if (intent.intent === 'choose' && state.pending)
      return this.refusing(base, () => this.choose(intent.index, state, context));
    return this.refusing(base, () => this.handle(intent, base, context));
  }

  private async refusing(state: ConversationState, work: () => Promise<EngineTurn>): Promise<EngineTurn> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError)
        return { actions: [{ kind: 'refused', message: refusal(error) }], state };
      throw error;
    }
  }

  /** The answer to the open question: the numbered task, or the question again for a number not offered. */
  private async choose(index: number, state: ConversationState, context: EngineContext): Promise<EngineTurn> {
    const pending = state.pending!;
    const id = pending.choices[index - 1];
    if (!id) return this.ask(pending.intent, await this.tasksOf(context, pending.choices), state);
    return this.run(pending.intent as TargetIntent, [id], { ...state, pending: null }, context);
  }

  private async handle(
    intent: Intent,
    state: ConversationState,
    context: EngineContext,
  ): Promise<EngineTurn> {
    switch (intent.intent) {
      case 'add': {
        const result = await this.tools.create(context.actor, this.createInput(intent.task, context));
        return this.changed([result], state, 'added');
      }
      case 'list': {
        const tasks = await this.tools.list(context.actor, { limit: LIST_LIMIT, ...intent.query });
        const action: ChatAction = { kind: 'listed', query: intent.query, tasks };
        return { actions: [action], state: { ...state, shown: tasks.map((t) => t.id), touched: [] } };
      }
      case 'undo':
        return this.undo(state, context);
      case 'help':
        return { actions: [{ kind: 'help' }], state };
      case 'choose':
      case 'unknown':
        return { actions: [{ kind: 'not_understood' }], state };
      default: {
        const resolution = await this.resolve(intent.target, intent.intent, state, context);
        if (resolution.kind === 'none')
          return { actions: [{ kind: 'not_found', text: resolution.said }], state };
        if (resolution.kind === 'ambiguous') return this.ask(intent, resolution.choices, state);
        return this.run(intent, resolution.ids, state, context);
      }
    }
  }

  /** Carries out an intent on the tasks it was resolved to. */
  private async run(
    intent: TargetIntent,
    ids: string[],
    state: ConversationState,
    context: EngineContext,
  ): Promise<EngineTurn> {
    const results: ToolResult[] = [];
    for (const id of ids) {
      try {
        results.push(await this.apply(intent, id, context));
      } catch (error) {
        // One task refused ("both": one was deleted meanwhile) must not hide what was done to the others.
        if (!(error instanceof AppError)) throw error;
        results.push({ action: { kind: 'refused', message: refusal(error) }, undo: [] });
      }
    }
    return this.changed(results, state, intent.intent, ids);
  }

  private async apply(intent: TargetIntent, id: string, context: EngineContext): Promise<ToolResult> {
    const { actor } = context;
    switch (intent.intent) {
      case 'complete':
        return this.tools.complete(actor, id);
      case 'reopen':
        return this.tools.reopen(actor, id);
      case 'delete':
        return this.tools.delete(actor, id);
      case 'stop_repeating':
        return this.tools.update(actor, id, { recurrence: null });
      case 'update': {
        const task = await this.tools.get(actor, id);
        return this.tools.update(actor, id, this.patch(task, intent.changes));
      }
      case 'snooze': {
        const task = await this.tools.get(actor, id);
        const from = task.dueAt ? new Date(task.dueAt) : context.now;
        const dueAt =
          'minutes' in intent.by
            ? new Date(Math.max(from.getTime(), context.now.getTime()) + intent.by.minutes * 60_000)
            : this.dueInstant(intent.by.until, task.dueAt, task.timezone);
        return this.tools.update(actor, id, { dueAt: dueAt.toISOString() }, 'snoozed');
      }
    }
  }

  /** The turn after `results`; "it" now means the tasks they were about (`about`: refused ones too). */
  private changed(
    results: ToolResult[],
    state: ConversationState,
    what: string,
    about?: string[],
  ): EngineTurn {
    const touched =
      about ?? results.flatMap((r) => ('task' in r.action && r.action.task ? [r.action.task.id] : []));
    const undo = results.flatMap((r) => r.undo);
    return {
      actions: results.map((r) => r.action),
      state: withUndo({ ...state, touched }, { what, steps: undo }),
    };
  }

  private ask(intent: Intent, choices: Task[], state: ConversationState): EngineTurn {
    return {
      actions: [
        {
          kind: 'asked',
          question: 'Which one do you mean? Reply with its number.',
          choices: choices.map((task, i) => ({ number: i + 1, task })),
        },
      ],
      state: { ...state, pending: { intent, choices: choices.map((task) => task.id) } },
    };
  }

  private async undo(state: ConversationState, context: EngineContext): Promise<EngineTurn> {
    const entry = state.undo.at(-1);
    if (!entry) return { actions: [{ kind: 'refused', message: 'There is nothing to undo.' }], state };
    const task = await this.tools.undo(context.actor, entry);
    return {
      actions: [{ kind: 'undone', undid: entry.what, task }],
      state: { ...state, undo: state.undo.slice(0, -1), touched: task ? [task.id] : [] },
    };
  }

  /** Finds what a reference means: from the conversation, or by searching titles (open tasks first). */
  private async resolve(
    ref: TaskRef,
    intent: string,
    state: ConversationState,
    context: EngineContext,
  ): Promise<Resolution> {
    const known = resolveFromContext(ref, state);
    if (known || ref.by !== 'title') return known!;
    const statuses = intent === 'reopen' ? ['done', 'all'] : ['open', 'all'];
    let found: Task[] = [];
    for (const status of statuses) {
      found = await this.tools.list(context.actor, { q: ref.text, status, limit: '10' });
      if (found.length) break;
    }
    return pickByTitle(ref.text, found);
  }

  private async tasksOf(context: EngineContext, ids: string[]): Promise<Task[]> {
    return Promise.all(ids.map((id) => this.tools.get(context.actor, id)));
  }

  private createInput(draft: TaskDraft, context: EngineContext): CreateTaskInput {
    return {
      title: draft.title,
      // The user's zone, which the service looked up already: the use case need not look it up again.
      timezone: context.timeZone,
      ...(draft.description !== undefined && { description: draft.description }),
      ...(draft.priority && { priority: draft.priority }),
      ...(draft.tags && { tags: draft.tags }),
      ...(draft.due && { dueAt: this.dueInstant(draft.due, null, context.timeZone).toISOString() }),
      ...(draft.reminders && { reminders: draft.reminders.map((minutesBefore) => ({ minutesBefore })) }),
      ...(draft.recurrence && { recurrence: draft.recurrence }),
    };
  }

  /** The patch a change asks for, on the task as it is (tags added to and taken from its own). */
  private patch(task: Task, changes: TaskChanges): UpdateTaskInput {
    const patch: UpdateTaskInput = {};
    if (changes.title !== undefined) patch.title = changes.title;
    if (changes.description !== undefined) patch.description = changes.description;
    if (changes.priority !== undefined) patch.priority = changes.priority;
    if (changes.addTags || changes.removeTags) {
      const removed = new Set(changes.removeTags?.map((tag) => tag.toLowerCase()));
      patch.tags = [...new Set([...task.tags, ...(changes.addTags ?? [])])].filter(
        (tag) => !removed.has(tag.toLowerCase()),
      );
    }
    if (changes.due !== undefined) {
      patch.dueAt = changes.due && this.dueInstant(changes.due, task.dueAt, task.timezone).toISOString();
    }
    if (changes.reminders) {
      if (!task.dueAt && !changes.due) {
        throw new AppError(
          'invalid_input',
          `“${task.title}” has no due time to remind you before; give it one first ("move it to Friday 9am").`,
        );
      }
      patch.reminders = changes.reminders.map((minutesBefore) => ({ minutesBefore }));
    }
    if (changes.recurrence !== undefined) patch.recurrence = changes.recurrence;
    return patch;
  }

  /** A said due time as an instant: a day without a time keeps the task's time of day, else 23:59. */
  private dueInstant(due: Due, current: string | null, timeZone: string): Date {
    if (due.hasTime) return new Date(due.at);
    return onDayAtTimeOf(new Date(due.at), current ? new Date(current) : null, timeZone);
  }
}

/** Why a use case refused, in its own words: the fields' reasons when it named them. */
function refusal(error: AppError): string {
  const fields = error.toBody().error.fields;
  if (!fields) return error.message;
  return `${Object.entries(fields)
    .map(([field, reason]) => `${field}: ${reason}`)
    .join('; ')}.`;
}
