import { AppError, type Recurrence } from '@todo/contracts';
import rrule from 'rrule';

const { RRule } = rrule;

/**
 * Checks that `recurrence.rule` is an RFC 5545 RRULE with a frequency, and returns it in canonical
 * form ("FREQ=WEEKLY;BYDAY=MO,TH", without the "RRULE:" prefix). DTSTART is not allowed: the series
 * starts at the task's due date.
 */
export function normalizeRecurrence(recurrence: Recurrence): Recurrence {
  const rule = recurrence.rule.replace(/^RRULE:/i, '').toUpperCase();
  let canonical: string;
  try {
    if (/(^|;)DTSTART[=;:]/.test(rule))
      throw new Error('DTSTART is not allowed; the due date starts the series');
    const options = RRule.parseString(rule);
    if (options.freq === undefined) throw new Error('FREQ is required');
    for (const key of ['interval', 'count'] as const) {
      const value = options[key];
      if (value !== undefined && (!Number.isInteger(Number(value)) || Number(value) < 1)) {
        throw new Error(`${key.toUpperCase()} must be a positive whole number`);
      }
    }
    canonical = new RRule(options).toString().replace(/^RRULE:/, '');
  } catch (error) {
    const message = `Must be an RRULE such as "FREQ=WEEKLY;BYDAY=MO,TH": ${(error as Error).message}`;
    throw new AppError('invalid_input', 'Invalid input: recurrence.rule', { 'recurrence.rule': message });
  }
  return { rule: canonical, mode: recurrence.mode };
}
