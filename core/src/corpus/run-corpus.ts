import { randomUUID } from 'node:crypto';
import type { Actor, ChatReply, CoreApi, CreateTaskInput } from '@todo/contracts';
import { fromFloating } from '@todo/time';
import type { CorpusCase, CorpusRef } from './corpus-case.js';
import { judge } from './judge.js';

/** A clock the runner sets to each case's `ref.now`. */
export interface SettableClock {
  now(): Date;
  set(at: Date): void;
}

export interface CaseResult {
  line: number;
  case: CorpusCase;
  problems: string[];
  /** Every turn and the assistant's reply to it. */
  transcript: Array<{ said: string; reply: string }>;
}

/** A local time in `timeZone` ("2026-11-24T10:00") as an instant. */
export const localToInstant = (local: string, timeZone: string) =>
  fromFloating(new Date(`${local.length === 10 ? `${local}T09:00` : local}:00.000Z`), timeZone);

/**
 * Runs one corpus case against the real assistant: a fresh user in the case's zone, the clock at the case's
 * `now`, its setup tasks made through the API, then each turn in one conversation; judges the last turn.
 */
export async function runCase(
  core: CoreApi,
  clock: SettableClock,
  entry: { line: number; case: CorpusCase },
  fileRef: CorpusRef,
): Promise<CaseResult> {
  const testCase = entry.case;
  const ref = testCase.ref ?? fileRef;
  const now = localToInstant(ref.now, ref.tz);
  // The user and the setup tasks come a minute apart before `now`, in order, as if made by hand.
  const minutesBefore = (n: number) => new Date(now.getTime() - n * 60_000);
  clock.set(minutesBefore(testCase.setup.length + 1));
  const { user } = await core.signup({
    email: `corpus-${randomUUID()}@example.com`,
    password: 'corpus password 1',
    timezone: ref.tz,
  });
  const actor: Actor = { userId: user.id };
  for (const [i, setup] of testCase.setup.entries()) {
    clock.set(minutesBefore(testCase.setup.length - i));
    await createSetupTask(core, actor, setup, ref.tz);
  }
  clock.set(now);

  const conversationId = `corpus-${entry.line}`;
  const transcript: CaseResult['transcript'] = [];
  let last: ChatReply | null = null;
  let dataChanged = false;
  for (const said of testCase.turns) {
    const before = await snapshot(core, actor);
    last = await core.chat(actor, { message: said, conversationId });
    dataChanged = (await snapshot(core, actor)) !== before;
    transcript.push({ said, reply: last.reply });
  }
  const problems = judge(testCase.expect, {
    actions: last!.actions,
    reply: last!.reply,
    dataChanged,
    timeZone: ref.tz,
  });
  return { line: entry.line, case: testCase, problems, transcript };
}

async function createSetupTask(
  core: CoreApi,
  actor: Actor,
  setup: CorpusCase['setup'][number],
  timeZone: string,
): Promise<void> {
  const input: CreateTaskInput = {
    title: setup.title,
    ...(setup.description !== undefined && { description: setup.description }),
    ...(setup.priority && { priority: setup.priority }),
    ...(setup.tags && { tags: setup.tags }),
    ...(setup.due && { dueAt: localToInstant(setup.due, timeZone).toISOString() }),
    ...(setup.recurrence && { recurrence: { rule: setup.recurrence, mode: 'schedule' } }),
  };
  const task = await core.createTask(actor, input);
  if (setup.status === 'done') await core.completeTask(actor, task.id);
}

/** Every task of the user with its version: equal snapshots mean nothing changed. */
async function snapshot(core: CoreApi, actor: Actor): Promise<string> {
  const page = await core.listTasks(actor, { status: 'all', limit: '200', sort: 'created' });
  return JSON.stringify(page.items.map((task) => [task.id, task.version]).sort());
}

/** A failing case as a person reads it: what was said, what came back, what was wrong. */
export function describeFailure(result: CaseResult): string {
  const lines = [`✗ line ${result.line}${result.case.name ? ` (${result.case.name})` : ''}`];
  for (const { said, reply } of result.transcript) {
    lines.push(`  > ${said}`);
    lines.push(...reply.split('\n').map((line) => `    ${line}`));
  }
  lines.push(...result.problems.map((problem) => `  ! ${problem}`));
  return lines.join('\n');
}
