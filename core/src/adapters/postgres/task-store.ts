import type { TaskEvent } from '@todo/contracts';
import { traceCarrier } from '@todo/observability';
import { toPublicTask, type TaskRecord } from '../../domain/task.js';
import type { EventDraft, TaskStore } from '../../ports/task-store.js';
import { dbSpan, type Sql } from './database.js';
import { fromTaskRow, TASK_COLUMNS, toTaskRow, type TaskRow } from './task-rows.js';

type Tx = Sql;
/** Appends the change's event to the outbox, in the write's transaction. */
type Append = (task: TaskRecord, draft: EventDraft) => Promise<TaskEvent>;

/**
 * Tasks in PostgreSQL, each write in one transaction with its row in `task_events` (the outbox).
 * `afterCommit` runs once a write is durable, to wake the relay that publishes the event.
 */
export class PostgresTaskStore implements TaskStore {
  constructor(
    private readonly sql: Sql,
    private readonly afterCommit: () => void = () => {},
  ) {}

  get(userId: string, id: string): Promise<TaskRecord | null> {
    return dbSpan('tasks.get', async () => {
      const [row] = await this.sql<TaskRow[]>`select * from tasks where id = ${id} and user_id = ${userId}`;
      return row ? fromTaskRow(row) : null;
    });
  }

  insert(task: TaskRecord, event: EventDraft): Promise<TaskEvent> {
    return this.write('tasks.insert', async (tx, append) => {
      await tx`insert into tasks ${tx(toTaskRow(task, tx), ...TASK_COLUMNS)}`;
      return append(task, event);
    });
  }

  update(
    task: TaskRecord,
    expectedVersion: number,
    event: EventDraft,
    next?: { task: TaskRecord; event: EventDraft },
  ): Promise<TaskEvent | null> {
    return this.write('tasks.update', async (tx, append) => {
      const { id: _id, user_id: _user, created_at: _created, ...changes } = toTaskRow(task, tx);
      const result = await tx`
        update tasks set ${tx(changes)}
        where id = ${task.id} and user_id = ${task.userId} and version = ${expectedVersion}`;
      if (result.count !== 1) return null;
      const written = await append(task, event);
      if (next) {
        const inserted = await tx`
          insert into tasks ${tx(toTaskRow(next.task, tx), ...TASK_COLUMNS)}
          on conflict (series_id, series_occurrence) where series_id is not null do nothing`;
        if (inserted.count === 1) await append(next.task, next.event);
      }
      return written;
    });
  }

  delete(task: TaskRecord, expectedVersion: number, event: EventDraft): Promise<TaskEvent | null> {
    return this.write('tasks.delete', async (tx, append) => {
      const result = await tx`
        delete from tasks where id = ${task.id} and user_id = ${task.userId} and version = ${expectedVersion}`;
      return result.count === 1 ? append(task, event) : null;
    });
  }

  private async write<T>(operation: string, fn: (tx: Tx, append: Append) => Promise<T>): Promise<T> {
    // The trace of the operation (not of its SQL span) is the one the event is published in.
    const trace = traceCarrier();
    const result = await dbSpan(
      operation,
      () =>
        this.sql.begin((tx) =>
          fn(tx as unknown as Tx, (task, draft) => appendEvent(tx as unknown as Tx, task, draft, trace)),
        ) as Promise<T>,
    );
    if (result) this.afterCommit();
    return result;
  }
}

/** Takes the user's next sequence number (locking the user row, so events stay in commit order). */
async function appendEvent(
  tx: Tx,
  task: TaskRecord,
  draft: EventDraft,
  trace: Record<string, string> | null,
): Promise<TaskEvent> {
  const [user] = await tx<{ seq: string }[]>`
    update users set event_seq = event_seq + 1 where id = ${task.userId} returning event_seq as seq`;
  if (!user) throw new Error(`user ${task.userId} of task ${task.id} does not exist`);
  const event: TaskEvent = { ...draft, userId: task.userId, seq: Number(user.seq), task: toPublicTask(task) };
  await tx`
    insert into task_events (user_id, seq, id, type, payload, created_at, trace_context)
    values (${event.userId}, ${event.seq}, ${event.id}, ${event.type}, ${tx.json(event as never)},
            ${event.occurredAt}, ${trace && tx.json(trace)})`;
  return event;
}
