import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import type { AppProcess } from '../../testing/app-process.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { testKafka } from '../../testing/kafka.js';
import { FrameRecorder } from '../../testing/ws-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** When each frame of `type` arrived, on the wall clock (the recorder stamps frames with `performance.now()`). */
const arrivedAt = (ws: FrameRecorder, type: string) =>
  ws.frames.filter((entry) => entry.frame.type === type).map((entry) => performance.timeOrigin + entry.at);

/** How many reminders the notifier has fired on its jobs' callbacks so far. */
const firedByJobs = (stack: DaprStack) =>
  stack.logsOf('notifier').filter((entry) => entry.msg === 'reminder fired by its job').length;

/**
 * Reminders end to end in the dapr runtime: core publishes the task event through its sidecar, the
 * notifier (its own process) gets it by its sidecar's subscription and schedules a job per reminder with
 * Dapr's scheduler, which calls it back on time; it fires the reminder and publishes the notification
 * through its sidecar onto Kafka, and the gateway pushes it to the owner's sockets and serves the inbox by
 * invoking the notifier.
 */
describe('reminders, dapr runtime', () => {
  let database: TestDatabase;
  let stack: DaprStack;
  let gateway: AppProcess;

  beforeAll(async () => {
    database = await createDatabase();
    stack = await startDaprStack(database.url);
    gateway = stack.gateways[0]!;
    // The notifier's Kafka consumer group may take a while to settle (say, behind a member a killed sidecar
    // left): wait until one reminder has made the whole trip, so the timings below measure the trip only.
    const warmup = await new ApiClient(gateway.baseUrl).signup('warmup-reminders@example.com');
    const { ws } = await FrameRecorder.authenticated(gateway.wsUrl, warmup.token);
    await warmup.client.post('/api/v1/tasks', {
      title: 'warm up',
      dueAt: new Date(Date.now() + 1_000).toISOString(),
      reminders: [{ minutesBefore: 0 }],
    });
    await ws.next((f) => f.type === 'notification', 60_000);
    ws.close();
  }, 180_000);
  afterAll(async () => {
    await stack?.stop();
    await database?.drop();
  });

  /** The scheduler's job for a reminder, through the notifier's sidecar: its due time, or null if none. */
  const jobDueTime = async (reminderId: string): Promise<string | null> => {
    const response = await fetch(
      `http://127.0.0.1:${stack.services.notifierSidecar.httpPort}/v1.0-alpha1/jobs/reminder-${reminderId}`,
    );
    // Dapr 1.16 answers a job that does not exist with 500 "job not found".
    if (!response.ok) return null;
    return ((await response.json()) as { dueTime: string }).dueTime;
  };

  it("pushes one notification frame to the owner's socket within 2 s of the due time, and lists it", async () => {
    const api = new ApiClient(gateway.baseUrl);
    const alice = await api.signup('alice-dapr-reminders@example.com');
    const bob = await api.signup('bob-dapr-reminders@example.com');
    const [mine, other] = await Promise.all([
      FrameRecorder.authenticated(gateway.wsUrl, alice.token),
      FrameRecorder.authenticated(gateway.wsUrl, bob.token),
    ]);
    const dueAt = new Date(Date.now() + 3_000).toISOString();
    const created = await alice.client.post('/api/v1/tasks', {
      title: 'through the mesh',
      dueAt,
      reminders: [{ minutesBefore: 0 }],
    });
    expect(created.status).toBe(201);

    const jobsBefore = firedByJobs(stack);
    const frame = await mine.ws.next((f) => f.type === 'notification', 8_000);
    expect(frame.notification).toMatchObject({ taskId: created.body.id, title: 'through the mesh', dueAt });
    const [arrival] = arrivedAt(mine.ws, 'notification');
    expect(arrival! - Date.parse(dueAt)).toBeGreaterThanOrEqual(0);
    expect(arrival! - Date.parse(dueAt)).toBeLessThanOrEqual(2_000);
    // Timed by its job (the cron sweep, every 10 s, is only the backstop).
    await expect.poll(() => firedByJobs(stack), { timeout: 2_000 }).toBe(jobsBefore + 1);
    await sleep(1_500);
    expect(mine.ws.of('notification')).toHaveLength(1);
    expect(other.ws.of('notification')).toHaveLength(0);

    const inbox = await alice.client.get('/api/v1/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.map((n: { id: string }) => n.id)).toEqual([frame.notification.id]);
    expect((await bob.client.get('/api/v1/notifications')).body.items).toEqual([]);
    for (const { ws } of [mine, other]) ws.close();
  });

  it('fires once however often the task event is delivered, and drops what does not decode', async () => {
    const carol = await new ApiClient(gateway.baseUrl).signup('carol-dapr-reminders@example.com');
    const { ws } = await FrameRecorder.authenticated(gateway.wsUrl, carol.token);
    const kafka = testKafka();
    const producer = kafka.producer();
    await producer.connect();
    const consumer = kafka.consumer({ groupId: `reader-${randomUUID()}` });
    const undecodable = randomUUID();
    const seen: Array<{ key: string; value: string }> = [];
    try {
      // A CloudEvent that carries no task event, on carol's partition: the notifier drops it (and does not
      // hold up the events behind it).
      await producer.send({
        topic: stack.topic,
        messages: [
          {
            key: carol.user.id,
            value: JSON.stringify({
              specversion: '1.0',
              id: undecodable,
              source: 'test',
              type: 'task.created',
              datacontenttype: 'application/json',
              data: { not: 'a task event' },
            }),
          },
        ],
      });
      const dueAt = new Date(Date.now() + 5_000).toISOString();
      const created = await carol.client.post('/api/v1/tasks', {
        title: 'delivered twice',
        dueAt,
        reminders: [{ minutesBefore: 0 }],
      });
      expect(created.status).toBe(201);

      await consumer.connect();
      await consumer.subscribe({ topic: stack.topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) =>
          void seen.push({ key: String(message.key), value: String(message.value) }),
      });
      const isOriginal = (m: { key: string; value: string }) =>
        m.key === carol.user.id && JSON.parse(m.value).subject === created.body.id;
      await expect.poll(() => seen.some(isOriginal), { timeout: 10_000 }).toBe(true);
      const original = seen.find(isOriginal)!;
      const redeliver = () =>
        producer.send({ topic: stack.topic, messages: [{ key: original.key, value: original.value }] });
      // The same CloudEvent again, before the reminder fires and after.
      await redeliver();
      await ws.next((f) => f.type === 'notification', 10_000);
      await redeliver();
      await sleep(3_000);

      expect(ws.of('notification')).toHaveLength(1);
      expect(ws.of('notification')[0].notification).toMatchObject({ taskId: created.body.id, dueAt });
      const inbox = await carol.client.get('/api/v1/notifications');
      expect(inbox.body.items).toHaveLength(1);
      expect(stack.logsOf('notifier')).toContainEqual(
        expect.objectContaining({ eventId: undecodable, msg: 'dropping a task event that does not decode' }),
      );
    } finally {
      ws.close();
      await consumer.disconnect();
      await producer.disconnect();
    }
  });

  it('fires once when the notifier is killed between scheduling and firing', async () => {
    const dave = await new ApiClient(gateway.baseUrl).signup('dave-dapr-reminders@example.com');
    const { ws } = await FrameRecorder.authenticated(gateway.wsUrl, dave.token);
    const dueAt = new Date(Date.now() + 6_000).toISOString();
    const created = await dave.client.post('/api/v1/tasks', {
      title: 'outlives its notifier',
      dueAt,
      reminders: [{ minutesBefore: 0 }],
    });
    expect(created.status).toBe(201);
    // Let the notifier apply the event (its sidecar delivers it within milliseconds), then crash it: the
    // schedule is in its database, and a redelivery after the restart changes nothing.
    await sleep(1_500);
    const notifier = stack.services.notifier.child;
    const exited = new Promise((resolve) => notifier.once('exit', resolve));
    notifier.kill('SIGKILL');
    await exited;
    await stack.services.restartNotifier();

    await ws.next((f) => f.type === 'notification', 15_000);
    await sleep(2_000);
    expect(ws.of('notification')).toHaveLength(1);
    expect(ws.of('notification')[0].notification).toMatchObject({ taskId: created.body.id, dueAt });
    expect((await dave.client.get('/api/v1/notifications')).body.items).toHaveLength(1);
    ws.close();
  });

  it('moves a job when the due time moves, and cancels it when the task is deleted', async () => {
    const erin = await new ApiClient(gateway.baseUrl).signup('erin-dapr-reminders@example.com');
    const { ws } = await FrameRecorder.authenticated(gateway.wsUrl, erin.token);
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    const pendingOf = (taskId: string) =>
      sql<{ id: string; fire_at: Date; job_scheduled_at: Date | null }[]>`
        select id, fire_at, job_scheduled_at from notifier.reminders where task_id = ${taskId} and fired_at is null`;
    try {
      const dueAt = new Date(Date.now() + 5_000).toISOString();
      const create = (title: string) =>
        erin.client.post('/api/v1/tasks', { title, dueAt, reminders: [{ minutesBefore: 0 }] });
      const [moved, deleted] = [await create('moved'), await create('deleted')];
      const scheduled = async (taskId: string) => {
        await expect
          .poll(async () => (await pendingOf(taskId))[0]?.job_scheduled_at, { timeout: 3_000 })
          .toBeTruthy();
        return (await pendingOf(taskId))[0]!;
      };
      const [first, doomed] = [await scheduled(moved.body.id), await scheduled(deleted.body.id)];
      expect(Date.parse((await jobDueTime(first.id))!)).toBe(Date.parse(dueAt));
      expect(await jobDueTime(doomed.id)).not.toBeNull();

      const later = new Date(Date.parse(dueAt) + 3_000).toISOString();
      const patched = await erin.client.patch(`/api/v1/tasks/${moved.body.id}`, { dueAt: later });
      expect(patched.status).toBe(200);
      expect((await erin.client.delete(`/api/v1/tasks/${deleted.body.id}`)).status).toBe(204);

      // A new firing with a job of its own; the old one's job and the deleted task's are gone.
      const newFiring = async () =>
        (await pendingOf(moved.body.id)).find((row) => row.id !== first.id && row.job_scheduled_at);
      await expect.poll(newFiring, { timeout: 3_000 }).toBeTruthy();
      const second = (await newFiring())!;
      expect(Date.parse((await jobDueTime(second.id))!)).toBe(Date.parse(later));
      await expect.poll(() => jobDueTime(first.id), { timeout: 3_000 }).toBeNull();
      await expect.poll(() => jobDueTime(doomed.id), { timeout: 3_000 }).toBeNull();
      await expect
        .poll(() => sql`select 1 from notifier.reminder_job_cancellations`.then((r) => r.length))
        .toBe(0);

      const frame = await ws.next((f) => f.type === 'notification', 10_000);
      const [arrival] = arrivedAt(ws, 'notification');
      expect(frame.notification).toMatchObject({ taskId: moved.body.id, dueAt: later });
      expect(arrival! - Date.parse(later)).toBeGreaterThanOrEqual(0);
      expect(arrival! - Date.parse(later)).toBeLessThanOrEqual(2_000);
      await sleep(2_000);
      expect(ws.of('notification')).toHaveLength(1);
      expect((await erin.client.get('/api/v1/notifications')).body.items).toHaveLength(1);
    } finally {
      ws.close();
      await sql.end();
    }
  });
});
