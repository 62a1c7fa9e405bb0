// IANA time zones for the settings page: the list the browser knows, a forgiving filter, and a label with
// the current UTC offset so "Berlin" and "GMT+01:00" both help the user find their zone.

/** Every zone the browser supports (with UTC, which some engines leave out), sorted. */
export function allTimeZones(extra: readonly string[] = []): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // Older engines: the zones we were given still make a usable list.
  }
  return [...new Set([...zones, 'UTC', ...extra])].sort();
}

/** Zones whose name or offset label contains every word of `query` ("new york", "gmt+05:30"). */
export function filterTimeZones(zones: readonly string[], query: string): string[] {
  const words = query.toLowerCase().replaceAll('_', ' ').split(/\s+/).filter(Boolean);
  if (!words.length) return [...zones];
  return zones.filter((zone) => {
    const haystack = timeZoneLabel(zone).toLowerCase().replaceAll('_', ' ');
    return words.every((word) => haystack.includes(word));
  });
}

const labels = new Map<string, string>();

/** "America/New_York (GMT-05:00)": the offset is today's, so it follows daylight saving time. */
export function timeZoneLabel(zone: string): string {
  let label = labels.get(zone);
  if (label === undefined) {
    label = zone;
    try {
      const offset = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
        .formatToParts(new Date())
        .find((part) => part.type === 'timeZoneName')?.value;
      if (offset) label = `${zone} (${offset})`;
    } catch {
      // A zone this browser cannot format keeps its bare name.
    }
    labels.set(zone, label);
  }
  return label;
}
