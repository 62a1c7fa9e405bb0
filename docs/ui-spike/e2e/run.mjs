// End to end in a real browser: Debian's /usr/bin/chromium driven by playwright-core (no browser download).
// Starts the real app (embedded runtime: gateway + core + notifier on PGlite) serving this UI build, signs up
// through the UI, adds tasks by quick add and by the chat panel, checks live updates, keyboard shortcuts,
// the CSP, axe-core (light and dark), measures time to interactive of the list page and takes screenshots.
// Stops everything it started. Prints `N passed, N failed`.
//
//   node e2e/run.mjs            # MAIN_DIR=/work/main UI_DIR=./build CHROMIUM=/usr/bin/chromium
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = fileURLToPath(new URL('.', import.meta.url));
const MAIN_DIR = process.env.MAIN_DIR ?? '/work/main';
const UI_DIR = process.env.UI_DIR ?? join(here, '..', 'build');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARTIFACTS = join(here, 'artifacts');
const TTI_RUNS = Number(process.env.TTI_RUNS ?? 5);

const results = [];
const cleanups = [];
let passed = 0;
let failed = 0;

async function step(name, fn) {
  const started = performance.now();
  try {
    const value = await fn();
    passed++;
    console.log(`  ✓ ${name} (${Math.round(performance.now() - started)} ms)`);
    return value;
  } catch (err) {
    failed++;
    console.log(`  ✗ ${name}\n    ${String(err?.stack ?? err).split('\n').slice(0, 6).join('\n    ')}`);
    return undefined;
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startApp() {
  const gatewayMain = join(MAIN_DIR, 'gateway', 'dist', 'main.js');
  assert(existsSync(gatewayMain), `${gatewayMain} is missing: run \`npm run build\` in ${MAIN_DIR} first`);
  assert(existsSync(join(UI_DIR, 'index.html')), `${UI_DIR}/index.html is missing: run \`npm run build\` first`);
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ui-e2e-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [gatewayMain], {
    cwd: MAIN_DIR,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, UI_DIR, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw Object.assign(new Error('exited'), { fatal: true });
      return (await fetch(`${base}/readyz`)).ok;
    },
    90_000,
    'the app to be ready',
  ).catch((err) => {
    throw new Error(`${err.message}; app output:\n${output.slice(-3000)}`);
  });
  return { base, port };
}

async function main() {
  if (!existsSync(CHROMIUM)) {
    console.error(`${CHROMIUM} is missing: apt-get update && apt-get install -y chromium`);
    process.exit(1);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  console.log('e2e: starting the app');
  const { base } = await startApp();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // root in a container: no user namespaces for the sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
  cleanups.push(() => browser.close());
  console.log(`e2e: ${base}, Chromium ${browser.version()}`);

  const context = await browser.newContext({ timezoneId: 'Europe/Berlin', locale: 'en-GB', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' || /Content Security Policy/i.test(msg.text())) problems.push(`console.${msg.type()}: ${msg.text()}`);
  });
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 400) problems.push(`HTTP ${res.status()} ${res.request().method()} ${res.url()}`);
  });
  // Every /ws socket goes through this route, so the test can cut the connection and keep it down a while.
  const frames = [];
  const sent = [];
  const live = { blocked: false, routes: new Set() };
  await page.routeWebSocket(/\/ws$/, (ws) => {
    if (process.env.E2E_DEBUG) console.log(`    [ws route] new socket, blocked=${live.blocked}`);
    if (live.blocked) return ws.close({ code: 1001, reason: 'test: network down' });
    const server = ws.connectToServer();
    live.routes.add(ws);
    ws.onMessage((m) => {
      sent.push(String(m));
      server.send(m);
    });
    server.onMessage((m) => {
      if (process.env.E2E_DEBUG) console.log(`    [ws ←] ${String(m).slice(0, 100)}`);
      frames.push(String(m));
      ws.send(m);
    });
    ws.onClose(() => {
      live.routes.delete(ws);
      void server.close();
    });
    server.onClose(() => ws.close());
  });

  const email = `e2e-${Date.now()}@example.com`;
  const password = 'correct horse battery';

  await step('a signed-out visit to / lands on /login (SPA fallback + client redirect)', async () => {
    const res = await page.goto(`${base}/`);
    assert(res?.ok(), `GET / → ${res?.status()}`);
    const csp = res.headers()['content-security-policy'] ?? '';
    assert(csp.includes("script-src 'self'"), `CSP header: ${csp}`);
    await page.waitForURL(`${base}/login`, { timeout: 15_000 });
    await page.getByRole('heading', { name: 'Sign in to your tasks' }).waitFor();
  });

  await step('a deep link (/login reloaded) is served the SPA shell', async () => {
    const res = await page.goto(`${base}/login`);
    assert(res?.ok() && (res.headers()['content-type'] ?? '').startsWith('text/html'), `GET /login → ${res?.status()}`);
    await page.getByLabel('Email').waitFor();
  });

  await step('sign up through the UI (time zone from the browser)', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${base}/`, { timeout: 15_000 });
    await page.locator('ul.tasks[data-ready="true"]').waitFor({ timeout: 15_000 });
    const me = await page.evaluate(() => JSON.parse(localStorage.getItem('todo.user') ?? 'null'));
    assert(me?.timezone === 'Europe/Berlin', `user time zone: ${me?.timezone}`);
    await page.locator('.conn[data-state="connected"]').waitFor({ timeout: 10_000 });
  });

  await step('quick add (POST /api/v1/chat) → the task appears in the list', async () => {
    await page.getByLabel('New task, in plain words').fill(process.env.E2E_QUICK ?? 'add buy milk tomorrow 6pm #shopping high priority');
    await page.keyboard.press('Enter');
    await page.locator('ul.tasks li', { hasText: 'buy milk' }).waitFor({ timeout: 15_000 });
    const reply = await page.locator('#quick-reply').textContent();
    const item = await page.locator('ul.tasks li', { hasText: 'buy milk' }).textContent();
    console.log(`    reply: ${reply?.trim()}\n    item: ${item?.replace(/\s+/g, ' ').trim()}`);
    assert(item?.includes('#shopping'), 'the tag is shown');
    assert(item?.includes('high'), 'the priority is shown');
  });

  await step('chat panel: chat.send streams chat.delta, chat.done shows a task chip, list updates live', async () => {
    await page.getByLabel('Message to the assistant').fill('add call the plumber on friday at 10am #home');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('.chips button', { hasText: 'call the plumber' }).first().waitFor({ timeout: 15_000 });
    await page.locator('ul.tasks li', { hasText: 'call the plumber' }).waitFor({ timeout: 15_000 });
    const deltas = frames.filter((f) => f.includes('"chat.delta"')).length;
    const done = frames.filter((f) => f.includes('"chat.done"')).length;
    console.log(`    frames: ${deltas} chat.delta, ${done} chat.done`);
    assert(deltas >= 1 && done === 1, 'the reply was streamed over the socket');
  });

  await step('a change made elsewhere (REST from another client) arrives over /ws', async () => {
    const token = await page.evaluate(() => localStorage.getItem('todo.token'));
    const res = await fetch(`${base}/api/v1/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'made in another tab', priority: 'low' }),
    });
    assert(res.status === 201, `POST /tasks → ${res.status}`);
    await page.locator('ul.tasks li', { hasText: 'made in another tab' }).waitFor({ timeout: 10_000 });
  });

  await step('reconnect: resume {lastSeq} replays a change made while the socket was down', async () => {
    const token = await page.evaluate(() => localStorage.getItem('todo.token'));
    await new Promise((r) => setTimeout(r, 1000)); // let the list's debounced re-fetch of earlier events pass
    live.blocked = true;
    for (const ws of live.routes) await ws.close({ code: 1001, reason: 'test: network down' });
    await page.locator('.conn[data-state="reconnecting"]').waitFor({ timeout: 5_000 });
    const res = await fetch(`${base}/api/v1/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'made while offline' }),
    });
    assert(res.status === 201, `POST /tasks → ${res.status}`);
    await new Promise((r) => setTimeout(r, 300));
    // Only a replay can bring it: the list is not re-fetched on reconnect.
    assert((await page.locator('ul.tasks li', { hasText: 'made while offline' }).count()) === 0, 'not shown while offline');
    const resumesBefore = sent.filter((m) => m.includes('"resume"')).length;
    live.blocked = false;
    await page.locator('.conn[data-state="connected"]').waitFor({ timeout: 15_000 });
    await page.locator('ul.tasks li', { hasText: 'made while offline' }).waitFor({ timeout: 10_000 });
    const resume = sent.filter((m) => m.includes('"resume"')).slice(resumesBefore);
    console.log(`    sent after reconnect: ${resume.join(' ')}`);
    assert(resume.length === 1, 'one resume frame');
  });

  await step('reload keeps the session, the list and the chat history', async () => {
    await page.reload();
    await page.locator('ul.tasks li', { hasText: 'buy milk' }).waitFor({ timeout: 15_000 });
    await page.locator('.chat .msg.assistant').first().waitFor({ timeout: 10_000 });
  });

  await step('search state lives in the URL', async () => {
    await page.keyboard.press('/');
    await page.keyboard.type('plumber');
    await page.waitForURL(/\?q=plumber/, { timeout: 5_000 });
    await waitFor(async () => (await page.locator('ul.tasks li.task').count()) === 1, 5_000, 'one search hit');
    await page.goto(`${base}/`);
    await page.locator('ul.tasks li', { hasText: 'buy milk' }).waitFor();
  });

  const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  const runAxe = async (label) => {
    // page.evaluate runs over CDP, which the page's CSP does not restrict (addScriptTag would be refused).
    await page.evaluate(axeSource);
    const result = await page.evaluate(() =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } }),
    );
    const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    for (const v of result.violations) console.log(`    axe ${label}: ${v.impact} ${v.id} ×${v.nodes.length}: ${v.help} — ${v.nodes[0]?.target}`);
    console.log(`    axe ${label}: ${result.passes.length} rules passed, ${result.violations.length} violated (${serious.length} serious/critical)`);
    return result.violations;
  };

  await step('axe-core on the list page, light theme: no violations', async () => {
    await page.locator('ul.tasks[data-ready="true"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'list-light.png'), fullPage: true });
    const violations = await runAxe('light');
    assert(violations.length === 0, `${violations.length} violations`);
  });

  await step('axe-core on the list page, dark theme: no violations', async () => {
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.screenshot({ path: join(ARTIFACTS, 'list-dark.png'), fullPage: true });
    const violations = await runAxe('dark');
    await page.getByRole('button', { name: 'Light theme' }).click();
    assert(violations.length === 0, `${violations.length} violations`);
  });

  await step('inline edit (PATCH with If-Match) and the detail panel', async () => {
    await page.getByRole('button', { name: /^Edit\W+made in another tab$/ }).click();
    const input = page.getByRole('textbox', { name: 'Title' });
    await input.fill('renamed inline');
    await input.press('Enter');
    await page.locator('ul.tasks li .title', { hasText: 'renamed inline' }).click();
    await page.getByRole('heading', { name: 'renamed inline' }).waitFor({ timeout: 5_000 });
    await page.getByLabel('Priority').selectOption('high');
    await page.locator('ul.tasks li[data-priority="high"]', { hasText: 'renamed inline' }).waitFor({ timeout: 5_000 });
  });

  await step('keyboard: j selects, x completes (the task leaves the open list)', async () => {
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    const before = await page.locator('ul.tasks li.task').count();
    await page.keyboard.press('j');
    const title = (await page.locator('ul.tasks li.task.selected .title').textContent())?.trim();
    assert(title, 'a task is selected');
    await page.keyboard.press('x');
    await waitFor(async () => (await page.locator('ul.tasks li.task').count()) === before - 1, 5_000, 'the task to leave the list');
    await page.keyboard.press('n');
    assert(await page.evaluate(() => document.activeElement?.id === 'quick-add'), 'n focuses quick add');
  });

  await step('time to interactive of the list page (cold cache, fresh context)', async () => {
    const storage = await context.storageState();
    const tti = [];
    for (let i = 0; i < TTI_RUNS; i++) {
      const ctx = await browser.newContext({ storageState: storage, timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
      const p = await ctx.newPage();
      const t0 = Date.now();
      await p.goto(`${base}/`, { waitUntil: 'commit' });
      await p.locator('ul.tasks[data-ready="true"] li.task').first().waitFor({ timeout: 15_000 });
      await p.locator('#quick-add').fill('x'); // usable: it takes input
      const outside = Date.now() - t0;
      const inPage = await p.evaluate(() => {
        const mark = performance.getEntriesByName('list-ready')[0];
        const nav = performance.getEntriesByType('navigation')[0];
        return { listReady: mark?.startTime ?? null, dcl: nav?.domContentLoadedEventEnd ?? null, load: nav?.loadEventEnd ?? null };
      });
      tti.push({ outside, ...inPage });
      await ctx.close();
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const summary = {
      runs: tti.length,
      listReadyMs: Math.round(median(tti.map((t) => t.listReady))),
      domContentLoadedMs: Math.round(median(tti.map((t) => t.dcl))),
      outsideMs: median(tti.map((t) => t.outside)),
    };
    results.push({ tti: summary, samples: tti });
    console.log(`    TTI median of ${summary.runs}: list-ready mark ${summary.listReadyMs} ms after navigation start (DOMContentLoaded ${summary.domContentLoadedMs} ms); goto→input usable ${summary.outsideMs} ms`);
  });

  await step('no CSP violations or page errors were logged', async () => {
    for (const p of problems) console.log(`    ${p}`);
    assert(problems.length === 0, `${problems.length} problems`);
  });
}

try {
  await main();
} catch (err) {
  failed++;
  console.log(`e2e: ${err?.stack ?? err}`);
} finally {
  for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch(() => {});
}
if (results.length) console.log(`e2e: ${JSON.stringify(results[0].tti)}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
