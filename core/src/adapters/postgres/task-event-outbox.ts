import type { TaskEvent } from '@todo/contracts';
import type { Outbox } from '@todo/platform';

/** `task_events` as the outbox of task changes: each user's events go out in sequence order. */
export const taskEventOutbox: Outbox<TaskEvent> = {
  lockKey: 0x7_0d0_0b0,
  // Consumers order by user (per-user sequence numbers; the Kafka key is the user).
  orderKey: (event) => event.userId,
  async claim(tx, limit) {
    const rows = await tx<{ payload: TaskEvent; trace_context: Record<string, string> | null }[]>`
      select payload, trace_context from task_events
      where published_at is null
      order by user_id, seq
      limit ${limit}
      for update skip locked`;
    return rows.map((row) => ({ id: row.payload.id, payload: row.payload, traceContext: row.trace_context }));
  },
  async markPublished(tx, ids) {
    await tx`update task_events set published_at = now() where id = any(${ids}::uuid[])`;
  },
  async prune(sql, before) {
    await sql`delete from task_events where published_at < ${before.toISOString()}::timestamptz`;
  },
};
