import type { NotificationEvent } from '@todo/contracts';
import type { NotificationFeed } from '../ports/notification-feed.js';
import { RecentIds } from '../util/recent-ids.js';
import { KafkaFeed, type FeedMessages, type KafkaFeedOptions } from './kafka-feed.js';
import { decodeNotificationMessage } from './notification-message.js';

/**
 * Each notification once by its id. Notifications carry no per-user sequence, and a redelivery comes soon
 * after the first delivery, so remembering the recent ids is enough.
 */
export const NOTIFICATION_MESSAGES: FeedMessages<NotificationEvent> = {
  kind: 'notification event',
  decode: decodeNotificationMessage,
  newFilter() {
    const recent = new RecentIds();
    return (event) => recent.isNew(event.notification.id);
  },
  idOf: (event) => event.id,
};

/** Notifications from Kafka (`notifications`), for the sockets of this replica. */
export class KafkaNotificationFeed extends KafkaFeed<NotificationEvent> implements NotificationFeed {
  constructor(options: KafkaFeedOptions) {
    super(options, NOTIFICATION_MESSAGES);
  }
}
