import type { EventReplay, TaskEvent } from '@todo/contracts';
import type { EventLog } from '../../ports/event-log.js';
import { dbSpan, type Sql } from './database.js';

/**
 * Replays committed events from the outbox table, which keeps them for a while after publishing. An event
 * may be replayed and then arrive live as well: the gateway sends each sequence number once.
 */
export class PostgresEventLog implements EventLog {
  constructor(private readonly sql: Sql) {}

  latestSeq(userId: string): Promise<number> {
    return dbSpan('events.latest', async () => {
      const [row] = await this.sql<
        { seq: string }[]
      >`select event_seq as seq from users where id = ${userId}`;
      return row ? Number(row.seq) : 0;
    });
  }

  since(userId: string, lastSeq: number, limit: number): Promise<EventReplay> {
    return dbSpan('events.since', async () => {
      const rows = await this.sql<{ seq: string; payload: TaskEvent }[]>`
        select seq, payload from task_events
        where user_id = ${userId} and seq > ${lastSeq}
        order by seq
        limit ${limit + 1}`;
      const first = rows[0];
      // A gap after lastSeq means events were pruned; more than `limit` means replay would be worse than a reload.
      if (rows.length > limit || (first && Number(first.seq) !== lastSeq + 1))
        return { events: [], reload: true };
      return { events: rows.map((row) => row.payload), reload: false };
    });
  }
}
