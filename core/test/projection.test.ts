import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreApi, TaskEvent } from '@todo/contracts';
import { startPgliteServer, type PgliteServer } from '../src/adapters/embedded/pglite-server.js';
import { connectDatabase, migrate, type Sql } from '../src/adapters/postgres/database.js';
import { PostgresEventLog } from '../src/adapters/postgres/event-log.js';
import { PostgresTaskProjection } from '../src/adapters/postgres/task-projection.js';
import { PostgresTaskStore } from '../src/adapters/postgres/task-store.js';
import { PostgresUserRepository } from '../src/adapters/postgres/user-repository.js';
import { BACKENDS, createDatabase, type TestDatabase } from '../../testing/databases.js';
import { taskEventFixture } from '../../testing/fixtures.js';
import { startCoreServer } from '../src/http/server.js';
import { createLogger } from '@todo/observability';

/** The read model fed by events, as the Dapr runtime feeds it: idempotent, never going backwards. */
describe.each(BACKENDS)('task projection on %s', (backend) => {
  let pglite: PgliteServer | undefined;
  let database: TestDatabase | undefined;
  let sql: Sql;
  const userId = randomUUID();

  beforeAll(async () => {
    pglite = backend === 'pglite' ? await startPgliteServer('memory://') : undefined;
    database = pglite ? undefined : await createDatabase();
    sql = connectDatabase(pglite?.url ?? database!.url, { maxConnections: 1 });
    await migrate(sql);
    await new PostgresUserRepository(sql).create({
      id: userId,
      email: `projection-${backend}@example.com`,
      name: null,
      timezone: 'UTC',
      createdAt: new Date().toISOString(),
      passwordHash: 'x',
    });
  });
  afterAll(async () => {
    await sql?.end();
    await pglite?.stop();
    await database?.drop();
  });

  const taskId = randomUUID();
  const event = (seq: number, type: TaskEvent['type'], version: number, title: string, id = taskId) =>
    taskEventFixture(userId, seq, {
      type,
      task: {
        id,
        title,
        tags: ['projected'],
        status: type === 'task.completed' ? 'done' : 'open',
        updatedAt: `2026-11-24T10:00:0${version}.000Z`,
        version,
      },
    });
  const stored = () => new PostgresTaskStore(sql).get(userId, taskId);

  it('applies each event once and never moves a task backwards', async () => {
    const projection = new PostgresTaskProjection(sql);
    const created = event(1, 'task.created', 1, 'first');
    expect(await projection.apply(created)).toBe('applied');
    expect(await projection.apply(created)).toBe('duplicate');
    expect(await stored()).toMatchObject({ title: 'first', version: 1, tags: ['projected'] });

    // Out of order: version 3 arrives before version 2.
    expect(await projection.apply(event(3, 'task.updated', 3, 'third'))).toBe('applied');
    expect(await projection.apply(event(2, 'task.updated', 2, 'second'))).toBe('applied');
    expect(await stored()).toMatchObject({ title: 'third', version: 3 });

    const deleted = event(4, 'task.deleted', 3, 'third');
    expect(await projection.apply(deleted)).toBe('applied');
    expect(await stored()).toBeNull();
    // A redelivered older event does not bring it back.
    expect(await projection.apply(event(2, 'task.updated', 2, 'second'))).toBe('duplicate');
    expect(await stored()).toBeNull();

    const log = new PostgresEventLog(sql);
    expect(await log.latestSeq(userId)).toBe(4);
    const replay = await log.since(userId, 1, 10);
    expect(replay.reload ? [] : replay.events.map((e) => [e.seq, e.type])).toEqual([
      [2, 'task.updated'],
      [3, 'task.updated'],
      [4, 'task.deleted'],
    ]);
  });

  it("takes deliveries from its Dapr sidecar on core's HTTP app", async () => {
    const server = await startCoreServer({} as CoreApi, {
      port: 0,
      log: createLogger('test', 'error'),
      projection: new PostgresTaskProjection(sql),
    });
    try {
      const deliver = async (body: unknown) => {
        const url = `http://127.0.0.1:${server.port}/events/task-events`;
        const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
        return { status: response.status, body: await response.json() };
      };
      const created = event(5, 'task.created', 1, 'delivered', randomUUID());
      const cloudEvent = {
        specversion: '1.0',
        id: created.id,
        type: created.type,
        source: 'core',
        data: created,
      };
      expect(await deliver(cloudEvent)).toEqual({ status: 200, body: { status: 'SUCCESS' } });
      expect(await deliver(cloudEvent)).toEqual({ status: 200, body: { status: 'SUCCESS' } });
      expect(await new PostgresTaskStore(sql).get(userId, created.task.id)).toMatchObject({
        title: 'delivered',
      });
      expect(await deliver({ specversion: '1.0', data: 'junk' })).toEqual({
        status: 200,
        body: { status: 'DROP' },
      });
    } finally {
      await server.close();
    }
  });
});
