// End to end in a real browser (Debian's Chromium through playwright-core) against the real app in the
// embedded runtime (gateway + core + notifier on PGlite) serving the production UI build (ui/build, made by
// `npm run build`). The steps share one signed-up user and run in order, as a person would.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type AppProcess } from '../../testing/app-process.js';
import {
  explain,
  launchChromium,
  newContext,
  runAxe,
  screenshotPath,
  seriousViolations,
  SocketTap,
  watchedPage,
} from './browser-harness.js';

// Globals of the page, for the callbacks that page.evaluate runs there (this file compiles without the DOM lib).
declare const localStorage: {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
};
declare const document: {
  activeElement: { id: string } | null;
  documentElement: { dataset: { theme?: string }; scrollWidth: number };
};

const UI_DIR = new URL('../build/', import.meta.url).pathname;

let app: AppProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];
let consoleLog: string[];
const tap = new SocketTap();
const email = `browser-${Date.now()}@example.com`;
const password = 'correct horse battery';

const task = (p: Page, title: string) => p.locator('ul.tasks li.task', { hasText: title });
const token = () => page.evaluate(() => localStorage.getItem('todo.token'));

/** A change from "another client": the REST API with this user's token. */
async function rest(method: string, path: string, body?: unknown) {
  const response = await fetch(`${app.baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as any };
}

beforeAll(async () => {
  browser = await launchChromium();
  app = await startApp({ UI_DIR });
  context = await newContext(browser);
  ({ page, problems, consoleLog } = await watchedPage(context));
  await tap.attach(page);
});

// A failed step says where the page was, what it showed and what it logged.
afterEach(async ({ task: step }) => {
  if (step.result?.state === 'fail') console.error(await explain(page, consoleLog));
});

afterAll(async () => {
  await browser?.close();
  await app?.stop();
});

describe('the UI in Chromium, against the embedded app', () => {
  it('sends a signed-out visitor to /login, served as the app shell under the CSP', async () => {
    const response = await page.goto(`${app.baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL(`${app.baseUrl}/login`);
    await page.getByRole('heading', { name: 'Sign in to your tasks' }).waitFor();
  });

  it('signs up, taking the time zone from the browser', async () => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign up' }).click();
    await page.waitForURL(`${app.baseUrl}/`);
    await page.locator('ul.tasks[data-ready="true"]').waitFor();
    expect((await rest('GET', '/me')).body.timezone).toBe('Europe/Berlin');
    await page.locator('.conn[data-state="connected"]').waitFor();
  });

  it('quick-adds a task in the chat syntax: title, due date, tag and priority parsed', async () => {
    await page.getByLabel('New task, in plain words').fill('buy milk tomorrow 6pm #shopping high priority');
    await page.keyboard.press('Enter');
    await task(page, 'buy milk').waitFor();
    await expect.poll(() => task(page, 'buy milk').textContent()).toContain('#shopping');
    const [created] = (await rest('GET', '/tasks?q=milk')).body.items;
    expect(created).toMatchObject({ title: 'buy milk', priority: 'high', tags: ['shopping'] });
    // "tomorrow 6pm" in the browser's zone (Berlin), stored as UTC.
    const due = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      minute: '2-digit',
    }).format(new Date(created.dueAt));
    expect(due).toBe('18:00');
  });

  it('edits a task in the detail panel: notes, priority, tags, due time and a weekly repeat in words', async () => {
    await task(page, 'buy milk').getByRole('button', { name: 'buy milk', exact: true }).click();
    const detail = page.getByRole('region', { name: 'buy milk' });
    await detail.waitFor();
    await detail.getByLabel('Description').fill('oat milk, two litres');
    await detail.getByLabel('Priority').selectOption('medium');
    await detail.getByRole('combobox', { name: 'Tags' }).fill('dairy');
    await detail.getByRole('combobox', { name: 'Tags' }).press('Enter');
    await detail.getByLabel('Time', { exact: true }).fill('07:30');
    await detail.getByLabel('Repeats').selectOption('week');
    await detail.getByRole('button', { name: 'Monday' }).click();
    await detail.getByRole('button', { name: 'Thursday' }).click();
    await detail.getByText(/every week on Monday and Thursday/).waitFor();
    await page.screenshot({ path: screenshotPath('detail-panel') });
    await detail.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(async () => (await rest('GET', '/tasks?q=milk')).body.items[0])
      .toMatchObject({
        description: 'oat milk, two litres',
        priority: 'medium',
        tags: ['shopping', 'dairy'],
        recurrence: { rule: expect.stringContaining('BYDAY=MO,TH'), mode: 'schedule' },
      });
    const [saved] = (await rest('GET', '/tasks?q=milk')).body.items;
    const time = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', timeStyle: 'short' });
    expect(time.format(new Date(saved.dueAt))).toBe('07:30');
    await expect.poll(() => task(page, 'buy milk').textContent()).toContain('#dairy');
    await detail.getByRole('button', { name: 'Close' }).click();
  });

  it('filters by priority and tag, sorts by title, and keeps it all in the URL', async () => {
    await rest('POST', '/tasks', { title: 'alpha report', priority: 'high', tags: ['work'] });
    await rest('POST', '/tasks', { title: 'zulu report', priority: 'high', tags: ['work'] });
    await rest('POST', '/tasks', { title: 'low chore', priority: 'low', tags: ['home'] });
    await task(page, 'low chore').waitFor();
    const filters = page.locator('.tasks-col');
    if (await filters.getByRole('button', { name: /^Filters/ }).isVisible()) {
      await filters.getByRole('button', { name: /^Filters/ }).click();
    }
    await filters.getByRole('button', { name: 'High' }).click();
    await page.waitForURL(/priority=high/);
    await expect
      .poll(() => page.locator('ul.tasks li.task .title').allTextContents())
      .toEqual(['alpha report', 'zulu report']);
    await filters.getByLabel('Sort by').selectOption('title');
    await filters.getByRole('button', { name: /Ascending/ }).click();
    await page.waitForURL(/order=desc/);
    await expect
      .poll(() => page.locator('ul.tasks li.task .title').allTextContents())
      .toEqual(['zulu report', 'alpha report']);
    await page.screenshot({ path: screenshotPath('filtered') });
    const bookmarked = page.url();
    await page.goto(bookmarked);
    await expect
      .poll(() => page.locator('ul.tasks li.task .title').allTextContents())
      .toEqual(['zulu report', 'alpha report']);
    await page.getByRole('button', { name: /^Clear filters/ }).click();
    await task(page, 'low chore').waitFor();
  });

  it('completes and deletes with undo', async () => {
    await page.getByRole('checkbox', { name: 'Done: low chore' }).check();
    await expect.poll(() => task(page, 'low chore').count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await task(page, 'low chore').waitFor();
    expect((await rest('GET', '/tasks?q=chore')).body.items[0].status).toBe('open');

    await task(page, 'low chore').getByRole('button', { name: 'low chore', exact: true }).click();
    await page.getByRole('region', { name: 'low chore' }).getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => task(page, 'low chore').count()).toBe(0);
    expect((await rest('GET', '/tasks?q=chore')).body.items).toEqual([]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await task(page, 'low chore').waitFor();
    expect((await rest('GET', '/tasks?q=chore')).body.items[0]).toMatchObject({
      priority: 'low',
      tags: ['home'],
    });
  });

  it('chat: the reply streams over the socket, a chip opens the task, the list updates live', async () => {
    const deltasBefore = tap.count('chat.delta');
    await page.getByLabel('Message to the assistant').fill('add call the plumber on friday at 10am #home');
    await page.getByRole('button', { name: 'Send' }).click();
    const chip = page.locator('.chips button', { hasText: 'call the plumber' }).first();
    await chip.waitFor();
    await task(page, 'call the plumber').waitFor();
    expect(tap.count('chat.delta')).toBeGreaterThan(deltasBefore);
    expect(tap.count('chat.done')).toBe(1);
    await chip.click();
    await page.getByRole('heading', { name: 'call the plumber' }).waitFor();
  });

  it('chat completes a task by name, and the list drops it live', async () => {
    await page.getByLabel('Message to the assistant').fill('mark call the plumber as done');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => task(page, 'call the plumber').count()).toBe(0);
    expect((await rest('GET', '/tasks?status=done')).body.items.map((t: any) => t.title)).toContain(
      'call the plumber',
    );
  });

  it('a second page of the same user sees changes from the first live, and the other way round', async () => {
    const other = await watchedPage(context);
    try {
      await other.page.goto(`${app.baseUrl}/`);
      await task(other.page, 'buy milk').waitFor();
      await other.page.locator('.conn[data-state="connected"]').waitFor();
      await other.page.getByLabel('New task, in plain words').fill('water the plants');
      await other.page.keyboard.press('Enter');
      await task(page, 'water the plants').waitFor();
      await page.getByRole('checkbox', { name: 'Done: alpha report' }).check();
      await expect.poll(() => task(other.page, 'alpha report').count()).toBe(0);
      expect(other.problems).toEqual([]);
    } finally {
      await other.page.close();
    }
  });

  it('after the socket drops, resume {lastSeq} brings what changed meanwhile, without a reload', async () => {
    await page.waitForTimeout(500); // the list's debounced re-fetch after the last events
    await tap.cut();
    await page.locator('.conn[data-state="reconnecting"]').waitFor();
    expect((await rest('POST', '/tasks', { title: 'made while offline' })).status).toBe(201);
    await page.waitForTimeout(300);
    expect(await task(page, 'made while offline').count()).toBe(0);
    const resumesBefore = tap.count('resume', tap.sent);
    tap.restore();
    await page.locator('.conn[data-state="connected"]').waitFor({ timeout: 15_000 });
    await task(page, 'made while offline').waitFor();
    expect(tap.count('resume', tap.sent)).toBe(resumesBefore + 1);
  });

  it('a reminder arrives as a toast while the page is open', async () => {
    const dueAt = new Date(Date.now() + 3000).toISOString();
    await rest('POST', '/tasks', { title: 'stretch your legs', dueAt, reminders: [{ minutesBefore: 0 }] });
    const toast = page
      .getByRole('region', { name: 'Reminders' })
      .getByRole('article', { name: /stretch your legs/ });
    await toast.waitFor({ timeout: 15_000 });
    await expect.poll(() => page.getByRole('button', { name: /^Notifications, 1 unread/ }).count()).toBe(1);
    await page.screenshot({ path: screenshotPath('reminder-toast') });
    await toast.getByRole('button', { name: 'Mark done' }).click();
    await expect.poll(() => toast.count()).toBe(0);
    const [reminded] = (await rest('GET', '/tasks?status=done&q=stretch')).body.items;
    expect(reminded?.status).toBe('done');
    expect((await rest('GET', '/notifications?unread=true')).body.items).toEqual([]);
  });

  it('keeps search in the URL: a bookmarked view shows the same list', async () => {
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('/');
    await page.keyboard.type('plants');
    await page.waitForURL(/\?q=plants/);
    await expect.poll(() => page.locator('ul.tasks li.task').count()).toBe(1);
    await page.goto(page.url());
    await task(page, 'water the plants').waitFor();
    expect(await page.locator('ul.tasks li.task').count()).toBe(1);
    await page.goto(`${app.baseUrl}/`);
  });

  it('keyboard: j selects, x completes, n focuses quick add', async () => {
    await page.locator('ul.tasks[data-ready="true"] li.task').first().waitFor();
    await page.locator('body').click({ position: { x: 5, y: 400 } });
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    const id = (await page.locator('ul.tasks li.task.selected').getAttribute('id'))!.replace(/^task-/, '');
    expect((await rest('GET', `/tasks/${id}`)).body.status).toBe('open');
    await page.keyboard.press('x');
    await expect.poll(async () => (await rest('GET', `/tasks/${id}`)).body.status).toBe('done');
    await page.keyboard.press('n');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('quick-add');
  });

  it('has no serious accessibility violations (axe-core) in the light and dark themes', async () => {
    await page.reload();
    await page.locator('ul.tasks[data-ready="true"]').waitFor();
    await page.locator('.chat .msg.assistant').first().waitFor();
    await page.screenshot({ path: screenshotPath('list-light'), fullPage: true });
    const light = seriousViolations(await runAxe(page));
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await page.screenshot({ path: screenshotPath('list-dark'), fullPage: true });
    const dark = seriousViolations(await runAxe(page));
    await page.getByRole('button', { name: 'Light theme' }).click();
    expect({ light, dark }).toEqual({ light: [], dark: [] });
  });

  it('settings: changing the time zone is saved for the account', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    await page.getByLabel('Find a time zone').fill('Tokyo');
    await page.getByLabel('Time zone', { exact: true }).selectOption('Asia/Tokyo');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(async () => (await rest('GET', '/me')).body.timezone).toBe('Asia/Tokyo');
    await page.screenshot({ path: screenshotPath('settings') });
    await page.getByRole('link', { name: 'Todo chatbot' }).click();
    await page.locator('ul.tasks[data-ready="true"]').waitFor();
  });

  it('fits a phone: one column, no horizontal scrolling, no serious axe violations', async () => {
    const phone = await newContext(browser, {
      viewport: { width: 390, height: 844 },
      storageState: await context.storageState(),
    });
    const { page: small, problems: smallProblems } = await watchedPage(phone);
    try {
      await small.goto(`${app.baseUrl}/`);
      await small.locator('ul.tasks[data-ready="true"] li.task').first().waitFor();
      expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await small.screenshot({ path: screenshotPath('phone'), fullPage: true });
      expect(seriousViolations(await runAxe(small))).toEqual([]);
      expect(smallProblems).toEqual([]);
    } finally {
      await phone.close();
    }
  });

  it('logged no console errors, page errors, CSP violations or failed requests', () => {
    expect(problems).toEqual([]);
  });

  it('a session the server no longer accepts ends on the sign-in page, which says why', async () => {
    await page.evaluate(() => localStorage.setItem('todo.token', 'expired.token.value'));
    await page.reload();
    await page.waitForURL(`${app.baseUrl}/login`);
    await page.getByText('Your session has expired. Log in again to continue.').waitFor();
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.locator('ul.tasks[data-ready="true"]').waitFor();
  });
});
