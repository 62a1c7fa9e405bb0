import type { FriendlyRecurrence } from '@todo/contracts';
import type { z } from 'zod';
import { formatRule, type RuleParts, type Weekday } from './rule.js';

/** The canonical RRULE (as `normalizeRecurrence` returns it) for a validated friendly form. */
export function friendlyToRrule(form: z.input<typeof FriendlyRecurrence>): string {
  const freq = ({ day: 'DAILY', week: 'WEEKLY', month: 'MONTHLY', year: 'YEARLY' } as const)[form.every];
  const parts: RuleParts = { freq, interval: form.interval ?? 1 };
  if (form.every === 'week' && form.on) {
    parts.byDay = form.on.map((d) => ({ weekday: d.toUpperCase() as Weekday }));
  }
  if (form.every === 'month' && form.on) {
    if ('day' in form.on) {
      const { day } = form.on;
      if (day <= 28) parts.byMonthDay = [day];
      else {
        // "The 31st, or the last day of a shorter month": the last of 28..31 the month has.
        parts.byMonthDay = Array.from({ length: day - 27 }, (_, i) => 28 + i);
        parts.bySetPos = [-1];
      }
    } else {
      parts.byDay = [{ weekday: form.on.weekday.toUpperCase() as Weekday, nth: form.on.nth }];
    }
  }
  if (form.count !== undefined) parts.count = form.count;
  if (form.until !== undefined) {
    const at = new Date(form.until);
    at.setUTCMilliseconds(0);
    parts.until = { kind: 'instant', at };
  }
  return formatRule(parts);
}
