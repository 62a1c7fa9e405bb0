// What the benchmarks that start the app share (run.mjs, chat.mjs): settings from the environment, child
// processes in their own process groups that are stopped on every exit path, a free loopback port, the app
// in embedded mode or the distributed stack (BENCH_RUNTIME=dapr), readiness, a JSON API call, machine facts.
//
// Call `harness(label)` once per script: it installs the signal and exit handlers; `run(main)` at the end.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PERF = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = join(PERF, '..');
export const RESULTS = join(PERF, 'results');
export const APP_MAIN = join(ROOT, 'gateway', 'dist', 'main.js');
export const STACK_MAIN = join(ROOT, 'stack', 'dist', 'main.js');
export const HOST = '127.0.0.1'; // loopback only, never anything else
export const RUNTIMES = ['embedded', 'dapr'];

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 10_000;
/** The stack stops its parts in order (Kafka takes a few seconds); the app alone is quicker. */
const STACK_STOP_GRACE_MS = 60_000;

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The shared machinery, for the script called `label` (it prefixes every message). Exits with 2 on a bad
 * setting, and on SIGINT / SIGTERM / SIGHUP / an unexpected error stops every child before exiting.
 */
export function harness(label) {
  const log = (message) => console.log(`${label}: ${message}`);

  const intFromEnv = (name, fallback, min) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) {
      console.error(`${label}: ${name} must be an integer >= ${min} (got "${raw}")`);
      process.exit(2);
    }
    return n;
  };

  const runtime = process.env.BENCH_RUNTIME || 'embedded';
  if (!RUNTIMES.includes(runtime)) {
    console.error(`${label}: BENCH_RUNTIME must be ${RUNTIMES.join(' or ')} (got "${runtime}")`);
    process.exit(2);
  }
  const keepData = process.env.BENCH_KEEP_DATA === '1';

  // ------------------------------------------------------------ processes

  /** Every child still running; each leads its own process group (detached). */
  const children = new Set();

  function spawnChild(name, command, args, options) {
    const child = spawn(command, args, { ...options, detached: true });
    child.label = name;
    child.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        children.delete(child);
        resolve({ code, signal });
      });
      child.once('error', (error) => {
        children.delete(child);
        resolve({ code: null, signal: null, error });
      });
    });
    if (child.pid) children.add(child);
    return child;
  }

  /** A child whose stdout and stderr both go to `logFile` (and stay readable by the caller). */
  function spawnLogged(name, command, args, options, logFile) {
    const child = spawnChild(name, command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = createWriteStream(logFile);
    child.stdout.pipe(out);
    child.stderr.pipe(out);
    return child;
  }

  function signalGroup(child, signal) {
    try {
      process.kill(-child.pid, signal); // the whole group: the child and anything it started
    } catch {
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /** SIGTERM, then SIGKILL if it is still there after the grace period. */
  async function stopChild(child, graceMs = STOP_GRACE_MS) {
    if (!children.has(child)) return;
    signalGroup(child, 'SIGTERM');
    const ended = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
    if (!ended) {
      log(`${child.label} still running ${graceMs / 1000} s after SIGTERM: SIGKILL`);
      signalGroup(child, 'SIGKILL');
      await Promise.race([child.exited, sleep(2_000)]);
    }
  }

  const stopAll = () => Promise.all([...children].map((child) => stopChild(child, graceFor(child))));
  const graceFor = (child) => (child.label === 'stack' ? STACK_STOP_GRACE_MS : STOP_GRACE_MS);

  let tempRoot;
  /** A fresh temporary directory, removed at exit unless BENCH_KEEP_DATA=1. */
  function makeTempRoot(prefix) {
    tempRoot = mkdtempSync(join(tmpdir(), prefix));
    return tempRoot;
  }
  function removeTemp() {
    if (tempRoot && !keepData) rmSync(tempRoot, { recursive: true, force: true });
  }

  /** Callbacks run before the children are stopped on abort (a script closes its sockets, say). */
  const beforeAbort = [];

  // Last resort: whatever is still running when this process exits gets SIGKILL.
  process.on('exit', () => {
    for (const child of children) signalGroup(child, 'SIGKILL');
    removeTemp();
  });

  let aborting = false;
  async function abort(reason, exitCode) {
    if (aborting) {
      // Second Ctrl-C: no more waiting.
      for (const child of children) signalGroup(child, 'SIGKILL');
      process.exit(exitCode);
    }
    aborting = true;
    console.error(`${label}: ${reason}; stopping`);
    for (const callback of beforeAbort) {
      try {
        callback();
      } catch {
        // stopping anyway
      }
    }
    await stopAll();
    process.exit(exitCode);
  }

  process.on('SIGINT', () => void abort('interrupted (SIGINT)', 130));
  process.on('SIGTERM', () => void abort('terminated (SIGTERM)', 143));
  process.on('SIGHUP', () => void abort('hang-up (SIGHUP)', 129));
  process.on('uncaughtException', (error) => void abort(`unexpected error: ${error?.stack ?? error}`, 1));
  process.on('unhandledRejection', (error) => void abort(`unexpected error: ${error?.stack ?? error}`, 1));

  /** A timer that aborts the run with exit code 124 after `seconds`; clear it when done. */
  const hardTimeout = (seconds, knob) =>
    setTimeout(
      () => void abort(`hard timeout: the benchmark took longer than ${seconds} s (${knob})`, 124),
      seconds * 1000,
    );

  // ------------------------------------------------------------ setup

  /** Builds the app once if gateway/dist or stack/dist is missing. */
  function ensureBuilt() {
    if (existsSync(APP_MAIN) && existsSync(STACK_MAIN)) return;
    log('the app is not built: npm run build at the repository root (one-time)');
    const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit', timeout: 600_000 });
    if (result.status !== 0 || !existsSync(APP_MAIN)) throw new Error('npm run build failed');
  }

  /** `preferred` if it is free on loopback, any free port otherwise. */
  async function choosePort(preferred) {
    if (await portIsFree(preferred)) return preferred;
    const port = await anyFreePort();
    log(`port ${preferred} is taken, using ${port}`);
    return port;
  }

  // ------------------------------------------------------------ the app

  /**
   * The app on HOST:port: embedded mode (gateway and core in one process, PGlite in `dataDir`), or with
   * BENCH_RUNTIME=dapr the launcher of `npm run stack` (PostgreSQL, Kafka, core and the gateway each beside
   * its sidecar). Rate limits raised; `env` adds settings (WS_FRAMES_PER_SECOND, say).
   */
  function startApp({ port, dataDir, logFile, env: extra = {} }) {
    const env = {
      ...process.env,
      PORT: String(port),
      HOST,
      DATA_DIR: dataDir,
      RATE_LIMIT_IP_PER_SECOND: '100000',
      RATE_LIMIT_USER_PER_SECOND: '100000',
      RATE_LIMIT_AUTH_PER_MINUTE: '100000',
      ...extra,
    };
    delete env.DATABASE_URL;
    // No traffic beyond loopback: no trace export, no hosted model for the assistant (its rules answer).
    delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete env.LLM_BASE_URL;
    delete env.LLM_API_KEY;
    if (runtime === 'dapr') {
      env.STACK_DIR = join(dataDir, 'stack');
      return spawnLogged('stack', process.execPath, [STACK_MAIN], { cwd: ROOT, env }, logFile);
    }
    // Embedded mode: PGlite in DATA_DIR, unless BENCH_DATABASE_URL names a PostgreSQL server to compare.
    if (process.env.BENCH_DATABASE_URL) env.DATABASE_URL = process.env.BENCH_DATABASE_URL;
    return spawnLogged('app', process.execPath, [APP_MAIN], { cwd: ROOT, env }, logFile);
  }

  /** Stops what startApp started, giving the stack time to stop its parts in order. */
  const stopApp = (app) => stopChild(app, graceFor(app));

  /** What the report says was measured. */
  function appDescription(port) {
    if (runtime === 'dapr')
      return `the distributed stack (\`node stack/dist/main.js\`): gateway → its daprd → core's daprd → core → PostgreSQL 15, events through core's daprd to Kafka; ${HOST}:${port}, rate limits raised`;
    const storage = process.env.BENCH_DATABASE_URL ? 'PostgreSQL (BENCH_DATABASE_URL)' : 'PGlite';
    return `\`node gateway/dist/main.js\`, embedded mode (${storage}), ${HOST}:${port}, fresh DATA_DIR, rate limits raised`;
  }

  async function waitUntilReady(app, base, logFile) {
    // The stack starts PostgreSQL, Kafka and two sidecars first (and provisions them on a cold machine).
    const limitMs = runtime === 'dapr' ? 6 * READY_TIMEOUT_MS : READY_TIMEOUT_MS;
    const deadline = Date.now() + limitMs;
    let gone = false;
    void app.exited.then(() => (gone = true));
    while (Date.now() < deadline) {
      if (gone) throw new Error(`the app exited during startup; see ${relative(process.cwd(), logFile)}`);
      try {
        const response = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(1_000) });
        await response.arrayBuffer();
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(
      `the app was not ready after ${limitMs / 1000} s; see ${relative(process.cwd(), logFile)}`,
    );
  }

  /** Whether the app is still running (it must not die during a run). */
  const isRunning = (app) => app.exitCode === null && app.signalCode === null;

  /** Runs the script's `main` (resolving with its exit code) and exits with that code, cleaned up. */
  const run = (main) =>
    main().then(
      (code) => {
        removeTemp();
        process.exit(code);
      },
      (error) => void abort(`failed: ${error?.message ?? error}`, 1),
    );

  return {
    log,
    intFromEnv,
    runtime,
    keepData,
    spawnLogged,
    stopChild,
    stopAll,
    abort,
    beforeAbort,
    hardTimeout,
    makeTempRoot,
    removeTemp,
    ensureBuilt,
    choosePort,
    startApp,
    stopApp,
    appDescription,
    waitUntilReady,
    isRunning,
    run,
  };
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, HOST, () => server.close(() => resolve(true)));
  });
}

function anyFreePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A JSON request to the app: `{status, json}`; 10 s timeout. */
export async function api(base, method, path, token, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

/** Cores, CPU model, memory, Node version and load average, for the report. */
export function machineFacts() {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model?.trim() ?? 'unknown CPU',
    memGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    loadavg: loadavg().map((n) => n.toFixed(2)),
  };
}

/** "2 × AMD EPYC …, 24 GiB, Node v20…" */
export const describeMachine = (m) => `${m.cpus} × ${m.cpuModel}, ${m.memGiB} GiB, Node ${m.node}`;

/** A table as aligned text for the terminal and as markdown: first column left, the others right. */
export function formatTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const text = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
  const md = [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
  return { text, md };
}
