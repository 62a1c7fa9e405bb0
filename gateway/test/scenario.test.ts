import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '@todo/contracts';
import { ApiClient } from '../../testing/api-client.js';
import { startApp, type AppProcess } from '../../testing/app-process.js';
import { startDaprStack, type DaprStack } from '../../testing/dapr-stack.js';
import { BACKENDS, createDatabase, type TestDatabase } from '../../testing/databases.js';
import { FrameRecorder } from '../../testing/ws-client.js';

/** Where the scenario runs: the embedded process on each SQL back end, and the dapr runtime. */
const RUNTIMES = [...BACKENDS, 'dapr'] as const;

/**
 * The walking skeleton's acceptance scenario over HTTP and WebSocket, unchanged in each runtime: the
 * embedded process on PGlite and on PostgreSQL, and the dapr stack (core and gateway as their own
 * processes beside daprd sidecars, events through Kafka). Two users, ~30 varied tasks, every filter, sort
 * and search, cursors, concurrency, isolation, bad input, and live events.
 */
describe.each(RUNTIMES)('scenario on %s', (backend) => {
  const ZONE = 'America/New_York';
  let app: AppProcess;
  let stack: DaprStack | undefined;
  let database: TestDatabase | undefined;
  let anon: ApiClient;
  let alice: ApiClient;
  let bob: ApiClient;
  let aliceToken: string;
  let bobToken: string;
  const tasks: Task[] = [];

  beforeAll(async () => {
    database = backend === 'pglite' ? undefined : await createDatabase();
    if (backend === 'dapr') {
      stack = await startDaprStack(database!.url);
      app = stack.gateways[0]!;
    } else {
      app = await startApp({ DATABASE_URL: database?.url });
    }
    anon = new ApiClient(app.baseUrl);
    ({ client: alice, token: aliceToken } = await anon.signup('alice@example.com', ZONE));
    ({ client: bob, token: bobToken } = await anon.signup('bob@example.com', 'Europe/Berlin'));
  });
  afterAll(async () => {
    await (stack ?? app)?.stop();
    await database?.drop();
  });

  describe('accounts', () => {
    it('signs up, logs in and says who the caller is', async () => {
      const login = await anon.post('/api/v1/auth/login', {
        email: 'ALICE@example.com',
        password: 'correct horse battery',
      });
      expect(login.status).toBe(200);
      expect(login.body.user).toMatchObject({ email: 'alice@example.com', timezone: ZONE });
      const me = await anon.as(login.body.token).get('/api/v1/me');
      expect(me).toMatchObject({ status: 200, body: { email: 'alice@example.com' } });
      expect(me.body).not.toHaveProperty('passwordHash');
    });

    it('refuses bad sign-ups and wrong passwords with named reasons', async () => {
      expect(
        await anon.post('/api/v1/auth/signup', { email: 'alice@example.com', password: 'another password' }),
      ).toMatchObject({
        status: 409,
        body: { error: { code: 'email_taken', fields: { email: expect.any(String) } } },
      });
      const bad = await anon.post('/api/v1/auth/signup', {
        email: 'nope',
        password: 'short',
        timezone: 'Mars/Base',
      });
      expect(bad.status).toBe(400);
      expect(Object.keys(bad.body.error.fields).sort()).toEqual(['email', 'password', 'timezone']);
      for (const body of [
        { email: 'alice@example.com', password: 'wrong password' },
        { email: 'nobody@example.com', password: 'correct horse battery' },
      ]) {
        expect(await anon.post('/api/v1/auth/login', body)).toMatchObject({
          status: 401,
          body: { error: { code: 'invalid_credentials', message: 'Wrong email or password' } },
        });
      }
    });

    it("changes the caller's zone and name: new tasks and the chat use the zone, old tasks keep theirs", async () => {
      const { client: carol, user } = await anon.signup(`carol-${backend}@example.com`, ZONE);
      const before = await carol.post('/api/v1/tasks', { title: 'made in New York' });
      const patched = await carol.patch('/api/v1/me', { timezone: 'Asia/Tokyo', name: ' Carol ' });
      expect(patched).toMatchObject({
        status: 200,
        body: { ...user, timezone: 'Asia/Tokyo', name: 'Carol' },
      });
      expect(await carol.get('/api/v1/me')).toMatchObject({ status: 200, body: patched.body });
      expect((await carol.patch('/api/v1/me', { name: null })).body).toEqual({ ...patched.body, name: null });
      for (const [body, field] of [
        [{ timezone: 'Mars/Olympus' }, 'timezone'],
        [{}, 'input'],
        [{ timezone: 'UTC', email: 'x@example.com' }, 'email'],
      ] as const) {
        const bad = await carol.patch('/api/v1/me', body);
        expect(bad).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
        expect(Object.keys(bad.body.error.fields)).toEqual([field]);
      }
      expect((await anon.patch('/api/v1/me', { timezone: 'UTC' })).status).toBe(401);
      expect((await carol.get('/api/v1/me')).body.timezone).toBe('Asia/Tokyo');

      expect((await carol.get(`/api/v1/tasks/${before.body.id}`)).body).toEqual(before.body);
      expect((await carol.post('/api/v1/tasks', { title: 'made in Tokyo' })).body.timezone).toBe(
        'Asia/Tokyo',
      );
      const chat = await carol.post('/api/v1/chat', { message: 'add water the plants tomorrow 9am' });
      expect(chat.status).toBe(200);
      const created = chat.body.actions[0].task;
      const tomorrow9am = DateTime.now().setZone('Asia/Tokyo').startOf('day').plus({ days: 1, hours: 9 });
      expect(created).toMatchObject({ title: 'water the plants', timezone: 'Asia/Tokyo' });
      expect(created.dueAt).toBe(tomorrow9am.toUTC().toISO());
    });

    it('requires a valid token', async () => {
      expect((await anon.get('/api/v1/tasks')).status).toBe(401);
      expect((await anon.as('not.a.token').get('/api/v1/tasks')).body.error.code).toBe('unauthenticated');
      expect((await anon.get('/api/v1/tasks', { authorization: 'Basic abc' })).status).toBe(401);
    });
  });

  describe('tasks', () => {
    beforeAll(async () => {
      const now = DateTime.now().setZone(ZONE);
      const day = (days: number, hour: number) =>
        now.startOf('day').plus({ days, hours: hour }).toUTC().toISO({ suppressMilliseconds: false });
      const specs = [
        { title: 'Pay rent', priority: 'high', tags: ['home', 'money'], dueAt: day(-2, 9) },
        { title: 'Call the dentist', priority: 'medium', tags: ['health'], dueAt: day(0, 23.5) },
        { title: 'Buy milk', priority: 'low', tags: ['shopping', 'home'], dueAt: day(1, 18) },
        { title: 'Write quarterly report', priority: 'high', tags: ['work', 'q4'], dueAt: day(6, 9) },
        { title: 'Renew passport', priority: 'low', tags: ['travel'], dueAt: day(20, 12) },
        {
          title: 'Plan the garden',
          priority: 'none',
          tags: ['home', 'garden'],
          description: 'tulips and a dentist-proof fence',
        },
        { title: 'Fix the bike', priority: 'medium', tags: [] },
        { title: 'Book flights', priority: 'high', tags: ['travel', 'urgent'], dueAt: day(3, 8) },
        { title: 'Review pull request', priority: 'medium', tags: ['work', 'urgent'], dueAt: day(-1, 17) },
        { title: 'Water the plants', priority: 'low', tags: ['home', 'garden'], dueAt: day(0, 7) },
      ];
      for (let i = 0; i < 30; i++) {
        const spec = specs[i % specs.length]!;
        const created = await alice.post('/api/v1/tasks', {
          ...spec,
          title: i < 10 ? spec.title : `${spec.title} #${i}`,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        tasks.push(created.body);
      }
      // Some finished, so status filters have something to find.
      for (const index of [2, 11, 17, 24]) {
        const done = await alice.post(`/api/v1/tasks/${tasks[index]!.id}/complete`);
        tasks[index] = done.body;
      }
      await bob.post('/api/v1/tasks', { title: 'Bob secret plan', tags: ['home'], priority: 'high' });
    });

    it('creates with normalized fields, an ETag and a Location', async () => {
      const created = await alice.post('/api/v1/tasks', {
        title: '  Trim me  ',
        tags: ['Mixed', 'mixed', 'Case'],
        dueAt: '2030-01-01T09:00:00+01:00',
        timezone: 'Europe/Paris',
        reminders: [{ minutesBefore: 15 }],
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        title: 'Trim me',
        tags: ['mixed', 'case'],
        dueAt: '2030-01-01T08:00:00.000Z',
        timezone: 'Europe/Paris',
        priority: 'none',
        status: 'open',
        version: 1,
        recurrence: { rule: 'FREQ=WEEKLY;BYDAY=MO', mode: 'schedule' },
      });
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.headers.get('location')).toBe(`/api/v1/tasks/${created.body.id}`);
      expect((await alice.get(`/api/v1/tasks/${created.body.id}`)).body).toEqual(created.body);
      expect((await alice.delete(`/api/v1/tasks/${created.body.id}`)).status).toBe(204);
      expect((await alice.get(`/api/v1/tasks/${created.body.id}`)).status).toBe(404);
    });

    it('answers every combination of filters and sorts like the reference', async () => {
      const statuses = ['open', 'done', 'all'];
      const priorities = [undefined, 'high', 'medium,low'];
      const tagSets: Array<Record<string, string> | undefined> = [
        undefined,
        { tags: 'home,work' },
        { tags: 'home,garden', tagMode: 'all' },
      ];
      const dues = [undefined, 'overdue', 'today', 'week', 'none', 'between'];
      const sorts = ['due', 'priority', 'created', 'updated', 'title'].flatMap((sort) => [
        { sort, order: 'asc' },
        { sort, order: 'desc' },
      ]);
      const between = {
        dueFrom: DateTime.now().minus({ days: 1 }).toISO()!,
        dueTo: DateTime.now().plus({ days: 4 }).toISO()!,
      };
      let checked = 0;
      for (const status of statuses)
        for (const priority of priorities)
          for (const tagSet of tagSets)
            for (const due of dues) {
              const order = sorts[checked % sorts.length]!;
              const query: Record<string, string> = {
                status,
                ...(priority ? { priority } : {}),
                ...(tagSet ?? {}),
                ...(due === 'between' ? between : due ? { due } : {}),
                ...order,
                limit: '200',
              };
              const response = await alice.get(`/api/v1/tasks?${new URLSearchParams(query)}`);
              expect(response.status, JSON.stringify(query)).toBe(200);
              const expected = reference(tasks, query, ZONE).map((t) => t.title);
              expect(
                response.body.items.map((t: Task) => t.title),
                JSON.stringify(query),
              ).toEqual(expected);
              checked++;
            }
      expect(checked).toBe(162);
    });

    it('pages with cursors through every sort without gaps or repeats', async () => {
      for (const sort of ['due', 'priority', 'created', 'updated', 'title']) {
        for (const order of ['asc', 'desc']) {
          const seen: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const query: URLSearchParams = new URLSearchParams({
              status: 'all',
              sort,
              order,
              limit: '7',
              ...(cursor ? { cursor } : {}),
            });
            const page: { status: number; body: any } = await alice.get(`/api/v1/tasks?${query}`);
            expect(page.status).toBe(200);
            seen.push(...page.body.items.map((t: Task) => t.id));
            cursor = page.body.nextCursor;
            pages++;
          } while (cursor);
          expect(pages).toBe(Math.ceil(tasks.length / 7));
          expect(seen).toEqual(reference(tasks, { status: 'all', sort, order }, ZONE).map((t) => t.id));
        }
      }
      const first = await alice.get('/api/v1/tasks?sort=due&limit=2');
      expect((await alice.get(`/api/v1/tasks?sort=title&cursor=${first.body.nextCursor}`)).status).toBe(400);
      expect((await alice.get('/api/v1/tasks?cursor=bm9wZQ')).body.error.fields).toHaveProperty('cursor');
    });

    it('searches title and description, best match first, combinable with filters', async () => {
      const search = async (query: string) =>
        (await alice.get(`/api/v1/tasks?${query}`)).body.items.map((t: Task) => t.title) as string[];
      const dentist = await search('q=dentist&status=all');
      expect(dentist[0]).toMatch(/^Call the dentist/);
      expect(dentist.filter((title) => title.startsWith('Plan the garden'))).toHaveLength(3);
      expect(dentist.slice(-3).every((title) => title.startsWith('Plan the garden'))).toBe(true);
      expect(await search('q=quarterl&limit=1')).toEqual(['Write quarterly report']);
      expect(await search('q=dentist&priority=none')).toHaveLength(3);
      expect(await search('q=zeppelin')).toEqual([]);
      expect(await search('q=secret&status=all')).toEqual([]); // Bob's task stays Bob's
    });

    it('counts tags per user', async () => {
      const tags = (await alice.get('/api/v1/tags')).body as Array<{
        tag: string;
        count: number;
        openCount: number;
      }>;
      const home = tasks.filter((t) => t.tags.includes('home'));
      expect(tags.find((t) => t.tag === 'home')).toEqual({
        tag: 'home',
        count: home.length,
        openCount: home.filter((t) => t.status === 'open').length,
      });
      expect((await bob.get('/api/v1/tags')).body).toEqual([{ tag: 'home', count: 1, openCount: 1 }]);
    });

    it('enforces versions with If-Match, and lets one of two racing writers win', async () => {
      const { body: task } = await alice.post('/api/v1/tasks', { title: 'contended' });
      const renamed = await alice.patch(
        `/api/v1/tasks/${task.id}`,
        { title: 'renamed' },
        { 'if-match': '"1"' },
      );
      expect(renamed).toMatchObject({ status: 200, body: { title: 'renamed', version: 2 } });
      expect(renamed.headers.get('etag')).toBe('"2"');
      expect(
        await alice.patch(`/api/v1/tasks/${task.id}`, { title: 'stale' }, { 'if-match': '1' }),
      ).toMatchObject({
        status: 412,
        body: { error: { code: 'precondition_failed' } },
      });
      const race = await Promise.all(
        ['left', 'right'].map((title) =>
          alice.patch(`/api/v1/tasks/${task.id}`, { title }, { 'if-match': '2' }),
        ),
      );
      expect(race.map((r) => r.status).sort()).toEqual([200, 412]);
      expect((await alice.delete(`/api/v1/tasks/${task.id}`, { 'if-match': '2' })).status).toBe(412);
      expect((await alice.delete(`/api/v1/tasks/${task.id}`, { 'if-match': '3' })).status).toBe(204);
      expect((await alice.patch(`/api/v1/tasks/${task.id}`, { title: 'gone' })).status).toBe(404);
    });

    it("gives 404 for another user's task, never its content", async () => {
      const target = tasks[0]!;
      for (const [method, path, body] of [
        ['GET', `/api/v1/tasks/${target.id}`],
        ['PATCH', `/api/v1/tasks/${target.id}`, { title: 'mine now' }],
        ['DELETE', `/api/v1/tasks/${target.id}`],
        ['POST', `/api/v1/tasks/${target.id}/complete`],
        ['POST', `/api/v1/tasks/${target.id}/reopen`],
      ] as const) {
        const response = await bob.request(method, path, body);
        expect(response, `${method} ${path}`).toMatchObject({
          status: 404,
          body: { error: { code: 'not_found' } },
        });
      }
      expect((await alice.get(`/api/v1/tasks/${target.id}`)).body).toEqual(target);
      const bobs = (await bob.get('/api/v1/tasks?status=all')).body.items as Task[];
      expect(bobs.map((t) => t.title)).toEqual(['Bob secret plan']);
    });

    it('completes and reopens, idempotently', async () => {
      const { body: task } = await alice.post('/api/v1/tasks', { title: 'toggle me' });
      const done = await alice.post(`/api/v1/tasks/${task.id}/complete`);
      expect(done.body).toMatchObject({ status: 'done', version: 2, completedAt: expect.any(String) });
      expect((await alice.post(`/api/v1/tasks/${task.id}/complete`)).body.version).toBe(2);
      expect((await alice.post(`/api/v1/tasks/${task.id}/reopen`)).body).toMatchObject({
        status: 'open',
        completedAt: null,
        version: 3,
      });
      await alice.delete(`/api/v1/tasks/${task.id}`);
    });

    it('answers bad input with a 4xx that names each problem, never a 500', async () => {
      const cases: Array<[string, string, unknown, number, string[]?]> = [
        ['POST', '/api/v1/tasks', { title: '' }, 400, ['title']],
        ['POST', '/api/v1/tasks', { title: 'x'.repeat(501) }, 400, ['title']],
        [
          'POST',
          '/api/v1/tasks',
          { title: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) },
          400,
          ['tags'],
        ],
        [
          'POST',
          '/api/v1/tasks',
          { title: 'x', tags: ['has space', 'x'.repeat(41)] },
          400,
          ['tags.0', 'tags.1'],
        ],
        [
          'POST',
          '/api/v1/tasks',
          { title: 'x', priority: 'urgent', dueAt: '2026-12-01 09:00' },
          400,
          ['priority', 'dueAt'],
        ],
        ['POST', '/api/v1/tasks', { title: 'x', colour: 'red' }, 400, ['colour']],
        ['POST', '/api/v1/tasks', { title: 'x', reminders: [{ minutesBefore: 5 }] }, 400, ['reminders.0']],
        [
          'POST',
          '/api/v1/tasks',
          { title: 'x', dueAt: '2026-12-01T09:00:00Z', recurrence: { rule: 'EVERY=DAY' } },
          400,
          ['recurrence.rule'],
        ],
        ['POST', '/api/v1/tasks', { title: 'x', timezone: 'Nowhere/City' }, 400, ['timezone']],
        ['POST', '/api/v1/tasks', '{"title": "unterminated', 400, ['body']],
        ['POST', '/api/v1/tasks', '[1,2,3]', 400],
        ['POST', '/api/v1/tasks', 'null', 400],
        ['PATCH', `/api/v1/tasks/${tasks[0]!.id}`, {}, 400],
        ['PATCH', `/api/v1/tasks/${tasks[0]!.id}`, { status: 'archived' }, 400, ['status']],
        ['GET', '/api/v1/tasks/not-a-uuid', undefined, 400, ['id']],
        ['GET', '/api/v1/tasks?sort=colour&limit=0&tag=x', undefined, 400, ['sort', 'limit', 'tag']],
        ['GET', '/api/v1/tasks?priority=high&priority=low', undefined, 400, ['priority']],
        ['GET', '/api/v1/tasks?q=%20%21%21', undefined, 400, ['q']],
        [
          'GET',
          '/api/v1/tasks?dueFrom=2026-12-02T00:00:00Z&dueTo=2026-12-01T00:00:00Z',
          undefined,
          400,
          ['dueTo'],
        ],
        ['PUT', '/api/v1/tasks', {}, 405],
        ['GET', '/api/v1/nothing-here', undefined, 404],
      ];
      for (const [method, path, body, status, fields] of cases) {
        const response = await alice.request(method, path, body);
        const label = `${method} ${path} ${JSON.stringify(body)}`;
        expect(response.status, label).toBe(status);
        expect(response.body.error.message, label).toEqual(expect.any(String));
        if (fields)
          expect(Object.keys(response.body.error.fields ?? {}).sort(), label).toEqual([...fields].sort());
      }
      const ifMatch = await alice.patch(
        `/api/v1/tasks/${tasks[0]!.id}`,
        { title: 'x' },
        { 'if-match': 'soon' },
      );
      expect(ifMatch.body.error.fields).toHaveProperty('if-match');
      const huge = await alice.post('/api/v1/tasks', { title: 'x', description: 'y'.repeat(300 * 1024) });
      expect(huge).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
      expect((await anon.get('/healthz')).status).toBe(200);
    });
  });

  describe('live events over /ws', () => {
    it('reach every socket of the user within 50 ms, and no one else', async () => {
      const { ws: tab1, ready } = await FrameRecorder.authenticated(app.wsUrl, aliceToken);
      const { ws: tab2 } = await FrameRecorder.authenticated(app.wsUrl, aliceToken);
      const { ws: bobTab } = await FrameRecorder.authenticated(app.wsUrl, bobToken);
      expect(ready).toMatchObject({ user: { email: 'alice@example.com' }, seq: expect.any(Number) });

      const delays: number[] = [];
      for (let i = 0; i < 5; i++) {
        const sent = performance.now();
        const { body: task } = await alice.post('/api/v1/tasks', { title: `live ${i}` });
        for (const tab of [tab1, tab2]) {
          const frame = await tab.next((f) => f.type === 'task.event' && f.event.task.id === task.id);
          expect(frame.event).toMatchObject({
            type: 'task.created',
            userId: ready.user.id,
            task: { title: `live ${i}` },
          });
          const arrived = tab.frames.find((entry) => entry.frame.event?.task.id === task.id)!.at;
          delays.push(arrived - sent);
        }
      }
      delays.sort((a, b) => a - b);
      expect(delays[Math.floor(delays.length / 2)]!).toBeLessThan(50);

      // Sequence numbers are consecutive per user.
      const seqs = tab1.of('task.event').map((f) => f.event.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(bobTab.of('task.event')).toEqual([]);
      for (const ws of [tab1, tab2, bobTab]) ws.close();
    });

    it('replays what a reconnecting tab missed', async () => {
      const { ws: first, ready } = await FrameRecorder.authenticated(app.wsUrl, aliceToken);
      first.close();
      const { body: missed } = await alice.post('/api/v1/tasks', { title: 'while away' });
      await alice.patch(`/api/v1/tasks/${missed.id}`, { priority: 'high' });
      // Frames are handled in order, so a client may send resume right behind auth.
      const again = await FrameRecorder.connect(app.wsUrl);
      again.send({ type: 'auth', token: aliceToken });
      again.send({ type: 'resume', lastSeq: ready.seq });
      expect(await again.next((f) => f.type === 'ready')).toMatchObject({ seq: ready.seq + 2 });
      await again.next(
        (f) => f.type === 'task.event' && f.event.type === 'task.updated' && f.event.task.id === missed.id,
      );
      const replayed = again.of('task.event').filter((f) => f.event.seq > ready.seq);
      expect(replayed.map((f) => [f.event.seq - ready.seq, f.event.type])).toEqual([
        [1, 'task.created'],
        [2, 'task.updated'],
      ]);
      again.close();
    });

    it('answers bad frames with an error and keeps the socket open', async () => {
      const ws = await FrameRecorder.connect(app.wsUrl);
      ws.send('not json');
      expect(await ws.next((f) => f.type === 'error')).toMatchObject({ code: 'invalid_frame' });
      ws.send({ type: 'resume', id: 'r1', lastSeq: 0 });
      expect(await ws.next((f) => f.id === 'r1')).toMatchObject({ type: 'error', code: 'unauthenticated' });
      ws.send({ type: 'teleport', id: 't1' });
      expect(
        await ws.next((f) => f.type === 'error' && /teleport|type/.test(f.message) && f.id !== 'r1'),
      ).toMatchObject({ code: 'invalid_frame' });
      ws.send({ type: 'auth', id: 'a1', token: 'forged' });
      expect(await ws.next((f) => f.id === 'a1')).toMatchObject({ type: 'error', code: 'unauthenticated' });
      ws.socket.send(Buffer.from([1, 2, 3]), { binary: true });
      expect(await ws.next((f) => f.type === 'error' && /binary/.test(f.message))).toMatchObject({
        code: 'invalid_frame',
      });
      ws.send({ type: 'ping', id: 'p1' });
      expect(await ws.next((f) => f.id === 'p1')).toEqual({ type: 'pong', id: 'p1' });
      ws.close();
    });

    it('closes a socket that sends more than the maximum payload, and stays up', async () => {
      const ws = await FrameRecorder.connect(app.wsUrl);
      ws.send({ type: 'auth', token: 'x'.repeat(70 * 1024) });
      expect(await ws.closed()).toBeGreaterThan(1000);
      expect((await anon.get('/healthz')).status).toBe(200);
    });
  });

  it('serves the UI (GET and HEAD alike), its OpenAPI document and readiness', async () => {
    const page = await fetch(`${app.baseUrl}/some/client/route`);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    const head = await fetch(`${app.baseUrl}/`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(Buffer.byteLength(html));
    expect(await head.text()).toBe('');
    const doc = await anon.get('/api/v1/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/tasks/{id}/complete');
    expect(await anon.get('/readyz')).toMatchObject({ status: 200, body: { status: 'ready' } });
  });
});

const PRIORITY_RANK = { none: 0, low: 1, medium: 2, high: 3 };

/** What GET /tasks should return, computed from the tasks the test created, independently of core. */
function reference(all: Task[], query: Record<string, string>, zone: string): Task[] {
  const now = DateTime.now().setZone(zone);
  const today = now.startOf('day');
  const due = (task: Task) => (task.dueAt ? DateTime.fromISO(task.dueAt) : null);
  const statuses = query.status === 'all' ? ['open', 'done'] : [query.status ?? 'open'];
  const tags = query.tags?.split(',');
  const matches = (task: Task) => {
    if (!statuses.includes(task.status)) return false;
    if (query.priority && !query.priority.split(',').includes(task.priority)) return false;
    if (
      tags &&
      (query.tagMode === 'all'
        ? !tags.every((t) => task.tags.includes(t))
        : !tags.some((t) => task.tags.includes(t)))
    )
      return false;
    const at = due(task);
    switch (query.due) {
      case 'overdue':
        return task.status === 'open' && !!at && at < now;
      case 'today':
        return !!at && at >= today && at < today.plus({ days: 1 });
      case 'week':
        return !!at && at >= today && at < today.plus({ days: 7 });
      case 'none':
        return !at;
    }
    if (query.dueFrom && !(at && at >= DateTime.fromISO(query.dueFrom))) return false;
    if (query.dueTo && !(at && at <= DateTime.fromISO(query.dueTo))) return false;
    return true;
  };
  const flip = query.order === 'desc' ? -1 : 1;
  const cmp = (a: string | number, b: string | number) => (a < b ? -1 : a > b ? 1 : 0);
  const tie = (a: Task, b: Task) => cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id);
  const byKey: Record<string, (a: Task, b: Task) => number> = {
    due: (a, b) =>
      !a.dueAt || !b.dueAt
        ? (a.dueAt ? 0 : 1) - (b.dueAt ? 0 : 1) || tie(a, b)
        : flip * cmp(a.dueAt, b.dueAt) || tie(a, b),
    priority: (a, b) => flip * cmp(PRIORITY_RANK[a.priority], PRIORITY_RANK[b.priority]) || tie(a, b),
    created: (a, b) => flip * cmp(a.createdAt, b.createdAt) || cmp(a.id, b.id),
    updated: (a, b) => flip * cmp(a.updatedAt, b.updatedAt) || tie(a, b),
    title: (a, b) => flip * cmp(a.title.toLowerCase(), b.title.toLowerCase()) || tie(a, b),
  };
  return all.filter(matches).sort(byKey[query.sort ?? 'due']!);
}
