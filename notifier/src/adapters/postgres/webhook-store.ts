import type { NotificationEvent } from '@todo/contracts';
import { dbSpan, type Sql } from '@todo/platform';
import type { ClaimedDelivery, WebhookRow, WebhookStore } from '../../ports/webhook-store.js';

/** Far in the future: a delivery that gave up is never due again (its last_error stays). */
const NEVER = '9999-12-31T00:00:00.000Z';

/** Webhooks and their delivery ledger in the notifier's PostgreSQL schema. */
export class PostgresWebhookStore implements WebhookStore {
  constructor(private readonly sql: Sql) {}

  async set(userId: string, { url, secret }: WebhookRow, now: Date): Promise<void> {
    await dbSpan('webhooks.set', async () => {
      await this.sql`
        insert into notifier.webhooks (user_id, url, secret, created_at)
        values (${userId}, ${url}, ${secret}, ${now.toISOString()})
        on conflict (user_id) do update set url = excluded.url, secret = excluded.secret`;
    });
  }

  get(userId: string): Promise<WebhookRow | null> {
    return dbSpan('webhooks.get', async () => {
      const [row] = await this.sql<WebhookRow[]>`
        select url, secret from notifier.webhooks where user_id = ${userId}`;
      return row ?? null;
    });
  }

  async delete(userId: string): Promise<void> {
    await dbSpan('webhooks.delete', async () => {
      // Its deliveries go with it (on delete cascade).
      await this.sql`delete from notifier.webhooks where user_id = ${userId}`;
    });
  }

  claimDue(now: Date, leaseUntil: Date, limit: number, maxAttempts: number): Promise<ClaimedDelivery[]> {
    return dbSpan('webhooks.claim', async () => {
      const rows = await this.sql<
        { notification_id: string; attempts: number; event: NotificationEvent; url: string; secret: string }[]
      >`
        with due as (
          select notification_id from notifier.webhook_deliveries
          where delivered_at is null and attempts < ${maxAttempts} and next_attempt_at <= ${now.toISOString()}
          order by next_attempt_at
          limit ${limit}
          for update skip locked
        )
        update notifier.webhook_deliveries d
        set attempts = d.attempts + 1, next_attempt_at = ${leaseUntil.toISOString()}
        from due, notifier.notifications n, notifier.webhooks w
        where d.notification_id = due.notification_id and n.id = d.notification_id and w.user_id = d.user_id
        returning d.notification_id, d.attempts, n.event, w.url, w.secret`;
      return rows.map((row) => ({
        notificationId: row.notification_id,
        attempt: row.attempts,
        event: row.event,
        url: row.url,
        secret: row.secret,
      }));
    });
  }

  async delivered(notificationId: string, now: Date): Promise<void> {
    await dbSpan('webhooks.delivered', async () => {
      await this.sql`
        update notifier.webhook_deliveries set delivered_at = ${now.toISOString()}, last_error = null
        where notification_id = ${notificationId}`;
    });
  }

  async failed(notificationId: string, error: string, retryAt: Date | null): Promise<void> {
    await dbSpan('webhooks.failed', async () => {
      await this.sql`
        update notifier.webhook_deliveries
        set last_error = ${error.slice(0, 500)}, next_attempt_at = ${retryAt?.toISOString() ?? NEVER}
        where notification_id = ${notificationId}`;
    });
  }

  async nextAttemptAt(maxAttempts: number): Promise<Date | null> {
    const [row] = await this.sql<{ at: Date | null }[]>`
      select min(next_attempt_at) as at from notifier.webhook_deliveries
      where delivered_at is null and attempts < ${maxAttempts}`;
    return row?.at ?? null;
  }
}
