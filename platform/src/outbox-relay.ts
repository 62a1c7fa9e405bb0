import { inTraceOf, type Logger } from '@todo/observability';
import { CoalescingTask } from './coalescing-task.js';
import type { Sql } from './database.js';

/** Where a service keeps its outbox: the table and the SQL that reads and marks it. */
export interface Outbox<T> {
  /** Names the relay's advisory lock, so each outbox has its own drainer. */
  lockKey: number;
  /**
   * What orders the events: those with one key (a user) go out one after another, in claim order; those of
   * different keys go out side by side.
   */
  orderKey(payload: T): string;
  /**
   * Up to `limit` unpublished rows, in the order they must go out, locked for this transaction
   * (`FOR UPDATE SKIP LOCKED`), each with the trace context of the change that wrote it.
   */
  claim(tx: Sql, limit: number): Promise<Array<OutboxRow<T>>>;
  markPublished(tx: Sql, ids: string[]): Promise<void>;
  /** Deletes published rows older than `before` (kept until then for replay). */
  prune(sql: Sql, before: Date): Promise<void>;
}

export interface OutboxRow<T> {
  id: string;
  payload: T;
  /** `traceCarrier()` when the row was written: its publish joins that trace. */
  traceContext?: Record<string, string> | null;
}

export interface OutboxRelayOptions {
  /** Backstop for events a crash left behind; a commit wakes the relay at once anyway. */
  sweepEveryMs?: number;
  /** Published events are kept this long for replay to reconnecting clients. */
  retainForMs?: number;
  batchSize?: number;
  /** First wait before retrying a failed publish; it doubles up to the sweep interval. */
  retryAfterMs?: number;
  /** How many keys' events are published at once (default 16). */
  concurrency?: number;
}

/**
 * Publishes an outbox's unpublished rows in order and marks them. Several replicas of a service may run
 * against one database, but only one drains at a time (a transaction-level advisory lock): two relays
 * taking rows side by side could publish a user's seq 6 before seq 5, and consumers that drop what is
 * older than what they have seen would lose 5. The others stand by and try again shortly. Delivery is at
 * least once: a crash between publish and mark republishes, and consumers dedupe. Within a batch, the
 * events of different keys (users) go out side by side: a broker round trip per event, one after another,
 * could not keep up with a busy notifier.
 */
export class OutboxRelay<T> {
  private readonly drains = new CoalescingTask(() => this.drainAndSchedule());
  private timer: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryDelayMs = 0;
  private lastPrune = 0;

  constructor(
    private readonly sql: Sql,
    private readonly outbox: Outbox<T>,
    private readonly publish: (payload: T) => Promise<void> | void,
    private readonly log: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), this.sweepEveryMs);
    this.timer.unref();
  }

  /** Drains now; coalesces with a drain already under way. */
  kick(): void {
    this.drains.request();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    clearTimeout(this.retry);
    await this.drains.stop();
  }

  private async drainAndSchedule(): Promise<void> {
    try {
      if ((await this.drain()) === 'busy') this.retryLater(50);
      else this.retryDelayMs = 0;
    } catch (error) {
      this.log.error({ err: error }, 'outbox relay failed; will retry');
      this.retryDelayMs = Math.min(
        this.retryDelayMs ? this.retryDelayMs * 2 : (this.options.retryAfterMs ?? 100),
        this.sweepEveryMs,
      );
      this.retryLater(this.retryDelayMs);
    }
  }

  private get sweepEveryMs(): number {
    return this.options.sweepEveryMs ?? 5_000;
  }

  private retryLater(delayMs: number): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.kick(), delayMs);
    this.retry.unref();
  }

  /** 'busy' when another relay holds the lock. */
  private async drain(): Promise<'drained' | 'busy'> {
    const batchSize = this.options.batchSize ?? 200;
    for (;;) {
      const batch = await this.sql.begin(async (tx) => {
        const [lock] = await tx<{ locked: boolean }[]>`
          select pg_try_advisory_xact_lock(${this.outbox.lockKey}) as locked`;
        if (!lock!.locked) return 'busy' as const;
        const rows = await this.outbox.claim(tx as unknown as Sql, batchSize);
        const { sent, failure } = await this.publishInOrder(rows);
        // Marks what went out before a failure too, so a retry does not send it again.
        if (sent.length) await this.outbox.markPublished(tx as unknown as Sql, sent);
        return { count: rows.length, failure };
      });
      if (batch === 'busy') return 'busy';
      if (batch.failure) throw batch.failure;
      if (batch.count < batchSize) break;
    }
    await this.prune();
    return 'drained';
  }

  /**
   * Publishes the rows of each key in order, up to `concurrency` keys at once. A key whose publish fails
   * stops there (its later rows wait for the retry, so its order holds); the other keys go on.
   */
  private async publishInOrder(rows: Array<OutboxRow<T>>): Promise<{ sent: string[]; failure: unknown }> {
    const queues = new Map<string, Array<OutboxRow<T>>>();
    for (const row of rows) {
      const key = this.outbox.orderKey(row.payload);
      queues.set(key, [...(queues.get(key) ?? []), row]);
    }
    const sent: string[] = [];
    let failure: unknown;
    const pending = [...queues.values()];
    const worker = async () => {
      for (let queue = pending.shift(); queue; queue = pending.shift()) {
        for (const row of queue) {
          try {
            // In the trace of the change, not of whatever woke the relay.
            await inTraceOf(row.traceContext, () => this.publish(row.payload));
            sent.push(row.id);
          } catch (error) {
            failure ??= error;
            break;
          }
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.options.concurrency ?? 16, pending.length) }, worker),
    );
    return { sent, failure };
  }

  private async prune(): Promise<void> {
    const retainForMs = this.options.retainForMs ?? 7 * 24 * 3600_000;
    if (Date.now() - this.lastPrune < Math.min(retainForMs, 3600_000)) return;
    this.lastPrune = Date.now();
    await this.outbox.prune(this.sql, new Date(Date.now() - retainForMs));
  }
}
