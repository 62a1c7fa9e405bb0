import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@todo/stack';
import { ApiClient } from '../../testing/api-client.js';
import { createDatabase, type TestDatabase } from '../../testing/databases.js';
import { createTopic, kafkaBrokers, testKafka } from '../../testing/kafka.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The live (not zombie) processes of a session: run.sh leads its own, and everything it starts stays in it. */
function sessionProcesses(sid: number): Array<{ pid: number; comm: string }> {
  return execFileSync('ps', ['-e', '-o', 'pid=,sid=,stat=,comm='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([, s, stat]) => Number(s) === sid && !stat?.startsWith('Z'))
    .map(([pid, , , comm]) => ({ pid: Number(pid), comm: comm! }));
}

/**
 * The multi-app run file, dapr/dapr.yaml, run the way a user runs it: dapr/run.sh, which hands it to the
 * Dapr CLI (`dapr run -f`, built by scripts/provision/dapr-cli.sh) with our daprd. Core, the notifier and
 * the gateway each beside a sidecar the CLI started, over the test PostgreSQL and Kafka.
 */
describe('the stack under the Dapr CLI (dapr run -f dapr/dapr.yaml)', () => {
  let database: TestDatabase;
  let topic: string;
  let run: ChildProcess;
  let output = '';
  let api: ApiClient;

  beforeAll(async () => {
    database = await createDatabase();
    topic = await createTopic('task-events', 6);
    const deadLetters = await createTopic('task-events-dlq', 1);
    const notifications = await createTopic('notifications', 6);
    const port = await freePort();
    run = spawn('dapr/run.sh', [], {
      cwd: ROOT,
      // Its own session, so the test can find every process it started, and kill them if it must.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        TASK_EVENTS_TOPIC: topic,
        TASK_EVENTS_DLQ_TOPIC: deadLetters,
        NOTIFICATIONS_TOPIC: notifications,
        PORT: String(port),
        REPLICA_ID: `cli-${randomUUID()}`,
      },
    });
    run.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    run.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    api = new ApiClient(`http://127.0.0.1:${port}`);
    // Ready when the gateway answers and reaches core through both sidecars.
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (run.exitCode !== null) throw new Error(`dapr/run.sh exited with ${run.exitCode}:\n${output}`);
      const ready = await fetch(`${api.baseUrl}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      );
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`the stack was not ready in 30 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  });

  afterAll(async () => {
    // Only if a test failed before stopping it: run.sh stops the CLI and deletes its folder on SIGTERM;
    // whatever of the session still runs after that is killed (the CLI leads a process group of its own).
    if (run?.pid && run.exitCode === null && run.signalCode === null) {
      const exited = new Promise((resolve) => run.once('exit', resolve));
      run.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      for (const { pid } of sessionProcesses(run.pid)) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await database?.drop();
  });

  it('serves a create through the sidecars and publishes its event to Kafka', async () => {
    const signup = await api.request('POST', '/api/v1/auth/signup', {
      email: 'cli@example.com',
      password: 'long enough password',
    });
    expect(signup.status).toBe(201);
    const { token, user } = signup.body as { token: string; user: { id: string } };
    const created = await api.as(token).request('POST', '/api/v1/tasks', { title: 'from dapr run -f' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'from dapr run -f', version: 1 });

    const consumer = testKafka().consumer({ groupId: `reader-${randomUUID()}` });
    const seen: Array<{ key: string; value: any }> = [];
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) =>
        void seen.push({ key: String(message.key), value: JSON.parse(String(message.value)) }),
    });
    try {
      await expect
        .poll(() => seen.filter((m) => m.key === user.id).map((m) => [m.value.type, m.value.subject]), {
          timeout: 15_000,
        })
        .toEqual([['task.created', created.body.id]]);
    } finally {
      await consumer.disconnect();
    }
  });

  it("fires a reminder by its Dapr job, on run.sh's scheduler", async () => {
    const signup = await api.request('POST', '/api/v1/auth/signup', {
      email: 'cli-reminders@example.com',
      password: 'long enough password',
    });
    const client = api.as((signup.body as { token: string }).token);
    const dueAt = new Date(Date.now() + 3_000).toISOString();
    const created = await client.request('POST', '/api/v1/tasks', {
      title: 'remind me under the CLI',
      dueAt,
      reminders: [{ minutesBefore: 0 }],
    });
    expect(created.status).toBe(201);
    await expect
      .poll(async () => (await client.get('/api/v1/notifications')).body.items, { timeout: 10_000 })
      .toEqual([expect.objectContaining({ taskId: created.body.id, dueAt })]);
    // Fired on its job's callback, not by the sweep.
    expect(output).toContain('reminder fired by its job');
  });

  it('stops on SIGTERM, leaving no sidecar or app running', async () => {
    const sid = run.pid!;
    // run.sh, its scheduler, the CLI, and core, the notifier and the gateway each beside its daprd.
    expect(
      sessionProcesses(sid)
        .map((p) => p.comm)
        .sort(),
    ).toEqual(['bash', 'scheduler', 'dapr', 'daprd', 'daprd', 'daprd', 'node', 'node', 'node'].sort());
    const exited = new Promise<number | null>((resolve) => run.once('exit', (code) => resolve(code)));
    run.kill('SIGTERM');
    expect(await exited).toBe(0);
    // Killed processes vanish once reaped; none may still be running.
    await expect.poll(() => sessionProcesses(sid), { timeout: 5_000 }).toEqual([]);
    expect(output).toContain('Exited Dapr successfully');
  });
});
