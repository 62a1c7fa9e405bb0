/**
 * Changes to an existing task: move (due), priority, tags, rename, description, reminders, recurrence, removing the
 * due date, and "stop repeating" (its own intent). Each form names the task somewhere; the words there
 * go through `parseTaskRef`, and a form said without one ("make it high priority", "remind me 30
 * minutes before") means the task last touched.
 *
 * A new due date keeps `hasTime: false` when no time was said: keeping the task's time of day is the
 * service's job ("move write report to friday" keeps 09:00).
 */
import type { Priority } from '@todo/contracts';
import { startOfDay } from '@todo/time';
import type { Intent, TaskChanges, TaskRef } from './intent.js';
import { tidy, unquote } from './lexicon.js';
import { LIST_LEAD } from './list-query.js';
import { PRIORITY_WORD, priorityLevel } from './priority-phrases.js';
import { findRecurrence } from './recurrence-phrases.js';
import { findReminderList } from './reminder-phrases.js';
import { splitTags } from './tag-phrases.js';
import { parseTaskRef } from './task-ref.js';
import { compileRecurrence, dueOf, findDue, firstOccurrence, readWhen, type ParseContext } from './when.js';
import { cleanTitle } from './add.js';

type Form = [RegExp, (m: RegExpExecArray, context: ParseContext) => Intent | null];

const LAST: TaskRef = { by: 'last' };
const PW = `(${PRIORITY_WORD}|critical|not\\s+urgent|unimportant)`;
const TAGS = '(#?[\\p{L}][^]*?)';

/** The task named by `words`, or the last one when nothing names it. */
function refOr(words: string | undefined): TaskRef | null {
  if (words === undefined || !tidy(words)) return LAST;
  return parseTaskRef(tidy(words));
}

function update(target: TaskRef | null, changes: TaskChanges): Intent | null {
  return target && Object.keys(changes).length > 0 ? { intent: 'update', target, changes } : null;
}

function level(word: string | undefined): Priority | null {
  if (word === undefined) return null;
  const w = word.toLowerCase().replace(/\s+/g, ' ');
  if (w === 'not urgent' || w === 'unimportant') return 'low';
  return priorityLevel(w);
}

const STOP_REPEATING: Form[] = [
  [
    /^(?:stop|end|cancel|quit|disable|turn\s+off|pause)\s+(?:the\s+)?(?:repeating|recurring|recurrence|repetitions?|repeats?|schedule)(?:\s+(?:of|for|on))?(?:\s+(.+))?$/i,
    (m) => stop(m[1]),
  ],
  [/^(?:stop|prevent)\s+(.+?)\s+(?:from\s+)?(?:repeating|recurring)$/i, (m) => stop(m[1])],
  [/^(?:don'?t|do\s+not|no\s+longer|never)\s+repeat\s+(.+)$/i, (m) => stop(m[1])],
  [
    /^(?:make|set|turn)\s+(.+?)\s+(?:into\s+)?(?:to\s+)?(?:not\s+(?:repeat|recur)(?:ring|ing)?|non-?recurring|non-?repeating|(?:a\s+)?one-?(?:off|time)(?:\s+task)?|no\s+longer\s+(?:repeat|recur)(?:ring|ing)?)$/i,
    (m) => stop(m[1]),
  ],
  [
    /^(.+?)\s+(?:should(?:n'?t|\s+not|\s+no\s+longer)|does(?:n'?t|\s+not)\s+need\s+to|need(?:s)?\s+not|won'?t|will\s+not)\s+(?:repeat|recur)(?:\s+any\s*more)?$/i,
    (m) => stop(m[1]),
  ],
  [
    /^(?:remove|delete|clear|drop)\s+(?:the\s+)?(?:recurrence|repeat|repetition|recurring\s+rule|repeat\s+rule)(?:\s+(?:from|of|on|for)\s+(.+))?$/i,
    (m) => stop(m[1]),
  ],
  [
    /^no\s+more\s+(?:repeats|repeating|repetition|recurrence)(?:\s+(?:for|on|of)\s+(.+))?$/i,
    (m) => stop(m[1]),
  ],
];

function stop(words: string | undefined): Intent | null {
  const target = refOr(words);
  return target ? { intent: 'stop_repeating', target } : null;
}

const CLEAR_DUE: Form[] = [
  [
    /^(?:remove|clear|delete|drop|unset|take\s+off|get\s+rid\s+of|erase)\s+(?:the\s+)?(?:due\s+dates?|deadlines?|due\s+times?|due|dates?)(?:\s+(?:from|of|for|on)\s+(.+))?$/i,
    (m) => update(refOr(m[1]), { due: null }),
  ],
  [
    /^no\s+(?:due\s+date|deadline|date)(?:\s+(?:for|on)\s+(.+))?$/i,
    (m) => update(refOr(m[1]), { due: null }),
  ],
  [
    /^(.+?)\s+(?:has|needs|should\s+have|gets)\s+no\s+(?:due\s+date|deadline|date)$/i,
    (m) => update(refOr(m[1]), { due: null }),
  ],
  [
    /^(?:make|set|leave)\s+(.+?)\s+(?:undated|unscheduled|without\s+(?:a\s+)?(?:due\s+date|deadline|date)|with\s+no\s+(?:due\s+date|deadline))$/i,
    (m) => update(refOr(m[1]), { due: null }),
  ],
  [/^unschedule(?:\s+(.+))?$/i, (m) => update(refOr(m[1]), { due: null })],
];

const REMINDERS: Form[] = [
  [
    /^(?:remove|clear|delete|drop|turn\s+off|disable|cancel|stop)\s+(?:all\s+)?(?:the\s+)?(?:reminders?|alerts?|notifications?)(?:\s+(?:from|of|for|on|about)\s+(.+))?$/i,
    (m) => update(refOr(m[1]), { reminders: [] }),
  ],
  [
    /^no\s+(?:more\s+)?reminders?(?:\s+(?:for|on|about)\s+(.+))?$/i,
    (m) => update(refOr(m[1]), { reminders: [] }),
  ],
  [
    /^(?:don'?t|do\s+not)\s+remind\s+me(?:\s+(?:about|of)\s+(.+?))?(?:\s+any\s*more)?$/i,
    (m) => update(refOr(m[1]), { reminders: [] }),
  ],
  [
    /^(?:remind\s+me|ping\s+me|alert\s+me|notify\s+me|warn\s+me|(?:set|add|create|put)\s+(?:a\s+|an\s+)?(?:reminders?|alerts?)|reminders?|alerts?)\b(.*)$/i,
    (m) => {
      const said = findReminderList(` ${m[1] ?? ''} `);
      if (!said) return null;
      const words = tidy(said.rest).replace(/^(?:about|of|for|on|to|re)\s+/i, '');
      return update(refOr(words), { reminders: said.minutes });
    },
  ],
];

const TAG_FORMS: Form[] = [
  [
    new RegExp(`^(?:tag|label)\\s+(.+?)\\s+(?:with|as|under)\\s+${TAGS}$`, 'iu'),
    (m) => tagged(m[1], m[2], 'addTags'),
  ],
  [/^(?:tag|label)\s+(.+?)\s+((?:#\p{L}\S*[\s,]*(?:and\s+)?)+)$/iu, (m) => tagged(m[1], m[2], 'addTags')],
  [
    new RegExp(
      `^(?:tag|label)\\s+(it|this|that|them|both|all\\s+of\\s+them|these|those|the\\s+\\S+\\s+one)\\s+${TAGS}$`,
      'iu',
    ),
    (m) => tagged(m[1], m[2], 'addTags'),
  ],
  [
    new RegExp(
      `^(?:add|put|attach|apply)\\s+(?:the\\s+|a\\s+)?(?:tags?|labels?)\\s+${TAGS}\\s+(?:to|on|onto)\\s+(.+)$`,
      'iu',
    ),
    (m) => tagged(m[2], m[1], 'addTags'),
  ],
  [
    new RegExp(
      `^(?:add|put|attach|apply)\\s+(?:the\\s+|a\\s+|an\\s+)?${TAGS}\\s+(?:tag|label)s?\\s+(?:to|on|onto)\\s+(.+)$`,
      'iu',
    ),
    (m) => tagged(m[2], m[1], 'addTags'),
  ],
  [
    /^(?:add|put|attach)\s+((?:#\p{L}\S*[\s,]*(?:and\s+)?)+?)\s*(?:to|on|onto)\s+(.+)$/iu,
    (m) => tagged(m[2], m[1], 'addTags'),
  ],
  [
    new RegExp(
      `^(?:remove|delete|drop|take\\s+off|take|strip)\\s+(?:the\\s+)?(?:tags?|labels?)\\s+${TAGS}\\s+(?:from|off(?:\\s+of)?)\\s+(.+)$`,
      'iu',
    ),
    (m) => tagged(m[2], m[1], 'removeTags'),
  ],
  [
    new RegExp(
      `^(?:remove|delete|drop|take|strip)\\s+(?:the\\s+)?${TAGS}\\s+(?:tags?|labels?)\\s+(?:from|off(?:\\s+of)?)\\s+(.+)$`,
      'iu',
    ),
    (m) => tagged(m[2], m[1], 'removeTags'),
  ],
  [
    /^(?:remove|delete|drop|take|strip)\s+((?:#\p{L}\S*[\s,]*(?:and\s+)?)+?)\s*(?:from|off(?:\s+of)?)\s+(.+)$/iu,
    (m) => tagged(m[2], m[1], 'removeTags'),
  ],
  [
    /^(?:remove|take)\s+(\p{L}[\p{L}\p{N}_-]*)\s+(?:from|off(?:\s+of)?)\s+(?!(?:my|the)\s+(?:\S+\s+)?list$)(.+)$/iu,
    (m) => tagged(m[2], m[1], 'removeTags'),
  ],
  [new RegExp(`^untag\\s+${TAGS}\\s+from\\s+(.+)$`, 'iu'), (m) => tagged(m[2], m[1], 'removeTags')],
  [/^untag\s+(.+?)\s+((?:#\p{L}\S*[\s,]*(?:and\s+)?)+)$/iu, (m) => tagged(m[1], m[2], 'removeTags')],
  [
    new RegExp(`^(?:remove|delete|drop)\\s+(?:the\\s+)?${TAGS}\\s+(?:tags?|labels?)$`, 'iu'),
    (m) => tagged(undefined, m[1], 'removeTags'),
  ],
  [
    new RegExp(`^(?:remove|delete|drop)\\s+(?:the\\s+)?(?:tags?|labels?)\\s+${TAGS}$`, 'iu'),
    (m) => tagged(undefined, m[1], 'removeTags'),
  ],
  [/^(?:tag|label)\s+(.+)\s+(#?\p{L}[\p{L}\p{N}_-]*)$/iu, (m) => tagged(m[1], m[2], 'addTags')],
];

function tagged(
  refWords: string | undefined,
  tagWords: string | undefined,
  key: 'addTags' | 'removeTags',
): Intent | null {
  const tags = splitTags(tagWords ?? '');
  if (tags.length === 0) return null;
  return update(refOr(refWords), { [key]: tags });
}

const RENAME: Form[] = [
  [/^(?:rename|retitle|relabel|reword)\s+(.+?)\s+(?:to|as|into)\s+(.+)$/i, (m) => renamed(m[1], m[2])],
  [
    /^(?:change|set|update|edit|make)\s+(?:the\s+)?(?:title|name|text|wording)(?:\s+(?:of|for|on)\s+(.+?))?\s+(?:to|into)\s+(.+)$/i,
    (m) => renamed(m[1], m[2]),
  ],
  [/^(?:change|set|update|edit)\s+(.+?)'s?\s+(?:title|name)\s+to\s+(.+)$/i, (m) => renamed(m[1], m[2])],
  [/^(?:rename|call|retitle)\s+(it|this|that|this\s+one|that\s+one)\s+(.+)$/i, (m) => renamed(m[1], m[2])],
];

function renamed(refWords: string | undefined, title: string | undefined): Intent | null {
  const clean = cleanTitle(unquote(title ?? ''));
  return clean ? update(refOr(refWords), { title: clean }) : null;
}

const DESCRIPTION: Form[] = [
  [
    /^(?:set|change|update|edit|make|write)\s+(?:the\s+)?(?:description|notes?|details)(?:\s+(?:of|for|on)\s+(.+?))?\s+(?:to|as)\s+(.+)$/is,
    (m) => described(m[1], m[2]),
  ],
  [/^describe\s+(.+?)\s+as\s+(.+)$/is, (m) => described(m[1], m[2])],
  [
    /^(?:remove|clear|delete|drop)\s+(?:the\s+)?(?:description|notes?|details)(?:\s+(?:of|from|on|for)\s+(.+))?$/i,
    (m) => described(m[1], ''),
  ],
];

/** The description as said, case and line breaks kept; empty clears it. */
function described(refWords: string | undefined, text: string | undefined): Intent | null {
  return update(refOr(refWords), { description: unquote((text ?? '').trim()) });
}

const PRIORITY: Form[] = [
  [
    new RegExp(
      `^(?:make|set|mark|change|flag|put|turn|bump|move|update)\\s+(.+?)\\s+(?:(?:as|to|at|a|an|into|up\\s+to|down\\s+to)\\s+)*${PW}[\\s-]+(?:priority|prio)$`,
      'i',
    ),
    (m) => prioritized(m[1], m[2]),
  ],
  [
    new RegExp(
      `^(?:make|set|mark|flag)\\s+(.+?)\\s+(?:as\\s+)?(urgent|important|critical|not\\s+urgent|unimportant)$`,
      'i',
    ),
    (m) => prioritized(m[1], m[2]),
  ],
  [
    new RegExp(
      `^(?:set|change|make|update|put|switch)\\s+(?:the\\s+)?(?:priority|prio)(?:\\s+(?:of|for|on)\\s+(.+?))?\\s+(?:to|as|at)\\s+${PW}(?:\\s+priority)?$`,
      'i',
    ),
    (m) => prioritized(m[1], m[2]),
  ],
  [
    new RegExp(`^(?:set|change|make|update)\\s+(.+?)(?:'s)?\\s+priority\\s+(?:to\\s+)?${PW}$`, 'i'),
    (m) => prioritized(m[1], m[2]),
  ],
  [new RegExp(`^give\\s+(.+?)\\s+(?:a\\s+)?${PW}\\s+priority$`, 'i'), (m) => prioritized(m[1], m[2])],
  [/^(?:prioriti[sz]e|bump\s+up|escalate|upgrade)(?:\s+(.+))?$/i, (m) => prioritized(m[1], 'high')],
  [
    /^(?:deprioriti[sz]e|de-prioriti[sz]e|downgrade|lower\s+the\s+priority\s+of)(?:\s+(.+))?$/i,
    (m) => prioritized(m[1], 'low'),
  ],
  [
    new RegExp(`^(.+?)\\s+(?:is|should\\s+be|'s)\\s+(?:now\\s+)?(?:a\\s+)?${PW}[\\s-]+priority$`, 'i'),
    (m) => prioritized(m[1], m[2]),
  ],
  [
    /^(.+?)\s+(?:is|'s)\s+(?:now\s+|really\s+)?(urgent|important|not\s+urgent)$/i,
    (m) => prioritized(m[1], m[2]),
  ],
  [
    /^(?:remove|clear|reset)\s+(?:the\s+)?priority(?:\s+(?:of|from|on)\s+(.+))?$/i,
    (m) => prioritized(m[1], 'none'),
  ],
  [
    /^(?:raise|increase|bump\s+up|up)\s+(?:the\s+)?priority(?:\s+(?:of|on|for)\s+(.+))?$/i,
    (m) => prioritized(m[1], 'high'),
  ],
  [
    /^(?:lower|decrease|reduce|drop)\s+(?:the\s+)?priority(?:\s+(?:of|on|for)\s+(.+))?$/i,
    (m) => prioritized(m[1], 'low'),
  ],
  [
    /^(?:set|change|make|switch|put)\s+(.+?)\s+to\s+(high|medium|low|urgent)$/i,
    (m) => prioritized(m[1], m[2]),
  ],
];

function prioritized(refWords: string | undefined, word: string | undefined): Intent | null {
  const priority = level(word);
  return priority ? update(refOr(refWords), { priority }) : null;
}

const MOVE_VERB =
  '(?:move|reschedule|push|shift|postpone|defer|delay|bump|change|put|set|switch|update|make)';
const MOVE = new RegExp(`^${MOVE_VERB}\\s+(.+)$`, 'i');
const DUE_FIELD = new RegExp(
  `^(?:change|set|update|move|make|put)\\s+(?:the\\s+)?(?:due\\s+dates?|deadlines?|due\\s+times?|dates?|times?|due)(?:\\s+(?:of|for|on)\\s+(.+?))?\\s+(?:to|for|as|on)\\s+(.+)$`,
  'i',
);
const DUE_SAID = [
  /^(?:make|set)\s+(.+?)\s+due\s+(.+)$/i,
  /^(.+?)\s+(?:is|should\s+be|'s)\s+(?:now\s+|actually\s+)?due\s+(.+)$/i,
  /^(?:due)\s+(.+)$/i,
];

/** "move X to friday": the ref is everything before the last connective whose tail is a date. */
function moved(text: string, context: ParseContext): Intent | null {
  const field = DUE_FIELD.exec(text);
  if (field?.[2] !== undefined) {
    const due = wholeDate(field[2], context);
    if (due) return update(refOr(field[1]), { due });
  }
  for (const form of DUE_SAID) {
    const m = form.exec(text);
    if (!m) continue;
    const [refWords, when] = m.length > 2 ? [m[1], m[2]] : [undefined, m[1]];
    const due = when === undefined ? null : wholeDate(when, context);
    if (due) return update(refOr(refWords), { due });
  }
  const m = MOVE.exec(text);
  if (!m?.[1]) return null;
  const body = m[1];
  const connective = /\s+(?:to|till|until|for|on|at|into|over\s+to|back\s+to|out\s+to)\s+/gi;
  for (const c of body.matchAll(connective)) {
    const due = wholeDate(body.slice(c.index + c[0].length), context);
    if (due) return update(refOr(body.slice(0, c.index)), { due });
  }
  return null;
}

/** The Due `text` says when a date is all it says; null otherwise. */
function wholeDate(text: string, context: ParseContext): TaskChanges['due'] | null {
  const found = findDue(` ${text} `, context);
  if (!found || tidy(found.rest).replace(/^(?:the|instead|then|please)$/i, '')) return null;
  return dueOf(found.when);
}

const REPEAT_FORMS = [
  /^(?:make|set|have|let|get|turn)\s+(.+?)\s+(?:to\s+)?(?:(?:repeat|recur)s?|be\s+recurring|be\s+repeating|into\s+a\s+recurring\s+task|recurring|repeating)\s+(.+)$/i,
  /^(.+?)\s+(?:should|must|needs?\s+to|will|has\s+to)\s+(?:repeat|recur|happen)\s+(.+)$/i,
];

/** "make it repeat every week", "repeat gym daily", "make standup weekly". */
function repeated(text: string, context: ParseContext): Intent | null {
  let refWords: string | undefined;
  let said: string | undefined;
  for (const form of REPEAT_FORMS) {
    const m = form.exec(text);
    if (m) {
      refWords = m[1];
      said = m[2];
      break;
    }
  }
  if (said === undefined) {
    const lead = /^(?:repeat|recur|make|set|turn|change)\s+(.+)$/i.exec(text);
    if (!lead?.[1]) return null;
    said = lead[1];
  }
  const found = findRecurrence(` ${said} `);
  if (!found) return null;
  let rest = found.rest;
  let until: Date | null = null;
  if (found.untilText !== undefined) {
    const end = readWhen(found.untilText, context);
    if (!end || end.index > 1) return null;
    until = end.hasTime ? end.at : new Date(startOfDay(end.at, context.timeZone, 1).getTime() - 1000);
    rest += ` ${found.untilText.slice(end.index + end.text.length)}`;
  }
  const compiled = compileRecurrence(found, until);
  if (!compiled) return null;
  const dueMatch = findDue(rest, context);
  if (dueMatch) rest = dueMatch.rest;
  const words = tidy(rest.replace(/\b(?:into|a|recurring|repeating|task|to|repeat|recur)\b/gi, ' '));
  // "make standup weekly" is an update; "make dinner every day at 7" reads as a new task, not this.
  if (refWords === undefined && dueMatch && !/^(?:repeat|recur)/i.test(text)) return null;
  const target = refWords !== undefined ? refOr(refWords) : words ? parseTaskRef(words) : LAST;
  const changes: TaskChanges = { recurrence: compiled.recurrence };
  if (dueMatch) {
    const due = firstOccurrence(compiled.rule, dueMatch, context);
    if (due) changes.due = due;
  }
  return update(target, changes);
}

/**
 * The update (or stop_repeating) intent `text` says, or null when it is not a change to a task.
 * Forms that start with the task's words ("X is high priority") are skipped for list questions.
 */
export function parseUpdate(text: string, context: ParseContext): Intent | null {
  const question = LIST_LEAD.test(text);
  for (const group of [STOP_REPEATING, CLEAR_DUE, REMINDERS, TAG_FORMS, DESCRIPTION, RENAME, PRIORITY]) {
    for (const [form, build] of group) {
      const m = form.exec(text);
      if (!m) continue;
      if (question && /^\^\(\.\+\?\)/.test(form.source)) continue;
      const intent = build(m, context);
      if (intent) return intent;
    }
  }
  if (!question) {
    const move = moved(text, context);
    if (move) return move;
  }
  const repeat = repeated(text, context);
  if (repeat) return repeat;
  // "change write report to final report": not a date, priority or rule, so the new title.
  const change = /^change\s+(.+?)\s+(?:to|into)\s+(.+)$/i.exec(text);
  return change && !question ? renamed(change[1], change[2]) : null;
}
