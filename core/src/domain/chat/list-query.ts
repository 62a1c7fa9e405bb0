/**
 * List, filter, sort and search requests as the REST query of GET /api/v1/tasks ("show work tasks due
 * this week sorted by priority" → {tags: 'work', due: 'week', sort: 'priority', order: 'desc'}).
 * Each filter phrase is cut out in turn; words left after "search"/"find" or after "with"/"about"
 * become the full-text `q`, and a leftover word before "tasks" ("work tasks") is a tag.
 *
 * Only what the message says is set, with two conventions: a request that names nothing ("show my
 * tasks") is {status: 'open'}; a sort without a direction is desc for priority, created ("newest")
 * and updated, asc for due and title. "tomorrow", "next week", "due before friday" become
 * dueFrom/dueTo (instants, inclusive) computed with @todo/time.
 */
import { startOfDay, toFloating } from '@todo/time';
import type { ListQuery } from './intent.js';
import { cut, tidy } from './lexicon.js';
import { PRIORITY_WORD, priorityLevel } from './priority-phrases.js';
import { splitTags, TAG_WORD } from './tag-phrases.js';
import { readWhen, type ParseContext } from './when.js';

/** Verbs that open a list request; search verbs make the leftover words the query text. */
export const LIST_LEAD =
  /^(?:(?:can|could|would|will)\s+you\s+|please\s+|(?:i\s+)?(?:want|wanna|need|would\s+like|'d\s+like)\s+to\s+)?(?:(search(?:\s+(?:for|through|my\s+tasks\s+for))?|look\s+(?:up|for)|find(?:\s+me)?|grep|filter(?:\s+(?:for|by))?)|(show|list|display|view|see|get|give|tell|pull\s+up|bring\s+up|let\s+me\s+see|what(?:'s|s|\s+is|\s+are|\s+do|\s+have|\s+else)?|which|do\s+i\s+have|have\s+i\s+got|is\s+there|are\s+there|any|anything|how\s+many|sort|order|whats))(?=\s|$|[?!.,])/i;

const FILLER = new Set(
  `show list display view see get give tell pull bring let up me my all the a an of tasks task todos todo to-do
  to-dos items item things thing stuff ones one everything anything something what what's whats is are was were do
  does i have got any which that there please can could would will you for in on from due and or with by it its
  now currently right how many else left most very really super top still still, sorted sort ordered order list, need should must tasks?`.split(
    /\s+/,
  ),
);

interface Found {
  query: ListQuery;
  rest: string;
}

type Step = (found: Found, context: ParseContext) => void;

const SORT_FIELD: [RegExp, string][] = [
  [/^(?:due|due\s+dates?|deadlines?|dates?|when\s+(?:it'?s|they'?re)\s+due)$/i, 'due'],
  [/^(?:priority|priorities|importance|urgency)$/i, 'priority'],
  [
    /^(?:created|creation(?:\s+(?:date|time))?|date\s+(?:added|created)|when\s+(?:added|created)|age|added)$/i,
    'created',
  ],
  [
    /^(?:updated|last\s+updated|updates?|update\s+time|modified|(?:last\s+)?modification(?:\s+date)?|last\s+changed|changed)$/i,
    'updated',
  ],
  [/^(?:title|titles|name|names|alphabet|alphabetical(?:ly)?|a-z)$/i, 'title'],
];
const DEFAULT_ORDER: Record<string, string> = {
  due: 'asc',
  priority: 'desc',
  created: 'desc',
  updated: 'desc',
  title: 'asc',
};

const SORT_BY =
  /(?:,\s*)?(?:sorted|sort(?:ed)?\s+them|sort|ordered|order(?:ed)?\s+them|order|arranged|arrange\s+them|ranked|rank(?:ed)?)\s+(?:by\s+|on\s+)(?:the\s+)?(due\s+dates?|due|deadlines?|dates?|priorit(?:y|ies)|importance|urgency|creation(?:\s+(?:date|time))?|date\s+(?:added|created)|created|age|last\s+updated|updated|update\s+time|modified|last\s+modification|modification(?:\s+date)?|titles?|names?|alphabet(?:ical(?:ly)?)?)(?=$|[\s,.;!?])/i;
const BARE_BY =
  /(?:,\s*)?\bby\s+(?:the\s+)?(due\s+dates?|deadlines?|priority|importance|titles?|names?|creation\s+date|date\s+added|last\s+updated)(?=$|[\s,.;!?])/i;
const SORT_PHRASES: [RegExp, string, string][] = [
  [
    /(?:,\s*)?\b(?:newest|most\s+recent(?:ly\s+(?:added|created))?|latest|recent|youngest|last\s+added)\s+(?:ones?\s+)?(?:first|on\s+top)\b/i,
    'created',
    'desc',
  ],
  [
    /(?:,\s*)?\b(?:oldest|first\s+added|earliest\s+(?:added|created))\s+(?:ones?\s+)?(?:first|on\s+top)\b/i,
    'created',
    'asc',
  ],
  [
    /(?:,\s*)?\b(?:recently\s+(?:updated|changed|modified|edited)|last\s+(?:updated|changed|modified)\s+first)\b/i,
    'updated',
    'desc',
  ],
  [
    /(?:,\s*)?\b(?:highest|most\s+(?:important|urgent)|top|high)\s+(?:priority\s+)?(?:ones?\s+)?(?:first|on\s+top)\b/i,
    'priority',
    'desc',
  ],
  [
    /(?:,\s*)?\b(?:lowest|least\s+(?:important|urgent)|low)\s+(?:priority\s+)?(?:ones?\s+)?first\b/i,
    'priority',
    'asc',
  ],
  [
    /(?:,\s*)?\b(?:soonest|earliest|nearest|closest)(?:\s+(?:due(?:\s+date)?|deadline))?\s+(?:ones?\s+)?first\b|\bdue\s+soonest\b/i,
    'due',
    'asc',
  ],
  [
    /(?:,\s*)?\b(?:latest|furthest|farthest)\s+(?:due(?:\s+date)?|deadline)\s+(?:ones?\s+)?first\b/i,
    'due',
    'desc',
  ],
  [/(?:,\s*)?\b(?:alphabetically|in\s+alphabetical\s+order|a\s*(?:-|to)\s*z)\b/i, 'title', 'asc'],
  [/(?:,\s*)?\b(?:reverse\s+alphabetical(?:ly)?(?:\s+order)?|z\s*(?:-|to)\s*a)\b/i, 'title', 'desc'],
];
const DIRECTION =
  /(?:,\s*)?\b(?:in\s+)?(asc(?:ending)?|desc(?:ending)?|reversed?|in\s+reverse(?:\s+order)?|reverse\s+order)(?:\s+order)?\b/i;

const sortStep: Step = (found) => {
  let field: string | undefined;
  let order: string | undefined;
  for (const [pattern, f, o] of SORT_PHRASES) {
    const m = pattern.exec(found.rest);
    if (m) {
      field = f;
      order = o;
      found.rest = cut(found.rest, m.index, m[0].length);
      break;
    }
  }
  if (!field) {
    const m = SORT_BY.exec(found.rest) ?? BARE_BY.exec(found.rest);
    if (m?.[1] !== undefined) {
      field = SORT_FIELD.find(([pattern]) => pattern.test(m[1]!.trim()))?.[1];
      found.rest = cut(found.rest, m.index, m[0].length);
    }
  }
  if (!field) return;
  const direction = DIRECTION.exec(found.rest);
  if (direction?.[1] !== undefined && !order) {
    const d = direction[1].toLowerCase();
    const reverse = d.startsWith('rev') || d.startsWith('in');
    order = d.startsWith('asc')
      ? 'asc'
      : d.startsWith('desc')
        ? 'desc'
        : reverse
          ? flip(DEFAULT_ORDER[field]!)
          : undefined;
    found.rest = cut(found.rest, direction.index, direction[0].length);
  }
  found.query.sort = field;
  found.query.order = order ?? DEFAULT_ORDER[field] ?? 'asc';
};

const TAG_LIST = `(${TAG_WORD}(?:\\s*(?:,\\s*(?:and\\s+|or\\s+)?|\\s+and\\s+|\\s+or\\s+|\\s*&\\s*|\\s*/\\s*)${TAG_WORD})*)`;
const TAGGED = new RegExp(
  `(?:^|(?<=[\\s,(]))(?:that\\s+are\\s+|which\\s+are\\s+)?(?:tagged(?:\\s+(?:with|as))?|with\\s+(?:the\\s+)?tags?|having\\s+(?:the\\s+)?tags?|labell?ed|with\\s+(?:the\\s+)?labels?|in|under)\\s+(?:(both|either|all\\s+of|any\\s+of|one\\s+of)\\s+)?${TAG_LIST}(?:\\s+(?:tags?|labels?))?(?=$|[\\s,.;!?)])`,
  'iu',
);
const WITH_THE_TAG = new RegExp(
  `(?:^|(?<=[\\s,(]))(?:with\\s+)?the\\s+(${TAG_WORD})\\s+(?:tag|label)\\b`,
  'iu',
);
const HASH = /(?:^|(?<=[\s,(]))#(\p{L}[\p{L}\p{N}_\-/]*)/gu;

const tagStep: Step = (found) => {
  const m = TAGGED.exec(found.rest);
  if (m?.[2] !== undefined) {
    // "in"/"under" need a tag-like word, not "in the morning": only when not a filler word.
    const tags = splitTags(m[2]).filter((t) => !FILLER.has(t) && !/^(?:the|a|an)$/.test(t));
    const via = m[0].trimStart().split(/\s+/)[0]!.toLowerCase();
    if (tags.length > 0 && !((via === 'in' || via === 'under') && tags.length !== splitTags(m[2]).length)) {
      found.rest = cut(found.rest, m.index, m[0].length);
      setTags(found.query, tags, m[1], m[2]);
      return;
    }
  }
  const the = WITH_THE_TAG.exec(found.rest);
  if (the?.[1] !== undefined) {
    found.rest = cut(found.rest, the.index, the[0].length);
    setTags(found.query, splitTags(the[1]), undefined, the[1]);
    return;
  }
  const hashed: string[] = [];
  const before = found.rest;
  found.rest = found.rest.replace(HASH, (_all, tag: string) => {
    hashed.push(...splitTags(tag));
    return ' ';
  });
  if (hashed.length > 0)
    setTags(found.query, hashed, undefined, hashed.join(/#\S+\s+or\s+#/.test(before) ? ' or ' : ' and '));
};

function setTags(query: ListQuery, tags: string[], quantifier: string | undefined, said: string): void {
  if (tags.length === 0) return;
  query.tags = [...new Set(tags)].join(',');
  if (tags.length < 2) return;
  const q = quantifier?.toLowerCase() ?? '';
  if (/^(?:both|all)/.test(q)) query.tagMode = 'all';
  else if (/^(?:either|any|one)/.test(q)) query.tagMode = 'any';
  else if (/\b(?:or)\b|\//i.test(said)) query.tagMode = 'any';
  else if (/\band\b|&/i.test(said)) query.tagMode = 'all';
}

const PRIORITY_LIST = `(${PRIORITY_WORD}(?:\\s*(?:,\\s*(?:and\\s+|or\\s+)?|\\s+and\\s+|\\s+or\\s+|\\s*&\\s*|\\s*/\\s*)${PRIORITY_WORD})*)`;
const PRIORITY_FORMS = [
  new RegExp(
    `(?:^|(?<=[\\s,(]))(?:with\\s+|of\\s+|at\\s+)?(?:a\\s+)?${PRIORITY_LIST}[\\s-]+(?:priority|priorities|prio|pri)\\b`,
    'i',
  ),
  new RegExp(
    `(?:^|(?<=[\\s,(]))(?:with\\s+|of\\s+|at\\s+)?(?:a\\s+)?(?:priority|prio)\\s*(?:is\\s+|of\\s+|=|:)?\\s*${PRIORITY_LIST}\\b`,
    'i',
  ),
  /(?:^|(?<=[\s,(]))(urgent|important)(?=$|[\s,.;!?])/i,
  /(?:^|(?<=[\s,(]))(?:without|with\s+no|no)\s+(priority)\b/i,
];

const priorityStep: Step = (found) => {
  for (const [i, form] of PRIORITY_FORMS.entries()) {
    const m = form.exec(found.rest);
    if (m?.[1] === undefined) continue;
    const levels =
      i === 3
        ? ['none']
        : m[1]
            .split(/\s*(?:,|\band\b|\bor\b|&|\/)\s*|\s+/i)
            .map((w) => (w ? priorityLevel(w) : null))
            .filter((p): p is NonNullable<typeof p> => p !== null);
    if (levels.length === 0) continue;
    found.query.priority = [...new Set(levels)].join(',');
    found.rest = cut(found.rest, m.index, m[0].length);
    return;
  }
};

const STATUS_FORMS: [RegExp, string][] = [
  [
    /\b(?:including|incl\.?|with|plus|and)\s+(?:the\s+)?(?:done|completed|finished|closed)(?:\s+ones)?\b|\b(?:done|completed|finished)\s+(?:and|or|&|\+)\s+(?:open|not\s+done|pending|incomplete|undone)\b|\b(?:open|pending|incomplete)\s+(?:and|or|&|\+)\s+(?:done|completed|finished|closed)\b|\b(?:any|every|all)\s+status(?:es)?\b|\bregardless\s+of\s+status\b/i,
    'all',
  ],
  [
    /\b(?:not\s+(?:yet\s+)?(?:done|completed|finished)|undone|incomplete|unfinished|uncompleted|open|pending|remaining|outstanding|active|left\s+to\s+do|still\s+to\s+do|to\s+do|left|current)\b/i,
    'open',
  ],
  [
    /\b(?:done|completed|complete|finished|closed|checked\s+off|ticked\s+off|archived|i(?:'ve|\s+have)?\s+(?:done|completed|finished)|did)\b/i,
    'done',
  ],
];

const statusStep: Step = (found) => {
  for (const [form, status] of STATUS_FORMS) {
    const m = form.exec(found.rest);
    if (m) {
      found.query.status = status;
      found.rest = cut(found.rest, m.index, m[0].length);
      return;
    }
  }
};

const DUE_FORMS: [RegExp, string][] = [
  [/\b(?:over\s*due|past\s+due|late|behind(?:\s+schedule)?|missed|expired)\b/i, 'overdue'],
  [
    /\b(?:(?:with\s+)?(?:no|without(?:\s+an?)?|missing(?:\s+an?)?|lacking(?:\s+an?)?)\s+(?:due\s+dates?|deadlines?|dates?|due)|undated|unscheduled|not\s+scheduled|no\s+date\s+set|someday)\b/i,
    'none',
  ],
  [/\b(?:(?:due|for|on)\s+)?(?:today'?s?|tonight|this\s+(?:morning|afternoon|evening))\b/i, 'today'],
  [
    /\b(?:(?:due|for|in)\s+)?(?:this\s+week'?s?|within\s+(?:the\s+|a\s+)?week|the\s+(?:next|coming)\s+(?:7|seven)\s+days)\b/i,
    'week',
  ],
];

const dueStep: Step = (found, context) => {
  for (const [form, due] of DUE_FORMS) {
    const m = form.exec(found.rest);
    if (m) {
      found.query.due = due;
      found.rest = cut(found.rest, m.index, m[0].length);
      return;
    }
  }
  const { now, timeZone } = context;
  const inclusiveEnd = (days: number) =>
    new Date(startOfDay(now, timeZone, days).getTime() - 1).toISOString();
  const nextWeek = /\b(?:(?:due|for|in)\s+)?next\s+week'?s?\b/i.exec(found.rest);
  if (nextWeek) {
    const weekday = (toFloating(now, timeZone).getUTCDay() + 6) % 7;
    const monday = 7 - weekday;
    found.query.dueFrom = startOfDay(now, timeZone, monday).toISOString();
    found.query.dueTo = inclusiveEnd(monday + 7);
    found.rest = cut(found.rest, nextWeek.index, nextWeek[0].length);
    return;
  }
  const when = readWhen(found.rest, context);
  if (!when) return;
  const before = found.rest.slice(0, when.index);
  const bound = /\b(before|by|until|till|no\s+later\s+than|after|since|from|starting)\s+$/i.exec(before);
  const dayStart = startOfDay(when.at, timeZone);
  const dayEnd = new Date(startOfDay(when.at, timeZone, 1).getTime() - 1);
  const word = bound?.[1]?.toLowerCase();
  if (word === 'before')
    found.query.dueTo = new Date((when.hasTime ? when.at : dayStart).getTime() - 1).toISOString();
  else if (word && /^(?:by|until|till|no)/.test(word))
    found.query.dueTo = (when.hasTime ? when.at : dayEnd).toISOString();
  else if (word === 'after')
    found.query.dueFrom = new Date((when.hasTime ? when.at : dayEnd).getTime() + 1).toISOString();
  else if (word) found.query.dueFrom = (when.hasTime ? when.at : dayStart).toISOString();
  else {
    found.query.dueFrom = dayStart.toISOString();
    found.query.dueTo = dayEnd.toISOString();
  }
  const start = bound ? bound.index : when.index;
  found.rest = cut(found.rest, start, when.index + when.text.length - start);
};

const Q_LEAD =
  /(?:^|\s)(?:with|containing|contains|that\s+(?:say|says|mention|mentions|contain|contains|include|includes)|which\s+(?:say|mention|contain)|mentioning|about|regarding|re|matching|match|called|named|titled|including\s+the\s+words?|with\s+the\s+words?)\s+(.+)$/i;

/**
 * The list query `text` asks for, or null when it is not a list request. `lead` says how the
 * message opened: 'search' (the leftover words are the query text), 'show', or none (then every
 * word must be understood, so that "buy milk today" is not taken for a list).
 */
export function parseListQuery(text: string, context: ParseContext): ListQuery | null {
  const leadMatch = LIST_LEAD.exec(text);
  const lead = leadMatch ? (leadMatch[1] ? 'search' : 'show') : 'none';
  const body = leadMatch ? text.slice(leadMatch[0].length) : text;
  const found: Found = { query: {}, rest: ` ${body.replace(/[?!.]+\s*$/, '')} ` };
  if (lead === 'search') {
    // "search for high priority tasks" still filters; the words left are what to look for.
    for (const step of [sortStep, tagStep, priorityStep, statusStep]) step(found, context);
    const q = queryText(found.rest);
    if (q) found.query.q = q;
  } else {
    // "with tag work" is a filter, not words to search for.
    tagStep(found, context);
    const qLead = Q_LEAD.exec(found.rest);
    let qText: string | undefined;
    if (qLead?.[1] !== undefined) {
      const inner: Found = { query: {}, rest: ` ${qLead[1]} ` };
      for (const step of [sortStep, tagStep, priorityStep, statusStep, dueStep]) step(inner, context);
      const q = meaningful(inner.rest);
      if (q) {
        qText = queryText(inner.rest);
        Object.assign(found.query, inner.query);
        found.rest = found.rest.slice(0, qLead.index);
      }
    }
    for (const step of [sortStep, tagStep, priorityStep, dueStep, statusStep]) step(found, context);
    const left = meaningful(found.rest);
    if (qText) found.query.q = qText;
    if (left) {
      const beforeNoun = /^(.+?)\s+(?:tasks?|todos?|to-dos?|items?|stuff|things|ones)\b/i.exec(
        tidy(found.rest),
      );
      const tags = beforeNoun?.[1] ? splitTags(meaningful(beforeNoun[1])) : [];
      const clean = tags.every((tag) => /^\p{L}[\p{L}\p{N}_-]*$/u.test(tag));
      if (
        lead === 'show' &&
        clean &&
        tags.length > 0 &&
        tags.length <= 3 &&
        !found.query.tags &&
        meaningful(found.rest).split(' ').length === tags.length
      ) {
        setTags(found.query, tags, undefined, beforeNoun![1]!);
      } else if (lead === 'none') {
        return null;
      }
    }
    if (
      lead === 'none' &&
      Object.keys(found.query).length === 0 &&
      !/\b(?:tasks|todos|to-dos|my\s+list)\b/i.test(text)
    )
      return null;
  }
  if (Object.keys(found.query).length === 0) found.query.status = 'open';
  return found.query;
}

/** The words of `text` that say something (filler like "show", "my", "tasks" dropped), in order. */
function meaningful(text: string): string {
  return tidy(text)
    .split(/\s+/)
    .filter((w) => w && !FILLER.has(w.toLowerCase().replace(/[?!.,;:]+$/, '')))
    .join(' ')
    .replace(/^[,;:]+|[,;:?!.]+$/g, '')
    .trim();
}

const CONNECTOR = new Set(
  'about regarding re mentioning containing contains matching match called named titled with for that which say says mention mentions contain include includes the word words'.split(
    ' ',
  ),
);

/** The words to search for: filler and connectives trimmed from both ends, inner words kept. */
function queryText(text: string): string {
  const words = tidy(text)
    .replace(/[?!.,;:]+$/, '')
    .split(/\s+/)
    .filter(Boolean);
  const skip = (w: string) => FILLER.has(w.toLowerCase()) || CONNECTOR.has(w.toLowerCase());
  while (words.length > 0 && skip(words[0]!)) words.shift();
  while (words.length > 0 && skip(words[words.length - 1]!)) words.pop();
  return words
    .join(' ')
    .replace(/^["']|["']$/g, '')
    .slice(0, 200)
    .trim();
}

function flip(order: string): string {
  return order === 'asc' ? 'desc' : 'asc';
}
