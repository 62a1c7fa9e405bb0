/**
 * Priority as said in a task: "high priority", "priority: low", "!high", "!!!", "p1", a leading
 * "urgent:" or a trailing ", urgent". A bare "urgent" inside a title ("fix urgent bug") stays title:
 * only the forms above are taken as a priority.
 */
import type { Priority } from '@todo/contracts';
import { cut } from './lexicon.js';

/** Words that name a priority level. */
export const PRIORITY_WORD =
  '(?:high(?:est)?|top|medium|med|mid|normal|moderate|low(?:est)?|no|none|urgent|important)';

/** "highest" → 'high'; null for a word that is not a level. */
export function priorityLevel(word: string): Priority | null {
  const w = word.toLowerCase();
  if (/^(?:high(?:est)?|top|urgent|important|critical|!!!|p1)$/.test(w)) return 'high';
  if (/^(?:medium|med|mid|normal|moderate|!!|p2)$/.test(w)) return 'medium';
  if (/^(?:low(?:est)?|!|p3)$/.test(w)) return 'low';
  if (/^(?:no|none|p4)$/.test(w)) return 'none';
  return null;
}

const FORMS: RegExp[] = [
  new RegExp(
    `(?:^|\\s|,)((?:with\\s+|at\\s+)?(?:a\\s+)?(${PRIORITY_WORD})[\\s-]+(?:priority|prio|pri)\\b)`,
    'i',
  ),
  new RegExp(`(?:^|\\s|,)((?:with\\s+)?(?:priority|prio|pri)\\s*[:=]?\\s*(${PRIORITY_WORD}|p[1-4])\\b)`, 'i'),
  new RegExp(`(?:^|\\s|,)(!(${PRIORITY_WORD}|p[1-4]))(?=$|[\\s,.;])`, 'i'),
  /(?:^|\s|,)(\b(p[1-4]))(?=$|[\s,.;])/i,
  /(?:^|\s)((!{1,3}))(?=$|[\s,.;])/,
  /^\s*((urgent|important|asap|critical)\s*[:!-])/i,
  /^\s*((urgent|asap))(?=\s)/i,
  /(?:,|\s-|\()\s*((urgent|important|asap|critical)\)?!*)\s*$/i,
  /(\b(asap))\b/i,
];

export interface PriorityMatch {
  priority: Priority;
  rest: string;
}

/** The first priority phrase in `text`, and the text without it. */
export function findPriority(text: string): PriorityMatch | null {
  for (const form of FORMS) {
    const m = form.exec(text);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    const word = m[2].toLowerCase() === 'asap' ? 'high' : m[2];
    const priority = priorityLevel(word);
    if (!priority) continue;
    const index = m.index + m[0].indexOf(m[1]);
    return { priority, rest: cut(text, index, m[1].length) };
  }
  return null;
}
