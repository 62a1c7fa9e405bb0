import { dbSpan, type Sql } from '@todo/platform';
import type { DeadLetter, DeadLetterStore } from '../../ports/dead-letter-store.js';

/** Dead letters in `notifier.dead_letters`. */
export class PostgresDeadLetterStore implements DeadLetterStore {
  constructor(private readonly sql: Sql) {}

  record(letter: Omit<DeadLetter, 'receivedAt'>, at: Date): Promise<boolean> {
    return dbSpan('dead_letters.insert', async () => {
      const result = await this.sql`
        insert into notifier.dead_letters (id, topic, envelope, received_at)
        values (${letter.id}, ${letter.topic}, ${this.sql.json(letter.envelope as never)}, ${at.toISOString()})
        on conflict (id) do nothing`;
      return result.count === 1;
    });
  }

  pending(limit: number): Promise<DeadLetter[]> {
    return dbSpan('dead_letters.pending', async () => {
      const rows = await this.sql<{ id: string; topic: string; envelope: unknown; received_at: Date }[]>`
        select id, topic, envelope, received_at from notifier.dead_letters
        where replayed_at is null order by received_at, id limit ${limit}`;
      return rows.map((row) => ({
        id: row.id,
        topic: row.topic,
        envelope: row.envelope,
        receivedAt: new Date(row.received_at),
      }));
    });
  }

  async markReplayed(id: string, at: Date): Promise<void> {
    await dbSpan(
      'dead_letters.replayed',
      () => this.sql`update notifier.dead_letters set replayed_at = ${at.toISOString()} where id = ${id}`,
    );
  }
}
