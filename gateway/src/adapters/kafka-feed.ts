import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { extractContext, SpanKind, withSpan, type Logger } from '@todo/observability';

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

/** How a feed reads the messages of its topic. */
export interface FeedMessages<E> {
  /** What the events are called in logs ("task event"). */
  kind: string;
  /** The event in a message's value, or null when it carries none (the message is skipped). */
  decode(value: Buffer | null): E | null;
  /** A fresh filter that passes each event once: Kafka delivers at least once. */
  newFilter(): (event: E) => boolean;
  idOf(event: E): string;
}

/**
 * The events of one topic, read with kafkajs rather than a Dapr subscription (replicas of one Dapr app id
 * would compete for them), handed to every subscriber once each.
 */
export class KafkaFeed<E> {
  private readonly handlers = new Set<(event: E) => void>();
  private readonly isNew: (event: E) => boolean;
  private readonly consumer: Consumer;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;
  private readonly kafka: Kafka;
  /** Ends a start that is waiting for its group join, when the feed stops meanwhile. */
  private abortJoin?: (error: Error) => void;

  constructor(
    private readonly options: KafkaFeedOptions,
    private readonly messages: FeedMessages<E>,
  ) {
    this.isNew = messages.newFilter();
    this.kafka = new Kafka({
      clientId: options.groupId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 5_000 },
    });
    this.consumer = this.kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: 10_000,
      heartbeatInterval: 1_000,
    });
  }

  /** Resolves once the consumer has joined its group and receives what is published from then on. */
  async start(joinTimeoutMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let stopListening = () => {};
    const joined = new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no group join in ${joinTimeoutMs} ms`)), joinTimeoutMs);
      stopListening = this.consumer.on(this.consumer.events.GROUP_JOIN, () => resolve());
      this.abortJoin = reject;
    });
    try {
      // Awaited together, so a join timeout while connecting is this call's failure, not an unhandled one.
      await Promise.all([joined, this.consume()]);
    } catch (error) {
      // A half-started consumer keeps sockets (and the process) alive.
      await this.consumer.disconnect().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(timer);
      stopListening();
      this.abortJoin = undefined;
    }
  }

  /**
   * Starts without holding up the caller, and keeps trying every `retryMs` until it succeeds or the feed
   * stops: for a topic whose producer may be deployed later (the topic does not exist until then), when
   * the rest of the gateway should serve meanwhile.
   */
  startInBackground(retryMs = 10_000): void {
    let failures = 0;
    const attempt = async () => {
      try {
        await this.start();
        this.options.log.info({ topic: this.options.topic }, `consuming ${this.options.topic}`);
      } catch (error) {
        if (this.stopped) return;
        // Loud once, then quiet: the reason does not change from one retry to the next.
        const level = failures++ === 0 ? 'warn' : 'debug';
        this.options.log[level](
          { err: error, topic: this.options.topic, retryMs },
          `cannot consume ${this.options.topic} yet; retrying`,
        );
        this.retryTimer = setTimeout(() => void attempt(), retryMs);
      }
    };
    void attempt();
  }

  subscribe(handler: (event: E) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.abortJoin?.(new Error('stopped'));
    await this.consumer.disconnect();
    await this.deleteGroup();
  }

  /**
   * The group is this replica's alone, and a replica that comes back starts from the newest message anyway
   * (tabs catch up through `resume`): left behind, it would linger on the brokers until offset retention
   * (7 days) ends it, one per pod that ever ran. Best effort, and quick: a broker that is away is not waited
   * for.
   */
  private async deleteGroup(): Promise<void> {
    const admin = this.kafka.admin({ retry: { retries: 0 } });
    const { groupId, log } = this.options;
    try {
      await Promise.race([
        (async () => {
          await admin.connect();
          await admin.deleteGroups([groupId]);
        })(),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), 3_000).unref()),
      ]);
    } catch (error) {
      log.debug({ err: error, groupId }, 'could not delete the consumer group on stop');
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  private async consume(): Promise<void> {
    const { topic, log } = this.options;
    await this.consumer.connect();
    // A new replica serves sockets from now on; what a tab missed before, it replays (`resume`, or the list).
    await this.consumer.subscribe({ topic, fromBeginning: false });
    // Stopped while connecting: running now would connect again behind stop's back.
    if (this.stopped) throw new Error('stopped');
    await this.consumer.run({
      eachMessage: async ({ message, partition }) => {
        const event = this.messages.decode(message.value);
        if (!event) {
          log.warn(
            { partition, offset: message.offset },
            `skipped a message that is not a ${this.messages.kind}`,
          );
          return;
        }
        if (!this.isNew(event)) return;
        const headers = Object.fromEntries(
          Object.entries(message.headers ?? {}).map(([name, value]) => [name, value?.toString()]),
        );
        await withSpan(`${topic} process`, async () => this.deliver(event), {
          kind: SpanKind.CONSUMER,
          parent: extractContext(headers),
          attributes: { 'messaging.system': 'kafka', 'messaging.destination.name': topic },
        });
      },
    });
  }

  private deliver(event: E): void {
    for (const handler of this.handlers) {
      try {
        handler(event);
      } catch (error) {
        this.options.log.error(
          { err: error, eventId: this.messages.idOf(event) },
          `${this.messages.kind} handler failed`,
        );
      }
    }
  }
}
