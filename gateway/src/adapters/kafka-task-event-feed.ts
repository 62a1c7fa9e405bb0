import type { TaskEvent } from '@todo/contracts';
import type { TaskEventFeed } from '../ports/task-event-feed.js';
import { KafkaFeed, type FeedMessages, type KafkaFeedOptions } from './kafka-feed.js';
import { decodeTaskEventMessage, SeenSequences } from './task-event-message.js';

export type { KafkaFeedOptions } from './kafka-feed.js';

/** Each task event once per user sequence number: a redelivered or older one is dropped. */
export const TASK_EVENT_MESSAGES: FeedMessages<TaskEvent> = {
  kind: 'task event',
  decode: decodeTaskEventMessage,
  newFilter() {
    const seen = new SeenSequences();
    return (event) => seen.isNew(event);
  },
  idOf: (event) => event.id,
};

/** Task events from Kafka (`task-events`), for the sockets of this replica. */
export class KafkaTaskEventFeed extends KafkaFeed<TaskEvent> implements TaskEventFeed {
  constructor(options: KafkaFeedOptions) {
    super(options, TASK_EVENT_MESSAGES);
  }
}
