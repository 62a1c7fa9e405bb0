import { z } from 'zod';

/** True when `name` is an IANA time zone this runtime knows (e.g. "Europe/Berlin", "UTC"). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: 'Must be an IANA time zone such as "America/New_York"' })
  .meta({ id: 'TimeZone', example: 'America/New_York' });
