import { randomUUID } from 'node:crypto';
import {
  AppError,
  NotificationQuery,
  parseInput,
  SnoozeInput,
  type Actor,
  type Notification,
  type NotificationPage,
  type NotifierApi,
  type TaskEvent,
  type Webhook,
  type WebhookCreated,
  WebhookSettings,
} from '@todo/contracts';
import { snoozeUntil } from '@todo/time';
import { reminderIdOfJob } from '../domain/reminder-job.js';
import { remindersWanted } from '../domain/schedule.js';
import { newWebhookSecret } from '../domain/webhook.js';
import type { ReminderStore } from '../ports/reminder-store.js';
import type { WebhookStore } from '../ports/webhook-store.js';

export interface NotifierServiceDeps {
  store: ReminderStore;
  webhooks: WebhookStore;
  clock: { now(): Date };
  /** Told whenever the schedule may have an earlier reminder than before. */
  scheduleChanged: () => void;
}

const notFound = () => new AppError('not_found', 'Notification not found');

/** Reminder use cases: keep the schedule in step with task events, and the user's inbox. */
export class NotifierService implements NotifierApi {
  constructor(private readonly deps: NotifierServiceDeps) {}

  /** Applies a task event to the schedule, once; a stale or repeated one changes nothing. */
  async applyTaskEvent(event: TaskEvent): Promise<void> {
    const wanted = remindersWanted(event);
    if (await this.deps.store.applyTaskEvent(event, wanted)) this.deps.scheduleChanged();
  }

  /** Fires the reminder a job is named after, once: false when there is no such reminder pending. */
  async fireReminderJob(jobName: string): Promise<boolean> {
    const reminderId = reminderIdOfJob(jobName);
    if (!reminderId) return false;
    return (await this.deps.store.fireOne(reminderId, this.deps.clock.now(), randomUUID)) !== null;
  }

  async listNotifications(actor: Actor, rawQuery: Record<string, string>): Promise<NotificationPage> {
    const query = parseInput(NotificationQuery, rawQuery, 'query');
    const items = await this.deps.store.list(actor.userId, {
      unreadOnly: query.unread === 'true',
      limit: query.limit,
    });
    return { items };
  }

  async markRead(actor: Actor, id: string): Promise<Notification> {
    return (
      (await this.deps.store.markRead(actor.userId, validId(id), this.deps.clock.now())) ?? throwNotFound()
    );
  }

  markAllRead(actor: Actor): Promise<number> {
    return this.deps.store.markAllRead(actor.userId, this.deps.clock.now());
  }

  async snooze(actor: Actor, id: string, input: SnoozeInput): Promise<{ fireAt: string }> {
    const { until } = parseInput(SnoozeInput, input);
    const source = (await this.deps.store.sourceOf(actor.userId, validId(id))) ?? throwNotFound();
    if (!source.taskOpen) {
      throw new AppError(
        'conflict',
        'The task of this reminder is done or deleted; there is nothing to snooze',
      );
    }
    const now = this.deps.clock.now();
    const fireAt = snoozeUntil(until, { timeZone: source.timeZone, now });
    await this.deps.store.schedule({ userId: actor.userId, ...source, fireAt });
    // Dealt with for now: it comes back as a new notification when the snooze ends.
    await this.deps.store.markRead(actor.userId, id, now);
    this.deps.scheduleChanged();
    return { fireAt: fireAt.toISOString() };
  }

  async setWebhook(actor: Actor, input: WebhookSettings): Promise<WebhookCreated> {
    const { url, secret = newWebhookSecret() } = parseInput(WebhookSettings, input);
    await this.deps.webhooks.set(actor.userId, { url, secret }, this.deps.clock.now());
    return { url, secret };
  }

  async getWebhook(actor: Actor): Promise<Webhook | null> {
    const webhook = await this.deps.webhooks.get(actor.userId);
    return webhook && { url: webhook.url };
  }

  deleteWebhook(actor: Actor): Promise<void> {
    return this.deps.webhooks.delete(actor.userId);
  }

  checkReady(): Promise<void> {
    return this.deps.store.ping();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id can name no notification; saying so beats a database error. */
function validId(id: string): string {
  if (!UUID.test(id)) throw new AppError('not_found', 'Notification not found');
  return id;
}

function throwNotFound(): never {
  throw notFound();
}
