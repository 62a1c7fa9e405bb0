import { z } from 'zod';
import type { Actor } from './auth.js';
import { Reminder } from './task.js';

/** A reminder that fired: what the user sees in the bell and gets as a `notification` frame. */
export const Notification = z
  .object({
    id: z.uuid(),
    taskId: z.uuid(),
    /** The task's title when the reminder fired. */
    title: z.string(),
    dueAt: z.iso.datetime().nullable(),
    reminder: Reminder,
    /** When it was due to fire (a snoozed one: when the snooze ended). */
    fireAt: z.iso.datetime(),
    firedAt: z.iso.datetime(),
    readAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'Notification' });
export type Notification = z.infer<typeof Notification>;

/** Published on `notifications`, keyed by user, once per notification; the gateway pushes it to sockets. */
export const NotificationEvent = z
  .object({
    id: z.uuid(),
    type: z.literal('notification.created'),
    userId: z.uuid(),
    occurredAt: z.iso.datetime(),
    notification: Notification,
  })
  .meta({ id: 'NotificationEvent' });
export type NotificationEvent = z.infer<typeof NotificationEvent>;

export const NotificationQuery = z
  .strictObject({
    unread: z.enum(['true', 'false']).optional().meta({ description: 'true: only those not read yet' }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .meta({ id: 'NotificationQuery' });
export type NotificationQuery = z.output<typeof NotificationQuery>;

export const SNOOZE_PRESETS = ['5m', '1h', 'tomorrow-9am'] as const;

export const SnoozeInput = z
  .strictObject({
    until: z
      .enum(SNOOZE_PRESETS)
      .meta({ description: '5 minutes, 1 hour, or 09:00 tomorrow in the task zone' }),
  })
  .meta({ id: 'SnoozeInput' });
export type SnoozeInput = z.input<typeof SnoozeInput>;

export const NotificationPage = z.object({ items: z.array(Notification) }).meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof NotificationPage>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or http to this machine only (a local receiver): a secret never crosses a network unencrypted. */
const webhookUrl = z
  .url({ protocol: /^https?$/ })
  .refine((raw) => {
    // Refinements run on a value that failed the URL check too: that one is reported already.
    const url = URL.parse(raw);
    return !url || url.protocol === 'https:' || LOOPBACK_HOSTS.has(url.hostname);
  }, 'Must be https (http only for localhost)')
  .meta({ description: 'Where each notification is POSTed; https, or http for localhost' });

/** A user's webhook: every notification is POSTed there too, signed with the secret. */
export const WebhookSettings = z
  .strictObject({
    url: webhookUrl,
    secret: z
      .string()
      .min(16)
      .max(200)
      .optional()
      .meta({ description: 'The HMAC key; one is generated when absent' }),
  })
  .meta({ id: 'WebhookSettings' });
export type WebhookSettings = z.input<typeof WebhookSettings>;

/** The webhook as set: the secret is answered only when set, never read back. */
export const WebhookCreated = z
  .object({ url: z.string(), secret: z.string() })
  .meta({ id: 'WebhookCreated' });
export type WebhookCreated = z.infer<typeof WebhookCreated>;

export const Webhook = z.object({ url: z.string() }).meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof Webhook>;

/**
 * What the notifier offers the gateway. Inputs are unvalidated: the notifier validates them and throws
 * `AppError`. Embedded mode calls it directly; the Dapr runtime by service invocation.
 */
export interface NotifierApi {
  /** Newest first. */
  listNotifications(actor: Actor, query: Record<string, string>): Promise<NotificationPage>;
  /** Idempotent: reading a read one again changes nothing. */
  markRead(actor: Actor, id: string): Promise<Notification>;
  /** How many it marked. */
  markAllRead(actor: Actor): Promise<number>;
  /** Fires the same reminder again later (and marks this notification read); returns when. */
  snooze(actor: Actor, id: string, input: SnoozeInput): Promise<{ fireAt: string }>;
  /** Sets (or replaces) the caller's webhook; answers the secret, generated when not given, this once. */
  setWebhook(actor: Actor, input: WebhookSettings): Promise<WebhookCreated>;
  /** Null when the caller has none. */
  getWebhook(actor: Actor): Promise<Webhook | null>;
  /** Idempotent; deliveries still pending are dropped. */
  deleteWebhook(actor: Actor): Promise<void>;
  checkReady(): Promise<void>;
}

/** Every method of NotifierApi, for transports that carry them by name (service invocation). */
export const NOTIFIER_METHODS = [
  'listNotifications',
  'markRead',
  'markAllRead',
  'snooze',
  'setWebhook',
  'getWebhook',
  'deleteWebhook',
  'checkReady',
] as const satisfies ReadonlyArray<keyof NotifierApi>;
export type NotifierMethod = (typeof NOTIFIER_METHODS)[number];

// Fails to compile when NotifierApi gains a method that NOTIFIER_METHODS does not list.
const _everyMethodListed: Record<Exclude<keyof NotifierApi, NotifierMethod>, never> = {};
void _everyMethodListed;
