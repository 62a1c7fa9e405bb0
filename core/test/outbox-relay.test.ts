import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskEvent } from '@todo/contracts';
import { createLogger, startTelemetry, traceCarrier, withSpan } from '@todo/observability';
import { connectDatabase, migrate, type Sql } from '../src/adapters/postgres/database.js';
import { OutboxRelay } from '@todo/platform';
import { taskEventOutbox } from '../src/adapters/postgres/task-event-outbox.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';

/**
 * Two cores over one PostgreSQL database (two replicas, or old and new pods in a rolling update): their
 * relays together must still publish each user's events once and in sequence order, while writes go on
 * and a publish fails now and then.
 */
describe('outbox relays side by side', () => {
  let database: TestDatabase;
  let sql: Sql;

  beforeAll(async () => {
    database = await createDatabase();
    sql = connectDatabase(database.url, { maxConnections: 6 });
    await migrate(sql);
  });
  afterAll(async () => {
    await sql?.end();
    await database?.drop();
  });

  const users: string[] = [randomUUID(), randomUUID(), randomUUID()];
  const nextSeq = new Map(users.map((user) => [user, 1]));
  async function commitEvent(userId: string): Promise<void> {
    const seq = nextSeq.get(userId)!;
    nextSeq.set(userId, seq + 1);
    const event = { id: randomUUID(), userId, seq, type: 'task.updated' } as unknown as TaskEvent;
    await sql`insert into task_events (user_id, seq, id, type, payload, created_at)
              values (${userId}, ${seq}, ${event.id}, ${event.type}, ${sql.json(event as never)}, now())`;
  }

  it('publishes each user’s events exactly once, in order, across two relays', async () => {
    const published: TaskEvent[] = [];
    const refusedOnce = new Set<string>();
    const publisher = () => async (event: TaskEvent) => {
      await sleep(Math.random() * 3);
      // The broker refuses every 7th event once, whichever relay sends it: it must be retried before
      // anything after it goes out.
      if (event.seq % 7 === 0 && !refusedOnce.has(event.id)) {
        refusedOnce.add(event.id);
        throw new Error('broker busy');
      }
      published.push(event);
    };
    const log = createLogger('test', 'silent');
    const options = { batchSize: 5, sweepEveryMs: 200, retryAfterMs: 10 };
    const relays = [
      new OutboxRelay(sql, taskEventOutbox, publisher(), log, options),
      new OutboxRelay(sql, taskEventOutbox, publisher(), log, options),
    ];
    relays.forEach((relay) => relay.start());
    try {
      for (let round = 0; round < 40; round++) {
        await Promise.all(users.map((user) => commitEvent(user)));
        relays[round % 2]!.kick();
      }
      const total = users.length * 40;
      await expect.poll(() => published.length, { timeout: 20_000, interval: 50 }).toBe(total);
      expect(refusedOnce.size).toBe(users.length * 5);
      for (const user of users) {
        const seqs = published.filter((event) => event.userId === user).map((event) => event.seq);
        expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      }
      // The publisher hears of the last event before its relay commits published_at: wait for that commit.
      const unpublished = async () =>
        (
          await sql<{ n: number }[]>`select count(*)::int as n from task_events where published_at is null`
        )[0]!.n;
      await expect.poll(unpublished, { timeout: 5_000, interval: 50 }).toBe(0);
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
    }
  });

  it('publishes different users side by side, and each user’s events one at a time, in order', async () => {
    const many: string[] = Array.from({ length: 8 }, () => randomUUID());
    for (const user of many) nextSeq.set(user, 1);
    for (let round = 0; round < 5; round++) for (const user of many) await commitEvent(user);
    const published: TaskEvent[] = [];
    const inFlight = new Map<string, number>();
    let most = 0;
    let mostForOneUser = 0;
    const relay = new OutboxRelay(
      sql,
      taskEventOutbox,
      async (event: TaskEvent) => {
        const mine = (inFlight.get(event.userId) ?? 0) + 1;
        inFlight.set(event.userId, mine);
        mostForOneUser = Math.max(mostForOneUser, mine);
        most = Math.max(
          most,
          [...inFlight.values()].reduce((a, b) => a + b, 0),
        );
        await sleep(5);
        inFlight.set(event.userId, mine - 1);
        published.push(event);
      },
      createLogger('test', 'silent'),
      { concurrency: 4 },
    );
    relay.start();
    try {
      await expect
        .poll(() => published.filter((e) => many.includes(e.userId)).length, { timeout: 10_000 })
        .toBe(40);
      expect(most).toBe(4);
      expect(mostForOneUser).toBe(1);
      for (const user of many) {
        expect(published.filter((e) => e.userId === user).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      }
    } finally {
      await relay.stop();
    }
  });

  it('publishes each event in the trace of the change that wrote it, not of whatever woke the relay', async () => {
    const telemetry = startTelemetry({ serviceName: 'relay-test', otlpEndpoint: '' });
    const relay = new OutboxRelay(
      sql,
      taskEventOutbox,
      (event: TaskEvent) => void published.set(event.id, traceCarrier()?.traceparent),
      createLogger('test', 'silent'),
    );
    const published = new Map<string, string | undefined>();
    try {
      // Two changes, each in its own trace, and one written outside any trace.
      const traced = async (name: string) =>
        withSpan(name, async () => {
          const trace = traceCarrier()!;
          const id = randomUUID();
          await sql`insert into task_events (user_id, seq, id, type, payload, created_at, trace_context)
                    values (${users[0]!}, ${nextSeq.get(users[0]!)!}, ${id}, 'task.updated',
                            ${sql.json({ id, userId: users[0]!, seq: nextSeq.get(users[0]!)! } as never)}, now(),
                            ${sql.json(trace)})`;
          nextSeq.set(users[0]!, nextSeq.get(users[0]!)! + 1);
          return { id, traceparent: trace.traceparent! };
        });
      const first = await traced('first change');
      const second = await traced('second change');
      await commitEvent(users[0]!);
      // The relay wakes inside some other request's trace.
      const waker = await withSpan('unrelated request', async () => {
        relay.start();
        return traceCarrier()!.traceparent!;
      });
      await expect.poll(() => published.size, { timeout: 5_000 }).toBe(3);
      const traceOf = (traceparent: string | undefined) => traceparent?.split('-')[1];
      expect(traceOf(published.get(first.id))).toBe(traceOf(first.traceparent));
      expect(traceOf(published.get(second.id))).toBe(traceOf(second.traceparent));
      expect(traceOf(first.traceparent)).not.toBe(traceOf(second.traceparent));
      const untracedIds = [...published.keys()].filter((id) => id !== first.id && id !== second.id);
      expect(untracedIds.map((id) => published.get(id))).toEqual([undefined]);
      expect([...published.values()].map(traceOf)).not.toContain(traceOf(waker));
    } finally {
      await relay.stop();
      await telemetry.shutdown();
    }
  });
});
