import { DateTime } from 'luxon';

/** The instant a calendar day starts in `timeZone`, `offsetDays` after the day that contains `now`. */
export function startOfDay(now: Date, timeZone: string, offsetDays = 0): Date {
  return DateTime.fromJSDate(now, { zone: timeZone }).startOf('day').plus({ days: offsetDays }).toJSDate();
}
