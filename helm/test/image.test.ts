import { execFile, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnProcess, stopChild } from '../../stack/src/processes.js';
import { createDatabase } from '../../testing/databases.js';
import { startDaprStack } from '../../testing/dapr-stack.js';
import { runNode } from '../../testing/run-node.js';
import { PROFILES, render } from './chart.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

/**
 * The image's runtime tree (scripts/image/assemble.sh, the Dockerfile's last stage), built here without
 * Docker: production dependencies only, and every service starts from it.
 */
describe('the image’s runtime tree', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'todo-image-'));
    await run('bash', [join(ROOT, 'scripts/image/assemble.sh'), ROOT, join(dir, 'app')], {
      timeout: 300_000,
    });
    dir = join(dir, 'app');
  }, 300_000);
  afterAll(async () => {
    if (dir) await rm(join(dir, '..'), { recursive: true, force: true });
  });

  it('holds production dependencies only, and every file the chart’s containers run', async () => {
    for (const devOnly of ['vitest', 'typescript', 'svelte', 'playwright-core', 'fast-check']) {
      expect(existsSync(join(dir, 'node_modules', devOnly)), devOnly).toBe(false);
    }
    for (const needed of ['uWebSockets.js', 'kafkajs', 'postgres', '@electric-sql/pglite', 'pino']) {
      expect(existsSync(join(dir, 'node_modules', needed)), needed).toBe(true);
    }
    const mains = new Set<string>();
    for (const profile of PROFILES) {
      const rendered = await render({ profile });
      for (const workload of [...rendered.all('Deployment'), ...rendered.all('Job')]) {
        for (const c of workload.spec.template.spec.containers) {
          if (c.args) mains.add(c.args[0]);
        }
      }
    }
    expect([...mains].sort()).toEqual([
      'core/dist/main.js',
      'gateway/dist/ensure-topics.js',
      'gateway/dist/main.js',
      'notifier/dist/main.js',
    ]);
    for (const main of mains) expect(existsSync(join(dir, main)), main).toBe(true);
  });

  it('serves the embedded app: the UI, sign-up and the API', async () => {
    const port = await freePort();
    const output: string[] = [];
    let child: ChildProcess | undefined;
    try {
      child = spawnProcess(process.execPath, ['gateway/dist/main.js'], {
        cwd: dir,
        env: {
          PATH: process.env.PATH,
          PORT: String(port),
          DATA_DIR: join(dir, '..', 'data'),
          NODE_ENV: 'production',
        },
        output: (line) => output.push(line),
      });
      const base = `http://127.0.0.1:${port}`;
      await expect
        .poll(
          () =>
            fetch(`${base}/healthz`).then(
              (r) => r.status,
              () => 0,
            ),
          { timeout: 60_000, interval: 250 },
        )
        .toBe(200);
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<!doctype html>');
      const signup = await fetch(`${base}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: 'image@example.com',
          password: 'correct horse battery',
          timezone: 'UTC',
        }),
      });
      expect(signup.status, output.join('\n')).toBe(201);
      const { token } = (await signup.json()) as { token: string };
      const created = await fetch(`${base}/api/v1/tasks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ title: 'ship the image' }),
      });
      expect(created.status).toBe(201);
    } finally {
      if (child) await stopChild(child);
    }
  });

  it('runs the dapr runtime: gateway, core and notifier from the tree, each beside a real sidecar', async () => {
    const database = await createDatabase();
    const stack = await startDaprStack(database.url, { appRoot: dir });
    try {
      const base = stack.gateways[0]!.baseUrl;
      await expect.poll(() => fetch(`${base}/readyz`).then((r) => r.status), { timeout: 30_000 }).toBe(200);
      const signup = await fetch(`${base}/api/v1/auth/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'dapr-image@example.com', password: 'correct horse battery' }),
      });
      expect(signup.status).toBe(201);
      const { token } = (await signup.json()) as { token: string };
      const auth = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
      // Due in two seconds with a reminder at the due time: core → Kafka → the notifier's subscription → a
      // Dapr job → the notification in the inbox, every hop run from the tree.
      const created = await fetch(`${base}/api/v1/tasks`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          title: 'through the sidecars',
          dueAt: new Date(Date.now() + 2_000).toISOString(),
          reminders: [{ minutesBefore: 0 }],
        }),
      });
      expect(created.status).toBe(201);
      const list = (await (await fetch(`${base}/api/v1/tasks`, { headers: auth })).json()) as {
        items: Array<{ title: string }>;
      };
      expect(list.items.map((t) => t.title)).toEqual(['through the sidecars']);
      const inbox = async () =>
        (
          (await (await fetch(`${base}/api/v1/notifications`, { headers: auth })).json()) as {
            items: unknown[];
          }
        ).items.length;
      await expect.poll(inbox, { timeout: 30_000, interval: 250 }).toBe(1);
    } finally {
      await stack.stop();
      await database.drop();
    }
  });

  it('runs the topics tool as far as its settings (every module it imports is there)', async () => {
    const { code, lines } = await runNode(
      'gateway/dist/ensure-topics.js',
      { KAFKA_BROKERS: 'k:9092', TOPICS: 'x' },
      dir,
    );
    expect(code).toBe(2);
    expect(lines.at(-1)).toMatchObject({
      level: 60,
      msg: '"x" is not name:partitions (a topic name of letters, digits, ".", "_", "-"; partitions 1-99999)',
    });
  });
});
