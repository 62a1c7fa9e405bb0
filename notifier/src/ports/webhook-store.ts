import type { NotificationEvent } from '@todo/contracts';

export interface WebhookRow {
  url: string;
  secret: string;
}

/** A delivery claimed for one attempt: leased until `leaseUntil`, so no other notifier sends it meanwhile. */
export interface ClaimedDelivery {
  notificationId: string;
  /** This attempt's number (1 for the first). */
  attempt: number;
  event: NotificationEvent;
  url: string;
  secret: string;
}

/** The webhook channel: each user's webhook, and its delivery ledger (rows made when a reminder fires). */
export interface WebhookStore {
  set(userId: string, webhook: WebhookRow, now: Date): Promise<void>;
  get(userId: string): Promise<WebhookRow | null>;
  /** Drops the webhook and its deliveries (pending ones are not sent). */
  delete(userId: string): Promise<void>;
  /** Claims due, undelivered deliveries (attempts below `maxAttempts`), counting the attempt. */
  claimDue(now: Date, leaseUntil: Date, limit: number, maxAttempts: number): Promise<ClaimedDelivery[]>;
  delivered(notificationId: string, now: Date): Promise<void>;
  /** Records a failed attempt; `retryAt` null when it gives up. */
  failed(notificationId: string, error: string, retryAt: Date | null): Promise<void>;
  /** When the earliest pending delivery is due, if any. */
  nextAttemptAt(maxAttempts: number): Promise<Date | null>;
}
