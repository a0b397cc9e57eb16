// Shared set-up of the browser journeys: Debian's Chromium (never a downloaded one), headless,
// with the flags a sandboxed root CI needs, and watchers that fail the journey on a console
// error (a CSP violation shows there) or on any request leaving the site.
import AxeBuilder from '@axe-core/playwright';
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

// A 1×1 transparent PNG: map tiles are answered locally, the machine being offline.
const BLANK_TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

/**
 * A phone-sized French page that records problems instead of hiding them. The configured tile
 * server is the one third party a page may call; its tiles are answered with a blank image.
 */
export async function newPage(browser, baseUrl, { locale = 'fr-FR', width = 390, height = 844, session, insecure = false, geolocation } = {}) {
  // insecure: a test proxy's self-signed or internal certificate (the proxy journey only).
  // geolocation: {latitude, longitude} the browser gives when the page asks (permission granted).
  const context = await browser.newContext({ locale, viewport: { width, height }, deviceScaleFactor: 1, ignoreHTTPSErrors: insecure,
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}) });
  const config = await (await fetch(baseUrl + '/api/config')).json();
  const tileOrigin = new URL(config.tiles.url.replace(/\{[a-z]\}/g, '0')).origin;
  await context.route((url) => url.origin === tileOrigin, (route) => route.fulfill({ status: 200, contentType: 'image/png', body: BLANK_TILE }));
  if (session) {
    const [name, value] = session.split('=');
    await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  openPages.push(page);
  const origin = new URL(baseUrl).origin;
  page.problems = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') page.problems.push(`console error: ${msg.text()}${msg.location()?.url ? ` (${msg.location().url})` : ''}`);
  });
  page.on('pageerror', (err) => page.problems.push(`page error: ${err.message} (${page.url()})\n${err.stack ?? ''}`));
  page.on('request', (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith(tileOrigin) && !url.startsWith('data:')) page.problems.push(`third-party request: ${url}`);
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

const openPages = [];

/**
 * Runs a journey with a fresh browser and exits (stdin stays open for questions, so the process
 * would not end on its own). On failure, every page's screenshot and problems go to the log.
 */

export async function journey(main) {
  const browser = await launch();
  let code = 0;
  try {
    await main(browser);
  } catch (e) {
    code = 1;
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    // What each page showed when it failed, for whoever reads the test log.
    for (const [i, page] of openPages.entries()) {
      console.error(`page ${i} at ${page.url()}, screenshot failure-${i}.png`);
      await page.screenshot({ path: `${screenshotDir()}/failure-${i}.png`, fullPage: true }).catch(() => undefined);
      if (page.problems?.length) console.error(`page ${i} problems:\n${page.problems.join('\n')}`);
    }
  } finally {
    await browser.close().catch(() => undefined);
  }
  process.exit(code);
}

export function say(line) {
  process.stdout.write(`${line}\n`);
}

export function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** Fails on any serious or critical WCAG 2 A/AA fault of the page as it stands (axe-core). */
export async function axe(page, what) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const issues = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(issues.length === 0, `accessibility of ${what}: ` + issues.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`).join('; '));
}
