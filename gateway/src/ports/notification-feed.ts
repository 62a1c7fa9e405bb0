import type { NotificationEvent } from '@todo/contracts';

/**
 * Where the gateway hears about reminders that fired (the notifier in-process, or Kafka in the Dapr
 * runtime). At least once: a notification may arrive again, and the socket hub drops the repeat.
 */
export interface NotificationFeed {
  subscribe(handler: (event: NotificationEvent) => void): () => void;
}
