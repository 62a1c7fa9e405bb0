import { Kafka, logLevel, type Consumer } from 'kafkajs';
import type { TaskEvent } from '@todo/contracts';
import { extractContext, SpanKind, withSpan, type Logger } from '@todo/observability';
import type { TaskEventFeed } from '../ports/task-event-feed.js';
import { decodeTaskEventMessage, SeenSequences } from './task-event-message.js';

export interface KafkaFeedOptions {
  brokers: string[];
  topic: string;
  /**
   * Unique per gateway replica (`gateway-<pod>`): replicas of one consumer group would split the
   * partitions between them, and each replica must see every event for its own sockets.
   */
  groupId: string;
  log: Logger;
}

/** Task events from Kafka, read with kafkajs (not a Dapr subscription, for the reason above). */
export class KafkaTaskEventFeed implements TaskEventFeed {
  private readonly handlers = new Set<(event: TaskEvent) => void>();
  private readonly seen = new SeenSequences();
  private readonly consumer: Consumer;

  constructor(private readonly options: KafkaFeedOptions) {
    const kafka = new Kafka({
      clientId: options.groupId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    });
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
  }

  /** Resolves once the consumer has joined its group and receives what is published from then on. */
  async start(joinTimeoutMs = 30_000): Promise<void> {
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no group join in ${joinTimeoutMs} ms`)),
        joinTimeoutMs,
      );
      const stopListening = this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        stopListening();
        resolve();
      });
    });
    await this.consumer.connect();
    // A new replica serves sockets from now on; what a tab missed before, it replays with `resume`.
    await this.consumer.subscribe({ topic: this.options.topic, fromBeginning: false });
    await this.consumer.run({
      eachMessage: async ({ message, partition }) => {
        const event = decodeTaskEventMessage(message.value);
        if (!event) {
          this.options.log.warn(
            { partition, offset: message.offset },
            'skipped a message that is not a task event',
          );
          return;
        }
        if (!this.seen.isNew(event)) return;
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString()]),
        );
        await withSpan(`${this.options.topic} process`, async () => this.deliver(event), {
          kind: SpanKind.CONSUMER,
          parent: extractContext(headers),
          attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': this.options.topic },
        });
      },
    });
    await joined;
  }

  subscribe(handler: (event: TaskEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }

  private deliver(event: TaskEvent): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.options.log.error({ err: error, eventId: event.id }, 'task event handler failed');
      }
    }
  }
}
