import { untraced, type Logger } from '@todo/observability';
import { CoalescingTask } from '@todo/platform';
import type { ReminderJobs, ReminderJobStore } from '../ports/reminder-jobs.js';

export interface ReminderJobSyncOptions {
  store: ReminderJobStore;
  jobs: ReminderJobs;
  log: Logger;
  /** How long to wait before trying again after a call to the scheduler failed (default 5 s). */
  retryMs?: number;
}

/** Rows per round; jobs scheduled at once (the Jobs API takes ~1,000/s this way on 2 cores). */
const BATCH = 200;
const CONCURRENCY = 16;

/**
 * Keeps the scheduler's jobs in step with the schedule, after the schedule has committed: like an outbox
 * relay, it schedules a job for every pending reminder that has none yet and cancels the jobs of deleted
 * ones, marking each done only once the scheduler has taken it. A crash in between repeats a call, which
 * is harmless (an upsert, a delete); a reminder whose job never got scheduled is fired by the sweep.
 */
export class ReminderJobSync {
  private readonly runs = new CoalescingTask(() => untraced(() => this.run()));
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReminderJobSyncOptions) {}

  /** Brings the jobs in step now (in the background), or once more after the round under way. */
  kick(): void {
    this.runs.request();
  }

  async stop(): Promise<void> {
    clearTimeout(this.retry);
    await this.runs.stop();
  }

  private async run(): Promise<void> {
    const { store, jobs, log } = this.options;
    try {
      await drain(
        () => store.unscheduled(BATCH),
        (job) => jobs.schedule(job),
        (done) => store.markScheduled(done.map((job) => job.reminderId)),
      );
      await drain(
        () => store.cancellations(BATCH),
        (reminderId) => jobs.cancel(reminderId),
        (done) => store.forgetCancellations(done),
      );
    } catch (error) {
      log.warn({ err: error }, 'reminder jobs are out of step with the schedule; trying again');
      clearTimeout(this.retry);
      this.retry = setTimeout(() => this.kick(), this.options.retryMs ?? 5_000);
      this.retry.unref();
    }
  }
}

/**
 * Takes batches until one comes back short, calls the scheduler for each item (`CONCURRENCY` at a time),
 * records those it took, and throws if any call failed (after recording the others).
 */
async function drain<T>(
  take: () => Promise<T[]>,
  call: (item: T) => Promise<void>,
  record: (done: T[]) => Promise<void>,
): Promise<void> {
  for (;;) {
    const batch = await take();
    const done: T[] = [];
    let failure: unknown;
    for (let i = 0; i < batch.length; i += CONCURRENCY) {
      const slice = batch.slice(i, i + CONCURRENCY);
      const results = await Promise.allSettled(slice.map(call));
      results.forEach((result, k) =>
        result.status === 'fulfilled' ? done.push(slice[k]!) : (failure ??= result.reason),
      );
    }
    if (done.length) await record(done);
    if (failure) throw failure;
    if (batch.length < BATCH) return;
  }
}
