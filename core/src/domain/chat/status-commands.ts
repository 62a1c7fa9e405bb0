/**
 * Complete, reopen and delete, in the many ways people say them ("done with X", "X is done", "i called
 * mom", "mark X as not done", "get rid of X"). Reopen is tried before complete because "not done" ends
 * in "done". Forms that start with the task's words are skipped for list questions ("what's done?").
 */
import type { Intent, TaskRef } from './intent.js';
import { LIST_LEAD } from './list-query.js';
import { isPastTense, parseTaskRef, presentTense } from './task-ref.js';

type Kind = 'complete' | 'reopen' | 'delete';
/** [pattern, kind, whether the pattern starts with the task's words]. */
type Form = [RegExp, Kind, boolean];

const DONE_WORD =
  '(?:done|complete|completed|finished|checked(?:\\s+off)?|ticked(?:\\s+off)?|crossed\\s+off|off|over|sorted(?:\\s+out)?|handled|taken\\s+care\\s+of|dealt\\s+with)';
const NOT_DONE =
  '(?:not\\s+(?:yet\\s+)?(?:done|complete|completed|finished)(?:\\s+yet)?|undone|incomplete|uncompleted|unfinished|open|pending|active|to\\s*-?\\s*do|not\\s+done\\s+yet|outstanding)';

const FORMS: Form[] = [
  [
    /^(?:reopen|re-open|unarchive|uncomplete|un-complete|uncheck|un-check|untick|unmark|un-mark|resurrect|revive|undo\s+(?:completing|complete|completion\s+of|finishing|the\s+completion\s+of|done\s+(?:on|for)))(?:\s+(.+))?$/i,
    'reopen',
    false,
  ],
  [
    new RegExp(
      `^(?:mark|set|make|put|move)\\s+(.+?)\\s+(?:as\\s+|back\\s+(?:to|as|in)\\s+|to\\s+)?${NOT_DONE}(?:\\s+again)?$`,
      'i',
    ),
    'reopen',
    false,
  ],
  [
    /^(.+?)\s+(?:is|was|are|were|'s)\s+(?:not|n't)\s+(?:actually\s+|really\s+)?(?:done|finished|complete|completed)(?:\s+yet|\s+after\s+all)?$/i,
    'reopen',
    true,
  ],
  [
    /^(.+?)\s+(?:isn'?t|wasn'?t|aren'?t)\s+(?:actually\s+|really\s+)?(?:done|finished|complete|completed)(?:\s+yet|\s+after\s+all)?$/i,
    'reopen',
    true,
  ],
  [
    /^i\s+(?:didn'?t|did\s+not|haven'?t|have\s+not|never)\s+(?:actually\s+|really\s+)?(?:finish|finished|complete|completed|do|done)\s+(.+?)(?:\s+(?:yet|after\s+all))?$/i,
    'reopen',
    false,
  ],
  [new RegExp(`^(?:mark|set|put)\\s+(.+?)\\s+(?:as\\s+|to\\s+)?${DONE_WORD}$`, 'i'), 'complete', false],
  [
    /^(?:check|tick|cross|mark|strike)\s+(.+?)\s+off(?:\s+(?:the|my)\s+(?:todo\s+|to-do\s+)?list)?$/i,
    'complete',
    false,
  ],
  [
    /^(?:complete|finish|close|check\s+off|tick\s+off|cross\s+off|cross\s+out|strike\s+(?:out|through)|mark\s+off|done\s+with|finished\s+with|completed|finished|done|wrap\s+up|i'?m\s+done\s+with|i\s+am\s+done\s+with|we'?re\s+done\s+with|accomplished|knock\s+out|knocked\s+out)(?:\s+(.+))?$/i,
    'complete',
    false,
  ],
  [
    new RegExp(
      `^(.+?)\\s+(?:is|are|was|were|'s|has\\s+been|have\\s+been|got|is\\s+now|are\\s+now|is\\s+all|are\\s+all|all)\\s+(?:all\\s+|now\\s+|finally\\s+|already\\s+)?${DONE_WORD}$`,
      'i',
    ),
    'complete',
    true,
  ],
  [
    /^(it|that|this|everything|all)'s\s+(?:all\s+|now\s+)?(?:done|complete|finished|sorted)$/i,
    'complete',
    true,
  ],
  [/^(.+?)\s+(?:(?:done|completed|finished|complete)(?:\s*[✓✔✅]+)?|[✓✔✅]+)$/iu, 'complete', true],
  [
    /^(?:delete|remove|erase|trash|drop|cancel|scrap|scratch|discard|get\s+rid\s+of|forget(?:\s+about)?|throw\s+(?:away|out)|bin|kill|nuke|ditch|eliminate|wipe|purge|junk|toss)\s+(.+)$/i,
    'delete',
    false,
  ],
  [/^(.+?)\s+(?:can|should)\s+(?:be\s+)?(?:deleted|removed|go|be\s+cancell?ed)$/i, 'delete', true],
];

const I_DID =
  /^(?:i(?:'ve|\s+have)?\s+)?(?:already\s+|just\s+|finally\s+|also\s+)?(?:did|done|finished|completed|took\s+care\s+of|handled|dealt\s+with)\s+(.+)$/i;
const I_VERBED =
  /^(?:i(?:'ve|\s+have)?\s+|just\s+|already\s+)(?:already\s+|just\s+|finally\s+|also\s+)?([a-z]+)\s+(.+)$/i;
const NOT_COMPLETION =
  /^(?:missed|skipped|forgot|postponed|delayed|moved|rescheduled|started|wanted|needed|added|deleted|removed|created|tried|failed|asked|wondered|changed|decided|hoped|planned|noticed|realized|realised|learned|learnt|heard|said|told|thought|meant|got|had|put|set|made|saw)$/i;

/** The complete/reopen/delete intent `text` says, or null. */
export function parseStatusCommand(text: string): Intent | null {
  const question = LIST_LEAD.test(text);
  const bare =
    /^(?:done|finished|completed|complete|did\s+it|i\s+did\s+it|all\s+done|that'?s\s+done|it'?s\s+done|check|✓|✔|✅)$/i;
  if (bare.test(text)) return { intent: 'complete', target: { by: 'last' } };
  for (const [form, kind, leading] of FORMS) {
    if (leading && question) continue;
    const m = form.exec(text);
    if (!m) continue;
    const words = m[1];
    const target: TaskRef | null =
      words === undefined ? (kind === 'delete' ? null : { by: 'last' }) : parseTaskRef(words);
    if (target) return { intent: kind, target };
  }
  if (question) return null;
  const did = I_DID.exec(text);
  if (did?.[1] !== undefined) {
    const target = parseTaskRef(did[1]);
    if (target) return { intent: 'complete', target };
  }
  const verbed = I_VERBED.exec(text);
  if (
    verbed?.[1] !== undefined &&
    verbed[2] !== undefined &&
    isPastTense(verbed[1]) &&
    !NOT_COMPLETION.test(verbed[1])
  ) {
    const object = parseTaskRef(verbed[2]);
    if (object?.by === 'title')
      return {
        intent: 'complete',
        target: { by: 'title', text: `${presentTense(verbed[1])} ${object.text}` },
      };
    if (object) return { intent: 'complete', target: object };
  }
  return null;
}
