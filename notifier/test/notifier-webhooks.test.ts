import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '@todo/contracts';
import { startNotifier } from '../src/index.js';
import { BACKENDS, createDatabase } from '../../testing/databases.js';
import { taskEventFixture } from '../../testing/fixtures.js';
import { signature, startWebhookReceiver, type WebhookReceiver } from '../../testing/webhook-receiver.js';
import { log, notifierOn } from './notifier-harness.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const created = (userId: string, task: Partial<Task>, seq = 1) =>
  taskEventFixture(userId, seq, {
    occurredAt: new Date().toISOString(),
    task: { reminders: [{ minutesBefore: 0 }], ...task },
  });

/** The webhook channel on a real database: signed POSTs, once each, retried with backoff. */
describe.each(BACKENDS)('webhooks on %s', (backend) => {
  const harness = notifierOn(backend, { webhooks: { backoffBaseMs: 100, maxAttempts: 4 } });
  let receiver: WebhookReceiver;
  const fired = (userId: string) => harness.received.filter((e) => e.userId === userId);

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
  });

  it('POSTs the notification once, signed, with its delivery id; none to a user without a webhook', async () => {
    const alice = { userId: randomUUID() };
    const bob = { userId: randomUUID() };
    const secret = 'alice-has-a-long-secret';
    expect(await harness.notifier.api.setWebhook(alice, { url: receiver.url('alice'), secret })).toEqual({
      url: receiver.url('alice'),
      secret,
    });
    expect(await harness.notifier.api.getWebhook(alice)).toEqual({ url: receiver.url('alice') });
    expect(await harness.notifier.api.getWebhook(bob)).toBeNull();

    const event = created(alice.userId, { title: 'water the plants', dueAt: inMs(800) });
    await harness.notifier.applyTaskEvent(event);
    await harness.notifier.applyTaskEvent(event); // redelivered
    await harness.notifier.applyTaskEvent(created(bob.userId, { title: 'no webhook', dueAt: inMs(800) }));

    await expect.poll(() => receiver.of(alice.userId).length, { timeout: 5_000, interval: 20 }).toBe(1);
    // The webhook and the in-app event leave on separate paths; either may arrive first.
    await expect.poll(() => fired(alice.userId).length, { timeout: 5_000, interval: 20 }).toBe(1);
    const [post] = receiver.of(alice.userId);
    const notification = fired(alice.userId)[0]!;
    expect(post!.event).toEqual(notification);
    expect(post!.headers['content-type']).toBe('application/json');
    expect(post!.headers['x-todo-delivery']).toBe(notification.id);
    expect(post!.headers['x-todo-signature']).toBe(signature(secret, post!.raw));

    await harness.notifier.applyTaskEvent(event); // again, after it was delivered
    await expect.poll(() => fired(bob.userId).length).toBe(1);
    await sleep(700); // past a sweep
    expect(receiver.of(alice.userId)).toHaveLength(1);
    expect(receiver.of(bob.userId)).toHaveLength(0);
  });

  it('retries a failing receiver with growing gaps until it takes it', async () => {
    const carol = { userId: randomUUID() };
    const { secret } = await harness.notifier.api.setWebhook(carol, { url: receiver.url('carol') });
    expect(Buffer.from(secret, 'base64url')).toHaveLength(32);
    receiver.answerWith((event, tries) => (event.userId === carol.userId && tries <= 2 ? 500 : 200));

    await harness.notifier.applyTaskEvent(
      created(carol.userId, { title: 'flaky receiver', dueAt: inMs(300) }),
    );
    await expect.poll(() => receiver.of(carol.userId).length, { timeout: 8_000, interval: 20 }).toBe(3);
    const [first, second, third] = receiver.of(carol.userId);
    const gaps = [second!.at - first!.at, third!.at - second!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(90); // 100 ms backoff (the timer may round down a little)
    expect(gaps[1]).toBeGreaterThanOrEqual(190); // then 200 ms
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(new Set(receiver.of(carol.userId).map((p) => p.headers['x-todo-delivery'])).size).toBe(1);
    expect(third!.headers['x-todo-signature']).toBe(signature(secret, third!.raw));
    await sleep(700);
    expect(receiver.of(carol.userId)).toHaveLength(3);
    receiver.answerWith(() => 200);
  });

  it('gives up after the last attempt a receiver keeps failing', async () => {
    const erin = { userId: randomUUID() };
    await harness.notifier.api.setWebhook(erin, { url: receiver.url('erin') });
    receiver.answerWith((event) => (event.userId === erin.userId ? 503 : 200));
    await harness.notifier.applyTaskEvent(created(erin.userId, { title: 'never taken', dueAt: inMs(300) }));
    // 4 attempts, 100 + 200 + 400 ms apart; then none, however many sweeps pass.
    await expect.poll(() => receiver.of(erin.userId).length, { timeout: 8_000, interval: 20 }).toBe(4);
    await sleep(2_000);
    expect(receiver.of(erin.userId)).toHaveLength(4);
    receiver.answerWith(() => 200);
  });

  it('delivers what was scheduled before a restart, once, after it', async () => {
    const dave = { userId: randomUUID() };
    await harness.notifier.api.setWebhook(dave, { url: receiver.url('dave') });
    const event = created(dave.userId, { title: 'restart-proof', dueAt: inMs(1_000) });
    await harness.notifier.applyTaskEvent(event);
    await harness.restart();
    await harness.notifier.applyTaskEvent(event); // redelivered to the new process
    await expect.poll(() => receiver.of(dave.userId).length, { timeout: 5_000, interval: 20 }).toBe(1);
    await sleep(700);
    expect(receiver.of(dave.userId)).toHaveLength(1);
  });

  it('sends nothing once the webhook is deleted', async () => {
    const erin = { userId: randomUUID() };
    await harness.notifier.api.setWebhook(erin, { url: receiver.url('erin') });
    await harness.notifier.api.deleteWebhook(erin);
    await harness.notifier.api.deleteWebhook(erin); // idempotent
    expect(await harness.notifier.api.getWebhook(erin)).toBeNull();
    await harness.notifier.applyTaskEvent(
      created(erin.userId, { title: 'nobody listens', dueAt: inMs(200) }),
    );
    await expect.poll(() => fired(erin.userId).length).toBe(1);
    await sleep(700);
    expect(receiver.of(erin.userId)).toHaveLength(0);
    await expect(
      harness.notifier.api.setWebhook(erin, { url: 'http://hooks.example.com/x' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { url: expect.any(String) },
    });
  });
});

describe('two notifiers on one database', () => {
  it('deliver each webhook once between them', async () => {
    const database = await createDatabase();
    const receiver = await startWebhookReceiver();
    const config = { databaseUrl: database.url, log, sweepEveryMs: 200, webhooks: { backoffBaseMs: 100 } };
    const [a, b] = [await startNotifier(config), await startNotifier(config)];
    try {
      const userId = randomUUID();
      await a.api.setWebhook({ userId }, { url: receiver.url('both') });
      const due = inMs(800);
      for (let i = 0; i < 20; i++) {
        const event = created(userId, { title: `t${i}`, dueAt: due }, i + 1);
        // Both hear every event, as two replicas of one consumer might after a rebalance.
        await Promise.all([a.applyTaskEvent(event), b.applyTaskEvent(event)]);
      }
      await expect.poll(() => receiver.posts.length, { timeout: 5_000, interval: 20 }).toBe(20);
      await sleep(500);
      expect(receiver.posts).toHaveLength(20);
      expect(new Set(receiver.posts.map((p) => p.headers['x-todo-delivery'])).size).toBe(20);
      expect(new Set(receiver.posts.map((p) => p.event.notification.taskId)).size).toBe(20);
    } finally {
      await a.stop();
      await b.stop();
      await receiver.close();
      await database.drop();
    }
  });
});
