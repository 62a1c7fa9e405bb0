#!/usr/bin/env node
// Reminder benchmark through the dapr runtime: `npm run bench:reminders:dapr` (root or perf/).
//
// The same measurement as reminders.mjs, but end to end through the real distributed runtime, started in
// this process with the launcher library of `npm run stack` (stack/dist): PostgreSQL 15, Kafka with the
// stack's topics, Dapr's scheduler, and core, the notifier and the gateway each beside its own daprd, all
// on 127.0.0.1 in throwaway directories.
//
// It signs up 100 users and creates BENCH_REMINDERS (10,000) tasks through the gateway's REST API, each due
// at a random instant within BENCH_WINDOW_S (60) seconds after a lead time, with one reminder at the due
// time. Each create travels as production's does: gateway → daprd → core → outbox → Kafka `task-events` →
// the notifier's subscription → a reminder row → a Dapr job `reminder-<row id>` (ReminderJobSync) → the
// scheduler's callback at due time → the notification on Kafka `notifications`. It reads that topic from
// the beginning with a fresh consumer group and reports, per reminder, fired − due (the event's firedAt)
// and published − due (the Kafka record's timestamp), p50/p99/max; how long scheduling every job took
// (polling notifier.reminders.job_scheduled_at); how many fired by their job vs. by the sweep (the
// notifier's 'reminder fired by its job' log lines); and missing and duplicate notifications (exit 1 if
// any). Bounded: it gives up 60 s after the last reminder is due and always stops what it started.
//
// Knobs: BENCH_REMINDERS, BENCH_WINDOW_S, BENCH_LEAD_S (default: measured by a warm-up of creates, see
// below), BENCH_CONCURRENCY (creates in flight, 32). Exit codes: 0 all fired once, 1 missing, duplicate,
// failure or a process left behind, 124 watchdog, 130 SIGINT/SIGTERM/SIGHUP. See perf/README.md.

import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PERF = dirname(fileURLToPath(import.meta.url));
const ROOT = join(PERF, '..');
const RESULTS = join(PERF, 'results');

const intFromEnv = (name, fallback, min) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`bench:reminders:dapr: ${name} must be an integer >= ${min} (got "${raw}")`);
    process.exit(2);
  }
  return n;
};

const COUNT = intFromEnv('BENCH_REMINDERS', 10_000, 1);
const WINDOW_S = intFromEnv('BENCH_WINDOW_S', 60, 1);
const CONCURRENCY = intFromEnv('BENCH_CONCURRENCY', 32, 1);
const USERS = Math.min(100, COUNT);
// The lead time before the first reminder is due: BENCH_LEAD_S, or measured. Creating the tasks through
// REST is the slow part (relaying their events and scheduling their jobs keep pace with it), so a warm-up
// of WARMUP creates without a due date measures the create rate, and the lead is 1.25 × the time the
// measured creates should take + 5 s, at least 20 s: every job is scheduled before its reminder is due.
const LEAD_S = intFromEnv('BENCH_LEAD_S', 0, 0);
const WARMUP = Math.min(500, Math.max(100, Math.round(COUNT / 20)));
const GIVE_UP_AFTER_LAST_DUE_MS = 60_000;
const DUPLICATE_GRACE_MS = 3_000;
const HOST = '127.0.0.1'; // loopback only
const PASSWORD = 'bench-reminders-password';

const log = (message) => console.log(`bench:reminders:dapr: ${message}`);
const sleep = (ms, signal) =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

// ---------------------------------------------------------------- build

const BUILT = ['stack/dist/index.js', 'core/dist/main.js', 'notifier/dist/main.js', 'gateway/dist/main.js'];
if (BUILT.some((file) => !existsSync(join(ROOT, file)))) {
  log('the services are not built: npm run build at the repository root (one-time)');
  const built = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(1);
}
const { startDaprServices, startPostgres, startKafka, buildDaprd, daprBinary, isAlive, STACK_TOPICS } =
  await importStack();
// Root dependencies (perf/ resolves them from the root node_modules).
const { Kafka, logLevel } = (await import('kafkajs')).default;
const postgres = (await import('postgres')).default;

async function importStack() {
  const stack = await import(pathToFileURL(join(ROOT, 'stack', 'dist', 'index.js')).href);
  const infrastructure = await import(pathToFileURL(join(ROOT, 'stack', 'dist', 'infrastructure.js')).href);
  return { ...stack, ...infrastructure };
}

// ---------------------------------------------------------------- stopping

/** Aborted by a signal, an unexpected error or the watchdog: the run stops and cleans up. */
const abort = new AbortController();
let exitCode = 0;
const stopFor = (reason, code) => {
  if (abort.signal.aborted) return log(`${reason}; still stopping, a moment …`);
  log(`${reason}; stopping everything it started`);
  exitCode = code;
  abort.abort(new Error(reason));
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
  process.on(signal, () => stopFor(`${signal} received`, 130));
process.on('uncaughtException', (error) => stopFor(`unexpected error: ${error?.stack ?? error}`, 1));
process.on('unhandledRejection', (error) => stopFor(`unexpected error: ${error?.stack ?? error}`, 1));
// Startup, signups and warm-up take under a minute here; 10 min covers a slow machine. Once the lead time
// is known, the watchdog is set again for the rest of the run.
let watchdog;
const armWatchdog = (ms) => {
  clearTimeout(watchdog);
  watchdog = setTimeout(() => stopFor(`the watchdog (${seconds(ms)}) ran out`, 124), ms);
  watchdog.unref();
};
armWatchdog(600_000);

const throwIfAborted = () => {
  if (abort.signal.aborted) throw abort.signal.reason;
};

// ---------------------------------------------------------------- run

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync(RESULTS, { recursive: true });
const logFile = join(RESULTS, `${stamp}-reminders-dapr.log`);
const csvFile = join(RESULTS, `${stamp}-reminders-dapr.csv`);
const processLog = createWriteStream(logFile);
const dir = mkdtempSync(join(tmpdir(), 'todo-bench-reminders-dapr-'));
const loadBefore = loadavg();

let pg;
let kafka;
let services;
let consumer;
let sql;
/** Every pid this run started (for the check that none is left). */
const pids = new Map();
let result;

try {
  result = await run();
} catch (error) {
  if (!abort.signal.aborted) {
    log(`failed: ${error?.stack ?? error}`);
    exitCode = 1;
  }
} finally {
  await cleanup();
}
if (result) {
  console.log(result.join('\n'));
  writeFileSync(join(RESULTS, 'latest-reminders-dapr.md'), result.join('\n'));
}
log(`process output: ${relative(process.cwd(), logFile)}`);
if (result) log(`every reminder's instants: ${relative(process.cwd(), csvFile)}`);
process.exit(exitCode);

async function run() {
  const output = (source, line) => {
    if (source === 'provision') log(`provision: ${line}`);
    else processLog.write(`${source} ${line}\n`);
  };
  let jobFired = 0;
  const problems = []; // warnings and errors the services logged
  const onLog = (source, entry) => {
    if (source === 'notifier' && entry.msg === 'reminder fired by its job') jobFired++;
    if (typeof entry.level === 'number' && entry.level >= 40) problems.push(`${source}: ${entry.msg}`);
  };

  // ---- the runtime, as `npm run stack` wires it (stack/src/stack.ts)
  const started = Date.now();
  log(`starting PostgreSQL, Kafka, the Dapr scheduler and three services beside their daprd in ${dir}`);
  await buildDaprd((line) => output('provision', line), abort.signal);
  const topics = Object.values(STACK_TOPICS).map(({ name, partitions }) => `${name}:${partitions}`);
  const [pgStarted, kafkaStarted] = await Promise.allSettled([
    startPostgres(join(dir, 'postgres.state'), (line) => output('provision', line), abort.signal),
    startKafka(join(dir, 'kafka.state'), topics, (line) => output('provision', line), abort.signal),
  ]);
  if (pgStarted.status === 'fulfilled') pids.set('PostgreSQL', (pg = pgStarted.value).pid);
  if (kafkaStarted.status === 'fulfilled') pids.set('Kafka', (kafka = kafkaStarted.value).pid);
  if (pgStarted.status === 'rejected') throw pgStarted.reason;
  if (kafkaStarted.status === 'rejected') throw kafkaStarted.reason;
  throwIfAborted();
  const databaseUrl = await pg.createDatabase('todo');
  const env = { ...process.env, DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'info' };
  // Loopback only and no telemetry export; the database URL travels as a secret, never in the environment.
  for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'DATABASE_URL', 'PORT', 'HOST']) delete env[name];
  services = await startDaprServices({
    databaseUrl,
    kafkaBrokers: kafka.bootstrapServers.split(','),
    topic: STACK_TOPICS.taskEvents.name,
    deadLetterTopic: STACK_TOPICS.taskEventsDeadLetter.name,
    notificationsTopic: STACK_TOPICS.notifications.name,
    gatewayPort: 0,
    env,
    gatewayEnv: {
      HOST,
      // Raised so they do not shape the result (as in run.mjs).
      RATE_LIMIT_IP_PER_SECOND: '100000',
      RATE_LIMIT_USER_PER_SECOND: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    },
    output,
    onLog,
    detached: true,
  });
  pids.set('the Dapr scheduler', services.scheduler.child.pid);
  pids.set('core', services.core.child.pid);
  pids.set("core's daprd", services.coreSidecar.child.pid);
  pids.set('the notifier', services.notifier.child.pid);
  pids.set("the notifier's daprd", services.notifierSidecar.child.pid);
  for (const [i, gateway] of services.gateways.entries()) {
    pids.set(`gateway-${i}`, gateway.service.child.pid);
    pids.set(`gateway-${i}'s daprd`, gateway.sidecar.child.pid);
  }
  throwIfAborted();
  const base = `http://${HOST}:${services.gateways[0].service.port}`;
  log(`up in ${seconds(Date.now() - started)}; gateway ${base}`);

  // ---- the notifications topic, from the beginning, with a fresh group
  const published = new Map(); // task id -> [{ notificationId, fireAt, firedAt, publishedAt, consumedAt }]
  let undecodable = 0;
  consumer = new Kafka({
    clientId: `bench-reminders-${randomUUID()}`,
    brokers: kafka.bootstrapServers.split(','),
    logLevel: logLevel.WARN,
  }).consumer({
    groupId: `bench-reminders-${randomUUID()}`,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  const joined = new Promise((resolve) => consumer.on(consumer.events.GROUP_JOIN, resolve));
  await consumer.connect();
  await consumer.subscribe({ topic: STACK_TOPICS.notifications.name, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: STACK_TOPICS.notifications.partitions,
    eachMessage: async ({ message }) => {
      const consumedAt = Date.now();
      const event = decodeEvent(message.value);
      if (!event?.notification) return void undecodable++;
      const { notification } = event;
      const seen = published.get(notification.taskId) ?? [];
      seen.push({
        notificationId: notification.id,
        fireAt: Date.parse(notification.fireAt),
        firedAt: Date.parse(notification.firedAt),
        publishedAt: Number(message.timestamp),
        consumedAt,
      });
      published.set(notification.taskId, seen);
    },
  });
  await Promise.race([joined, sleep(30_000, abort.signal)]);
  throwIfAborted();

  // ---- 100 users (scrypt in core: seconds), before the clock starts
  const signupStarted = Date.now();
  const tokens = [];
  await pool(USERS, 16, async (i) => {
    const { status, json } = await api(base, 'POST', '/api/v1/auth/signup', undefined, {
      email: `bench-${i}-${randomUUID()}@example.com`,
      password: PASSWORD,
    });
    if (status !== 201) throw new Error(`signup answered ${status}: ${JSON.stringify(json)}`);
    tokens[i] = json.token;
  });
  log(`signed up ${USERS} users in ${seconds(Date.now() - signupStarted)}`);

  // ---- warm-up: creates without a due date (no reminder), which also measure the create rate
  const warmupStarted = Date.now();
  await pool(WARMUP, CONCURRENCY, async (i) => {
    const { status, json } = await api(base, 'POST', '/api/v1/tasks', tokens[i % USERS], {
      title: `warm-up ${i}`,
    });
    if (status !== 201) throw new Error(`warm-up create answered ${status}: ${JSON.stringify(json)}`);
  });
  const warmupRate = WARMUP / ((Date.now() - warmupStarted) / 1000);
  const LEAD_MS = LEAD_S ? LEAD_S * 1000 : Math.ceil(Math.max(20, (1.25 * COUNT) / warmupRate + 5)) * 1000;
  log(
    `warm-up: ${WARMUP} creates at ${Math.round(warmupRate)}/s; lead ${seconds(LEAD_MS)}${LEAD_S ? ' (BENCH_LEAD_S)' : ''}`,
  );
  armWatchdog(LEAD_MS + WINDOW_S * 1000 + GIVE_UP_AFTER_LAST_DUE_MS + 120_000);

  // ---- the tasks, each with one reminder at its due time, through the REST API
  sql = postgres(databaseUrl, { max: 2, onnotice: () => undefined });
  const due = new Map(); // task id -> due (ms)
  const t0 = Date.now();
  const start = t0 + LEAD_MS;
  const cpuAtStart = cpuSnapshot();
  const lastDue = start + WINDOW_S * 1000;
  log(
    `creating ${COUNT} tasks (${CONCURRENCY} in flight), due from ${seconds(LEAD_MS)} to ${seconds(LEAD_MS + WINDOW_S * 1000)} from now`,
  );
  const progress = {
    rowsAt: undefined,
    scheduledAt: undefined,
    firstScheduledAt: undefined,
    rows: 0,
    scheduled: 0,
  };
  // Its failure is thrown after the creates, never left unhandled.
  const polling = pollSchedule(progress).catch((error) => error);
  await pool(COUNT, CONCURRENCY, async (i) => {
    const at = start + Math.floor(Math.random() * WINDOW_S * 1000);
    const { status, json } = await api(base, 'POST', '/api/v1/tasks', tokens[i % USERS], {
      title: `reminder ${i}`,
      dueAt: new Date(at).toISOString(),
      reminders: [{ minutesBefore: 0 }],
    });
    // A failed create may or may not exist: counting it either way would falsify missing, so stop.
    if (status !== 201) throw new Error(`create answered ${status}: ${JSON.stringify(json)}`);
    due.set(json.id, at);
  });
  const createdMs = Date.now() - t0;
  const cpuAtCreated = cpuSnapshot();
  log(`created ${COUNT} tasks in ${seconds(createdMs)} (${Math.round(COUNT / (createdMs / 1000))}/s)`);
  const pollFailure = await polling;
  throwIfAborted();
  if (pollFailure) throw pollFailure;
  const scheduledMs = progress.scheduledAt === undefined ? undefined : progress.scheduledAt - t0;
  if (scheduledMs === undefined)
    log(`warning: only ${progress.scheduled} of ${COUNT} jobs scheduled by the first due time`);
  else
    log(
      `all ${COUNT} jobs scheduled ${seconds(scheduledMs)} after the first create (${Math.round(COUNT / (scheduledMs / 1000))}/s); the first is due in ${seconds(start - Date.now())}`,
    );

  // ---- every notification, or give up 60 s after the last is due
  await sleep(start - Date.now(), abort.signal);
  throwIfAborted();
  const cpuAtFirstDue = cpuSnapshot();
  const deadline = lastDue + GIVE_UP_AFTER_LAST_DUE_MS;
  const delivered = () => [...due.keys()].filter((id) => published.has(id)).length;
  // The notifier's outbox: notifications fired but not yet marked published (the relay marks a batch of up
  // to 200 once all of it went out).
  let maxBacklog = 0;
  let maxBacklogAt = 0;
  while (delivered() < COUNT && Date.now() < deadline && !abort.signal.aborted) {
    const [{ backlog }] = await sql`
      select count(*)::int as backlog from notifier.notifications where published_at is null`;
    if (backlog > maxBacklog) [maxBacklog, maxBacklogAt] = [backlog, Date.now()];
    await sleep(250, abort.signal);
  }
  throwIfAborted();
  const allAt = Date.now();
  const cpuAtEnd = cpuSnapshot();
  await sleep(DUPLICATE_GRACE_MS, abort.signal); // a duplicate would be here by now
  throwIfAborted();
  if (delivered() < COUNT) log(`gave up ${seconds(GIVE_UP_AFTER_LAST_DUE_MS)} after the last due time`);

  // ---- what the notifier's database says
  const [db] = await sql`
    select count(*)::int as rows,
           count(*) filter (where fired_at is null)::int as unfired,
           count(*) filter (where job_scheduled_at > fire_at)::int as scheduled_late,
           count(*) filter (where job_scheduled_at is null)::int as never_scheduled
    from notifier.reminders`;
  const [{ notifications }] = await sql`select count(*)::int as notifications from notifier.notifications`;

  // ---- figures
  const fired = [];
  const publishedDelays = [];
  const consumedDelays = [];
  const relayDelays = []; // published − fired: the outbox relay, daprd's publish and Kafka
  let firedTwice = 0; // distinct notifications for one reminder: the reminder fired twice
  let republished = 0; // one notification on the topic more than once (at-least-once publishing)
  let dueMismatch = 0;
  let unexpected = 0;
  for (const [taskId, seen] of published) {
    const at = due.get(taskId);
    if (at === undefined) {
      unexpected++;
      continue;
    }
    const ids = new Set(seen.map((s) => s.notificationId));
    firedTwice += ids.size - 1;
    republished += seen.length - ids.size;
    const first = seen[0];
    if (first.fireAt !== at) dueMismatch++;
    fired.push(first.firedAt - at);
    publishedDelays.push(first.publishedAt - at);
    consumedDelays.push(first.consumedAt - at);
    relayDelays.push(first.publishedAt - first.firedAt);
  }
  const received = fired.length;
  const missing = COUNT - received;
  const duplicates = firedTwice + republished;
  const jobsFired = Math.min(jobFired, received);
  const stats = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const pct = (p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
    return sorted.length
      ? { p50: pct(50), p99: pct(99), max: sorted.at(-1), min: sorted[0] }
      : { p50: '–', p99: '–', max: '–', min: '–' };
  };
  const f = stats(fired);
  const p = stats(publishedDelays);
  const c = stats(consumedDelays);
  const r = stats(relayDelays);
  const early = fired.filter((ms) => ms < 0).length;
  // The busiest second of firing and of publishing (by the events' firedAt and the records' timestamps).
  const peak = (times) => {
    const perSecond = new Map();
    for (const t of times)
      perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    return Math.max(0, ...perSecond.values());
  };
  const firsts = [...published.values()].map((seen) => seen[0]);
  // Every reminder's instants (epoch ms), for a closer look at a run.
  writeFileSync(
    csvFile,
    'due,fired,published,consumed,deliveries\n' +
      [...due]
        .map(([taskId, at]) => {
          const seen = published.get(taskId) ?? [];
          const first = seen[0];
          return `${at},${first?.firedAt ?? ''},${first?.publishedAt ?? ''},${first?.consumedAt ?? ''},${seen.length}`;
        })
        .join('\n') +
      '\n',
  );
  const peakFired = peak(firsts.map((x) => x.firedAt));
  const peakPublished = peak(firsts.map((x) => x.publishedAt));
  const loadAfter = loadavg();
  const daprVersion = spawnSync(daprBinary('daprd'), ['--version'], { encoding: 'utf8' }).stdout?.trim();
  const n = (x) => (typeof x === 'number' ? x.toLocaleString('en-US') : x);
  if (missing || duplicates) exitCode = 1;
  return [
    `# Reminder benchmark through the dapr runtime: ${COUNT} reminders due within ${WINDOW_S} s`,
    '',
    `- date: ${new Date().toISOString()}`,
    `- runtime: PostgreSQL 15, Kafka, Dapr ${daprVersion || '?'} scheduler; core, notifier and gateway each beside its daprd; all on ${HOST}`,
    `- ${USERS} users; ${COUNT} tasks created through POST /api/v1/tasks (${CONCURRENCY} in flight) in ${seconds(createdMs)} (${Math.round(COUNT / (createdMs / 1000))}/s); lead ${seconds(LEAD_MS)} (${LEAD_S ? 'BENCH_LEAD_S' : `from ${WARMUP} warm-up creates at ${Math.round(warmupRate)}/s`})`,
    `- reminder rows in the notifier: all ${COUNT} ${progress.rowsAt === undefined ? `not reached (${progress.rows})` : `after ${seconds(progress.rowsAt - t0)}`}; jobs scheduled: all ${scheduledMs === undefined ? `not reached (${progress.scheduled})` : `after ${seconds(scheduledMs)} (${Math.round(COUNT / (scheduledMs / 1000))}/s end to end)`}, counted from the first create; ${db.scheduled_late} scheduled after their due time, ${db.never_scheduled} never`,
    `- busiest second: ${peakFired} fired, ${peakPublished} published (${Math.round(COUNT / WINDOW_S)}/s on average); the notifier's outbox held at most ${n(maxBacklog)} unpublished notifications${maxBacklog ? `, ${seconds(maxBacklogAt - start)} into the window` : ''}`,
    `- fired by their job: ${n(jobsFired)}; by the sweep: ${n(received - jobsFired)}; database: ${n(db.rows)} reminder rows, ${n(db.unfired)} unfired, ${n(notifications)} notifications`,
    `- CPU seconds while creating (${seconds(createdMs)}): ${cpuBetween(cpuAtStart, cpuAtCreated)}`,
    `- CPU seconds from the first due time to the last notification (${seconds(allAt - start)}): ${cpuBetween(cpuAtFirstDue, cpuAtEnd)}`,
    `- machine: ${cpus().length} × ${cpus()[0]?.model?.trim()}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; load average ${loadBefore[0].toFixed(2)} before, ${loadAfter[0].toFixed(2)} after (1 min)`,
    '',
    '| delay (ms) | p50 | p99 | max | min |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| fired − due (notification.firedAt) | ${f.p50} | ${f.p99} | ${f.max} | ${f.min} |`,
    `| published − due (Kafka record timestamp) | ${p.p50} | ${p.p99} | ${p.max} | ${p.min} |`,
    `| consumed − due (this process read it) | ${c.p50} | ${c.p99} | ${c.max} | ${c.min} |`,
    `| published − fired (outbox relay → daprd → Kafka) | ${r.p50} | ${r.p99} | ${r.max} | ${r.min} |`,
    '',
    '| reminders | fired | missing | duplicates | fired twice | published twice |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    `| ${n(COUNT)} | ${n(received)} | ${n(missing)} | ${n(duplicates)} | ${n(firedTwice)} | ${n(republished)} |`,
    '',
    "Due = the task's dueAt (its reminder is 0 minutes before). fired = when the notifier claimed the reminder " +
      "(in the job callback or the sweep); published = the Kafka record's timestamp, set by daprd's producer.",
    ...(early ? [`${early} fired before their due time (by at most ${-f.min} ms)`] : []),
    ...(dueMismatch
      ? [`warning: ${dueMismatch} notifications name another fireAt than their task's dueAt`]
      : []),
    ...(unexpected ? [`warning: ${unexpected} notifications for tasks this run did not create`] : []),
    ...(undecodable ? [`warning: ${undecodable} messages on the topic did not decode`] : []),
    ...(problems.length
      ? [
          `warnings/errors the services logged: ${problems.length}; first: ${problems.slice(0, 3).join(' | ')}`,
        ]
      : []),
    '',
  ];

  /** Polls the notifier's schedule until every job is scheduled (or the first reminder is due). */
  async function pollSchedule(state) {
    while (!abort.signal.aborted && Date.now() < start) {
      const [row] = await sql`
        select count(*)::int as rows, count(job_scheduled_at)::int as scheduled from notifier.reminders`;
      const now = Date.now();
      state.rows = row.rows;
      state.scheduled = row.scheduled;
      if (row.scheduled && state.firstScheduledAt === undefined) state.firstScheduledAt = now;
      if (row.rows >= COUNT && state.rowsAt === undefined) state.rowsAt = now;
      if (row.scheduled >= COUNT) {
        state.scheduledAt = now;
        return;
      }
      await sleep(Math.max(0, 250 - (Date.now() - now)), abort.signal);
    }
  }
}

/** The notification event a Kafka message carries: Dapr wraps it in a CloudEvent (see contracts/src/events.ts). */
function decodeEvent(value) {
  try {
    const payload = JSON.parse(value.toString('utf8'));
    if (!payload || typeof payload !== 'object' || !('specversion' in payload)) return payload;
    if (typeof payload.data_base64 === 'string')
      return JSON.parse(Buffer.from(payload.data_base64, 'base64').toString('utf8'));
    return typeof payload.data === 'string' ? JSON.parse(payload.data) : payload.data;
  } catch {
    return undefined;
  }
}

async function api(base, method, path, token, body) {
  const response = await fetch(base + path, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Runs `task(0..count-1)` with at most `limit` in flight; the first failure stops the others. */
async function pool(count, limit, task) {
  let next = 0;
  let failure;
  const worker = async () => {
    while (next < count && !failure && !abort.signal.aborted) {
      const i = next++;
      await task(i).catch((error) => (failure ??= error));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  throwIfAborted();
  if (failure) throw failure;
}

/** Stops everything this run started, in order (as the stack does), and checks that nothing is left. */
async function cleanup() {
  const step = async (what, fn) => {
    try {
      await fn();
    } catch (error) {
      log(`while stopping ${what}: ${error?.message ?? error}`);
    }
  };
  if (consumer || services || kafka || pg)
    log('stopping the services, their sidecars, the scheduler, Kafka and PostgreSQL …');
  await step('the Kafka consumer', () => consumer?.disconnect());
  await step('the database client', () => sql?.end({ timeout: 5 }));
  await step('the services', () => services?.stop());
  await step('Kafka', () => kafka?.stop());
  await step('PostgreSQL', () => pg?.stop());
  await new Promise((resolve) => processLog.end(resolve));
  rmSync(dir, { recursive: true, force: true });
  // Daemons (PostgreSQL, Kafka) are reaped by init: give them a moment before calling them left over.
  let left = [];
  for (let i = 0; i < 20; i++) {
    left = [...pids].filter(([, pid]) => pid && isAlive(pid));
    if (!left.length) break;
    await sleep(250);
  }
  if (left.length) {
    log(`left running: ${left.map(([name, pid]) => `${name} (pid ${pid})`).join(', ')}`);
    exitCode ||= 1;
  } else if (pids.size) log(`stopped; none of the ${pids.size} processes it started is left`);
}

/**
 * CPU seconds (user + system) each started process and its descendants (PostgreSQL's backends) have used so
 * far, from /proc, and this process's own.
 */
function cpuSnapshot() {
  const tree = new Map(); // pid -> { ppid, ticks }
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      tree.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  const ticksUnder = (root) => {
    let total = 0;
    const queue = [root];
    while (queue.length) {
      const pid = queue.pop();
      total += tree.get(pid)?.ticks ?? 0;
      for (const [child, { ppid }] of tree) if (ppid === pid) queue.push(child);
    }
    return total;
  };
  const snapshot = new Map([...pids].map(([name, pid]) => [name, ticksUnder(pid) / 100]));
  const own = process.cpuUsage();
  snapshot.set('this benchmark', (own.user + own.system) / 1e6);
  return snapshot;
}

/** CPU seconds per process between two snapshots, the busiest first, and their sum. */
function cpuBetween(before, after) {
  const used = [...after].map(([name, s]) => [name, s - (before.get(name) ?? 0)]).sort((a, b) => b[1] - a[1]);
  const total = used.reduce((sum, [, s]) => sum + s, 0);
  return `${used.map(([name, s]) => `${name} ${s.toFixed(1)}`).join(', ')}; in all ${total.toFixed(1)}`;
}
