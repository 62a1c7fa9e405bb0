import { describe, expect, it } from 'vitest';
import { isTimeZone, TimeZone } from './time-zone.js';

describe('isTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires'])(
    'accepts %s',
    (name) => {
      expect(isTimeZone(name)).toBe(true);
    },
  );

  it.each(['', 'Mars/Olympus', 'Europe/Atlantis', 'not a zone', 'GMT+25'])('rejects %j', (name) => {
    expect(isTimeZone(name)).toBe(false);
  });
});

describe('TimeZone', () => {
  it('trims and validates', () => {
    expect(TimeZone.parse(' Europe/Berlin ')).toBe('Europe/Berlin');
    expect(TimeZone.safeParse('Mars/Olympus').error?.issues[0]?.message).toMatch(/IANA time zone/);
    expect(TimeZone.safeParse('  ').success).toBe(false);
    expect(TimeZone.safeParse('x'.repeat(65)).success).toBe(false);
  });
});
