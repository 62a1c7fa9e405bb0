import type { Logger } from '@todo/observability';
import { backoffMs, signBody } from '../domain/webhook.js';
import type { ClaimedDelivery, WebhookStore } from '../ports/webhook-store.js';

export interface WebhookDeliveryOptions {
  /** The wait after the first failure; doubles each time, capped at 5 minutes. Default 1 s. */
  backoffBaseMs?: number;
  /** Attempts before it gives up (last_error stays). Default 10. */
  maxAttempts?: number;
  /** Per request. Default 5 s. */
  timeoutMs?: number;
}

export interface WebhookDispatcherDeps extends WebhookDeliveryOptions {
  store: WebhookStore;
  now: () => Date;
  log: Logger;
}

/** How many deliveries one claim takes at most (POSTed concurrently). */
const DELIVERY_BATCH = 20;

/**
 * The webhook channel: POSTs each notification to its user's webhook, signed, retrying with backoff. A
 * delivery is claimed and leased in the ledger (well past the request timeout) before the POST, so two
 * notifiers never send one at once. At least once: a crash between the POST and recording it sends it
 * again when the lease ends; receivers dedupe by `x-todo-delivery` (the notification id).
 */
export class WebhookDispatcher {
  private readonly backoffBaseMs: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;

  constructor(private readonly deps: WebhookDispatcherDeps) {
    this.backoffBaseMs = deps.backoffBaseMs ?? 1_000;
    this.maxAttempts = deps.maxAttempts ?? 10;
    this.timeoutMs = deps.timeoutMs ?? 5_000;
  }

  /** Attempts what is due now; returns how many it attempted. */
  async deliverDue(): Promise<number> {
    const now = this.deps.now();
    const leaseUntil = new Date(now.getTime() + this.timeoutMs + 30_000);
    const claimed = await this.deps.store.claimDue(now, leaseUntil, DELIVERY_BATCH, this.maxAttempts);
    await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    return claimed.length;
  }

  nextAttemptAt(): Promise<Date | null> {
    return this.deps.store.nextAttemptAt(this.maxAttempts);
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const { store, log } = this.deps;
    const error = await this.post(delivery);
    if (error === null) {
      await store.delivered(delivery.notificationId, this.deps.now());
      return;
    }
    const givingUp = delivery.attempt >= this.maxAttempts;
    const retryAt = givingUp
      ? null
      : new Date(this.deps.now().getTime() + backoffMs(delivery.attempt, this.backoffBaseMs));
    await store.failed(delivery.notificationId, error, retryAt);
    const context = { notificationId: delivery.notificationId, attempt: delivery.attempt, error };
    if (givingUp) log.warn(context, 'webhook delivery failed for the last time; giving up');
    else log.info({ ...context, retryAt }, 'webhook delivery failed; will retry');
  }

  /** Null when the receiver took it (2xx), else why not. */
  private async post({ event, url, secret, notificationId }: ClaimedDelivery): Promise<string | null> {
    const body = JSON.stringify(event);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-todo-signature': signBody(secret, body),
          'x-todo-delivery': notificationId,
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    }
  }
}
