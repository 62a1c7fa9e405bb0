import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type CoreApi } from '@todo/contracts';
import { startCore, startCoreServer, type CoreServer, type Core } from '@todo/core';
import { createLogger } from '@todo/observability';
import { createCoreRpcClient } from '../src/adapters/core-rpc-client.js';

/** Core's service-invocation API and the gateway's client for it, over real HTTP on loopback. */
describe('core over HTTP', () => {
  let core: Core;
  let server: CoreServer;
  let client: CoreApi;
  let baseUrl: string;

  beforeAll(async () => {
    core = await startCore({
      pgliteDir: 'memory://',
      jwtSecret: new TextEncoder().encode('rpc-test-secret-rpc-test-secret-rpc'),
      jwtTtlSeconds: 3600,
      defaultTimeZone: 'UTC',
      log: createLogger('test', 'warn'),
    });
    server = await startCoreServer(core.api, { port: 0, log: createLogger('test', 'warn') });
    baseUrl = `http://127.0.0.1:${server.port}/core`;
    client = createCoreRpcClient({ baseUrl });
  });
  afterAll(async () => {
    await server?.close();
    await core?.stop();
  });

  it('answers like the in-process core', async () => {
    const { user, token } = await client.signup({
      email: 'rpc@example.com',
      password: 'long enough password',
    });
    expect(token).toEqual(expect.any(String));
    const actor = { userId: user.id };
    const task = await client.createTask(actor, { title: 'over the wire', tags: ['Net'] });
    expect(task).toMatchObject({ title: 'over the wire', tags: ['net'], version: 1 });
    expect(await client.getTask(actor, task.id)).toEqual(await core.api.getTask(actor, task.id));
    expect((await client.listTasks(actor, { q: 'wire' })).items.map((t) => t.id)).toEqual([task.id]);
    expect(await client.completeTask(actor, task.id, 1)).toMatchObject({ status: 'done', version: 2 });
    // An optional argument passed as undefined (no If-Match) stays optional over the wire.
    expect(await client.reopenTask(actor, task.id, undefined)).toMatchObject({ status: 'open', version: 3 });
    expect(await client.deleteTask(actor, task.id)).toBeNull();
    expect(await client.latestSeq(actor)).toBe(4);
    expect(await client.checkReady()).toBeNull();
  });

  it("rebuilds core's errors, fields and all", async () => {
    const { user } = await client.signup({ email: 'errors@example.com', password: 'long enough password' });
    const failure = await client
      .createTask({ userId: user.id }, { title: '', colour: 'red' } as never)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AppError);
    expect(failure).toMatchObject({
      code: 'invalid_input',
      fields: { title: expect.any(String), colour: 'Unknown field' },
    });
    await expect(
      client.getTask({ userId: user.id }, '00000000-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it("changes the caller's settings, a null name and all, and names a bad zone", async () => {
    const { user } = await client.signup({
      email: 'settings@example.com',
      password: 'long enough password',
      name: 'Sam',
    });
    const actor = { userId: user.id };
    const updated = await client.updateMe(actor, { timezone: 'Asia/Tokyo', name: null });
    expect(updated).toEqual({ ...user, timezone: 'Asia/Tokyo', name: null });
    expect(await client.me(actor)).toEqual(updated);
    await expect(client.updateMe(actor, { timezone: 'Mars/Olympus' })).rejects.toMatchObject({
      code: 'invalid_input',
      fields: { timezone: expect.any(String) },
    });
  });

  it('refuses unknown methods and malformed calls', async () => {
    expect((await fetch(`${baseUrl}/dropDatabase`, { method: 'POST', body: '{"args":[]}' })).status).toBe(
      404,
    );
    const bad = await fetch(`${baseUrl}/getTask`, { method: 'POST', body: '{"args": 5}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({
      error: { code: 'invalid_input', fields: { args: expect.any(String) } },
    });
  });

  it('reports an unreachable core as unavailable', async () => {
    const nowhere = createCoreRpcClient({ baseUrl: 'http://127.0.0.1:9/core', timeoutMs: 2_000 });
    await expect(nowhere.checkReady()).rejects.toMatchObject({ code: 'unavailable' });
  });
});
