import { NotificationEvent } from '@todo/contracts';
import { decodeEventMessage } from './event-message.js';

/** The notification event inside a Kafka message on `notifications`, or null when the message carries none. */
export function decodeNotificationMessage(value: Buffer | null): NotificationEvent | null {
  return decodeEventMessage(NotificationEvent, value);
}
