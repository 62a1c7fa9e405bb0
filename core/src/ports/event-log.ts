import type { EventReplay } from '@todo/contracts';

/** The per-user log of task events that a reconnecting client catches up from. */
export interface EventLog {
  latestSeq(userId: string): Promise<number>;
  /** Events after `lastSeq` in order, or `reload` when some of them are no longer kept. */
  since(userId: string, lastSeq: number, limit: number): Promise<EventReplay>;
}
