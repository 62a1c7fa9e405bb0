#!/usr/bin/env node
// The list page in a real browser: `npm run bench:ui` (root or perf/).
//
// Starts the app in embedded mode on 127.0.0.1 (fresh DATA_DIR) serving the production UI build, signs up
// one user with BENCH_TASKS (50) tasks, then opens the list page BENCH_RUNS (9) times in Debian's Chromium
// (playwright-core, CHROMIUM or /usr/bin/chromium), each time in a fresh browser context (cold HTTP cache,
// the stored session). Per run it reads, in the page: the `list-ready` mark (the first list rendered while
// the quick-add box takes input: the page's time to interactive), DOMContentLoaded and first contentful
// paint, all from navigation start; and from outside, goto → first task visible and the quick-add box
// filled. Also reports the production bundle (gzip -9 of ui/build/_app).
//
// Bounded: BENCH_TIMEOUT_S (120) for the whole run; the app and the browser are stopped on every exit path.
// Knobs: BENCH_TASKS, BENCH_RUNS, BENCH_PORT, BENCH_TIMEOUT_S, CHROMIUM. See perf/README.md.

/* global document -- the callbacks given to page.evaluate run in the browser */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { kib, measureBundle } from '../ui/scripts/bundle-size.mjs';
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

// The root's devDependency (the browser suite's driver): no dependency of perf/ needed.
const { chromium } = createRequire(join(ROOT, 'package.json'))('playwright-core');

const bench = harness('bench:ui');
const { log, intFromEnv } = bench;
const TASKS = intFromEnv('BENCH_TASKS', 50, 1);
const RUNS = intFromEnv('BENCH_RUNS', 9, 1);
const PREFERRED_PORT = intFromEnv('BENCH_PORT', 18183, 1);
const HARD_TIMEOUT_S = intFromEnv('BENCH_TIMEOUT_S', 120, 10);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const UI_BUILD = join(ROOT, 'ui', 'build');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

async function seedUser(base) {
  const email = `ui-bench-${Date.now().toString(36)}@example.com`;
  const signup = await api(base, 'POST', '/api/v1/auth/signup', undefined, {
    email,
    password: 'bench-ui-password',
    timezone: 'Europe/Berlin',
  });
  if (signup.status !== 201) throw new Error(`signup → ${signup.status}`);
  const { token, user } = signup.json;
  const day = 24 * 3600 * 1000;
  for (let i = 0; i < TASKS; i++) {
    const created = await api(base, 'POST', '/api/v1/tasks', token, {
      title: `task ${i + 1} of the list`,
      priority: ['none', 'low', 'medium', 'high'][i % 4],
      tags: [['home'], ['work'], ['shopping', 'errands'], []][i % 4],
      dueAt: i % 3 ? new Date(Date.now() + (i - 10) * day).toISOString() : null,
    });
    if (created.status !== 201) throw new Error(`create task → ${created.status}`);
  }
  return { token, user };
}

/** One cold load of the list page; every figure from navigation start except `outside`. */
async function measureOnce(browser, base, storageState) {
  const context = await browser.newContext({
    storageState,
    timezoneId: 'Europe/Berlin',
    viewport: { width: 1280, height: 900 },
  });
  try {
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    await page.locator('ul.tasks[data-ready="true"] li.task').first().waitFor({ timeout: 15_000 });
    await page.locator('#quick-add').fill('x');
    const outside = Date.now() - started;
    const inPage = await page.evaluate(() => {
      const entry = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
      const nav = performance.getEntriesByType('navigation')[0];
      return {
        listReady: entry('list-ready'),
        firstContentfulPaint: entry('first-contentful-paint'),
        domContentLoaded: nav?.domContentLoadedEventEnd ?? null,
        items: document.querySelectorAll('ul.tasks li.task').length,
      };
    });
    return { outside, ...inPage };
  } finally {
    await context.close();
  }
}

async function main() {
  bench.ensureBuilt();
  if (!existsSync(join(UI_BUILD, 'index.html')))
    throw new Error('ui/build is missing: npm run build at the root');
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: scripts/provision/chromium.sh installs it`);
  mkdirSync(RESULTS, { recursive: true });
  const hardTimer = bench.hardTimeout(HARD_TIMEOUT_S, 'BENCH_TIMEOUT_S');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const appLog = join(RESULTS, `${stamp}-ui-app.log`);
  const dataDir = join(bench.makeTempRoot('todo-bench-ui-'), 'data');
  mkdirSync(dataDir);
  const port = await bench.choosePort(PREFERRED_PORT);
  const base = `http://${HOST}:${port}`;
  const bundle = measureBundle(UI_BUILD);

  log(`starting the app (embedded) on ${base}`);
  const app = bench.startApp({ port, dataDir, logFile: appLog, env: { UI_DIR: UI_BUILD } });
  // --no-sandbox: as root in a container Chromium's sandbox has no user namespaces.
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  bench.beforeAbort.push(() => void browser.close());
  const samples = [];
  try {
    await bench.waitUntilReady(app, base, appLog);
    const { token, user } = await seedUser(base);
    log(`${TASKS} tasks for one user; ${RUNS} cold loads of the list page in Chromium ${browser.version()}`);
    const origin = {
      origin: base,
      localStorage: [
        { name: 'todo.token', value: token },
        { name: 'todo.user', value: JSON.stringify(user) },
      ],
    };
    const storageState = { cookies: [], origins: [origin] };
    await measureOnce(browser, base, storageState); // warm-up: the app's first requests, not the browser's
    for (let run = 0; run < RUNS; run++) samples.push(await measureOnce(browser, base, storageState));
  } finally {
    await browser.close();
    await bench.stopApp(app);
  }
  clearTimeout(hardTimer);

  const row = (label, key) => {
    const values = samples.map((s) => s[key]).filter((v) => v !== null);
    return [label, ms(median(values)), ms(Math.min(...values)), ms(Math.max(...values))];
  };
  const table = formatTable(
    ['from navigation start', 'median', 'min', 'max'],
    [
      row('first contentful paint', 'firstContentfulPaint'),
      row('DOMContentLoaded', 'domContentLoaded'),
      row('list ready (time to interactive)', 'listReady'),
      row('goto → first task + quick add filled (outside)', 'outside'),
    ],
  );
  const facts = [
    `date: ${new Date().toISOString()}`,
    `app: embedded, ${base}; one user with ${TASKS} tasks (${samples[0]?.items} on the first page)`,
    `browser: Chromium ${CHROMIUM}, headless, a fresh context per run (cold cache), ${RUNS} runs after one warm-up`,
    `bundle: build/_app ${bundle.files.length} files, ${kib(bundle.total.gzip)} gzip (${bundle.total.gzip} bytes), ${kib(bundle.total.raw)} raw; index.html ${kib(bundle.indexHtml.gzip)} gzip`,
    `machine: ${describeMachine(machineFacts())} (browser, app and driver share it)`,
  ];
  console.log(`\n${table.text}\n`);
  for (const fact of facts) console.log(fact);
  const latest = join(RESULTS, 'latest-ui.md');
  writeFileSync(
    latest,
    [`# Benchmark: the list page in Chromium`, '', ...facts.map((f) => `- ${f}`), '', table.md, ''].join(
      '\n',
    ),
  );
  writeFileSync(join(RESULTS, `${stamp}-ui.json`), JSON.stringify({ facts, samples }, null, 1));
  log(`wrote ${relative(process.cwd(), latest)}`);
  return 0;
}

bench.run(main);
