import initial from './0001-initial.js';
import series from './0002-series.js';
import conversations from './0003-conversations.js';
import eventTrace from './0004-event-trace.js';

/** Applied in order, each once, each in its own transaction. Never edit one that has shipped: add another. */
export const MIGRATIONS: ReadonlyArray<{ id: string; sql: string }> = [
  { id: '0001-initial', sql: initial },
  { id: '0002-series', sql: series },
  { id: '0003-conversations', sql: conversations },
  { id: '0004-event-trace', sql: eventTrace },
];
