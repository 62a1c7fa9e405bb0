// Wall clock ⇄ instant in a task's IANA time zone, with Intl only (no date library in the bundle). A task's
// due time is edited as the date and time on the task's clock, which need not be the browser's.

/** A date and time on a zone's clock: "2026-12-01" and "18:00". */
export interface WallClock {
  date: string;
  time: string;
}

const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's clock at an instant, as if that clock were UTC (milliseconds, seconds dropped). */
function wallMs(ms: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
}

/** The zone's offset from UTC at an instant, in milliseconds (New York in winter: -5 h). */
function offsetMs(ms: number, timeZone: string): number {
  return wallMs(ms, timeZone) - Math.floor(ms / 60_000) * 60_000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The date and time on the zone's clock at an instant. */
export function toWallClock(iso: string, timeZone: string): WallClock {
  const wall = new Date(wallMs(Date.parse(iso), timeZone));
  return {
    date: `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`,
  };
}

/**
 * The instant (ISO, UTC) when the zone's clock shows `date` `time`. A time skipped by a DST jump moves
 * forward by the jump (2:30 on a spring-forward night is 3:30); a time that happens twice (fall back)
 * is the first one, on the earlier offset.
 */
export function fromWallClock({ date, time }: WallClock, timeZone: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Offsets a day either side cover any single transition near this wall time.
  const before = offsetMs(wall - 24 * HOUR, timeZone);
  const after = offsetMs(wall + 24 * HOUR, timeZone);
  const candidates = [wall - before, wall - after].filter((ms) => wallMs(ms, timeZone) === wall);
  const ms = candidates.length ? Math.min(...candidates) : wall - before;
  return new Date(ms).toISOString();
}

const WEEKDAY_SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTH_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A due time on the zone's clock, short: "Today 6:00 PM", "Tomorrow 9:00 AM", "Yesterday 5:00 PM",
 * "Fri, Nov 27, 9:00 AM", or with the year when it is not this year's: "Jan 5, 2027, 9:00 AM".
 * Built by hand rather than by Intl so the words (and spaces) do not vary with the browser's ICU.
 */
export function formatDue(iso: string, timeZone: string, now: Date): string {
  const wall = new Date(wallMs(Date.parse(iso), timeZone));
  const today = new Date(wallMs(now.getTime(), timeZone));
  const dayNumber = (d: Date) =>
    Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) / 864e5);
  const days = dayNumber(wall) - dayNumber(today);
  const hour = wall.getUTCHours();
  const time = `${hour % 12 || 12}:${pad(wall.getUTCMinutes())} ${hour < 12 ? 'AM' : 'PM'}`;
  if (days === 0) return `Today ${time}`;
  if (days === 1) return `Tomorrow ${time}`;
  if (days === -1) return `Yesterday ${time}`;
  const month = MONTH_SHORT[wall.getUTCMonth()];
  if (wall.getUTCFullYear() !== today.getUTCFullYear()) {
    return `${month} ${wall.getUTCDate()}, ${wall.getUTCFullYear()}, ${time}`;
  }
  return `${WEEKDAY_SHORT[wall.getUTCDay()]}, ${month} ${wall.getUTCDate()}, ${time}`;
}

/** A zone name for people: "America/New_York" → "America/New York". */
export function zoneLabel(timeZone: string): string {
  return timeZone.replaceAll('_', ' ');
}
