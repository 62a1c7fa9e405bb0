import type { TaskEvent } from '@todo/contracts';
import type { Logger } from '@todo/observability';
import type { Sql } from './database.js';

export interface OutboxRelayOptions {
  /** Backstop for events a crash left behind; a commit wakes the relay at once anyway. */
  sweepEveryMs?: number;
  /** Published events are kept this long for replay to reconnecting clients. */
  retainForMs?: number;
  batchSize?: number;
}

/**
 * Publishes the rows of `task_events` that are not yet published, in per-user sequence order, and marks
 * them. Rows are claimed with `FOR UPDATE SKIP LOCKED`, so several relays may run against one database.
 * Delivery is at least once: a crash between publish and mark republishes, and consumers dedupe by seq.
 */
export class OutboxRelay {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private lastPrune = 0;

  constructor(
    private readonly sql: Sql,
    private readonly publish: (event: TaskEvent) => Promise<void> | void,
    private readonly log: Logger,
    private readonly options: OutboxRelayOptions = {},
  ) {}

  start(): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), this.options.sweepEveryMs ?? 5_000);
    this.timer.unref();
  }

  /** Drains now; coalesces with a drain already under way. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox relay failed; will retry'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.again = false;
    await this.running;
  }

  private async drain(): Promise<void> {
    const batchSize = this.options.batchSize ?? 200;
    for (;;) {
      const published = await this.sql.begin(async (tx) => {
        const rows = await tx<{ payload: TaskEvent }[]>`
          select payload from task_events
          where published_at is null
          order by user_id, seq
          limit ${batchSize}
          for update skip locked`;
        for (const row of rows) await this.publish(row.payload);
        if (rows.length) {
          const ids = rows.map((row) => row.payload.id);
          await tx`update task_events set published_at = now() where id = any(${ids}::uuid[])`;
        }
        return rows.length;
      });
      if (published < batchSize) break;
    }
    await this.prune();
  }

  private async prune(): Promise<void> {
    const retainForMs = this.options.retainForMs ?? 7 * 24 * 3600_000;
    if (Date.now() - this.lastPrune < Math.min(retainForMs, 3600_000)) return;
    this.lastPrune = Date.now();
    const cutoff = new Date(Date.now() - retainForMs).toISOString();
    await this.sql`delete from task_events where published_at < ${cutoff}::timestamptz`;
  }
}
