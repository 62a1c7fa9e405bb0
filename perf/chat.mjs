#!/usr/bin/env node
// Chat round-trip benchmark: `npm run bench:chat` (root or perf/).
//
// Starts the app like run.mjs (embedded mode on 127.0.0.1 with a fresh DATA_DIR, or the distributed stack
// with BENCH_RUNTIME=dapr), signs up BENCH_USERS (50) users, opens one WebSocket per user and
// authenticates it, then every user at once sends BENCH_MESSAGES (20) `chat.send` frames one after another
// (the next only after the previous one's `chat.done`), a conversation of adds with dates, tags,
// priorities and recurrence, lists, follow-ups that need the context ("mark the second one done" after a
// list, "make it high priority" after an add), undo and help. Per message it records the time from
// sending to the first `chat.delta` and to `chat.done`; an `error` frame, a reply without `chat.done`
// within BENCH_MESSAGE_TIMEOUT_S (10 s) or a closed socket count as errors. At the end it lists each
// user's tasks (GET /api/v1/tasks?status=all) to check them against the `created` actions.
//
// Bounded: a hard limit of BENCH_TIMEOUT_S for the whole run; the app is stopped on every exit path.
// Exit code 0 when every message got its chat.done, 1 on any error, 124 on the hard timeout, 130 on Ctrl-C.
//
// Knobs: BENCH_RUNTIME, BENCH_USERS, BENCH_MESSAGES, BENCH_WARMUP, BENCH_MESSAGE_TIMEOUT_S, BENCH_PORT,
// BENCH_TIMEOUT_S, BENCH_KEEP_DATA, BENCH_DATABASE_URL. See perf/README.md.

import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  api,
  describeMachine,
  formatTable,
  harness,
  HOST,
  machineFacts,
  RESULTS,
  ROOT,
} from './lib/harness.mjs';

// The root's devDependency (the tests' WebSocket client): no dependency of perf/ needed.
const WebSocket = createRequire(join(ROOT, 'package.json'))('ws');

const bench = harness('bench:chat');
const { log, intFromEnv } = bench;
const RUNTIME = bench.runtime;

const USERS = intFromEnv('BENCH_USERS', 50, 1);
const MESSAGES = intFromEnv('BENCH_MESSAGES', 20, 1);
const WARMUP_MESSAGES = intFromEnv('BENCH_WARMUP', 40, 0);
const MESSAGE_TIMEOUT_MS = intFromEnv('BENCH_MESSAGE_TIMEOUT_S', 10, 1) * 1000;
const PREFERRED_PORT = intFromEnv('BENCH_PORT', 18182, 1);
// The stack's startup (PostgreSQL, Kafka, four processes) is inside the limit too.
const HARD_TIMEOUT_S = intFromEnv('BENCH_TIMEOUT_S', RUNTIME === 'dapr' ? 240 : 120, 10);
const PASSWORD = 'bench-chat-password';
const TIME_ZONES = ['Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'];

// ---------------------------------------------------------------- the conversation

/**
 * One user's conversation, in order: each entry is [kind, alternatives]; user u says alternative
 * u mod length, so the 50 users do not all say the same words. Follow-ups come right after what they
 * refer to. Longer runs (BENCH_MESSAGES > 20) go round again.
 */
const CONVERSATION = [
  [
    'add',
    [
      'add buy milk tomorrow at 6pm #shopping high priority',
      'add pick up bread and eggs tomorrow at 5:30pm #shopping',
      'please add buy coffee beans tomorrow at 8am, high priority, #shopping',
    ],
  ],
  [
    'add',
    [
      'every other monday at 9 water the plants',
      'add take out the recycling every tuesday at 7am #home',
      'add pay rent on the 1st of every month #home',
    ],
  ],
  ['context', ['make it high priority', 'make it urgent', 'make it medium priority']],
  [
    'add',
    [
      'add submit expense report by friday #work',
      'add finish the q4 budget by friday #work p1',
      'add review the pull request by friday #work',
    ],
  ],
  [
    'add',
    [
      'add prepare quarterly slides by monday #work medium priority',
      'add book the team offsite next wednesday #work',
      'add email the client about the contract tomorrow #work high priority',
    ],
  ],
  [
    'list',
    ['show work tasks due this week by priority', 'show my work tasks', "what's due this week for work"],
  ],
  ['context', ['mark the second one done', 'complete the first one', 'mark the second one done']],
  ['undo', ['undo', 'undo that', 'oops']],
  ['list', ["what's overdue?", 'anything overdue?', 'show overdue high priority tasks']],
  [
    'add',
    [
      'remind me to call mom on sunday at 5pm',
      'remind me to renew the car insurance next friday at noon',
      'add dentist appointment on december 3 at 2:30pm #health',
    ],
  ],
  ['context', ['make it due saturday', 'rename it to call mom and dad', 'make it low priority']],
  [
    'add',
    [
      'add renew passport next month low priority',
      'i need to clean the garage this weekend',
      'jot down call the vet #pets',
    ],
  ],
  ['list', ['show my tasks', 'list my tasks', 'show tasks due this week']],
  ['context', ['mark the first one done', 'complete the second one', 'mark the first one done']],
  ['help', ['help', 'what can you do?', 'how do i add a task']],
  [
    'add',
    [
      'add dentist appointment on december 3 at 2:30pm #health',
      'add read the new book low priority #fun',
      'add plan trip to lisbon #travel next month',
    ],
  ],
  ['list', ["what's due today?", 'show my high priority tasks', 'search milk']],
  ['undo', ['undo', 'take that back', 'undo my last change']],
  [
    'add',
    [
      'add file the tax return by end of month p1 #finance',
      'add laundry tagged home and chores',
      'add call the plumber tomorrow morning #home',
    ],
  ],
  ['list', ['show my high priority tasks', 'show shopping tasks', 'list my tasks']],
];

function messageFor(user, index) {
  const [kind, alternatives] = CONVERSATION[index % CONVERSATION.length];
  return { kind, text: alternatives[(user + Math.floor(index / CONVERSATION.length)) % alternatives.length] };
}

// ---------------------------------------------------------------- sockets

/** One user's WebSocket: sends chat messages one at a time and times their replies. */
class ChatClient {
  constructor(socket) {
    this.socket = socket;
    this.pending = null; // { id, sentAt, firstDeltaAt, deltas, resolve, timer }
    this.late = 0; // frames for a message that had already timed out
    this.closed = false;
    this.waiters = [];
    socket.on('message', (data) => this.onFrame(JSON.parse(data.toString())));
    socket.on('close', () => {
      this.closed = true;
      this.finish({ error: 'socket closed' });
      for (const wake of this.waiters.splice(0)) wake(null);
    });
    socket.on('error', () => {}); // followed by 'close'
  }

  static connect(url) {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.once('open', () => resolve(new ChatClient(socket)));
      socket.once('error', reject);
    });
  }

  /** `auth`, and the `ready` frame (10 s at most). */
  async authenticate(token) {
    const ready = new Promise((resolve) => this.waiters.push(resolve));
    this.socket.send(JSON.stringify({ type: 'auth', id: 'auth', token }));
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(resolve, 10_000, null)));
    const frame = await Promise.race([ready, timeout]).finally(() => clearTimeout(timer));
    if (frame?.type !== 'ready') throw new Error(`auth answered ${JSON.stringify(frame)}`);
    return frame;
  }

  onFrame(frame) {
    const now = performance.now();
    if (frame.id === 'auth') {
      for (const wake of this.waiters.splice(0)) wake(frame);
      return;
    }
    if (!['chat.delta', 'chat.done', 'error'].includes(frame.type)) return; // task events, pongs
    const pending = this.pending;
    if (!pending || frame.id !== pending.id) {
      this.late++;
      return;
    }
    if (frame.type === 'chat.delta') {
      pending.firstDeltaAt ??= now;
      pending.deltas++;
      return;
    }
    if (frame.type === 'error') return this.finish({ error: `${frame.code}: ${frame.message}` }, now);
    this.finish({ done: frame }, now);
  }

  finish(outcome, at = performance.now()) {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    clearTimeout(pending.timer);
    pending.resolve({
      ...outcome,
      firstDeltaMs: pending.firstDeltaAt === undefined ? undefined : pending.firstDeltaAt - pending.sentAt,
      doneMs: outcome.done ? at - pending.sentAt : undefined,
      deltas: pending.deltas,
    });
  }

  /** Sends one message; resolves with its timings, `done` (the chat.done frame) or `error`. */
  chat(id, text) {
    if (this.closed) return Promise.resolve({ error: 'socket closed', deltas: 0 });
    return new Promise((resolve) => {
      this.pending = { id, deltas: 0, resolve, sentAt: performance.now() };
      this.pending.timer = setTimeout(
        () => this.finish({ error: `timeout (no chat.done in ${MESSAGE_TIMEOUT_MS / 1000} s)` }),
        MESSAGE_TIMEOUT_MS,
      );
      this.socket.send(JSON.stringify({ type: 'chat.send', id, text }));
    });
  }

  close() {
    try {
      this.socket.terminate();
    } catch {
      // already closed
    }
  }
}

// ---------------------------------------------------------------- users

async function signUp(base, email, timezone) {
  const response = await api(base, 'POST', '/api/v1/auth/signup', undefined, {
    email,
    password: PASSWORD,
    timezone,
  });
  if (response.status !== 201)
    throw new Error(`signup of ${email} answered ${response.status}: ${JSON.stringify(response.json)}`);
  return response.json.token;
}

/** How many tasks a user has, done ones included (the sanity check), 200 a page. */
async function countTasks(base, token) {
  let count = 0;
  let cursor = '';
  do {
    const response = await api(base, 'GET', `/api/v1/tasks?status=all&limit=200${cursor}`, token);
    if (response.status !== 200) throw new Error(`listing tasks answered ${response.status}`);
    count += response.json.items.length;
    cursor = response.json.nextCursor ? `&cursor=${encodeURIComponent(response.json.nextCursor)}` : '';
  } while (cursor);
  return count;
}

/** Unmeasured messages from a separate user, so the JIT and the caches are warm. */
async function warmUp(base, wsUrl, clients) {
  if (WARMUP_MESSAGES === 0) return;
  const token = await signUp(base, `warmup-${Date.now()}@example.com`, 'UTC');
  const client = await ChatClient.connect(wsUrl);
  clients.add(client);
  try {
    await client.authenticate(token);
    for (let i = 0; i < WARMUP_MESSAGES; i++) {
      const result = await client.chat(`warmup-${i}`, messageFor(i, i).text);
      if (!result.done) throw new Error(`warm-up message ${i} failed: ${result.error}`);
    }
  } finally {
    client.close();
    clients.delete(client);
  }
}

/** What an action did to the number of stored tasks. */
function tally(tasks, action) {
  if (action.kind === 'created') tasks.created++;
  if (action.kind === 'deleted' || (action.kind === 'undone' && action.task === null)) tasks.removed++;
  if (action.kind === 'completed' && action.task.recurrence) tasks.occurrences++;
}

// ---------------------------------------------------------------- statistics

function percentile(sorted, p) {
  if (!sorted.length) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function stats(values) {
  const sorted = values.filter((v) => v !== undefined).sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.at(-1),
  };
}

const ms = (value) => (value === undefined ? '–' : value.toFixed(1));

function summarise(samples, windowMs) {
  const done = samples.filter((s) => s.done);
  const latencyRow = (name, values) => {
    const s = stats(values);
    return [name, String(s.count), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max)];
  };
  const latency = formatTable(
    ['measure', 'messages', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
    [
      latencyRow(
        'first chat.delta',
        done.map((s) => s.firstDeltaMs),
      ),
      latencyRow(
        'chat.done (round trip)',
        done.map((s) => s.doneMs),
      ),
    ],
  );
  const kinds = [...new Set(CONVERSATION.map(([kind]) => kind))];
  const byKind = formatTable(
    ['kind', 'messages', 'errors', 'first delta p50', 'done p50', 'done p90', 'done max'],
    kinds.map((kind) => {
      const of = samples.filter((s) => s.kind === kind);
      const delta = stats(of.filter((s) => s.done).map((s) => s.firstDeltaMs));
      const round = stats(of.filter((s) => s.done).map((s) => s.doneMs));
      return [
        kind,
        String(of.length),
        String(of.filter((s) => s.error).length),
        ms(delta.p50),
        ms(round.p50),
        ms(round.p90),
        ms(round.max),
      ];
    }),
  );
  const actions = {};
  for (const s of done) for (const kind of s.actions) actions[kind] = (actions[kind] ?? 0) + 1;
  const errors = {};
  for (const s of samples.filter((x) => x.error)) {
    const key = s.error.replace(/ \(.*\)$/, '');
    errors[key] = (errors[key] ?? 0) + 1;
  }
  return {
    latency,
    byKind,
    sent: samples.length,
    done: done.length,
    errors: samples.length - done.length,
    errorKinds: errors,
    noDelta: done.filter((s) => s.firstDeltaMs === undefined).length,
    actions,
    windowMs,
    throughput: done.length / (windowMs / 1000),
  };
}

// ---------------------------------------------------------------- main

async function main() {
  bench.ensureBuilt();
  mkdirSync(RESULTS, { recursive: true });
  const hardTimer = bench.hardTimeout(HARD_TIMEOUT_S, 'BENCH_TIMEOUT_S');
  const startedAt = Date.now();
  const machineAtStart = machineFacts();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const appLog = join(RESULTS, `${stamp}-chat-app.log`);
  const samplesFile = join(RESULTS, `${stamp}-chat.json`);
  const tempRoot = bench.makeTempRoot('todo-bench-chat-');
  const dataDir = join(tempRoot, 'data');
  mkdirSync(dataDir);

  const port = await bench.choosePort(PREFERRED_PORT);
  const base = `http://${HOST}:${port}`;
  const wsUrl = `ws://${HOST}:${port}/ws`;

  const clients = new Set();
  const closeClients = () => {
    for (const client of clients) client.close();
    clients.clear();
  };
  bench.beforeAbort.push(closeClients);

  log(
    `starting the app (${RUNTIME}) on ${base} (DATA_DIR ${dataDir}; log ${relative(process.cwd(), appLog)})`,
  );
  const app = bench.startApp({ port, dataDir, logFile: appLog, env: { WS_FRAMES_PER_SECOND: '100000' } });
  const samples = [];
  let windowMs = 0;
  const tasks = { created: 0, removed: 0, occurrences: 0, stored: 0 };
  let late = 0;
  try {
    await bench.waitUntilReady(app, base, appLog);
    log(
      `ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; warming up (${WARMUP_MESSAGES} messages)`,
    );
    await warmUp(base, wsUrl, clients);

    log(`signing up ${USERS} users and opening their sockets`);
    const run = `${Date.now().toString(36)}`;
    const tokens = await Promise.all(
      Array.from({ length: USERS }, (_, u) =>
        signUp(base, `chat-${run}-${u}@example.com`, TIME_ZONES[u % TIME_ZONES.length]),
      ),
    );
    const users = await Promise.all(
      tokens.map(async (token) => {
        const client = await ChatClient.connect(wsUrl);
        clients.add(client);
        await client.authenticate(token);
        return { token, client };
      }),
    );

    log(`${USERS} users × ${MESSAGES} messages, each waiting for chat.done before the next`);
    const loopStart = performance.now();
    await Promise.all(
      users.map(async ({ client }, u) => {
        for (let i = 0; i < MESSAGES; i++) {
          const { kind, text } = messageFor(u, i);
          const result = await client.chat(`u${u}-m${i}`, text);
          const actions = result.done?.actions.map((action) => action.kind) ?? [];
          for (const action of result.done?.actions ?? []) tally(tasks, action);
          samples.push({
            user: u,
            index: i,
            kind,
            text,
            firstDeltaMs: result.firstDeltaMs,
            doneMs: result.doneMs,
            deltas: result.deltas,
            ...(result.done ? { done: true, actions } : { error: result.error }),
          });
        }
      }),
    );
    windowMs = performance.now() - loopStart;
    late = users.reduce((sum, { client }) => sum + client.late, 0);
    closeClients();

    const counts = await Promise.all(users.map(({ token }) => countTasks(base, token)));
    tasks.stored = counts.reduce((a, b) => a + b, 0);
    if (!bench.isRunning(app))
      throw new Error(`the app died during the run; see ${relative(process.cwd(), appLog)}`);
  } finally {
    closeClients();
    await bench.stopApp(app);
  }
  clearTimeout(hardTimer);

  const summary = summarise(samples, windowMs);
  const expected = tasks.created - tasks.removed + tasks.occurrences;
  const machine = machineFacts();
  const actionsLine = Object.entries(summary.actions)
    .sort((a, b) => b[1] - a[1])
    .map(([kind, n]) => `${kind}×${n}`)
    .join(', ');
  const errorsLine =
    Object.entries(summary.errorKinds)
      .map(([kind, n]) => `${kind}×${n}`)
      .join(', ') || 'none';
  const facts = [
    `date: ${new Date().toISOString()}`,
    `app: ${bench.appDescription(port)}; the assistant's rules (no model)`,
    `load: ${USERS} users, one WebSocket each, × ${MESSAGES} chat messages one after another (no think time); ${WARMUP_MESSAGES} warm-up messages before`,
    `machine: ${describeMachine(machine)}; load average ${machineAtStart.loadavg.join(' ')} at start, ${machine.loadavg.join(' ')} at end (load generator and app share it)`,
    `messages: ${summary.sent} sent, ${summary.done} chat.done, ${summary.errors} errors (${errorsLine}); ${summary.noDelta} without a chat.delta; ${late} late frames`,
    `throughput: ${summary.throughput.toFixed(1)} messages/s (${summary.done} in ${(windowMs / 1000).toFixed(2)} s, from all sockets ready to the last chat.done)`,
    `tasks: ${tasks.created} created by the assistant, ${tasks.removed} removed again (deleted or an add undone), ${tasks.occurrences} next occurrences of completed recurring tasks: ${expected} expected, ${tasks.stored} stored (GET /api/v1/tasks?status=all per user)${tasks.stored === expected ? '' : summary.errors ? ' (messages that failed may have changed tasks too)' : ' — MISMATCH'}`,
    `actions: ${actionsLine}`,
  ];

  console.log('');
  console.log(summary.latency.text);
  console.log('');
  console.log(summary.byKind.text);
  console.log('');
  for (const fact of facts) console.log(fact);
  const latest = join(RESULTS, `latest-chat-${RUNTIME}.md`);
  writeFileSync(
    latest,
    [
      `# Benchmark: chat round trip over the WebSocket, ${USERS} users`,
      '',
      ...facts.map((fact) => `- ${fact}`),
      `- every message: \`perf/results/${stamp}-chat.json\``,
      '',
      summary.latency.md,
      '',
      summary.byKind.md,
      '',
      'Times from sending `chat.send` to the first `chat.delta` and to `chat.done`, measured by the client (exact percentiles, nearest rank).',
      '',
    ].join('\n'),
  );
  writeFileSync(samplesFile, JSON.stringify({ facts, samples }, null, 1));
  log(
    `wrote ${relative(process.cwd(), latest)} and ${relative(process.cwd(), samplesFile)}; total ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );

  if (summary.errors > 0 || summary.sent !== USERS * MESSAGES) {
    console.error(`bench:chat: ${summary.errors} of ${USERS * MESSAGES} messages failed`);
    return 1;
  }
  return 0;
}

bench.run(main);
