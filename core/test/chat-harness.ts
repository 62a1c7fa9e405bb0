import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '@todo/observability';
import { startCore, type Core, type CoreConfig } from '../src/index.js';
import type { SettableClock } from '../src/corpus/run-corpus.js';

/**
 * Core on an in-memory PGlite with a clock the test sets, for the describe block that calls it. A ticking
 * clock moves 1 ms each time it is read, so things made one after another are ordered as they were made.
 */
export function chatCore({
  ticking = false,
  llm,
}: { ticking?: boolean; llm?: () => CoreConfig['llm'] } = {}): { core: () => Core; clock: SettableClock } {
  let current = new Date('2026-11-24T15:00:00Z');
  const clock: SettableClock = {
    now: () => (ticking ? (current = new Date(current.getTime() + 1)) : current),
    set: (at) => (current = at),
  };
  let core: Core;
  beforeAll(async () => {
    core = await startCore({
      pgliteDir: 'memory://',
      jwtSecret: new TextEncoder().encode('chat tests secret, long enough for HS256'),
      jwtTtlSeconds: 3600,
      defaultTimeZone: 'America/New_York',
      log: createLogger('test', 'error'),
      clock,
      llm: llm?.(),
    });
  });
  afterAll(async () => {
    await core?.stop();
  });
  return { core: () => core, clock };
}
