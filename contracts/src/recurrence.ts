import { z } from 'zod';

/** Limits both forms share (core's RRULE parser enforces the same). */
export const MAX_RECURRENCE_INTERVAL = 1000;
export const MAX_RECURRENCE_COUNT = 100_000;

/**
 * `schedule`: the next occurrence follows the rule from the series start ("every Monday").
 * `after_completion`: it follows the rule from when the last one was done ("3 days after I did it").
 */
export const RecurrenceMode = z.enum(['schedule', 'after_completion']);

/** A recurrence as stored and returned: an RRULE in canonical form. */
export const Recurrence = z
  .strictObject({
    rule: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .meta({ description: 'An RFC 5545 RRULE, e.g. "FREQ=WEEKLY;BYDAY=MO,TH"' }),
    mode: RecurrenceMode.default('schedule'),
  })
  .meta({ id: 'Recurrence' });
export type Recurrence = z.output<typeof Recurrence>;

export const FRIENDLY_WEEKDAYS = ['mo', 'tu', 'we', 'th', 'fr', 'sa', 'su'] as const;

const WeekdayCode = z.enum(FRIENDLY_WEEKDAYS, {
  error: 'Must be a weekday code: mo, tu, we, th, fr, sa or su',
});

const Interval = z
  .int({ error: 'Must be a whole number' })
  .min(1, { error: 'Must be at least 1' })
  .max(MAX_RECURRENCE_INTERVAL, { error: `Must be at most ${MAX_RECURRENCE_INTERVAL}` })
  .meta({ description: 'Every how many days/weeks/months/years; 1 when absent' });

const Count = z
  .int({ error: 'Must be a whole number' })
  .min(1, { error: 'Must be at least 1' })
  .max(MAX_RECURRENCE_COUNT, { error: `Must be at most ${MAX_RECURRENCE_COUNT}` })
  .meta({ description: 'How many occurrences in all, the first included' });

const Until = z.iso
  .datetime({ offset: true, error: 'Must be an ISO 8601 date-time with offset, e.g. 2026-12-31T23:59:00Z' })
  .meta({ description: 'No occurrence after this instant (one exactly at it still happens)' });

const MONTH_ON_ERROR = 'Must be {day: 1..31 or -1} or {nth: 1..4 or -1, weekday: "mo".."su"}';

const MonthDay = z.strictObject({
  day: z
    .int({ error: 'Must be a whole number' })
    .refine((d) => (d >= 1 && d <= 31) || d === -1, { error: 'Must be 1..31, or -1 for the last day' })
    .meta({ description: '1..31, or -1 for the last day; 29..31 fall on the last day of shorter months' }),
});

const NthWeekday = z.strictObject({
  nth: z
    .int({ error: 'Must be a whole number' })
    .refine((n) => (n >= 1 && n <= 4) || n === -1, { error: 'Must be 1..4, or -1 for the last' }),
  weekday: WeekdayCode,
});

const notHere = (every: string) =>
  z.never({ error: `Not allowed with every: "${every}"; only week and month take "on"` }).optional();

const common = {
  interval: Interval.optional(),
  count: Count.optional(),
  until: Until.optional(),
  mode: RecurrenceMode.default('schedule'),
};

/**
 * A recurrence as people say it, for the REST API and the chat: {every: 'week', on: ['mo', 'th'],
 * interval: 2}. Weeks may name weekdays and months a day (the 31st falls on the last day of shorter
 * months; -1 is always the last day) or an nth weekday ({nth: -1, weekday: 'fr'}: last Friday).
 * Without `on`, the due date gives the weekday, day of month or date. Ends by count or until, not both.
 */
export const FriendlyRecurrence = z
  .discriminatedUnion(
    'every',
    [
      z.strictObject({ every: z.literal('day'), on: notHere('day'), ...common }),
      z.strictObject({
        every: z.literal('week'),
        on: z
          .array(WeekdayCode)
          .min(1, { error: 'Name at least one weekday' })
          .refine((days) => new Set(days).size === days.length, { error: 'Name each weekday once' })
          .optional(),
        ...common,
      }),
      z.strictObject({
        every: z.literal('month'),
        on: z.union([MonthDay, NthWeekday], { error: MONTH_ON_ERROR }).optional(),
        ...common,
      }),
      z.strictObject({ every: z.literal('year'), on: notHere('year'), ...common }),
    ],
    { error: 'Must be one of day, week, month, year' },
  )
  .refine((form) => form.count === undefined || form.until === undefined, {
    error: 'Give count or until, not both',
    path: ['until'],
  })
  .meta({
    id: 'FriendlyRecurrence',
    description: 'A recurrence in plain terms; stored as the RRULE it compiles to',
    example: { every: 'week', on: ['mo', 'th'], interval: 2 },
  });
export type FriendlyRecurrence = z.output<typeof FriendlyRecurrence>;

/** What a create or update accepts: the RRULE form, or the friendly one (told apart by `every`). */
export const RecurrenceInput = z
  .discriminatedUnion(
    'every',
    [
      Recurrence.extend({ every: z.undefined().optional() }).meta({ id: 'RecurrenceRule' }),
      FriendlyRecurrence,
    ],
    { error: 'Must be one of day, week, month, year, or leave out "every" and give an RRULE as "rule"' },
  )
  .meta({ id: 'RecurrenceInput' });
export type RecurrenceInput = z.output<typeof RecurrenceInput>;
