/**
 * Lengths of time as said ("1 hour", "a day", "half an hour", "90 min"), in minutes. These are
 * amounts, not dates, so they are read here; anything that names a day or clock time goes through
 * @todo/time instead.
 */
import { NUMBER_WORD, numberValue } from './lexicon.js';

const UNIT = '(?:minutes?|mins?|m|hours?|hrs?|h|days?|d|weeks?|wks?|w)';

const AMOUNT = `(?:\\d+(?:\\.\\d+)?\\s*${UNIT}|${NUMBER_WORD}\\s+${UNIT})`;

/** Regex source for one duration (no capture groups, so callers may embed it). */
export const DURATION = `(?<![a-z\\d])(?:half\\s+an?\\s+hour|an?\\s+hour\\s+and\\s+a\\s+half|an?\\s+quarter\\s+(?:of\\s+an?\\s+)?hour|${AMOUNT}(?:\\s+and\\s+(?:a\\s+half|${AMOUNT}))?)(?![a-z])`;

const MINUTES_PER: Record<string, number> = { m: 1, h: 60, d: 1440, w: 10080 };

/** Minutes in `text` when it is exactly one duration; null otherwise. */
export function durationMinutes(text: string): number | null {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  if (/^half an? hour$/.test(t)) return 30;
  if (/^an? hour and a half$/.test(t)) return 90;
  if (/^an? quarter (?:of an? )?hour$/.test(t)) return 15;
  const one = `(\\d+(?:\\.\\d+)?(?=\\s*[a-z])|${NUMBER_WORD}(?=\\s))\\s*(${UNIT})`;
  const m = new RegExp(`^${one}(?: and (?:(a half)|${one}))?$`).exec(t);
  if (!m) return null;
  const first = amount(m[1], m[2]);
  if (first === null) return null;
  if (m[3]) return Math.round(first + (amount('0.5', m[2]) ?? 0));
  if (m[4] && m[5]) {
    const second = amount(m[4], m[5]);
    return second === null ? null : Math.round(first + second);
  }
  return Math.round(first);
}

function amount(count: string | undefined, unit: string | undefined): number | null {
  const n = count === undefined ? null : numberValue(count);
  const per =
    unit === undefined
      ? undefined
      : MINUTES_PER[unit.startsWith('mi') ? 'm' : unit.startsWith('wk') ? 'w' : unit[0]!];
  return n === null || per === undefined ? null : n * per;
}
