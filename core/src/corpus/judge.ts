import { isChange, TaskListQuery, type ChatAction, type Recurrence, type Task } from '@todo/contracts';
import { nextOccurrence, toFloating } from '@todo/time';
import type { CorpusCase } from './corpus-case.js';

/** What the last turn of a case did. */
export interface TurnOutcome {
  actions: ChatAction[];
  reply: string;
  /** Whether any of the user's tasks changed during the turn. */
  dataChanged: boolean;
  timeZone: string;
}

/** The intent a turn carried out, named as the corpus names it. */
const INTENT_OF: Record<ChatAction['kind'], string> = {
  created: 'add',
  updated: 'update',
  completed: 'complete',
  reopened: 'reopen',
  deleted: 'delete',
  snoozed: 'snooze',
  listed: 'list',
  undone: 'undo',
  asked: 'ask',
  refused: 'refused',
  not_found: 'not_found',
  help: 'help',
  not_understood: 'unknown',
};

/** The local wall time of an instant in `timeZone`, as "YYYY-MM-DDTHH:mm". */
export const localMinute = (instant: Date, timeZone: string) =>
  toFloating(instant, timeZone).toISOString().slice(0, 16);

/**
 * Compares what a case expects with what its last turn did; every difference, in words (none: it passed).
 * Only the fields the case names are compared.
 */
export function judge(expected: CorpusCase['expect'], outcome: TurnOutcome): string[] {
  const problems: string[] = [];
  const { actions } = outcome;
  const intent = actions[0] ? INTENT_OF[actions[0].kind] : 'nothing';
  if (expected.intent && expected.intent !== intent)
    problems.push(`intent: expected ${expected.intent}, got ${intent}`);
  if (expected.ask && !actions.some((a) => a.kind === 'asked'))
    problems.push('expected a question, got none');
  if (expected.unchanged && outcome.dataChanged) problems.push('expected no change, but tasks changed');
  if (expected.changed) {
    const titles = changedTitles(actions);
    const wanted = expected.changed.map((t) => t.toLowerCase()).sort();
    if (JSON.stringify(titles) !== JSON.stringify(wanted))
      problems.push(`changed: expected ${JSON.stringify(wanted)}, got ${JSON.stringify(titles)}`);
  }
  if (expected.query) problems.push(...compareQuery(expected.query, actions));
  if (expected.task) {
    const task = subjectOf(actions);
    if (!task) problems.push('expected a task, but the turn made or changed none');
    else problems.push(...compareTask(expected.task, task, outcome.timeZone));
  }
  return problems;
}

function changedTitles(actions: ChatAction[]): string[] {
  return actions
    .filter((a) => isChange(a) && 'task' in a && a.task)
    .map((a) => ('task' in a && a.task ? a.task.title.toLowerCase() : ''))
    .sort();
}

/** The task a turn made or changed: the first one its actions name. */
function subjectOf(actions: ChatAction[]): Task | null {
  for (const action of actions) if ('task' in action && action.task) return action.task;
  return null;
}

function compareQuery(expected: Record<string, string>, actions: ChatAction[]): string[] {
  const listed = actions.find((a) => a.kind === 'listed');
  if (!listed || listed.kind !== 'listed') return ['expected a list, got none'];
  const normal = (query: Record<string, string>) => {
    const parsed = TaskListQuery.safeParse(query);
    if (!parsed.success) return `invalid ${JSON.stringify(query)}`;
    const { limit: _limit, cursor: _cursor, ...rest } = parsed.data;
    const sorted = Object.entries(rest).map(([k, v]) => [k, Array.isArray(v) ? [...v].sort() : v]);
    return JSON.stringify(Object.fromEntries(sorted.sort(([a], [b]) => String(a).localeCompare(String(b)))));
  };
  const [want, got] = [normal(expected), normal(listed.query)];
  return want === got ? [] : [`query: expected ${want}, got ${got}`];
}

function compareTask(
  expected: NonNullable<CorpusCase['expect']['task']>,
  task: Task,
  zone: string,
): string[] {
  const problems: string[] = [];
  const differ = (field: string, want: unknown, got: unknown) =>
    problems.push(`task.${field}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  if (expected.title !== undefined && expected.title.toLowerCase() !== task.title.toLowerCase())
    differ('title', expected.title, task.title);
  if (expected.priority !== undefined && expected.priority !== task.priority)
    differ('priority', expected.priority, task.priority);
  if (expected.status !== undefined && expected.status !== task.status)
    differ('status', expected.status, task.status);
  if (expected.tags !== undefined) {
    const [want, got] = [[...expected.tags].sort(), [...task.tags].sort()];
    if (JSON.stringify(want) !== JSON.stringify(got)) differ('tags', want, got);
  }
  if (expected.due !== undefined) {
    const got = task.dueAt ? localMinute(new Date(task.dueAt), zone) : null;
    // A date alone ("2026-12-15") accepts any time that day.
    const same = expected.due === null ? got === null : got !== null && got.startsWith(expected.due);
    if (!same) differ('due', expected.due, got);
  }
  if (expected.reminders !== undefined) {
    const got = task.reminders.map((r) => ('minutesBefore' in r ? r.minutesBefore : r.at)).sort();
    const want = [...expected.reminders].sort();
    if (JSON.stringify(want) !== JSON.stringify(got)) differ('reminders', want, got);
  }
  if (expected.recurrence !== undefined) problems.push(...compareRecurrence(expected.recurrence, task, zone));
  return problems;
}

function compareRecurrence(
  expected: { next?: string[]; mode?: string } | null,
  task: Task,
  zone: string,
): string[] {
  if (expected === null)
    return task.recurrence ? [`task.recurrence: expected none, got ${task.recurrence.rule}`] : [];
  if (!task.recurrence) return ['task.recurrence: expected one, got none'];
  const problems: string[] = [];
  if (expected.mode && expected.mode !== task.recurrence.mode)
    problems.push(`task.recurrence.mode: expected ${expected.mode}, got ${task.recurrence.mode}`);
  if (expected.next) {
    if (!task.dueAt)
      return [...problems, 'task.recurrence: expected next dates, but the task has no due time'];
    const next = nextLocalOccurrences(
      task.recurrence,
      task.timezone,
      new Date(task.dueAt),
      expected.next.length,
      zone,
    );
    if (JSON.stringify(next) !== JSON.stringify(expected.next))
      problems.push(
        `task.recurrence.next: expected ${JSON.stringify(expected.next)}, got ${JSON.stringify(next)}`,
      );
  }
  return problems;
}

/**
 * The first `count` occurrences after `start` of a series that starts there, as local minutes in `zone`
 * (the corpus's `recurrence.next`); fewer when the series ends.
 */
export function nextLocalOccurrences(
  recurrence: Recurrence,
  taskZone: string,
  start: Date,
  count: number,
  zone: string,
): string[] {
  const next: string[] = [];
  let previous = start;
  for (let i = 1; i <= count; i++) {
    const at = nextOccurrence({
      rule: recurrence.rule,
      mode: 'schedule',
      timeZone: taskZone,
      seriesStart: start,
      previousDue: previous,
      completedAt: previous,
      occurrencesSoFar: i,
    });
    if (!at) break;
    next.push(localMinute(at, zone));
    previous = at;
  }
  return next;
}
