import type { TaskEvent } from '@todo/contracts';
import { injectContext, SpanKind, withSpan } from '@todo/observability';

export interface DaprPublisherOptions {
  /** The sidecar's HTTP port (DAPR_HTTP_PORT). */
  daprHttpPort: number;
  pubsubName: string;
  topic: string;
  timeoutMs?: number;
}

/**
 * Publishes task events through the Dapr pub/sub API, as CloudEvents that name the change (`type`) and the
 * task (`subject`), keyed by user so Kafka keeps each user's events in order on one partition.
 *
 * Plain HTTP rather than @dapr/dapr's client: its publish cannot set `traceparent`, and the trace of the
 * change has to travel with the event. A failure throws, so the outbox relay keeps the row and retries.
 */
export class DaprEventPublisher {
  private readonly url: string;

  constructor(private readonly options: DaprPublisherOptions) {
    this.url = `http://127.0.0.1:${options.daprHttpPort}/v1.0/publish/${options.pubsubName}/${options.topic}`;
  }

  publish(event: TaskEvent): Promise<void> {
    return withSpan(
      `${this.options.topic} publish`,
      async () => {
        const cloudEvent = {
          specversion: '1.0',
          id: event.id,
          source: 'core',
          type: event.type,
          subject: event.task.id,
          time: event.occurredAt,
          datacontenttype: 'application/json',
          data: event,
        };
        const response = await fetch(
          `${this.url}?metadata.partitionKey=${encodeURIComponent(event.userId)}`,
          {
            method: 'POST',
            headers: injectContext({ 'content-type': 'application/cloudevents+json' }),
            body: JSON.stringify(cloudEvent),
            signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          },
        );
        if (!response.ok) {
          throw new Error(`Dapr refused to publish ${event.id}: ${response.status} ${await response.text()}`);
        }
      },
      {
        kind: SpanKind.PRODUCER,
        attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': this.options.topic },
      },
    );
  }
}
