import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntentSchema } from './intent-schema.js';
import { parseMessage } from './parser.js';

/**
 * Whatever is typed, the parser answers with a valid Intent and never throws; an add always has a
 * title (a message with nothing left for one, like "add tomorrow at 5 #work", is `unknown`).
 */
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Asia/Kolkata',
  'UTC',
  'Pacific/Chatham',
];

const WORDS = [
  'add',
  'new',
  'task',
  'remind',
  'me',
  'to',
  'about',
  'every',
  'other',
  'each',
  'day',
  'week',
  'month',
  'year',
  'monday',
  'tue',
  'fridays',
  'weekday',
  'weekend',
  'daily',
  'weekly',
  'quarterly',
  'on',
  'the',
  '1st',
  '31st',
  'last',
  'of',
  'at',
  '9',
  '9am',
  '17:30',
  'noon',
  'tomorrow',
  'tonight',
  'today',
  'next',
  'in',
  '3',
  'days',
  'hours',
  'a',
  'an',
  'hour',
  'before',
  'and',
  'or',
  'both',
  'either',
  'until',
  'for',
  'times',
  'after',
  'i',
  'complete',
  'it',
  'high',
  'low',
  'medium',
  'priority',
  '!high',
  'urgent:',
  'p1',
  '#work',
  '#2',
  '#q4',
  'tag',
  'tagged',
  'show',
  'list',
  'find',
  'search',
  'what',
  "what's",
  'overdue',
  'due',
  'sorted',
  'by',
  'newest',
  'first',
  'oldest',
  'mark',
  'done',
  'not',
  'reopen',
  'delete',
  'remove',
  'undo',
  'help',
  '?',
  'snooze',
  'until',
  'move',
  'rename',
  'stop',
  'repeating',
  'no',
  'date',
  'them',
  'all',
  'second',
  'one',
  'number',
  '2',
  'buy',
  'milk',
  'call',
  'mom',
  'report',
  ',',
  '.',
  '!',
  '"',
  "'",
  ':',
  '-',
  '(',
  ')',
  '🙂',
  'ü',
  '0',
  '5000',
  '999999999999',
  'dec',
  '15',
  'april',
  'feb',
  '29',
  '2:30am',
];

const message = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.constantFrom(...WORDS), { maxLength: 25 }).map((words) => words.join(' ')),
  fc
    .tuple(
      fc.constantFrom('add ', 'remind me to ', 'every ', 'show ', 'mark ', 'move ', 'snooze '),
      fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }),
    )
    .map(([lead, words]) => lead + words.join(' ')),
);

const context = fc.record({
  now: fc.date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2090-12-31T00:00:00Z'),
    noInvalidDate: true,
  }),
  timeZone: fc.constantFrom(...ZONES),
});

describe('parseMessage on any input', () => {
  it('never throws and always returns a valid Intent; adds always have a title', () => {
    fc.assert(
      fc.property(message, context, (text, ctx) => {
        const intent = parseMessage(text, ctx);
        const checked = IntentSchema.safeParse(intent);
        if (!checked.success)
          throw new Error(`${JSON.stringify(text)} → ${JSON.stringify(intent)}: ${checked.error.message}`);
        if (intent.intent === 'add') expect(intent.task.title.trim()).not.toBe('');
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(message, context, (text, ctx) => {
        expect(parseMessage(text, ctx)).toEqual(parseMessage(text, ctx));
      }),
      { numRuns: 30 },
    );
  });
});
