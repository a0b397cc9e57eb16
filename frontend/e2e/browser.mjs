// Shared set-up of the browser journeys: Debian's Chromium (never a downloaded one), headless,
// with the flags a sandboxed root CI needs, and watchers that fail the journey on a console
// error (a CSP violation shows there) or on any request leaving the site.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A phone-sized French page that records problems instead of hiding them. */
export async function newPage(browser, baseUrl, { locale = 'fr-FR', width = 390, height = 844 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height }, deviceScaleFactor: 1 });
  // Map tiles are the one third party a page may call; these journeys show no map, so block them to stay offline.
  await context.route(/tile\.openstreetmap\.org/, (route) => route.abort());
  const page = await context.newPage();
  const origin = new URL(baseUrl).origin;
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console error: ${msg.text()}`);
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) page.problems.push(`third-party request: ${url}`);
  });
  return page;
}

export function assertNoProblems(page) {
  if (page.problems.length) throw new Error(page.problems.join('\n'));
}

export function screenshotDir() {
  const dir = process.env.SCREENSHOT_DIR || 'target/screenshots';
  mkdirSync(dir, { recursive: true });
  return dir;
}

const lines = createInterface({ input: process.stdin });
const queue = [];
const waiting = [];
lines.on('line', (line) => (waiting.length ? waiting.shift()(line) : queue.push(line)));

/** Asks the driving JUnit test for something (a line on stdout) and waits for its answer (a line on stdin). */
export function ask(question) {
  process.stdout.write(`${question}\n`);
  return new Promise((resolve) => (queue.length ? resolve(queue.shift()) : waiting.push(resolve)));
}

/** Runs a journey and exits: stdin stays open for questions, so the process would not end on its own. */
export async function journey(main) {
  try {
    await main();
    process.exit(0);
  } catch (e) {
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exit(1);
  }
}

export function say(line) {
  process.stdout.write(`${line}\n`);
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}
