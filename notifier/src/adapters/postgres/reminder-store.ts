import type { Notification, NotificationEvent, Reminder, TaskEvent } from '@todo/contracts';
import { traceCarrier } from '@todo/observability';
import { dbSpan, type Fragment, type Sql, type Transaction } from '@todo/platform';
import type { ScheduledReminder } from '../../domain/schedule.js';
import type { NotificationSource, ReminderStore, ReminderToSchedule } from '../../ports/reminder-store.js';

const SNOOZED = 'snooze:';

interface FiredRow {
  id: string;
  user_id: string;
  task_id: string;
  reminder: Reminder;
  fire_at: Date;
  title: string;
  due_at: Date | null;
}

interface NotificationRow {
  event: NotificationEvent;
  read_at: Date | null;
}

const withReadAt = ({ event, read_at }: NotificationRow): Notification => ({
  ...event.notification,
  readAt: read_at ? read_at.toISOString() : null,
});

/** The schedule, ledger and inbox in the notifier's PostgreSQL schema. */
export class PostgresReminderStore implements ReminderStore {
  constructor(
    private readonly sql: Sql,
    /** Runs once a write that recorded notifications has committed, to wake the relay. */
    private readonly afterFire: () => void = () => {},
  ) {}

  applyTaskEvent(event: TaskEvent, wanted: ScheduledReminder[]): Promise<boolean> {
    const { task } = event;
    const open = event.type !== 'task.deleted' && task.status === 'open';
    return dbSpan('reminders.apply', () =>
      this.sql.begin(async (tx) => {
        const applied = await tx`
          insert into notifier.tasks (task_id, user_id, last_seq, title, due_at, time_zone, open)
          values (${task.id}, ${event.userId}, ${event.seq}, ${task.title}, ${task.dueAt}, ${task.timezone}, ${open})
          on conflict (task_id) do update set
            last_seq = excluded.last_seq, title = excluded.title, due_at = excluded.due_at,
            time_zone = excluded.time_zone, open = excluded.open
          where notifier.tasks.last_seq < excluded.last_seq`;
        if (applied.count === 0) return false;
        // A pending firing the task still wants stays as it is (and so does its job); a snooze outlives edits
        // of its task, but not its completion or deletion. A deleted firing's job is cancelled.
        await tx`
          with gone as (
            delete from notifier.reminders
            where task_id = ${task.id} and fired_at is null
              and (${!open} or reminder_key not like ${SNOOZED + '%'})
              and (reminder_key, fire_at) not in (
                select * from unnest(${wanted.map((entry) => entry.key)}::text[],
                                     ${wanted.map((entry) => entry.fireAt.toISOString())}::timestamptz[]))
            returning id, job_scheduled_at)
          insert into notifier.reminder_job_cancellations (reminder_id)
          select id from gone where job_scheduled_at is not null
          on conflict do nothing`;
        for (const entry of wanted) {
          // A firing already in the ledger (same reminder, same time) is not scheduled again.
          await tx`
            insert into notifier.reminders (id, task_id, user_id, reminder_key, reminder, fire_at)
            values (gen_random_uuid(), ${task.id}, ${event.userId}, ${entry.key},
                    ${tx.json(entry.reminder as never)}, ${entry.fireAt.toISOString()})
            on conflict (task_id, reminder_key, fire_at) do nothing`;
        }
        return true;
      }),
    ) as Promise<boolean>;
  }

  fireDue(now: Date, limit: number, newId: () => string): Promise<NotificationEvent[]> {
    // Rows another claim holds are skipped: that one fires them.
    return this.claim(
      'reminders.fire',
      now,
      newId,
      (tx) => tx`
      select id from notifier.reminders
      where fired_at is null and fire_at <= ${now.toISOString()}
      order by fire_at
      limit ${limit}
      for update skip locked`,
    );
  }

  async fireOne(reminderId: string, now: Date, newId: () => string): Promise<NotificationEvent | null> {
    // Waits for a claim that holds the row; once that commits, the row no longer qualifies.
    const [event] = await this.claim(
      'reminders.fire_one',
      now,
      newId,
      (tx) => tx`
      select id from notifier.reminders where id = ${reminderId} and fired_at is null for update`,
    );
    return event ?? null;
  }

  /** Marks the rows `due` selects (and locks) fired, and records a notification for each, in one transaction. */
  private async claim(
    span: string,
    now: Date,
    newId: () => string,
    due: (tx: Transaction) => Fragment,
  ): Promise<NotificationEvent[]> {
    // The firing's trace (not its SQL span's) is the one its notification is published in.
    const trace = traceCarrier();
    const events = (await dbSpan(span, () =>
      this.sql.begin(async (tx) => {
        const fired = await tx<FiredRow[]>`
          with due as (${due(tx)})
          update notifier.reminders r set fired_at = ${now.toISOString()}
          from due, notifier.tasks t
          where r.id = due.id and t.task_id = r.task_id
          returning r.id, r.user_id, r.task_id, r.reminder, r.fire_at, t.title, t.due_at`;
        const made: NotificationEvent[] = [];
        for (const row of fired) {
          const event = notificationEvent(row, newId(), now);
          await tx`
            insert into notifier.notifications (id, user_id, reminder_id, event, created_at, trace_context)
            values (${event.id}, ${row.user_id}, ${row.id}, ${tx.json(event as never)}, ${now.toISOString()},
                    ${trace && tx.json(trace)})`;
          // The webhook channel's ledger entry, in the same transaction: it exists if and only if it fired.
          await tx`
            insert into notifier.webhook_deliveries (notification_id, user_id, next_attempt_at)
            select ${event.id}, user_id, ${now.toISOString()} from notifier.webhooks
            where user_id = ${row.user_id}`;
          made.push(event);
        }
        return made;
      }),
    )) as NotificationEvent[];
    if (events.length) this.afterFire();
    return events;
  }

  async nextFireAt(): Promise<Date | null> {
    const [row] = await this.sql<{ at: Date | null }[]>`
      select min(fire_at) as at from notifier.reminders where fired_at is null`;
    return row?.at ?? null;
  }

  async schedule(entry: ReminderToSchedule): Promise<void> {
    await dbSpan('reminders.schedule', async () => {
      await this.sql`
        insert into notifier.reminders (id, task_id, user_id, reminder_key, reminder, fire_at)
        values (gen_random_uuid(), ${entry.taskId}, ${entry.userId}, ${entry.key}, ${this.sql.json(entry.reminder as never)},
                ${entry.fireAt.toISOString()})
        on conflict (task_id, reminder_key, fire_at) do nothing`;
    });
  }

  list(userId: string, options: { unreadOnly: boolean; limit: number }): Promise<Notification[]> {
    return dbSpan('notifications.list', async () => {
      const rows = await this.sql<NotificationRow[]>`
        select event, read_at from notifier.notifications
        where user_id = ${userId} ${options.unreadOnly ? this.sql`and read_at is null` : this.sql``}
        order by created_at desc, id desc
        limit ${options.limit}`;
      return rows.map(withReadAt);
    });
  }

  markRead(userId: string, id: string, now: Date): Promise<Notification | null> {
    return dbSpan('notifications.read', async () => {
      const [row] = await this.sql<NotificationRow[]>`
        update notifier.notifications set read_at = coalesce(read_at, ${now.toISOString()})
        where id = ${id} and user_id = ${userId}
        returning event, read_at`;
      return row ? withReadAt(row) : null;
    });
  }

  markAllRead(userId: string, now: Date): Promise<number> {
    return dbSpan('notifications.read_all', async () => {
      const result = await this.sql`
        update notifier.notifications set read_at = ${now.toISOString()}
        where user_id = ${userId} and read_at is null`;
      return result.count;
    });
  }

  sourceOf(userId: string, notificationId: string): Promise<NotificationSource | null> {
    return dbSpan('notifications.source', async () => {
      const [row] = await this.sql<
        { task_id: string; reminder_key: string; reminder: Reminder; time_zone: string; open: boolean }[]
      >`
        select r.task_id, r.reminder_key, r.reminder, t.time_zone, t.open
        from notifier.notifications n
        join notifier.reminders r on r.id = n.reminder_id
        join notifier.tasks t on t.task_id = r.task_id
        where n.id = ${notificationId} and n.user_id = ${userId}`;
      if (!row) return null;
      const key = row.reminder_key.startsWith(SNOOZED) ? row.reminder_key : SNOOZED + row.reminder_key;
      return {
        taskId: row.task_id,
        key,
        reminder: row.reminder,
        timeZone: row.time_zone,
        taskOpen: row.open,
      };
    });
  }

  async ping(): Promise<void> {
    await this.sql`select 1`;
  }
}

function notificationEvent(row: FiredRow, id: string, now: Date): NotificationEvent {
  return {
    id,
    type: 'notification.created',
    userId: row.user_id,
    occurredAt: now.toISOString(),
    notification: {
      id,
      taskId: row.task_id,
      title: row.title,
      dueAt: row.due_at ? row.due_at.toISOString() : null,
      reminder: row.reminder,
      fireAt: row.fire_at.toISOString(),
      firedAt: now.toISOString(),
      readAt: null,
    },
  };
}
