import { SpanKind, withSpan } from '@todo/observability';
import { daprFetch } from './dapr-http.js';

export interface DaprPublisherOptions {
  /** The sidecar's HTTP port (DAPR_HTTP_PORT). */
  daprHttpPort: number;
  pubsubName: string;
  topic: string;
  timeoutMs?: number;
}

/** What the CloudEvent of an event says about it, and the key that orders it on Kafka. */
export interface EventEnvelope {
  id: string;
  type: string;
  /** What the event is about (a task). */
  subject: string;
  /** The partition key: events with one key keep their order (a user's). */
  key: string;
  time: string;
}

/**
 * Publishes events through the Dapr pub/sub API, as CloudEvents that name the change (`type`) and what it
 * is about (`subject`), with `metadata.partitionKey` so Kafka keeps the events of one key in order on one
 * partition.
 *
 * Plain HTTP rather than @dapr/dapr's client: its publish cannot set `traceparent`, and the trace of the
 * change has to travel with the event. A failure throws, so an outbox relay keeps the row and retries.
 */
export class DaprEventPublisher<T> {
  private readonly path: string;

  constructor(
    private readonly options: DaprPublisherOptions & {
      /** The CloudEvent `source` (the publishing service). */
      source: string;
      envelope: (event: T) => EventEnvelope;
    },
  ) {
    this.path = `/v1.0/publish/${options.pubsubName}/${options.topic}`;
  }

  publish(event: T): Promise<void> {
    return withSpan(
      `${this.options.topic} publish`,
      async () => {
        const { id, type, subject, key, time } = this.options.envelope(event);
        const cloudEvent = {
          specversion: '1.0',
          id,
          source: this.options.source,
          type,
          subject,
          time,
          datacontenttype: 'application/json',
          data: event,
        };
        const response = await daprFetch(
          this.options.daprHttpPort,
          `${this.path}?metadata.partitionKey=${encodeURIComponent(key)}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/cloudevents+json' },
            body: JSON.stringify(cloudEvent),
            timeoutMs: this.options.timeoutMs ?? 10_000,
          },
        );
        if (!response.ok) {
          throw new Error(`Dapr refused to publish ${id}: ${response.status} ${await response.text()}`);
        }
      },
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': this.options.topic },
      },
    );
  }
}
