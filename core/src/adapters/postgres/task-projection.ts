import type { TaskEvent } from '@todo/contracts';
import type { ProjectionResult, TaskProjection } from '../../ports/task-projection.js';
import { dbSpan, type Sql } from './database.js';
import { TASK_COLUMNS, toTaskRow } from './task-rows.js';

/**
 * The read model in PostgreSQL, fed by events (the Dapr runtime, where the source of truth is the state
 * store). The event's (user, seq) row in `task_events` is the dedupe key and the replay log; a task row is
 * only ever replaced by a newer version.
 */
export class PostgresTaskProjection implements TaskProjection {
  constructor(private readonly sql: Sql) {}

  apply(event: TaskEvent): Promise<ProjectionResult> {
    return dbSpan('tasks.project', () =>
      this.sql.begin(async (tx) => {
        const [fresh] = await tx`
          insert into task_events (user_id, seq, id, type, payload, created_at, published_at)
          values (${event.userId}, ${event.seq}, ${event.id}, ${event.type}, ${tx.json(event as never)},
                  ${event.occurredAt}, now())
          on conflict do nothing
          returning seq`;
        if (!fresh) return 'duplicate';
        const task = { ...event.task, userId: event.userId };
        if (event.type === 'task.deleted') {
          await tx`delete from tasks where id = ${task.id} and version <= ${task.version}`;
        } else {
          const row = toTaskRow(task, tx);
          const { id: _id, user_id: _user, created_at: _created, ...changes } = row;
          await tx`
            insert into tasks ${tx(row, ...TASK_COLUMNS)}
            on conflict (id) do update set ${tx(changes)}
            where tasks.version < excluded.version`;
        }
        await tx`update users set event_seq = greatest(event_seq, ${event.seq}) where id = ${event.userId}`;
        return 'applied';
      }),
    ) as Promise<ProjectionResult>;
  }
}
