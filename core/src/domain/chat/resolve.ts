import type { Task } from '@todo/contracts';
import type { ConversationState } from './conversation-state.js';
import type { TaskRef } from './intent.js';

/** The most choices a question offers; more matches than that ask the user to say more. */
export const MAX_CHOICES = 5;

/** Which tasks a reference means: some (by id), several that one could mean (ask), or none. */
export type Resolution =
  { kind: 'tasks'; ids: string[] } | { kind: 'ambiguous'; choices: Task[] } | { kind: 'none'; said: string };

/**
 * Resolves a reference the conversation answers ("it", "the second one", "both"); null for a title,
 * which needs a search.
 */
export function resolveFromContext(ref: TaskRef, state: ConversationState): Resolution | null {
  switch (ref.by) {
    case 'title':
      return null;
    case 'position': {
      const id = state.shown[ref.index - 1];
      return id ? { kind: 'tasks', ids: [id] } : { kind: 'none', said: `number ${ref.index}` };
    }
    case 'last': {
      // "it" after a list of one means that one.
      const ids = state.touched.length ? state.touched : state.shown.length === 1 ? state.shown : [];
      return ids.length ? { kind: 'tasks', ids } : { kind: 'none', said: 'it' };
    }
    case 'shown':
      return state.shown.length ? { kind: 'tasks', ids: state.shown } : { kind: 'none', said: 'them' };
    case 'id':
      // Whether it is the user's task is for the use case to say (another user's is "not found").
      return { kind: 'tasks', ids: [ref.id] };
  }
}

const normalize = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Picks what a title reference means among the tasks a search found for it: the one whose title is exactly
 * what was said, else the only match, else a question. Never a guess: two matches that are equally good
 * are both offered.
 */
export function pickByTitle(said: string, candidates: Task[]): Resolution {
  const wanted = normalize(said);
  const exact = candidates.filter((task) => normalize(task.title) === wanted);
  if (exact.length === 1) return { kind: 'tasks', ids: [exact[0]!.id] };
  const pool = exact.length > 1 ? exact : candidates;
  if (pool.length === 1) return { kind: 'tasks', ids: [pool[0]!.id] };
  if (pool.length === 0) return { kind: 'none', said };
  return { kind: 'ambiguous', choices: pool.slice(0, MAX_CHOICES) };
}
