/**
 * The offline chat parser: one message in, one Intent out, as pure data. No I/O, no clock (the
 * context gives "now" and the user's zone), no randomness, and never a throw: anything it cannot read
 * (garbage, SQL, emoji, over-long text) is `unknown`, and the dialogue manager says so.
 *
 * Order of the checks matters and goes from the most specific to the most general: conversation
 * (help, undo, a bare choice), adding ("add …", "remind me to …", "every monday …"), snooze, changes to
 * a task, complete/reopen/delete, and last lists, whose looser reading would swallow the others.
 */
import { parseAdd } from './add.js';
import { parseConversation } from './conversation-intents.js';
import type { Intent } from './intent.js';
import { normalize } from './lexicon.js';
import { LIST_LEAD, parseListQuery } from './list-query.js';
import { findRecurrence } from './recurrence-phrases.js';
import { parseSnooze } from './snooze.js';
import { parseStatusCommand } from './status-commands.js';
import { parseUpdate } from './update.js';
import { findDue, type ParseContext } from './when.js';

export type { ParseContext } from './when.js';

/** Longer messages are not commands; reading them would only cost time. */
export const MAX_MESSAGE_LENGTH = 1000;

const POLITE_START =
  /^(?:(?:hey|hi|hello|ok|okay|so|um+|uh+|well|oh|alright|right|now|and|also|then|pls|please|kindly|yes|yeah|sure|cool|great)[,!.]?\s+)+/i;
const ASK_START =
  /^(?:(?:can|could|would|will)\s+you\s+(?:please\s+|kindly\s+)?|(?:please|pls|kindly)\s+|(?:i\s+(?:want|would\s+like|'d\s+like)|i'd\s+like)\s+you\s+to\s+|help\s+me\s+|let'?s\s+)/i;
const POLITE_END = /(?:[\s,]+(?:please|pls|plz|thanks|thank\s+you|thx|ty|for\s+me|now))+[\s.!]*$/i;

const STRONG_ADD =
  /^(?:add|create|new|insert|jot\s+down|note\s+down|write\s+down|capture|schedule)\b(?:\s+(?:a|an|the|new|another|one\s+more|me|myself)\b)*(?:\s+(?:tasks?|todos?|to-dos?|items?|entry|entries|reminders?|notes?)\b)?(?:\s+(?:to|on)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+)?list)?(?:\s*(?:called|named|titled|that\s+says|saying|for|to)\b)?\s*[:\-–—]?\s*/i;
const WEAK_ADD =
  /^(?:make|put|set\s+up|set|put\s+down|start|open)\s+(?:a|an|one|another)\s+(?:new\s+)?(?:tasks?|todos?|to-dos?|items?|reminder|entry)(?:\s*(?:called|named|titled|for|to)\b)?\s*[:\-–—]?\s*/i;
const LABEL_ADD = /^(?:task|todo|to-do|to\s+do|new\s+task|new\s+todo|reminder|note)\s*[:\-–—]\s*/i;
const REMIND_ADD =
  /^(?:remind\s+me\s+to|remember\s+to|don'?t\s+(?:let\s+me\s+)?forget\s+to|don'?t\s+forget(?:\s+about)?)\s+/i;
const REMIND_WHEN_FIRST = /^remind\s+me\s+(.+?)\s+to\s+(.+)$/i;
const PUT_ON_LIST =
  /^put\s+(.+?)\s+(?:on|in|onto)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+|shopping\s+)?list$/i;
const REMIND_ABOUT = /^remind\s+me\s+(?:about|of)\s+/i;
const NEED_TO =
  /^(?:i\s+(?:need|have|must|should|gotta|got|want|wanna|'d\s+like|would\s+like|ought)|i'd\s+like|i\s+must|need|have|gotta|must)\s+(?:to\s+)?/i;
/** A message that opens with its recurrence ("every other monday at 9 water the plants") is an add. */
const RECURRING_ADD =
  /^(?:every|each|daily|weekly|biweekly|fortnightly|monthly|quarterly|yearly|annually|once\s+a|weekdays|weekends|on\s+(?:the\s+|weekdays|weekends|mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays)|the\s+\S+\s+of\s+every)\b/i;
const PRIORITY_ADD = /^(?:urgent|important|asap|critical)\s*[:!-]\s*\S/i;
/** "add tag q4 to X", "add a reminder to X …": these "add"s change a task. */
const ADD_TO_TASK =
  /^(?:add|put|attach|set|create)\s+(?:(?:the\s+|a\s+|an\s+)?(?:tags?|labels?|reminders?|alerts?)\b|#\p{L}\S*(?:[\s,]+(?:and\s+)?#\p{L}\S*)*\s+(?:to|on|onto)\s|(?:the\s+|a\s+|an\s+)?\S+\s+(?:tag|label)s?\s+(?:to|on|onto)\s)/iu;
/** Verbs that open a command, so "i want to delete x" is the command and "i need to buy milk" an add. */
const COMMAND_VERB =
  /^(?:add|create|delete|remove|show|list|see|find|search|mark|complete|finish|move|reschedule|rename|tag|untag|snooze|undo|reopen|change|set|make\s+(?:it|that|this)|view|check\s+off|get\s+rid\s+of|cancel)\b/i;

/** What `text` asks for, read at `context.now` in `context.timeZone`. */
export function parseMessage(text: string, context: ParseContext): Intent {
  try {
    if (typeof text !== 'string' || text.length > MAX_MESSAGE_LENGTH * 4) return { intent: 'unknown' };
    const message = normalize(text);
    if (!message || message.length > MAX_MESSAGE_LENGTH) return { intent: 'unknown' };
    if (/^\?+$/.test(message)) return { intent: 'help' };
    return dispatch(clean(message), context) ?? { intent: 'unknown' };
  } catch {
    // A parser bug must not take the chat down: the user is asked to rephrase instead.
    return { intent: 'unknown' };
  }
}

/** The message without greetings, politeness and closing punctuation. */
function clean(message: string): string {
  let t = message;
  let previous: string;
  do {
    previous = t;
    t = t.replace(POLITE_START, '').replace(ASK_START, '').replace(POLITE_END, '');
    t = t.replace(/[\s.!]+$/, '').replace(/^[\s,.!]+/, '');
  } while (t !== previous);
  return t.replace(/\s*\?+$/, '').trim() || message.replace(/[.!?\s]+$/, '');
}

function dispatch(text: string, context: ParseContext): Intent | null {
  if (!/[\p{L}\p{N}?]/u.test(text)) return null;
  const conversation = parseConversation(text);
  if (conversation) return conversation;

  const adding = parseAddition(text, context);
  if (adding) return adding;

  const need = NEED_TO.exec(text);
  if (need && text.length > need[0].length) {
    const rest = text.slice(need[0].length);
    if (COMMAND_VERB.test(rest)) return dispatch(rest, context);
    const add = parseAdd(rest, context, { remind: false });
    return add.intent === 'add' ? add : null;
  }

  return (
    parseSnooze(text, context) ??
    parseUpdate(text, context) ??
    parseStatusCommand(text) ??
    (/^undo\b/i.test(text) ? { intent: 'undo' } : null) ??
    list(text, context) ??
    verbless(text, context)
  );
}

/** Not a task, however it is dated: "thanks for today" is small talk. */
const SMALL_TALK =
  /^(?:thanks?|thank\s+you|thx|ok|okay|hi|hello|hey|bye|good\s*(?:bye|night|morning|evening)|yes|no|yeah|nope|sure|cool|great|nice|see\s+you|what|why|how|who|when|where)\b/i;

/**
 * "dentist dec 3 at 2:30pm", "buy milk tomorrow #shopping": no verb, but a date, hashtag or priority
 * marker and words for a title read as a new task. Anything less stays `unknown`.
 */
function verbless(text: string, context: ParseContext): Intent | null {
  if (SMALL_TALK.test(text) || LIST_LEAD.test(text)) return null;
  const marked = /(?:^|\s)#\p{L}|(?:^|\s)!(?:high|low|medium)\b|\b(?:high|low|medium)[\s-]+priority\b/iu.test(
    text,
  );
  if (!marked && !findDue(text, context)) return null;
  const add = parseAdd(text, context, { remind: false });
  return add.intent === 'add' ? add : null;
}

/** An add when the message opens like one; null otherwise. */
function parseAddition(text: string, context: ParseContext): Intent | null {
  if (ADD_TO_TASK.test(text)) {
    // Only the tag and reminder forms: "set a reminder to call mom friday" is still an add.
    const change = parseUpdate(text, context);
    if (change?.intent === 'update' && (change.changes.reminders || change.changes.addTags)) return change;
  }
  const remind = REMIND_ADD.exec(text);
  if (remind) return parseAdd(text.slice(remind[0].length), context, { remind: /remind/i.test(remind[0]) });
  // "remind me tomorrow at 9 to call mom": the when comes first.
  const remindWhen = REMIND_WHEN_FIRST.exec(text);
  if (remindWhen?.[1] !== undefined && remindWhen[2] !== undefined) {
    const add = parseAdd(`${remindWhen[2]} ${remindWhen[1]}`, context, { remind: true });
    if (add.intent === 'add' && add.task.due) return add;
  }
  const about = REMIND_ABOUT.exec(text);
  if (about) {
    // "remind me about the dentist 1 hour before" (no date) changes a task's reminders.
    const change = parseUpdate(text, context);
    if (change?.intent === 'update' && change.changes.reminders && !change.changes.due) {
      const add = parseAdd(text.slice(about[0].length), context, { remind: true });
      if (add.intent !== 'add' || !add.task.due) return change;
      return add;
    }
    return parseAdd(text.slice(about[0].length), context, { remind: true });
  }
  for (const lead of [LABEL_ADD, STRONG_ADD, WEAK_ADD]) {
    const m = lead.exec(text);
    if (!m) continue;
    // "new" and "log" alone are not adds of the word after them when that is a list ("new tasks?").
    const body = text.slice(m[0].length);
    if (!body) return null;
    if (lead === STRONG_ADD && /^(?:new|schedule)\b/i.test(m[0]) && LIST_LEAD.test(body)) return null;
    return parseAdd(body, context, { remind: /remind/i.test(m[0]) });
  }
  const put = PUT_ON_LIST.exec(text);
  if (put?.[1] !== undefined) return parseAdd(put[1], context, { remind: false });
  if (PRIORITY_ADD.test(text)) return parseAdd(text, context, { remind: false });
  if (RECURRING_ADD.test(text) && findRecurrence(` ${text} `))
    return parseAdd(text, context, { remind: false });
  return null;
}

function list(text: string, context: ParseContext): Intent | null {
  const query = parseListQuery(text, context);
  return query ? { intent: 'list', query } : null;
}
