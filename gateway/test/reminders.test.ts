import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { startApp, type AppProcess } from '../../testing/app-process.js';
import { signature, startWebhookReceiver } from '../../testing/webhook-receiver.js';
import { FrameRecorder } from '../../testing/ws-client.js';

/** When a frame arrived, on the wall clock (the recorder stamps frames with `performance.now()`). */
const arrivedAt = (ws: FrameRecorder, type: string) =>
  ws.frames.filter((entry) => entry.frame.type === type).map((entry) => performance.timeOrigin + entry.at);

/**
 * Reminders end to end in the embedded runtime: a task's reminder reaches its owner's sockets as one
 * `notification` frame, on time, once, also across an edit and a restart of the process; nobody else's.
 */
describe('reminders, embedded', () => {
  let dataDir: string;
  let app: AppProcess;
  const start = async () => (app = await startApp({ DATA_DIR: dataDir }));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'todo-reminders-'));
    await start();
  });
  afterAll(async () => {
    await app?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('pushes one notification frame to every socket of the owner within 1 s of the due time', async () => {
    const api = new ApiClient(app.baseUrl);
    const alice = await api.signup('alice-reminders@example.com');
    const bob = await api.signup('bob-reminders@example.com');
    const [tab1, tab2, other] = await Promise.all([
      FrameRecorder.authenticated(app.wsUrl, alice.token),
      FrameRecorder.authenticated(app.wsUrl, alice.token),
      FrameRecorder.authenticated(app.wsUrl, bob.token),
    ]);
    const dueAt = new Date(Date.now() + 3_000).toISOString();
    const created = await alice.client.post('/api/v1/tasks', {
      title: 'take the cake out',
      dueAt,
      reminders: [{ minutesBefore: 0 }],
    });
    expect(created.status).toBe(201);
    // An edit that keeps the due time keeps the one reminder.
    await alice.client.patch(`/api/v1/tasks/${created.body.id}`, { priority: 'high' });

    const frame = await tab1.ws.next((f) => f.type === 'notification', 6_000);
    await tab2.ws.next((f) => f.type === 'notification', 2_000);
    expect(frame.notification).toMatchObject({ taskId: created.body.id, title: 'take the cake out', dueAt });
    for (const { ws } of [tab1, tab2]) {
      const [arrival] = arrivedAt(ws, 'notification');
      expect(arrival! - Date.parse(dueAt)).toBeGreaterThanOrEqual(0);
      expect(arrival! - Date.parse(dueAt)).toBeLessThanOrEqual(1_000);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(tab1.ws.of('notification')).toHaveLength(1);
    expect(tab2.ws.of('notification')).toHaveLength(1);
    expect(other.ws.of('notification')).toHaveLength(0);

    const inbox = await alice.client.get('/api/v1/notifications?unread=true');
    expect(inbox.body.items.map((n: { id: string }) => n.id)).toEqual([frame.notification.id]);
    expect((await bob.client.get('/api/v1/notifications')).body.items).toEqual([]);
    expect((await alice.client.post(`/api/v1/notifications/${frame.notification.id}/read`)).status).toBe(200);
    expect((await alice.client.get('/api/v1/notifications?unread=true')).body.items).toEqual([]);
    for (const { ws } of [tab1, tab2, other]) ws.close();
  });

  it('fires a reminder scheduled before a restart once, after it', async () => {
    const carol = await new ApiClient(app.baseUrl).signup('carol-reminders@example.com');
    const dueAt = new Date(Date.now() + 6_000).toISOString();
    await carol.client.post('/api/v1/tasks', {
      title: 'survives a restart',
      dueAt,
      reminders: [{ minutesBefore: 0 }],
    });
    await app.stop();
    await start();
    const { ws } = await FrameRecorder.authenticated(app.wsUrl, carol.token);
    await ws.next((f) => f.type === 'notification', 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(ws.of('notification')).toHaveLength(1);
    const client = new ApiClient(app.baseUrl, carol.token);
    expect((await client.get('/api/v1/notifications')).body.items).toHaveLength(1);
    ws.close();
  });

  it('POSTs the reminder once to the webhook set at /me/webhook, signed', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const erin = await new ApiClient(app.baseUrl).signup('erin-webhook@example.com');
      const url = receiver.url('erin');
      expect((await erin.client.get('/api/v1/me/webhook')).status).toBe(404);
      const set = await erin.client.put('/api/v1/me/webhook', { url });
      expect(set).toMatchObject({ status: 200, body: { url, secret: expect.any(String) } });
      expect((await erin.client.get('/api/v1/me/webhook')).body).toEqual({ url });
      expect((await erin.client.put('/api/v1/me/webhook', { url: 'http://example.com/' })).status).toBe(400);

      const dueAt = new Date(Date.now() + 1_500).toISOString();
      const task = await erin.client.post('/api/v1/tasks', {
        title: 'webhook me',
        dueAt,
        reminders: [{ minutesBefore: 0 }],
      });
      await expect.poll(() => receiver.posts.length, { timeout: 6_000, interval: 50 }).toBe(1);
      const [post] = receiver.posts;
      expect(post!.event.notification).toMatchObject({ taskId: task.body.id, title: 'webhook me' });
      expect(post!.headers['x-todo-delivery']).toBe(post!.event.id);
      expect(post!.headers['x-todo-signature']).toBe(signature(set.body.secret, post!.raw));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(receiver.posts).toHaveLength(1);

      expect((await erin.client.delete('/api/v1/me/webhook')).status).toBe(204);
      expect((await erin.client.get('/api/v1/me/webhook')).status).toBe(404);
    } finally {
      await receiver.close();
    }
  });
});
