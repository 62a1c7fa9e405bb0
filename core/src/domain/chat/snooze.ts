/**
 * Snoozing: pushing a task's due time by an amount ("snooze call mom by 1 hour", "push it back a
 * day") or to a time ("snooze it until tomorrow 9am"). A bare "snooze X" is an hour, the notifier's
 * own snooze preset; "postpone X to friday" is a move (update), not a snooze.
 */
import type { Intent, SnoozeBy, TaskRef } from './intent.js';
import { tidy } from './lexicon.js';
import { DURATION, durationMinutes } from './duration.js';
import { parseTaskRef } from './task-ref.js';
import { dueOf, findDue, type ParseContext } from './when.js';

const BY = new RegExp(
  `^(?:snooze|postpone|delay|defer|push\\s+back|push|put\\s+off|hold\\s+off(?:\\s+on)?|bump|move)\\s+(.*?)\\s*(?:back\\s+|out\\s+|forward\\s+)?(?:by|for|another)\\s+(?:another\\s+|an?\\s+extra\\s+)?(${DURATION})(?:\\s+(?:more|later))?$`,
  'i',
);
const BACK = new RegExp(
  `^(?:push|move|set|put|bump)\\s+(.+?)\\s+(?:back|out)\\s+(?:by\\s+)?(${DURATION})$`,
  'i',
);
const PLAIN = new RegExp(`^snooze\\s+(.*?)\\s*(${DURATION})(?:\\s+(?:more|later))?$`, 'i');
const UNTIL = /^(?:snooze|put\s+off|hold\s+off(?:\s+on)?)\s+(.*?)\s*(?:until|till|til|to|for|unt)\s+(.+)$/i;
const AGAIN = new RegExp(
  `^remind\\s+me\\s+(?:again|later)\\s+in\\s+(${DURATION})$|^remind\\s+me\\s+in\\s+(${DURATION})$`,
  'i',
);
const BARE = /^snooze(?:\s+(.+))?$/i;

/** The snooze intent `text` says, or null. */
export function parseSnooze(text: string, context: ParseContext): Intent | null {
  for (const form of [BY, BACK]) {
    const m = form.exec(text);
    const minutes = m?.[2] === undefined ? null : durationMinutes(m[2]);
    if (m && minutes !== null && minutes > 0) return snooze(m[1], { minutes });
  }
  const until = UNTIL.exec(text);
  if (until?.[2] !== undefined) {
    const found = findDue(` ${until[2]} `, context);
    if (found && !tidy(found.rest)) return snooze(until[1], { until: dueOf(found.when) });
  }
  const plain = PLAIN.exec(text);
  const minutes = plain?.[2] === undefined ? null : durationMinutes(plain[2]);
  if (plain && minutes !== null && minutes > 0) return snooze(plain[1], { minutes });
  const again = AGAIN.exec(text);
  if (again) {
    const minutes = durationMinutes(again[1] ?? again[2] ?? '');
    if (minutes) return snooze(undefined, { minutes });
  }
  const bare = BARE.exec(text);
  if (bare) return snooze(bare[1], { minutes: 60 });
  return null;
}

function snooze(words: string | undefined, by: SnoozeBy): Intent | null {
  const target: TaskRef | null =
    words === undefined || !tidy(words) ? { by: 'last' } : parseTaskRef(tidy(words));
  return target ? { intent: 'snooze', target, by } : null;
}
