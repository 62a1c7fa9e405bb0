import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type NotifierApi, type TaskEvent } from '@todo/contracts';
import { createLogger } from '@todo/observability';
import type { RpcServer } from '@todo/platform';
import { startNotifierServer, type Notifier } from '../src/index.js';
import { taskCloudEvent, taskEventFixture } from '../../testing/fixtures.js';

/**
 * The notifier's HTTP app as its sidecar sees it: NotifierApi by service invocation, task events from the
 * subscription answered with an explicit status (a failure is never acked), Dapr jobs' callbacks, the cron
 * binding's sweep.
 */
describe("the notifier's HTTP app", () => {
  const applied: TaskEvent[] = [];
  let failNext = false;
  let sweeps = 0;
  const jobCalls: string[] = [];
  const deadLetters: unknown[] = [];
  let keepingFails = false;
  let server: RpcServer;
  let base: string;
  const api = {
    markAllRead: async (actor: { userId: string }) => (actor.userId ? 3 : 0),
    markRead: async () => {
      throw new AppError('not_found', 'Notification not found');
    },
  } as unknown as NotifierApi;
  const notifier: Notifier = {
    api,
    async applyTaskEvent(event) {
      if (failNext) {
        failNext = false;
        throw new Error('the database is away');
      }
      applied.push(event);
    },
    async fireReminderJob(name) {
      jobCalls.push(name);
      if (name === 'reminder-db-away') throw new Error('the database is away');
      return name === 'reminder-pending';
    },
    deadLetters: {
      async receive(envelope) {
        if (keepingFails) throw new Error('the database is away');
        deadLetters.push(envelope);
      },
      replay: async () => ({
        replayed: ['a'],
        failing: [{ id: 'b', reason: 'does not decode as a task event' }],
      }),
    },
    subscribe: () => () => undefined,
    sweep: () => void sweeps++,
    stop: async () => undefined,
  };
  const post = async (path: string, body: unknown) => {
    const response = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  beforeAll(async () => {
    server = await startNotifierServer(notifier, { port: 0, log: createLogger('test', 'silent') });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('applies a delivered task event and acks it', async () => {
    const event = taskEventFixture(randomUUID(), 1);
    expect(await post('/events/task-events', taskCloudEvent(event))).toEqual({
      status: 200,
      body: { status: 'SUCCESS' },
    });
    expect(applied.at(-1)).toEqual(event);
  });

  it('asks for a delivery again when applying it fails, and drops what does not decode', async () => {
    failNext = true;
    const event = taskEventFixture(randomUUID(), 1);
    expect((await post('/events/task-events', taskCloudEvent(event))).body).toEqual({ status: 'RETRY' });
    expect(applied).not.toContainEqual(event);
    expect((await post('/events/task-events', { ...taskCloudEvent(event), data: { no: 1 } })).body).toEqual({
      status: 'DROP',
    });
    expect((await post('/events/task-events', 'not json')).body).toEqual({ status: 'DROP' });
  });

  it('keeps dead letters (acked once kept, asked again when keeping fails) and replays them on request', async () => {
    const letter = { ...taskCloudEvent(taskEventFixture(randomUUID(), 1)), data: 'anything' };
    expect((await post('/events/task-events-dlq', letter)).body).toEqual({ status: 'SUCCESS' });
    expect(deadLetters).toEqual([letter]);
    keepingFails = true;
    expect((await post('/events/task-events-dlq', letter)).body).toEqual({ status: 'RETRY' });
    keepingFails = false;
    expect(await post('/dead-letters/replay', '')).toEqual({
      status: 200,
      body: { replayed: ['a'], failing: [{ id: 'b', reason: 'does not decode as a task event' }] },
    });
  });

  it('sweeps when the cron binding fires, and says it takes the binding', async () => {
    expect((await fetch(`${base}/reminder-sweep`, { method: 'OPTIONS' })).status).toBe(200);
    expect((await post('/reminder-sweep', '')).status).toBe(200);
    expect(sweeps).toBe(1);
  });

  it("fires a job's reminder on its callback: 200 when done or nothing to do, 500 to be called again", async () => {
    expect(await post('/job/reminder-pending', { reminderId: 'x' })).toEqual({ status: 200, body: {} });
    expect(await post('/job/reminder-fired-already', '')).toEqual({ status: 200, body: {} });
    // Never 404 (Dapr takes that for done); a failure is a 500, which the scheduler retries.
    expect((await post('/job/reminder-db-away', {})).status).toBe(500);
    expect(jobCalls).toEqual(['reminder-pending', 'reminder-fired-already', 'reminder-db-away']);
    expect((await post('/job', {})).status).toBe(404);
  });

  it('serves NotifierApi by name, errors and unknown methods included', async () => {
    expect(await post('/notifier/markAllRead', { args: [{ userId: randomUUID() }] })).toEqual({
      status: 200,
      body: { result: 3 },
    });
    expect(await post('/notifier/markRead', { args: [{ userId: randomUUID() }, 'x'] })).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect((await post('/notifier/dropEverything', { args: [] })).status).toBe(404);
  });
});
