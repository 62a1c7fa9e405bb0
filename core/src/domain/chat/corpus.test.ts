import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCorpus } from '../../corpus/corpus-case.js';
import { localMinute, nextLocalOccurrences } from '../../corpus/judge.js';
import { localToInstant } from '../../corpus/run-corpus.js';
import type { Intent, TaskRef } from './intent.js';
import { IntentSchema } from './intent-schema.js';
import { parseMessage } from './parser.js';

/**
 * The shared chat corpus, judged by what the parser alone can tell: for one-turn adds and lists the
 * fields themselves; for cases that act on existing tasks, that each turn is the right intent and
 * names the right task. Resolving refs, asking when a ref is ambiguous, and undo are the dialogue
 * manager's; here a ref must match the task(s) the case expects (several for "ask", none for a
 * missing task).
 */
/** The project's copy of shared/chat-corpus.jsonl (core/test runs it end to end too). */
const CORPUS = fileURLToPath(new URL('../../../test/chat/chat-corpus.jsonl', import.meta.url));

/** Whether a title ref could mean `title`: each of its words starts a word of the title (stem-ish). */
function refMatches(ref: TaskRef, title: string): boolean {
  if (ref.by !== 'title') return false;
  const words = title.toLowerCase().split(/\s+/);
  return ref.text
    .toLowerCase()
    .split(/\s+/)
    .every((w) => words.some((t) => t.startsWith(w.slice(0, Math.max(3, w.length - 2))) || w.startsWith(t)));
}

const corpus = parseCorpus(readFileSync(CORPUS, 'utf8'));
const cases = corpus.cases.map((entry) => entry.case);

describe('the chat corpus, as the parser reads it', () => {
  const timeZone = corpus.ref.tz;
  const context = { now: localToInstant(corpus.ref.now, timeZone), timeZone };
  const parse = (text: string): Intent => {
    const intent = parseMessage(text, context);
    expect(IntentSchema.safeParse(intent).error).toBeUndefined();
    return intent;
  };

  it('has the cases', () => expect(cases.length).toBeGreaterThan(40));

  it.each(cases.map((c) => [c.turns.join(' ⏎ '), c] as const))('%s', (_name, c) => {
    const intents = c.turns.map(parse);
    const last = intents[intents.length - 1]!;
    const { setup } = c;
    const { expect: want } = c;

    // Earlier turns of multi-turn cases: the kind each one is.
    if (c.turns.length > 1) {
      const first = intents[0]!;
      expect(['add', 'list', 'delete', 'complete']).toContain(first.intent);
      if (first.intent === 'list') {
        expect(last).toMatchObject({ target: { by: 'position' } });
      }
    }

    if (want.intent === 'add' && c.turns.length === 1) {
      expect(last.intent).toBe('add');
      if (last.intent !== 'add') return;
      const { task } = last;
      const wanted = want.task!;
      expect(task.title.toLowerCase()).toBe(String(wanted.title).toLowerCase());
      expect(task.priority ?? 'none').toBe(wanted.priority ?? 'none');
      expect(new Set(task.tags ?? [])).toEqual(new Set(wanted.tags ?? []));
      if ('reminders' in wanted) expect(task.reminders).toEqual(wanted.reminders);
      if (wanted.due === null) expect(task.due).toBeUndefined();
      if (typeof wanted.due === 'string') {
        expect(task.due).toBeDefined();
        if (wanted.due.length === 10) {
          expect(localMinute(new Date(task.due!.at), timeZone).slice(0, 10)).toBe(wanted.due);
          expect(task.due!.hasTime).toBe(false);
        } else {
          expect(localMinute(new Date(task.due!.at), timeZone)).toBe(wanted.due);
          expect(task.due!.hasTime).toBe(true);
        }
      }
      const { recurrence } = wanted;
      if (recurrence) {
        expect(task.recurrence?.mode).toBe(recurrence.mode);
        expect(task.due).toBeDefined();
        const next = recurrence.next ?? [];
        expect(
          nextLocalOccurrences(task.recurrence!, timeZone, new Date(task.due!.at), next.length, timeZone),
        ).toEqual(next);
      } else {
        expect(task.recurrence).toBeUndefined();
      }
      return;
    }

    if (want.intent === 'list') {
      expect(last).toEqual({ intent: 'list', query: want.query });
      return;
    }

    if (want.intent === 'undo') {
      expect(intents.map((i) => i.intent)).toEqual(['delete', 'undo']);
      return;
    }

    if (want.ask) {
      // The ref fits more than one task: the dialogue manager asks.
      expect('target' in last).toBe(true);
      const target = (last as { target: TaskRef }).target;
      expect(setup.filter((t) => refMatches(target, t.title)).length).toBeGreaterThan(1);
      return;
    }

    if (want.unchanged && !want.intent) {
      // Either nothing to do, or a ref that fits no task.
      if ('target' in last) expect(setup.some((t) => refMatches(last.target, t.title))).toBe(false);
      else expect(last.intent).toBe('unknown');
      return;
    }

    if (want.intent === 'help') {
      expect(last).toEqual({ intent: 'help' });
      return;
    }

    // Acting on an existing task: the right intent, naming the right task.
    const changedTitle = want.changed?.[0] ?? String(want.task?.title ?? '');
    expect('target' in last).toBe(true);
    const target = (last as { target: TaskRef }).target;
    if (c.turns.length > 1 && intents[0]!.intent === 'add') {
      expect(target).toEqual({ by: 'last' });
    } else if (intents[0]!.intent === 'list') {
      // "show tasks with buy" lists buy milk, buy bread (in setup order); "the second one" is buy bread.
      const first = intents[0]!;
      const q = first.intent === 'list' ? (first.query.q ?? '') : '';
      const shown = setup.filter((t) => refMatches({ by: 'title', text: q }, t.title));
      expect(target.by).toBe('position');
      expect(shown[(target as { index: number }).index - 1]?.title).toBe(changedTitle);
    } else {
      expect(refMatches(target, changedTitle)).toBe(true);
      expect(setup.filter((t) => refMatches(target, t.title)).map((t) => t.title)).toEqual([changedTitle]);
    }

    const wanted = want.task ?? {};
    const before = setup.find((t) => t.title === changedTitle);
    switch (want.intent) {
      case 'complete':
      case 'reopen':
      case 'delete':
      case 'snooze':
        expect(last.intent).toBe(want.intent);
        return;
      case 'update':
        break;
      default:
        throw new Error(`no judgement for ${JSON.stringify(want)}`);
    }
    if (wanted.recurrence === null) {
      // The corpus's "update with recurrence null" is the parser's stop_repeating.
      expect(last.intent).toBe('stop_repeating');
      return;
    }
    expect(last.intent).toBe('update');
    if (last.intent !== 'update') return;
    const { changes } = last;
    if (wanted.priority) expect(changes.priority).toBe(wanted.priority);
    if (Array.isArray(wanted.tags) && c.turns.length === 1) {
      const had = new Set(before?.tags ?? []);
      const want = new Set(wanted.tags);
      expect(new Set(changes.addTags ?? [])).toEqual(new Set([...want].filter((t) => !had.has(t))));
      expect(new Set(changes.removeTags ?? [])).toEqual(new Set([...had].filter((t) => !want.has(t))));
    }
    if (typeof wanted.due === 'string') {
      // No time said: the date is the message's, the time of day is the service's to keep.
      expect(changes.due).toBeTruthy();
      expect(localMinute(new Date(changes.due!.at), timeZone).slice(0, 10)).toBe(wanted.due.slice(0, 10));
      expect(changes.due!.hasTime).toBe(false);
    }
  });
});
