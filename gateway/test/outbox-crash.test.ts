import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRIORITIES, TaskEvent, taskEventFromEnvelope, type Task } from '@todo/contracts';
import { ApiClient } from '../../testing/api-client.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { testKafka } from '../../testing/kafka.js';

/**
 * The outbox of the dapr runtime under crashes: core, or core's sidecar, is killed with SIGKILL while
 * writes are in flight through the gateway, then started again. Afterwards the database and the topic
 * must agree: every committed change is on Kafka, everything on Kafka is a committed change (duplicates
 * are identical copies), per-user sequences have no gaps, the tasks table is what each task's last event
 * says, and every write that was answered with a 2xx is committed.
 */

const WORKERS = 8;
/** Responses before the kill, so writes are in flight when it lands. */
const KILL_AFTER_RESPONSES = 20;
/** Successful writes after the restart, so the relay runs again on new commits. */
const SUCCESSES_AFTER_RESTART = 20;
/** A worker pauses this long after a failed request, so an outage does not turn into a busy loop. */
const PAUSE_AFTER_FAILURE_MS = 50;
/** A safety net on the number of requests of one load. */
const MAX_REQUESTS = 5_000;

interface TestUser {
  id: string;
  client: ApiClient;
}

type Op = 'create' | 'patch' | 'complete' | 'reopen' | 'delete';
const OPS: Op[] = ['create', 'patch', 'complete', 'create', 'patch', 'reopen', 'delete'];

interface Outcome {
  op: Op;
  userId: string;
  /** The task created (on a 201) or the task the request was about. */
  taskId: string | null;
  /** 0 when the request itself failed. */
  status: number;
  body: any;
}

const succeeded = (outcome: Outcome) => outcome.status >= 200 && outcome.status < 300;

/**
 * A bounded stream of task writes from concurrent workers, spread over the users and over the tasks each
 * one knows to exist. Records every answer.
 */
class WriteLoad {
  readonly outcomes: Outcome[] = [];
  private issued = 0;
  private stopped = false;
  private readonly live = new Map<string, string[]>();
  private readonly running: Promise<void>;

  constructor(private readonly users: TestUser[]) {
    for (const user of users) this.live.set(user.id, []);
    this.running = Promise.all(Array.from({ length: WORKERS }, () => this.worker())).then(() => undefined);
  }

  successesSince(index: number): number {
    return this.outcomes.slice(index).filter(succeeded).length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async worker(): Promise<void> {
    while (!this.stopped && this.issued < MAX_REQUESTS) {
      const outcome = await this.send(this.issued++);
      this.outcomes.push(outcome);
      if (outcome.status === 0 || outcome.status >= 500) await sleep(PAUSE_AFTER_FAILURE_MS);
    }
  }

  private async send(i: number): Promise<Outcome> {
    const user = this.users[i % this.users.length]!;
    const live = this.live.get(user.id)!;
    const target = live.length ? live[i % live.length]! : null;
    const op = target ? OPS[i % OPS.length]! : 'create';
    const { status, body } = await request(user.client, op, target, i).catch(() => ({
      status: 0,
      body: null,
    }));
    if (op === 'create' && status === 201) live.push(body.id);
    if (target && (status === 404 || (op === 'delete' && status === 204))) {
      const at = live.indexOf(target);
      if (at >= 0) live.splice(at, 1);
    }
    return { op, userId: user.id, taskId: op === 'create' ? (body?.id ?? null) : target, status, body };
  }
}

function request(client: ApiClient, op: Op, taskId: string | null, i: number) {
  const due = i % 3 === 0 ? null : new Date(Date.UTC(2030, 0, 1 + (i % 28), 9, i % 60)).toISOString();
  switch (op) {
    case 'create':
      return client.post('/api/v1/tasks', {
        title: `task ${i}`,
        priority: PRIORITIES[i % PRIORITIES.length],
        tags: ['crash', `t${i % 3}`],
        dueAt: due,
        reminders: i % 2 ? [{ at: '2030-01-01T08:00:00.000Z' }] : [],
      });
    case 'patch':
      return client.patch(`/api/v1/tasks/${taskId}`, {
        title: `task ${taskId!.slice(0, 8)} renamed by ${i}`,
        description: i % 2 ? `changed by request ${i}` : '',
        priority: PRIORITIES[(i + 1) % PRIORITIES.length],
        tags: [`t${i % 4}`],
        dueAt: due,
      });
    case 'complete':
      return client.post(`/api/v1/tasks/${taskId}/complete`);
    case 'reopen':
      return client.post(`/api/v1/tasks/${taskId}/reopen`);
    case 'delete':
      return client.delete(`/api/v1/tasks/${taskId}`);
  }
}

interface EventRow {
  user_id: string;
  seq: number;
  payload: unknown;
}

interface TaskRow {
  id: string;
  user_id: string;
  title: string;
  description: string;
  priority: Task['priority'];
  tags: string[];
  status: Task['status'];
  due_at: Date | null;
  timezone: string;
  reminders: Task['reminders'];
  recurrence: Task['recurrence'];
  series_id: string | null;
  series_occurrence: number | null;
  created_at: Date;
  updated_at: Date;
  completed_at: Date | null;
  version: number;
}

/** The task a `tasks` row holds, read column by column (not through core's own mapping). */
function taskOfRow(row: TaskRow): Task {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    priority: row.priority,
    tags: row.tags,
    status: row.status,
    dueAt: iso(row.due_at),
    timezone: row.timezone,
    reminders: row.reminders,
    recurrence: row.recurrence,
    series: row.series_id ? { id: row.series_id, occurrence: row.series_occurrence! } : null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    completedAt: iso(row.completed_at),
    version: row.version,
  };
}

interface KafkaRecord {
  partition: number;
  offset: number;
  key: string;
  envelope: any;
}

/** Everything on the topic up to its current end, read from the beginning by a fresh consumer group. */
async function readTopic(topic: string): Promise<KafkaRecord[]> {
  const kafka = testKafka();
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
  const records: KafkaRecord[] = [];
  const next = new Map<number, number>();
  const consumer = kafka.consumer({ groupId: `outbox-check-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        records.push({
          partition,
          offset: Number(message.offset),
          key: String(message.key),
          envelope: JSON.parse(String(message.value)),
        });
        next.set(partition, Number(message.offset) + 1);
      },
    });
    await expect
      .poll(() => ends.every(({ partition, high }) => (next.get(partition) ?? 0) >= Number(high)), {
        timeout: 30_000,
        interval: 100,
        message: 'reading the topic to its end',
      })
      .toBe(true);
  } finally {
    await consumer.disconnect();
  }
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

describe('the outbox when core or its sidecar is killed around a write', () => {
  let database: TestDatabase;
  let stack: DaprStack;
  let sql: postgres.Sql;
  let api: ApiClient;
  /** Every answer of every load, for the check that a 2xx means committed. */
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    database = await createDatabase();
    stack = await startDaprStack(database.url);
    sql = postgres(database.url, { max: 2, onnotice: () => {} });
    api = new ApiClient(stack.gateways[0]!.baseUrl);
  });
  afterAll(async () => {
    await sql?.end();
    await stack?.stop();
    await database?.drop();
  });

  const signupUsers = async (prefix: string): Promise<TestUser[]> =>
    Promise.all(
      ['a', 'b'].map(async (name) => {
        const { client, user } = await api.signup(`${prefix}-${name}@example.com`);
        return { id: user.id as string, client };
      }),
    );

  const failed = (list: Outcome[]) => list.filter((o) => o.status === 0 || o.status >= 500).length;

  const unpublished = async () =>
    (await sql<{ n: number }[]>`select count(*)::int as n from task_events where published_at is null`)[0]!.n;

  /**
   * Kills a process with SIGKILL while writes are in flight, lets the writes that reach the dead process
   * fail, and starts it again. Then, before any new write can wake the relay, the outbox must drain by
   * itself (what the crash left behind is published by the restarted process, or by the sweep); and
   * afterwards writes succeed again (not necessarily the very first ones: the gateway's sidecar has to
   * reconnect to the restarted one).
   */
  async function crashUnderLoad(users: TestUser[], victim: () => ChildProcess, restart: () => Promise<void>) {
    const load = new WriteLoad(users);
    try {
      await expect
        .poll(() => load.outcomes.length, { timeout: 20_000, interval: 5 })
        .toBeGreaterThanOrEqual(KILL_AFTER_RESPONSES);
      const child = victim();
      const exited = once(child, 'exit');
      expect(child.kill('SIGKILL')).toBe(true);
      expect((await exited)[1]).toBe('SIGKILL');
      // The crash is felt: writes fail while the process is down.
      await expect.poll(() => failed(load.outcomes), { timeout: 10_000, interval: 5 }).toBeGreaterThan(0);
    } finally {
      await load.stop();
    }
    outcomes.push(...load.outcomes);

    await restart();
    await expect
      .poll(unpublished, { timeout: 30_000, interval: 200, message: 'the outbox drains after the restart' })
      .toBe(0);

    const after = new WriteLoad(users);
    try {
      await expect
        .poll(() => after.successesSince(0), {
          timeout: 30_000,
          interval: 20,
          message: 'writes succeed again after the restart',
        })
        .toBeGreaterThanOrEqual(SUCCESSES_AFTER_RESTART);
    } finally {
      await after.stop();
    }
    outcomes.push(...after.outcomes);
  }

  /** Waits for the outbox to drain, then checks the database and the whole topic against each other. */
  async function expectStateAndEventsAgree(): Promise<void> {
    await expect
      .poll(unpublished, { timeout: 30_000, interval: 200, message: 'every committed event gets published' })
      .toBe(0);

    const rows = await sql<EventRow[]>`
      select user_id, seq::int as seq, payload
      from task_events order by user_id, seq`;
    const committed = new Map<string, TaskEvent>();
    const seqsOf = new Map<string, number[]>();
    for (const row of rows) {
      const event = TaskEvent.parse(row.payload);
      expect([event.userId, event.seq]).toEqual([row.user_id, row.seq]);
      committed.set(`${row.user_id}/${row.seq}`, event);
      seqsOf.set(row.user_id, [...(seqsOf.get(row.user_id) ?? []), row.seq]);
    }
    // Per-user sequences of committed changes have no gaps, and the counter on the user agrees.
    const counters = await sql<{ id: string; event_seq: number }[]>`select id, event_seq::int from users`;
    for (const { id, event_seq } of counters) {
      const seqs = seqsOf.get(id) ?? [];
      expect(seqs, `committed sequence of user ${id}`).toEqual(seqs.map((_, i) => i + 1));
      expect(event_seq, `event_seq of user ${id}`).toBe(seqs.length);
    }

    const records = await readTopic(stack.topic);
    // (b) No event without committed state: each message is a committed row, exactly.
    const onKafka = new Map<string, TaskEvent[]>();
    const strangers: string[] = [];
    const partitionsOf = new Map<string, Set<number>>();
    const firstSeen = new Map<string, number[]>();
    for (const record of records) {
      const event = taskEventFromEnvelope(record.envelope);
      const where = `message ${record.partition}/${record.offset}`;
      if (!event) {
        strangers.push(`${where}: not a task event: ${JSON.stringify(record.envelope)}`);
        continue;
      }
      const key = `${event.userId}/${event.seq}`;
      const row = committed.get(key);
      if (!row) strangers.push(`${where}: ${key} ${event.type} was never committed`);
      else if (!isDeepStrictEqual(event, row))
        strangers.push(`${where}: ${key} differs from its committed row`);
      const envelope = record.envelope as { id?: string; type?: string; subject?: string };
      if (record.key !== event.userId || envelope.id !== event.id || envelope.type !== event.type)
        strangers.push(
          `${where}: ${key} has Kafka key ${record.key}, envelope ${envelope.id} ${envelope.type}`,
        );
      if (envelope.subject !== event.task.id)
        strangers.push(`${where}: ${key} names task ${envelope.subject}`);
      const copies = onKafka.get(key) ?? [];
      if (!copies.length) firstSeen.set(event.userId, [...(firstSeen.get(event.userId) ?? []), event.seq]);
      copies.push(event);
      onKafka.set(key, copies);
      partitionsOf.set(event.userId, (partitionsOf.get(event.userId) ?? new Set()).add(record.partition));
    }
    expect(strangers).toEqual([]);

    // (a) No committed change without its event.
    expect([...committed.keys()].filter((key) => !onKafka.has(key))).toEqual([]);
    // (c) Duplicates (a relay that died between publish and mark) are identical copies.
    const differingCopies = [...onKafka].filter(([, copies]) =>
      copies.some((c) => !isDeepStrictEqual(c, copies[0])),
    );
    expect(differingCopies.map(([key]) => key)).toEqual([]);
    // Per-user order: each user's events are on one partition, and first appear in sequence order.
    for (const [userId, seqs] of seqsOf) {
      expect(partitionsOf.get(userId)?.size, `partitions of user ${userId}`).toBe(1);
      expect(firstSeen.get(userId), `order on Kafka of user ${userId}`).toEqual(seqs);
    }

    // (d) Each task's final state is its last event's snapshot, or it is gone after a delete.
    const last = new Map<string, TaskEvent>();
    const changesOf = new Map<string, TaskEvent[]>();
    for (const event of committed.values()) {
      last.set(event.task.id, event);
      changesOf.set(event.task.id, [...(changesOf.get(event.task.id) ?? []), event]);
    }
    const tasks = new Map(
      (await sql<TaskRow[]>`select * from tasks`).map((row) => [row.id, { row, task: taskOfRow(row) }]),
    );
    const stateProblems: string[] = [];
    for (const [taskId, event] of last) {
      const stored = tasks.get(taskId);
      if (event.type === 'task.deleted') {
        if (stored) stateProblems.push(`${taskId}: deleted (seq ${event.seq}) but still stored`);
      } else if (!stored) {
        stateProblems.push(`${taskId}: missing, last event ${event.type} (seq ${event.seq})`);
      } else if (stored.row.user_id !== event.userId || !isDeepStrictEqual(stored.task, event.task)) {
        stateProblems.push(
          `${taskId}: stored ${JSON.stringify(stored.task)} but last event (seq ${event.seq}) says ${JSON.stringify(event.task)}`,
        );
      }
    }
    for (const taskId of tasks.keys())
      if (!last.has(taskId)) stateProblems.push(`${taskId}: stored without any event`);
    expect(stateProblems).toEqual([]);

    // (e) Every write answered with a 2xx is committed (and so, by (a), on Kafka).
    const unaccounted = outcomes.filter(succeeded).filter((outcome) => {
      const changes = (outcome.taskId && changesOf.get(outcome.taskId)) || [];
      const mine = changes.filter((event) => event.userId === outcome.userId);
      switch (outcome.op) {
        case 'create':
          return !mine.some((e) => e.type === 'task.created' && isDeepStrictEqual(e.task, outcome.body));
        case 'delete':
          return !mine.some((e) => e.type === 'task.deleted');
        default:
          // The answer is the task after the change (or as it was, when the change changed nothing).
          return !mine.some((e) => e.type !== 'task.deleted' && isDeepStrictEqual(e.task, outcome.body));
      }
    });
    expect(unaccounted).toEqual([]);
  }

  it('loses no change and invents none when core is killed with SIGKILL while writes are in flight', async () => {
    const users = await signupUsers('core-killed');
    await crashUnderLoad(
      users,
      () => stack.services.core.child,
      () => stack.services.restartCore(),
    );
    await expectStateAndEventsAgree();
  }, 120_000);

  it('publishes what committed while core’s sidecar was killed with SIGKILL, once it is back', async () => {
    const users = await signupUsers('sidecar-killed');
    await crashUnderLoad(
      users,
      () => stack.services.coreSidecar.child,
      () => stack.services.restartCoreSidecar(),
    );
    await expectStateAndEventsAgree();
  }, 120_000);
});
