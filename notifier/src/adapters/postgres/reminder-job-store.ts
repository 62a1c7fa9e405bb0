import { dbSpan, type Sql } from '@todo/platform';
import type { ReminderJob, ReminderJobStore } from '../../ports/reminder-jobs.js';

/** Which reminders' Dapr jobs are out of step, from the notifier's schema (migration 0003). */
export class PostgresReminderJobStore implements ReminderJobStore {
  constructor(private readonly sql: Sql) {}

  unscheduled(limit: number): Promise<ReminderJob[]> {
    return dbSpan('reminder_jobs.unscheduled', async () => {
      const rows = await this.sql<{ id: string; fire_at: Date }[]>`
        select id, fire_at from notifier.reminders
        where fired_at is null and job_scheduled_at is null
        order by fire_at
        limit ${limit}`;
      return rows.map((row) => ({ reminderId: row.id, fireAt: row.fire_at }));
    });
  }

  async markScheduled(reminderIds: string[]): Promise<void> {
    await dbSpan('reminder_jobs.scheduled', async () => {
      await this.sql`
        update notifier.reminders set job_scheduled_at = now()
        where id = any(${reminderIds}::uuid[])`;
    });
  }

  cancellations(limit: number): Promise<string[]> {
    return dbSpan('reminder_jobs.cancellations', async () => {
      const rows = await this.sql<{ reminder_id: string }[]>`
        select reminder_id from notifier.reminder_job_cancellations order by created_at limit ${limit}`;
      return rows.map((row) => row.reminder_id);
    });
  }

  async forgetCancellations(reminderIds: string[]): Promise<void> {
    await dbSpan('reminder_jobs.cancelled', async () => {
      await this.sql`
        delete from notifier.reminder_job_cancellations where reminder_id = any(${reminderIds}::uuid[])`;
    });
  }
}
