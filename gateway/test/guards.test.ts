import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testing/api-client.js';
import { startApp, type AppProcess } from '../../testing/app-process.js';
import { FrameRecorder } from '../../testing/ws-client.js';

/** The edge's guards with small limits: rate limits per user, per address and for log-ins, and socket rules. */
describe('guards', () => {
  let app: AppProcess;
  let anon: ApiClient;

  beforeAll(async () => {
    app = await startApp({
      RATE_LIMIT_USER_PER_SECOND: '5',
      RATE_LIMIT_AUTH_PER_MINUTE: '4',
      WS_AUTH_TIMEOUT_MS: '300',
      WS_FRAMES_PER_SECOND: '5',
      CORS_ORIGINS: 'http://localhost:5173',
    });
    anon = new ApiClient(app.baseUrl);
  });
  afterAll(() => app?.stop());

  it('limits each user, not their neighbours', async () => {
    const { client: greedy } = await anon.signup('greedy@example.com');
    const { client: calm } = await anon.signup('calm@example.com');
    const burst = await Promise.all(Array.from({ length: 20 }, () => greedy.get('/api/v1/tasks')));
    const limited = burst.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited[0]!.body.error.code).toBe('rate_limited');
    expect((await calm.get('/api/v1/tasks')).status).toBe(200);
  });

  it('limits sign-ups and log-ins per address, with Retry-After', async () => {
    // Two of the four allowed per minute went to the sign-ups above.
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 4; i++) {
      const response = await anon.post('/api/v1/auth/login', {
        email: `who${i}@example.com`,
        password: 'whatever it is',
      });
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get('retry-after');
    }
    expect(statuses).toEqual([401, 401, 429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('answers CORS preflights for the UI dev server only', async () => {
    const preflight = await anon.request('OPTIONS', '/api/v1/tasks', undefined, {
      origin: 'http://localhost:5173',
      'access-control-request-method': 'POST',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('if-match');
    const stranger = await anon.get('/healthz', { origin: 'http://evil.example' });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('closes a socket that does not authenticate in time', async () => {
    const ws = await FrameRecorder.connect(app.wsUrl);
    expect(await ws.closed(3_000)).toBe(1008);
  });

  it('refuses a flood of frames with rate_limited errors', async () => {
    const ws = await FrameRecorder.connect(app.wsUrl);
    for (let i = 0; i < 30; i++) ws.send({ type: 'ping', id: String(i) });
    await ws.next((f) => f.type === 'error' && f.code === 'rate_limited');
    const pongs = ws.of('pong').length;
    expect(pongs).toBeGreaterThanOrEqual(10);
    expect(pongs).toBeLessThan(30);
    ws.close();
  });
});
