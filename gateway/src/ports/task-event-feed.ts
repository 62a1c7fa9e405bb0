import type { TaskEvent } from '@todo/contracts';

/** Where the gateway hears about committed task changes (in-process bus, or Kafka in the Dapr runtime). */
export interface TaskEventFeed {
  subscribe(handler: (event: TaskEvent) => void): () => void;
}
