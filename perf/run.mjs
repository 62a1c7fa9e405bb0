#!/usr/bin/env node
// Benchmark driver: `npm run bench` (root) or `npm run bench` (perf/).
//
// 1. installs perf/ dependencies if missing (npm ci, no browser download) and
//    builds the app if gateway/dist/main.js is missing (one-time setup);
// 2. starts the app in embedded mode on 127.0.0.1 with a fresh DATA_DIR and
//    raised rate limits, waits for /readyz;
// 3. warms it up briefly (one separate user, not measured);
// 4. runs Artillery (perf/scenarios/tasks.yml) with --output results/<stamp>.json;
// 5. stops the app (SIGTERM, SIGKILL after a grace period) - also on failure,
//    timeout or Ctrl-C - and prints/writes the summary (results/latest.md).
//
// Knobs (environment): BENCH_RUNTIME (embedded | dapr: the distributed stack of
// `npm run stack`, every request through two Dapr sidecars), BENCH_VUS, BENCH_LOOPS,
// BENCH_PORT, BENCH_WARMUP, BENCH_TIMEOUT_S, BENCH_KEEP_DATA. See perf/README.md.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  api,
  describeMachine,
  formatTable,
  harness,
  HOST,
  machineFacts,
  PERF,
  RESULTS,
} from './lib/harness.mjs';

const SCENARIO = join(PERF, 'scenarios', 'tasks.yml');
const ARTILLERY = join(PERF, 'node_modules', '.bin', 'artillery');
const NO_TELEMETRY = join(PERF, 'lib', 'no-telemetry.cjs');

const bench = harness('bench');
const { log, intFromEnv } = bench;
const RUNTIME = bench.runtime;

const VUS = intFromEnv('BENCH_VUS', 50, 1);
const LOOPS = intFromEnv('BENCH_LOOPS', 40, 1);
const PREFERRED_PORT = intFromEnv('BENCH_PORT', 18181, 1);
const WARMUP_REQUESTS = intFromEnv('BENCH_WARMUP', 200, 0);
const HARD_TIMEOUT_S = intFromEnv('BENCH_TIMEOUT_S', 170, 10);

// ---------------------------------------------------------------- setup

function ensureSetup() {
  if (!existsSync(ARTILLERY)) {
    log('perf/node_modules is missing: npm ci in perf/ (one-time, ~1 min)');
    const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: PERF,
      stdio: 'inherit',
      timeout: 600_000,
      env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    if (result.status !== 0 || !existsSync(ARTILLERY)) throw new Error('npm ci in perf/ failed');
  }
  bench.ensureBuilt();
}

// ---------------------------------------------------------------- warm-up

/** A few hundred unmeasured requests (one separate user) so the JIT and caches are warm. */
async function warmUp(base) {
  if (WARMUP_REQUESTS === 0) return;
  const signup = await api(base, 'POST', '/api/v1/auth/signup', undefined, {
    email: `warmup-${Date.now()}@example.com`,
    password: 'warm-up-password',
  });
  if (signup.status !== 201)
    throw new Error(`warm-up signup answered ${signup.status}: ${JSON.stringify(signup.json)}`);
  const token = signup.json.token;
  const pairs = Math.ceil(WARMUP_REQUESTS / 2);
  let next = 0;
  const client = async () => {
    while (next < pairs) {
      const i = next++;
      const created = await api(base, 'POST', '/api/v1/tasks', token, {
        title: `warm-up task ${i}`,
        priority: ['none', 'low', 'medium', 'high'][i % 4],
        tags: ['warmup'],
      });
      if (created.status !== 201) throw new Error(`warm-up create answered ${created.status}`);
      const listed = await api(base, 'GET', `/api/v1/tasks?limit=50${i % 2 ? '&q=task' : ''}`, token);
      if (listed.status !== 200) throw new Error(`warm-up list answered ${listed.status}`);
    }
  };
  await Promise.all(Array.from({ length: 10 }, client));
}

// ---------------------------------------------------------------- artillery

async function runArtillery(target, outputFile, logFile, windowFile) {
  const overrides = {
    config: {
      phases: [{ name: `${VUS} concurrent clients`, duration: 1, arrivalCount: VUS, maxVusers: VUS }],
    },
  };
  const env = {
    ...process.env,
    BENCH_VUS: String(VUS),
    BENCH_LOOPS: String(LOOPS),
    BENCH_WINDOW_FILE: windowFile,
    ARTILLERY_DISABLE_TELEMETRY: 'true',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${NO_TELEMETRY}`.trim(),
  };
  const args = [
    'run',
    '--target',
    target,
    '--output',
    outputFile,
    '--overrides',
    JSON.stringify(overrides),
    SCENARIO,
  ];
  const artillery = bench.spawnLogged('artillery', ARTILLERY, args, { cwd: PERF, env }, logFile);
  let pending = '';
  artillery.stdout.on('data', (chunk) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop();
    for (const line of lines)
      if (/^(Phase (started|completed)|Metrics for period)/.test(line)) log(`artillery: ${line}`);
  });
  artillery.stderr.on('data', (chunk) => process.stderr.write(chunk));
  return artillery.exited;
}

// ---------------------------------------------------------------- report

const PREFIX = 'plugins.metrics-by-endpoint.';
const ENDPOINTS = [
  { name: 'create', request: 'POST /api/v1/tasks', ok: '201', throughput: true },
  { name: 'list', request: 'GET /api/v1/tasks?…', ok: '200', throughput: true },
  { name: 'signup', request: 'POST /api/v1/auth/signup (setup, once per VU)', ok: '201', throughput: false },
];

function measurementWindow(tempDir, aggregate) {
  // Written by scenarios/processor.cjs: from the moment all VUs had signed up to the last VU's end.
  const windows = readdirSync(tempDir)
    .filter((file) => file.startsWith('window.'))
    .map((file) => JSON.parse(readFileSync(join(tempDir, file), 'utf8')));
  const start = Math.min(...windows.map((w) => w.start));
  const end = Math.max(...windows.map((w) => w.end));
  if (windows.length && Number.isFinite(start) && end > start)
    return { ms: end - start, source: 'create/list loop' };
  return {
    ms: aggregate.lastMetricAt - aggregate.firstMetricAt,
    source: 'whole Artillery run (incl. signups)',
  };
}

function summarise(report, tempDir) {
  const { counters, summaries } = report.aggregate;
  const window = measurementWindow(tempDir, report.aggregate);
  const rows = ENDPOINTS.map((endpoint) => {
    const codes = {};
    const failures = {};
    for (const [key, value] of Object.entries(counters)) {
      if (key.startsWith(`${PREFIX}${endpoint.name}.codes.`)) codes[key.split('.').pop()] = value;
      if (key.startsWith(`${PREFIX}${endpoint.name}.errors.`))
        failures[key.slice(`${PREFIX}${endpoint.name}.errors.`.length)] = value;
    }
    const responses = Object.values(codes).reduce((a, b) => a + b, 0);
    const failed = Object.values(failures).reduce((a, b) => a + b, 0);
    const count = responses + failed;
    const latency = { ...summaries[`${PREFIX}response_time.${endpoint.name}`] };
    // Artillery's percentiles come from a sketch with ~1 % relative error, so p99 can land just above max.
    for (const p of ['p50', 'p95', 'p99'])
      if (latency[p] !== undefined) latency[p] = Math.min(latency[p], latency.max);
    return {
      ...endpoint,
      count,
      errors: count - (codes[endpoint.ok] ?? 0),
      codes,
      failures,
      latency,
      rps: endpoint.throughput ? count / (window.ms / 1000) : undefined,
    };
  });
  const vusers = {
    created: counters['vusers.created'] ?? 0,
    completed: counters['vusers.completed'] ?? 0,
    failed: counters['vusers.failed'] ?? 0,
  };
  const otherErrors = Object.entries(counters).filter(([key]) => key.startsWith('errors.'));
  return { rows, window, vusers, otherErrors };
}

const ms = (value) => (value === undefined ? '–' : Number(value).toFixed(1));

function tableLines(summary) {
  const header = ['endpoint', 'requests', 'errors', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'req/s'];
  const rows = summary.rows.map((r) => [
    r.name,
    String(r.count),
    String(r.errors),
    ms(r.latency.p50),
    ms(r.latency.p95),
    ms(r.latency.p99),
    ms(r.latency.max),
    r.rps === undefined ? '–' : r.rps.toFixed(0),
  ]);
  const loop = summary.rows.filter((r) => r.throughput);
  const total = loop.reduce((a, r) => a + r.count, 0);
  rows.push([
    'create+list',
    String(total),
    String(loop.reduce((a, r) => a + r.errors, 0)),
    '',
    '',
    '',
    '',
    (total / (summary.window.ms / 1000)).toFixed(0),
  ]);
  return { header, rows };
}

function codesLine(summary) {
  return summary.rows
    .map((r) => {
      const parts = [
        ...Object.entries(r.codes).map(([code, n]) => `${code}×${n}`),
        ...Object.entries(r.failures).map(([code, n]) => `${code}×${n}`),
      ];
      return `${r.name}: ${parts.join(', ') || 'none'}`;
    })
    .join('; ');
}

function markdown(summary, meta) {
  const { header, rows } = tableLines(summary);
  const md = [
    `# Benchmark: create and list tasks, ${meta.vus} concurrent clients`,
    '',
    `- date: ${meta.date}`,
    `- app: ${bench.appDescription(meta.port)}`,
    `- load: Artillery ${meta.artilleryVersion}, ${meta.vus} VUs × ${meta.loops} loops (create, then list), no think time; ${meta.warmup} warm-up requests before`,
    `- machine: ${describeMachine(meta.machine)} (load generator and app share it)`,
    `- throughput window: ${(summary.window.ms / 1000).toFixed(2)} s (${summary.window.source})`,
    `- status codes: ${codesLine(summary)}`,
    `- virtual users: ${summary.vusers.created} created, ${summary.vusers.completed} completed, ${summary.vusers.failed} failed`,
    `- raw report: \`perf/results/${meta.reportName}\``,
    '',
    formatTable(header, rows).md,
    '',
    'Latency is time to first byte as measured by Artillery (metrics-by-endpoint); percentiles come from its histogram sketch (about 1 % relative error, capped at max).',
    '',
  ];
  return md.join('\n');
}

// ---------------------------------------------------------------- main

async function main() {
  ensureSetup();
  mkdirSync(RESULTS, { recursive: true });

  const hardTimer = bench.hardTimeout(HARD_TIMEOUT_S, 'BENCH_TIMEOUT_S');
  const startedAt = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const reportFile = join(RESULTS, `${stamp}.json`);
  const appLog = join(RESULTS, `${stamp}-app.log`);
  const artilleryLog = join(RESULTS, `${stamp}-artillery.log`);
  const tempRoot = bench.makeTempRoot('todo-bench-');
  const dataDir = join(tempRoot, 'data');
  mkdirSync(dataDir);

  const port = await bench.choosePort(PREFERRED_PORT);
  const base = `http://${HOST}:${port}`;

  log(`starting the app on ${base} (DATA_DIR ${dataDir})`);
  const app = bench.startApp({ port, dataDir, logFile: appLog });
  let exitCode = 0;
  try {
    await bench.waitUntilReady(app, base, appLog);
    log(
      `ready after ${((Date.now() - startedAt) / 1000).toFixed(1)} s; warming up (${WARMUP_REQUESTS} requests)`,
    );
    await warmUp(base);

    log(
      `artillery: ${VUS} VUs × ${LOOPS} loops of create + list (log: ${relative(process.cwd(), artilleryLog)})`,
    );
    const result = await runArtillery(base, reportFile, artilleryLog, join(tempRoot, 'window'));
    if (result.error || result.code !== 0) {
      throw new Error(
        `artillery failed (${result.error?.message ?? `exit ${result.code ?? result.signal}`}); see ${relative(process.cwd(), artilleryLog)}`,
      );
    }
    if (!bench.isRunning(app))
      throw new Error(`the app died during the run; see ${relative(process.cwd(), appLog)}`);
  } finally {
    await bench.stopApp(app);
  }

  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  const summary = summarise(report, tempRoot);
  const artilleryVersion = JSON.parse(
    readFileSync(join(PERF, 'node_modules', 'artillery', 'package.json'), 'utf8'),
  ).version;
  const meta = {
    date: new Date().toISOString(),
    port,
    vus: VUS,
    loops: LOOPS,
    warmup: WARMUP_REQUESTS,
    artilleryVersion,
    machine: machineFacts(),
    reportName: `${stamp}.json`,
  };

  console.log('');
  const { header, rows } = tableLines(summary);
  console.log(formatTable(header, rows).text);
  console.log('');
  console.log(`status codes: ${codesLine(summary)}`);
  console.log(
    `VUs: ${summary.vusers.created} created, ${summary.vusers.completed} completed, ${summary.vusers.failed} failed; ` +
      `throughput window ${(summary.window.ms / 1000).toFixed(2)} s (${summary.window.source})`,
  );
  for (const [key, value] of summary.otherErrors) console.log(`artillery ${key}: ${value}`);
  const latest = join(RESULTS, `latest-${RUNTIME}.md`);
  writeFileSync(latest, markdown(summary, meta));
  log(
    `wrote ${relative(process.cwd(), latest)} and ${relative(process.cwd(), reportFile)}; total ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
  );

  const errors = summary.rows.reduce((a, r) => a + r.errors, 0) + summary.vusers.failed;
  const missing = summary.rows.filter((r) => r.count === 0).map((r) => r.name);
  if (missing.length) {
    console.error(`bench: no ${missing.join(', ')} requests were measured`);
    exitCode = 1;
  } else if (errors > 0) {
    console.error(`bench: ${errors} failed requests or virtual users (see status codes above)`);
    exitCode = 1;
  }
  clearTimeout(hardTimer);
  return exitCode;
}

bench.run(main);
