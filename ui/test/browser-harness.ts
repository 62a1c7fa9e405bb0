// The browser suite's plumbing: Debian's Chromium driven by playwright-core (never a downloaded browser),
// pages that record every console error, page error, CSP report and failed response, a /ws route the test
// can cut, and axe-core run inside the page.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page, type WebSocketRoute } from 'playwright-core';

/** Screenshots and figures of the last run (gitignored); the README's come from here. */
export const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Set by scripts/test.sh from scripts/provision/chromium.sh, which installs Debian's package when missing. */
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `No Chromium at ${CHROMIUM}: run scripts/provision/chromium.sh (apt-get install chromium) or set CHROMIUM`,
    );
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox has no user namespaces.
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A browser context as a person in Berlin with a laptop-sized window would have it. */
export function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}) {
  return browser.newContext({
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/** A page and every problem it reports: console errors, uncaught errors, CSP violations, HTTP ≥ 400. */
export async function watchedPage(
  context: BrowserContext,
): Promise<{ page: Page; problems: string[]; consoleLog: string[] }> {
  const page = await context.newPage();
  const problems: string[] = [];
  /** Every console message and navigation, for a failure's explanation. */
  const consoleLog: string[] = [];
  page.on(
    'framenavigated',
    (frame) => frame === page.mainFrame() && consoleLog.push(`navigated: ${frame.url()}`),
  );
  page.on('console', (message) => {
    consoleLog.push(`console.${message.type()}: ${message.text()}`);
    if (message.type() === 'error' || /Content Security Policy/i.test(message.text())) {
      problems.push(`console.${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('request', (request) => consoleLog.push(`→ ${request.method()} ${request.url()}`));
  page.on('requestfinished', (request) => consoleLog.push(`← ${request.method()} ${request.url()}`));
  page.on('requestfailed', (request) =>
    consoleLog.push(`✗ ${request.method()} ${request.url()}: ${request.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  return { page, problems, consoleLog };
}

/** Where the page is, what it shows and the last of what it logged: for a failed step's report. */
export async function explain(page: Page, consoleLog: string[]): Promise<string> {
  const text = await page
    .evaluate('document.body.innerText')
    .then((body) => String(body).slice(0, 1500))
    .catch((e: unknown) => `(unreadable: ${String(e)})`);
  return `-- page: ${page.url()}\n-- text:\n${text}\n-- log:\n${consoleLog.slice(-60).join('\n')}`;
}

/** The page's /ws traffic, through a route the test can cut ("the network goes down") and restore. */
export class SocketTap {
  readonly received: string[] = [];
  readonly sent: string[] = [];
  private down = false;
  private readonly open = new Set<WebSocketRoute>();

  async attach(page: Page): Promise<void> {
    await page.routeWebSocket(/\/ws$/, (ws) => {
      if (this.down) return void ws.close({ code: 1001, reason: 'test: network down' });
      const server = ws.connectToServer();
      this.open.add(ws);
      ws.onMessage((message) => {
        this.sent.push(String(message));
        server.send(message);
      });
      server.onMessage((message) => {
        this.received.push(String(message));
        ws.send(message);
      });
      ws.onClose(() => {
        this.open.delete(ws);
        void server.close();
      });
      server.onClose(() => void ws.close());
    });
  }

  async cut(): Promise<void> {
    this.down = true;
    for (const ws of this.open) await ws.close({ code: 1001, reason: 'test: network down' });
  }

  restore(): void {
    this.down = false;
  }

  count(type: string, frames = this.received): number {
    return frames.filter((frame) => (JSON.parse(frame) as { type?: string }).type === type).length;
  }
}

// Globals of the page, for the callbacks that page.evaluate runs there (this file compiles without the DOM lib).
declare const document: unknown;

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown }[];
}

/**
 * axe-core's WCAG 2.1 A/AA and best-practice rules on the page as it is now. Injected with evaluate (over
 * CDP), because the page's CSP refuses an added script tag.
 */
export async function runAxe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (
      globalThis as unknown as { axe: { run(...args: unknown[]): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((node) => ({ target: node.target })),
    }));
  });
}

/** The serious and critical ones, as readable lines for an assertion message. */
export const seriousViolations = (violations: AxeViolation[]) =>
  violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id} ×${v.nodes.length}: ${v.help} (${JSON.stringify(v.nodes[0]?.target)})`);

export const screenshotPath = (name: string) => join(ARTIFACTS, `${name}.png`);
