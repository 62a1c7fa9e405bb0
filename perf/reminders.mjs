#!/usr/bin/env node
// Reminder benchmark: `npm run bench:reminders` (root) or `npm run bench:reminders` (perf/).
//
// Schedules BENCH_REMINDERS reminders (10,000) due at random instants within the next BENCH_WINDOW_S
// seconds (60), through the notifier's own entry point (one task event per reminder, from 100 users), and
// records when each notification is published: delay = published - due. Reports p50/p99/max and whether
// every reminder fired exactly once. The notifier runs in this process on PGlite (its embedded default)
// or on BENCH_DATABASE_URL. Bounded: it gives up 30 s after the last reminder is due.

import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';

const PERF = dirname(fileURLToPath(import.meta.url));
const ROOT = join(PERF, '..');
const NOTIFIER = join(ROOT, 'notifier', 'dist', 'index.js');
const COUNT = Number(process.env.BENCH_REMINDERS ?? 10_000);
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 60);
const USERS = 100;
// Scheduling (one event at a time, ~3 ms each on PGlite) finishes before the first one is due.
const LEAD_MS = Math.max(5_000, COUNT * 4);
const log = (message) => console.log(`bench:reminders: ${message}`);

if (!existsSync(NOTIFIER)) {
  log('the notifier is not built: npm run build at the repository root (one-time)');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
// Spans and logs stay in this process: no exporter, warnings only.
delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
const { startNotifier } = await import(pathToFileURL(NOTIFIER).href);
const { createLogger } = await import(pathToFileURL(join(ROOT, 'observability', 'dist', 'index.js')).href);

const dataDir = mkdtempSync(join(tmpdir(), 'todo-bench-reminders-'));
const notifier = await startNotifier({
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  pgliteDir: join(dataDir, 'pglite'),
  log: createLogger('notifier', 'warn'),
});
const published = new Map(); // task id -> [publish times]
notifier.subscribe((event) => {
  const times = published.get(event.notification.taskId) ?? [];
  times.push(Date.now());
  published.set(event.notification.taskId, times);
});

const users = Array.from({ length: USERS }, () => randomUUID());
const start = Date.now() + LEAD_MS;
const due = new Map();
const scheduling = Date.now();
for (let i = 0; i < COUNT; i++) {
  const at = new Date(start + Math.floor(Math.random() * WINDOW_S * 1000));
  const id = randomUUID();
  const userId = users[i % USERS];
  due.set(id, at.getTime());
  const now = new Date().toISOString();
  await notifier.applyTaskEvent({
    id: randomUUID(),
    type: 'task.created',
    userId,
    seq: Math.floor(i / USERS) + 1,
    actor: userId,
    occurredAt: now,
    task: {
      id,
      title: `reminder ${i}`,
      description: '',
      priority: 'none',
      tags: [],
      status: 'open',
      dueAt: at.toISOString(),
      timezone: 'UTC',
      reminders: [{ minutesBefore: 0 }],
      recurrence: null,
      series: null,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
      version: 1,
    },
  });
}
const schedulingMs = Date.now() - scheduling;
log(
  `scheduled ${COUNT} reminders in ${(schedulingMs / 1000).toFixed(1)} s; the first is due in ${((start - Date.now()) / 1000).toFixed(1)} s`,
);
if (Date.now() > start) log('warning: scheduling took longer than the lead time; early reminders fire late');

const deadline = start + WINDOW_S * 1000 + 30_000;
while (published.size < COUNT && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
await new Promise((r) => setTimeout(r, 2_000)); // any duplicate would arrive by now
await notifier.stop();
rmSync(dataDir, { recursive: true, force: true });

const delays = [];
let duplicates = 0;
for (const [id, times] of published) {
  delays.push(times[0] - due.get(id));
  duplicates += times.length - 1;
}
delays.sort((a, b) => a - b);
const pct = (p) => delays[Math.min(delays.length - 1, Math.ceil((p / 100) * delays.length) - 1)];
const missing = COUNT - published.size;
const lines = [
  `# Reminder benchmark: ${COUNT} reminders due within ${WINDOW_S} s`,
  '',
  `- date: ${new Date().toISOString()}`,
  `- notifier in-process on ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'PGlite'}; ${USERS} users; scheduling took ${(schedulingMs / 1000).toFixed(1)} s`,
  `- machine: ${cpus().length} × ${cpus()[0]?.model?.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  '',
  '| fired | missing | duplicates | delay p50 ms | p99 ms | max ms | min ms |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  `| ${published.size} | ${missing} | ${duplicates} | ${pct(50)} | ${pct(99)} | ${delays.at(-1)} | ${delays[0]} |`,
  '',
  'Delay = when the notification event was published − when the reminder was due.',
  '',
];
console.log(lines.join('\n'));
mkdirSync(join(PERF, 'results'), { recursive: true });
writeFileSync(join(PERF, 'results', 'latest-reminders.md'), lines.join('\n'));
process.exit(missing || duplicates ? 1 : 0);
