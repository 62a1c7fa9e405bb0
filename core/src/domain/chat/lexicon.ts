/**
 * Words the chat phrases share (numbers, ordinals, weekdays) and the small text helpers every
 * extractor uses. Phrase files cut what they understood out of the message and hand the rest on, so
 * the helpers here keep that rest readable (no double spaces, no dangling commas).
 */
import type { FRIENDLY_WEEKDAYS } from '@todo/contracts';

export type WeekdayCode = (typeof FRIENDLY_WEEKDAYS)[number];

const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  'forty-five': 45,
  fortyfive: 45,
  sixty: 60,
  ninety: 90,
};

/** Regex source for a number word ("a", "two", "fifteen"). */
export const NUMBER_WORD = `(?:${Object.keys(NUMBER_WORDS)
  .sort((a, b) => b.length - a.length)
  .join('|')})`;

/** Regex source for a count: digits (decimals allowed) or a number word. */
export const NUMBER = `(?:\\d+(?:\\.\\d+)?|${NUMBER_WORD})`;

/** "3", "2.5", "three", "a" → the number; null for anything else. */
export function numberValue(word: string): number | null {
  const w = word.toLowerCase();
  if (/^\d+(?:\.\d+)?$/.test(w)) return Number(w);
  return NUMBER_WORDS[w] ?? null;
}

const ORDINAL_WORDS: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
};

/** Regex source for an ordinal: "2nd", "second". */
export const ORDINAL = `(?:\\d{1,3}(?:st|nd|rd|th)|${Object.keys(ORDINAL_WORDS).join('|')})`;

/** "2nd", "second" → 2; null otherwise. */
export function ordinalValue(word: string): number | null {
  const w = word.toLowerCase();
  const digits = /^(\d{1,3})(?:st|nd|rd|th)$/.exec(w);
  if (digits) return Number(digits[1]);
  return ORDINAL_WORDS[w] ?? null;
}

const WEEKDAY_NAMES: [RegExp, WeekdayCode][] = [
  [/^mon(?:day)?s?$/, 'mo'],
  [/^tue(?:s(?:day)?)?s?$/, 'tu'],
  [/^wed(?:s|nesday)?s?$/, 'we'],
  [/^thu(?:r(?:s(?:day)?)?)?s?$/, 'th'],
  [/^fri(?:day)?s?$/, 'fr'],
  [/^sat(?:urday)?s?$/, 'sa'],
  [/^sun(?:day)?s?$/, 'su'],
];

/** Regex source for one weekday name, short or long, singular or plural. */
export const WEEKDAY =
  '(?:mon(?:day)?s?|tue(?:s(?:day)?)?s?|wed(?:s|nesday)?s?|thu(?:r(?:s(?:day)?)?)?s?|fri(?:day)?s?|sat(?:urday)?s?|sun(?:day)?s?)';

/** "Tuesdays", "tue" → 'tu'. */
export function weekdayCode(word: string): WeekdayCode | null {
  const w = word.toLowerCase().replace(/\.$/, '');
  for (const [pattern, code] of WEEKDAY_NAMES) if (pattern.test(w)) return code;
  return null;
}

/** A message with the span [index, index + length) cut out, the gap closed to one space. */
export function cut(text: string, index: number, length: number): string {
  return `${text.slice(0, index)} ${text.slice(index + length)}`;
}

/**
 * What is left of a phrase once parts were cut out: spaces collapsed, and commas, dashes, colons and
 * connectives ("and", "with", "due", …) that were only there to join the cut parts dropped at either end.
 */
export function tidy(text: string): string {
  let t = text
    .replace(/\s+/g, ' ')
    .replace(/\s+([,;.!?])/g, '$1')
    .replace(/([,;])(?:\s*[,;])+/g, '$1');
  const edge =
    /^(?:[\s,;:.!?\-–—]+|(?:and|with|due|by|on|at|for|to|from|starting|beginning|also|plus|then|&)(?=\s|$))+|(?:[\s,;:!?\-–—]+|\.+|(?<=\s|^)(?:and|with|due|by|on|at|for|starting|beginning|from|also|plus|then|&|please|pls))+$/gi;
  let previous: string;
  do {
    previous = t;
    t = t.replace(edge, '').trim();
  } while (t !== previous);
  return t;
}

/** Straight quotes and apostrophes, one space between words, trimmed. */
export function normalize(text: string): string {
  return text
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Text between matching quotes, without them ("'buy milk'" → "buy milk"). */
export function unquote(text: string): string {
  const m = /^(["'`])(.+)\1$/.exec(text.trim());
  return m?.[2]?.trim() ?? text.trim();
}
