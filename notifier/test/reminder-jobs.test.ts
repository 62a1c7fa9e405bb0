import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task, TaskEvent } from '@todo/contracts';
import { openDatabase, type Database } from '@todo/platform';
import { MIGRATIONS } from '../src/adapters/postgres/migrations.js';
import { PostgresReminderJobStore } from '../src/adapters/postgres/reminder-job-store.js';
import { PostgresReminderStore } from '../src/adapters/postgres/reminder-store.js';
import { remindersToSchedule } from '../src/domain/schedule.js';
import type { ReminderJob, ReminderJobs } from '../src/ports/reminder-jobs.js';
import { ReminderJobSync } from '../src/services/reminder-job-sync.js';
import { BACKENDS, createDatabase, type TestDatabase } from '../../testing/databases.js';
import { taskEventFixture } from '../../testing/fixtures.js';
import { log } from './notifier-harness.js';

/** The scheduler's side, as the sync sees it: what it was asked, and a switch to make it fail. */
class RecordingJobs implements ReminderJobs {
  readonly jobs = new Map<string, Date>();
  readonly calls: string[] = [];
  failing = new Set<string>();

  async schedule({ reminderId, fireAt }: ReminderJob): Promise<void> {
    this.calls.push(`schedule ${reminderId}`);
    if (this.failing.has(reminderId)) throw new Error('scheduler unreachable');
    this.jobs.set(reminderId, fireAt);
  }

  async cancel(reminderId: string): Promise<void> {
    this.calls.push(`cancel ${reminderId}`);
    this.jobs.delete(reminderId);
  }
}

/**
 * Dapr jobs follow the schedule (migration 0003 and the sync), on the real database of both back ends; the
 * scheduler itself is a recorder here (the dapr runtime's end-to-end test runs the real one).
 */
describe.each(BACKENDS)('reminder jobs on %s', (backend) => {
  let database: Database;
  let server: TestDatabase | undefined;
  let pgliteDir: string | undefined;
  let store: PostgresReminderStore;
  let jobStore: PostgresReminderJobStore;

  beforeAll(async () => {
    server = backend === 'postgresql' ? await createDatabase() : undefined;
    pgliteDir = backend === 'pglite' ? await mkdtemp(join(tmpdir(), 'notifier-jobs-')) : undefined;
    database = await openDatabase({
      url: server?.url,
      pgliteDir,
      application: 'test',
      migrations: MIGRATIONS,
      migrationsTable: 'notifier_migrations',
      log,
    });
    store = new PostgresReminderStore(database.sql);
    jobStore = new PostgresReminderJobStore(database.sql);
  });
  afterAll(async () => {
    await database?.stop();
    await server?.drop();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  const hourFromNow = () => new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);
  const apply = (
    userId: string,
    seq: number,
    task: Partial<Task>,
    type: TaskEvent['type'] = 'task.updated',
  ) => {
    const event = taskEventFixture(userId, seq, { type, occurredAt: new Date().toISOString(), task });
    return store.applyTaskEvent(event, remindersToSchedule(event.task, new Date()));
  };
  const syncWith = async (jobs: RecordingJobs, retryMs = 50) => {
    const sync = new ReminderJobSync({ store: jobStore, jobs, log, retryMs });
    sync.kick();
    return sync;
  };
  const settle = async (jobs: RecordingJobs, sync: ReminderJobSync, expected: number) => {
    await expect.poll(() => jobs.jobs.size, { timeout: 5_000, interval: 20 }).toBe(expected);
    // One more round: nothing may be left out of step.
    await expect.poll(() => jobStore.unscheduled(10), { timeout: 5_000 }).toEqual([]);
    await sync.stop();
  };

  it('schedules one job per pending reminder, at its time, and none twice', async () => {
    const jobs = new RecordingJobs();
    const due = hourFromNow();
    const absolute = new Date(due.getTime() + 86_400_000);
    const task = {
      id: randomUUID(),
      dueAt: due.toISOString(),
      reminders: [{ minutesBefore: 15 }, { at: absolute.toISOString() }],
    };
    await apply(randomUUID(), 1, task, 'task.created');
    const sync = await syncWith(jobs);
    await settle(jobs, sync, 2);
    expect([...jobs.jobs.values()].map((at) => at.toISOString()).sort()).toEqual([
      new Date(due.getTime() - 15 * 60_000).toISOString(),
      absolute.toISOString(),
    ]);

    // Another round finds nothing to do.
    const again = await syncWith(jobs);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await again.stop();
    expect(jobs.calls).toHaveLength(2);
  });

  it('keeps the jobs of firings an edit leaves alone, moves the others, and cancels all on completion', async () => {
    const jobs = new RecordingJobs();
    const user = randomUUID();
    const due = hourFromNow();
    const absolute = new Date(due.getTime() + 86_400_000).toISOString();
    const task = {
      id: randomUUID(),
      dueAt: due.toISOString(),
      reminders: [{ minutesBefore: 0 }, { at: absolute }],
    };
    await apply(user, 1, task, 'task.created');
    await settle(jobs, await syncWith(jobs), 2);
    const [first] = [...jobs.jobs.entries()].find(([, at]) => at.getTime() === due.getTime())!;

    // A new title: the same firings, the same rows, no call at all.
    await apply(user, 2, { ...task, title: 'renamed' });
    // A new due time: the relative reminder's job moves (a new row), the absolute one stays.
    const later = new Date(due.getTime() + 600_000);
    await apply(user, 3, { ...task, title: 'renamed', dueAt: later.toISOString() });
    const calls = jobs.calls.length;
    await settle(jobs, await syncWith(jobs), 2);
    const made = jobs.calls.slice(calls);
    expect(made).toHaveLength(2);
    expect(made).toContain(`cancel ${first}`);
    expect(made.filter((call) => call.startsWith('schedule '))).toHaveLength(1);
    expect([...jobs.jobs.values()].map((at) => at.toISOString()).sort()).toEqual(
      [later.toISOString(), absolute].sort(),
    );

    // Done: every job of the task is cancelled, and the cancellations are forgotten once made.
    await apply(user, 4, { ...task, dueAt: later.toISOString(), status: 'done' });
    const sync = await syncWith(jobs);
    await expect.poll(() => jobs.jobs.size, { timeout: 5_000 }).toBe(0);
    await expect.poll(() => jobStore.cancellations(10), { timeout: 5_000 }).toEqual([]);
    await sync.stop();
  });

  it('marks what the scheduler took, and tries the rest again', async () => {
    const jobs = new RecordingJobs();
    const user = randomUUID();
    await apply(
      user,
      1,
      { dueAt: hourFromNow().toISOString(), reminders: [{ minutesBefore: 0 }] },
      'task.created',
    );
    await apply(
      user,
      2,
      { dueAt: hourFromNow().toISOString(), reminders: [{ minutesBefore: 5 }] },
      'task.created',
    );
    const pending = await jobStore.unscheduled(10);
    expect(pending).toHaveLength(2);
    jobs.failing.add(pending[1]!.reminderId);

    const sync = await syncWith(jobs, 100);
    await expect.poll(() => jobs.jobs.size, { timeout: 5_000 }).toBe(1);
    expect(await jobStore.unscheduled(10)).toEqual([pending[1]]);
    await expect.poll(() => jobs.calls.length, { timeout: 5_000 }).toBeGreaterThanOrEqual(3); // retried
    jobs.failing.clear();
    await settle(jobs, sync, 2);
  });

  it('fires a reminder once, whether its job, a repeat of it or the sweep claims it first', async () => {
    const user = randomUUID();
    const soon = new Date(Date.now() + 200).toISOString();
    await apply(user, 1, { dueAt: soon, reminders: [{ minutesBefore: 0 }] }, 'task.created');
    const [job] = await jobStore
      .unscheduled(10)
      .then((all) => all.filter((j) => j.fireAt.toISOString() === soon));
    await new Promise((resolve) => setTimeout(resolve, 250));

    const now = new Date();
    const claims = await Promise.all([
      ...Array.from({ length: 5 }, () => store.fireOne(job!.reminderId, now, randomUUID)),
      store.fireDue(now, 100, randomUUID),
    ]);
    const fired = claims.flat().filter((event) => event?.userId === user);
    expect(fired).toHaveLength(1);
    expect(await store.fireOne(job!.reminderId, new Date(), randomUUID)).toBeNull();
    expect(await store.fireOne(randomUUID(), new Date(), randomUUID)).toBeNull();
    expect(await store.list(user, { unreadOnly: false, limit: 10 })).toHaveLength(1);
  });
});
