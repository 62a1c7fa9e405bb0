/**
 * Which task a phrase means. "it"/"that" → the task last touched; "both"/"them"/"all of them" → the
 * last list shown; "the second one", "the 2nd", "number 2", "#2", "task 2" → a position in that list
 * ("#2" is a position, never a tag: tags start with a letter); anything else → title words.
 *
 * A title ref carries the words as said, minus articles and filler ("the", "my", "task", "from my
 * list", quotes): "mark the buy milk task as done" → "buy milk". A past-tense verb from "i called mom"
 * is put back in its base form ("call mom") by `presentTense`; the service still matches words by
 * stem and prefix, since the user's title may say "phone mom". "the last one" means the task last
 * touched ({by: 'last'}), not the last row of the list.
 */
import type { TaskRef } from './intent.js';
import { ORDINAL, ordinalValue, unquote } from './lexicon.js';

const LAST =
  /^(?:it|that|this|that one|this one|that task|this task|the task|the one|same one|the same one|the same task|the last one|the last task|the latest one|the one i just added|the one i just made|the one you just added|the new one|the previous one)$/i;
const SHOWN =
  /^(?:both|both of them|both tasks|them|them all|all of them|all of these|all of those|all these|all those|these|those|these tasks|those tasks|these ones|those ones|them both|all (?:the )?(?:shown|listed|above)(?: tasks| ones)?|everything (?:shown|listed|above)|all(?: (?:two|three|four|five|\d+))?(?: of them)?|each of them|every one of them|the lot|all of the above|everything)$/i;
const POSITION_ORDINAL = new RegExp(
  `^(?:the\\s+)?(${ORDINAL})(?:\\s+(?:one|task|item|todo|entry|on the list))?$`,
  'i',
);
const POSITION_NUMBER = /^(?:(?:the\s+)?(?:number|no\.?|num|#|task|item|todo|entry|option)\s*)?(\d{1,3})$/i;

const FILLER_START = /^(?:(?:the|my|a|an|this|that|task|todo|to-do|item|called|named|titled)\s+)+/i;
const FILLER_END =
  /(?:\s+(?:task|todo|to-do|item|one|thing|entry)|\s+(?:from|off|on|in)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+)?list|\s+please|\s+now|\s+for me|\s+already)+$/i;

/** The task a phrase refers to; null when nothing is left to name one. */
export function parseTaskRef(phrase: string): TaskRef | null {
  let text = phrase
    .trim()
    .replace(/[.!?,;:]+$/, '')
    .trim();
  text = unquote(text);
  if (!text) return null;
  if (LAST.test(text)) return { by: 'last' };
  if (SHOWN.test(text)) return { by: 'shown' };
  const ordinal = POSITION_ORDINAL.exec(text);
  if (ordinal?.[1] !== undefined) {
    const index = ordinalValue(ordinal[1]);
    if (index !== null && index >= 1) return { by: 'position', index };
  }
  const numbered = POSITION_NUMBER.exec(text);
  if (numbered?.[1] !== undefined) {
    const index = Number(numbered[1]);
    if (index >= 1) return { by: 'position', index };
  }
  const words = unquote(text.replace(FILLER_END, '').replace(FILLER_START, '').trim());
  if (!words || /^(?:the|a|an|my)$/i.test(words)) return null;
  return { by: 'title', text: words };
}

const IRREGULAR: Record<string, string> = {
  bought: 'buy',
  paid: 'pay',
  wrote: 'write',
  written: 'write',
  sent: 'send',
  went: 'go',
  took: 'take',
  made: 'make',
  got: 'get',
  ate: 'eat',
  ran: 'run',
  found: 'find',
  gave: 'give',
  told: 'tell',
  met: 'meet',
  fed: 'feed',
  brought: 'bring',
  sold: 'sell',
  did: 'do',
  done: 'do',
  had: 'have',
  spoke: 'speak',
  drove: 'drive',
  swept: 'sweep',
  left: 'leave',
  kept: 'keep',
  read: 'read',
  put: 'put',
  cut: 'cut',
  set: 'set',
  hung: 'hang',
  built: 'build',
  taught: 'teach',
  caught: 'catch',
  threw: 'throw',
  wore: 'wear',
  chose: 'choose',
  sang: 'sing',
  swam: 'swim',
  rang: 'ring',
  drew: 'draw',
  flew: 'fly',
  grew: 'grow',
  knew: 'know',
  slept: 'sleep',
  spent: 'spend',
  understood: 'understand',
  forgot: 'forget',
  began: 'begin',
  broke: 'break',
  fixed: 'fix',
  mixed: 'mix',
  emailed: 'email',
  mailed: 'mail',
  texted: 'text',
  visited: 'visit',
  watered: 'water',
  cleaned: 'clean',
  called: 'call',
  booked: 'book',
  picked: 'pick',
  packed: 'pack',
  checked: 'check',
  walked: 'walk',
  washed: 'wash',
  finished: 'finish',
  renewed: 'renew',
  submitted: 'submit',
  ordered: 'order',
  answered: 'answer',
  returned: 'return',
  signed: 'sign',
  planned: 'plan',
  scheduled: 'schedule',
  changed: 'change',
  replaced: 'replace',
  cooked: 'cook',
  baked: 'bake',
  filed: 'file',
  posted: 'post',
  printed: 'print',
  uploaded: 'upload',
  updated: 'update',
  reviewed: 'review',
  prepared: 'prepare',
  practiced: 'practice',
  practised: 'practise',
  mowed: 'mow',
  vacuumed: 'vacuum',
  tidied: 'tidy',
  emptied: 'empty',
  studied: 'study',
  applied: 'apply',
  replied: 'reply',
  shopped: 'shop',
  mopped: 'mop',
  dropped: 'drop',
  stopped: 'stop',
};

/** A past-tense verb as a task title would say it ("called" → "call"); the word itself otherwise. */
export function presentTense(word: string): string {
  const w = word.toLowerCase();
  const known = IRREGULAR[w];
  if (known) return known;
  if (!w.endsWith('ed') || w.length < 5) return word;
  if (w.endsWith('ied')) return `${w.slice(0, -3)}y`;
  const stem = w.slice(0, -2);
  if (/([bdgkmnprt])\1$/.test(stem)) return stem.slice(0, -1);
  // "used", "moved", "saved": the e belongs to the verb.
  if (/(?:[^aeiou][aeiou][cgsvz]|[^aeiou]at|ur[sg]|ang)$/.test(stem)) return `${stem}e`;
  return stem;
}

/** Whether a word reads as a past-tense verb ("called", "bought"). */
export function isPastTense(word: string): boolean {
  const w = word.toLowerCase();
  if (w === 'need' || w === 'needed' || w === 'wanted' || w === 'added') return false;
  return (
    (w in IRREGULAR && !['read', 'put', 'cut', 'set'].includes(w)) || (w.endsWith('ed') && w.length >= 5)
  );
}
