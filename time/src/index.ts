/**
 * The one place that reads dates and computes with them: wall-clock time in IANA zones (luxon),
 * recurrence (rrule), natural-language dates (chrono-node). Everything outside works with UTC
 * instants and zone names.
 */
export {
  startOfDay,
  zoneOffsetMinutes,
  toFloating,
  fromFloating,
  wallTimeToInstant,
  onDayAtTimeOf,
  type WallTime,
} from './time.js';
export {
  normalizeRecurrence,
  nextOccurrence,
  SEARCH_YEARS,
  type NextOccurrenceInput,
  type RecurrenceMode,
} from './recurrence.js';
export { friendlyToRrule } from './friendly-recurrence.js';
export {
  parseWhen,
  findWhen,
  snoozeUntil,
  type SnoozePreset,
  type WhenContext,
  type WhenMatch,
} from './natural.js';
export { describeDue, describeRecurrence } from './describe.js';
