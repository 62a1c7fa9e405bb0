import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { NotificationEvent, Task, TaskEvent } from '@todo/contracts';
import { startNotifier } from '../src/index.js';
import { BACKENDS, createDatabase } from '../../testing/databases.js';
import { taskEventFixture } from '../../testing/fixtures.js';
import { log, notifierOn } from './notifier-harness.js';

/**
 * The notifier on its real database (PGlite and PostgreSQL), with real time: reminders a second or two
 * ahead, fired by its own timer, recorded in its ledger and inbox, published once.
 */
describe.each(BACKENDS)('notifier on %s', (backend) => {
  const harness = notifierOn(backend);

  const user = () => randomUUID();
  const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
  const event = (
    userId: string,
    seq: number,
    task: Partial<Task>,
    type: TaskEvent['type'] = 'task.created',
  ) => taskEventFixture(userId, seq, { type, occurredAt: new Date().toISOString(), task });
  const mine = (userId: string) => harness.received.filter((e) => e.userId === userId);

  it('fires a reminder at its time, once, however often its event arrives', async () => {
    const alice = user();
    const bob = user();
    const due = inMs(1500);
    const created = event(alice, 1, {
      title: 'call the plumber',
      dueAt: due,
      reminders: [{ minutesBefore: 0 }],
    });
    await harness.notifier.applyTaskEvent(created);
    await harness.notifier.applyTaskEvent(created); // redelivered
    await harness.notifier.applyTaskEvent(event(bob, 1, { title: 'not yours', dueAt: inMs(60_000) }));

    await expect.poll(() => mine(alice).length, { timeout: 5_000, interval: 20 }).toBe(1);
    const [fired] = mine(alice);
    const late = Date.parse(fired!.notification.firedAt) - Date.parse(due);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(1_000);
    expect(fired!.notification).toMatchObject({
      taskId: created.task.id,
      title: 'call the plumber',
      dueAt: due,
    });

    await harness.notifier.applyTaskEvent(created); // again, after it fired: the ledger has it
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(mine(alice)).toHaveLength(1);
    expect(mine(bob)).toHaveLength(0);
    const inbox = await harness.notifier.api.listNotifications({ userId: alice }, { unread: 'true' });
    expect(inbox.items.map((n) => n.id)).toEqual([fired!.id]);
    expect((await harness.notifier.api.listNotifications({ userId: bob }, {})).items).toEqual([]);
  });

  it('fires what was scheduled before a restart, once, after it', async () => {
    const carol = user();
    const task = { title: 'restart-proof', dueAt: inMs(1200), reminders: [{ minutesBefore: 0 }] };
    await harness.notifier.applyTaskEvent(event(carol, 1, task));
    await harness.restart();
    await expect.poll(() => mine(carol).length, { timeout: 5_000, interval: 20 }).toBe(1);
  });

  it('moves relative reminders with the due date, drops stale events, and cancels on completion and deletion', async () => {
    const dave = user();
    const id = randomUUID();
    const reminders = [{ minutesBefore: 0 }];
    await harness.notifier.applyTaskEvent(
      event(dave, 1, { id, title: 'moved', dueAt: inMs(800), reminders }),
    );
    await harness.notifier.applyTaskEvent(
      event(dave, 2, { id, title: 'moved', dueAt: inMs(60_000), reminders }, 'task.updated'),
    );
    // A late copy of the first event must not bring the old time back.
    await harness.notifier.applyTaskEvent(
      event(dave, 1, { id, title: 'moved', dueAt: inMs(800), reminders }),
    );
    const other = randomUUID();
    await harness.notifier.applyTaskEvent(
      event(dave, 3, { id: other, title: 'done early', dueAt: inMs(900), reminders }),
    );
    await harness.notifier.applyTaskEvent(
      event(
        dave,
        4,
        { id: other, title: 'done early', dueAt: inMs(900), reminders, status: 'done' },
        'task.completed',
      ),
    );
    // Deleted: the last snapshot is of the open task, and still nothing fires.
    const gone = randomUUID();
    await harness.notifier.applyTaskEvent(event(dave, 5, { id: gone, dueAt: inMs(900), reminders }));
    await harness.notifier.applyTaskEvent(
      event(dave, 6, { id: gone, dueAt: inMs(900), reminders }, 'task.deleted'),
    );
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(mine(dave)).toHaveLength(0);
  });

  it('marks read, snoozes, and refuses someone else’s notification', async () => {
    const erin = user();
    await harness.notifier.applyTaskEvent(
      event(erin, 1, { title: 'snooze me', dueAt: inMs(300), reminders: [{ minutesBefore: 0 }] }),
    );
    await expect.poll(() => mine(erin).length, { timeout: 5_000, interval: 20 }).toBe(1);
    const { id } = mine(erin)[0]!.notification;
    const actor = { userId: erin };
    const before = Date.now();
    const { fireAt } = await harness.notifier.api.snooze(actor, id, { until: '5m' });
    expect(Date.parse(fireAt) - before).toBeGreaterThanOrEqual(5 * 60_000 - 50);
    // Snoozing deals with it for now: it is read, and comes back as a new one.
    expect((await harness.notifier.api.listNotifications(actor, { unread: 'true' })).items).toEqual([]);
    await expect(harness.notifier.api.markRead({ userId: user() }, id)).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(harness.notifier.api.markRead(actor, 'not-a-uuid')).rejects.toMatchObject({
      code: 'not_found',
    });
    const read = await harness.notifier.api.markRead(actor, id);
    expect(read.readAt).not.toBeNull();
    expect((await harness.notifier.api.markRead(actor, id)).readAt).toBe(read.readAt);
    await expect(harness.notifier.api.snooze(actor, id, { until: 'later' as never })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { until: expect.any(String) },
    });
  });
});

describe('two notifiers on one database', () => {
  it('fire each reminder once between them', async () => {
    const database = await createDatabase();
    const configs = { databaseUrl: database.url, log, sweepEveryMs: 200 };
    const [a, b] = [await startNotifier(configs), await startNotifier(configs)];
    const received: NotificationEvent[] = [];
    for (const n of [a, b]) n.subscribe((e) => void received.push(e));
    try {
      const userId = randomUUID();
      const due = new Date(Date.now() + 800).toISOString();
      for (let i = 0; i < 20; i++) {
        const created = taskEventFixture(userId, i + 1, {
          occurredAt: new Date().toISOString(),
          task: { title: `t${i}`, dueAt: due, reminders: [{ minutesBefore: 0 }] },
        });
        // Both hear every event, as two replicas of one consumer might after a rebalance.
        await Promise.all([a.applyTaskEvent(created), b.applyTaskEvent(created)]);
      }
      await expect.poll(() => received.length, { timeout: 5_000, interval: 20 }).toBe(20);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(new Set(received.map((e) => e.notification.taskId)).size).toBe(20);
      expect(received).toHaveLength(20);
    } finally {
      await a.stop();
      await b.stop();
      await database.drop();
    }
  });
});
