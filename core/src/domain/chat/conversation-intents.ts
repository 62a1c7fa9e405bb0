/**
 * Messages about the conversation rather than a task: help, undo, and choosing from a numbered
 * question. A bare number or ordinal as the whole message ("2", "#2", "the second one") is `choose`:
 * the dialogue manager uses it to answer its own "which one?" question, and as a position ref
 * otherwise. "the last one" alone is not a choice (its index is unknown here).
 */
import type { Intent } from './intent.js';
import { ORDINAL, ordinalValue } from './lexicon.js';

const HELP =
  /^(?:help|h|\?+|help\s+me|i\s+need\s+help|what\s+can\s+(?:you|i)\s+(?:do|say|ask|type)(?:\s+here)?|what\s+do\s+you\s+do|what\s+are\s+you|who\s+are\s+you|how\s+(?:does\s+(?:this|it)\s+work|do\s+(?:i|you)\s+(?:work|use\s+(?:this|you|it))|can\s+i\s+use\s+(?:this|you))|how\s+do\s+i\s+\w+.*|(?:show\s+)?(?:commands|the\s+commands|menu|options|usage|instructions|examples)|what\s+(?:are\s+)?(?:the\s+|your\s+)?commands|hi|hello|hey|hiya|yo|start|get\s+started|getting\s+started|what\s+now)$/i;
const UNDO =
  /^(?:undo|revert|rollback|roll\s+back|take\s+(?:that|it)\s+back|go\s+back|oops|whoops|my\s+bad|reverse\s+(?:that|it)|cancel\s+that|ctrl[-+ ]?z|undo\s+undo)(?:\s*,?\s+(?:that|it|this|please|the\s+last\s+(?:one|change|action|thing|step|edit)|last(?:\s+(?:change|action|step|one|thing|edit))?|my\s+last\s+(?:change|action|step|edit)|what\s+you\s+(?:just\s+)?did|undo))*$/i;
const CHOOSE_NUMBER =
  /^(?:(?:the\s+)?(?:number|no\.?|num|option|choice|#)\s*)?(\d{1,3})(?:st|nd|rd|th)?(?:\s+(?:one|option|please))?$/i;
const CHOOSE_ORDINAL = new RegExp(
  `^(?:the\\s+)?(${ORDINAL})(?:\\s+(?:one|option|choice|task|item))?(?:\\s+please)?$`,
  'i',
);

/** help, undo or choose for `text` (already trimmed, trailing punctuation dropped), or null. */
export function parseConversation(text: string): Intent | null {
  if (HELP.test(text)) return { intent: 'help' };
  if (UNDO.test(text)) return { intent: 'undo' };
  const number = CHOOSE_NUMBER.exec(text);
  if (number?.[1] !== undefined && Number(number[1]) >= 1)
    return { intent: 'choose', index: Number(number[1]) };
  const ordinal = CHOOSE_ORDINAL.exec(text);
  const index = ordinal?.[1] === undefined ? null : ordinalValue(ordinal[1]);
  if (index !== null && index >= 1) return { intent: 'choose', index };
  return null;
}
