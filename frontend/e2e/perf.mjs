// Page speed on a throttled phone, as Lighthouse's mobile profile sets it (RTT 150 ms, 1.6 Mbit/s
// down, 750 kbit/s up, CPU 4× slower), in Debian's Chromium: first contentful paint, largest
// contentful paint, JavaScript transferred and whether the map library was loaded, for a first
// visit (empty cache) and a repeat visit (the same page again: built files are cached a year).
// Driven by PageSpeedBenchmark, which prints the figures.
// Usage: node e2e/perf.mjs <baseUrl> <actionSlug>
import { ask, journey, say } from './browser.mjs';

const [baseUrl, actionSlug] = process.argv.slice(2);
const pages = [['home', '/'], ['action', `/actions/${actionSlug}`], ['list', '/agir?near=13001'], ['map', '/carte']];

async function measure(page) {
  return page.evaluate(() => new Promise((resolve) => {
    let lcp = 0;
    let lcpElement = '';
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        lcp = e.startTime;
        const el = e.element;
        lcpElement = el ? `${el.tagName.toLowerCase()}${el.className ? '.' + String(el.className).split(' ')[0] : ''}` : '(removed)';
      }
    })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    setTimeout(() => {
      const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
      const nav = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      const js = resources.filter((r) => new URL(r.name).pathname.endsWith('.js'));
      resolve({
        fcp: Math.round(fcp), lcp: Math.round(lcp), lcpElement, load: Math.round(nav.loadEventEnd),
        jsTransferred: js.reduce((s, r) => s + r.transferSize, 0), jsDecoded: js.reduce((s, r) => s + r.decodedBodySize, 0),
        jsFiles: js.length, leaflet: resources.some((r) => r.name.includes('leaflet')),
      });
    }, 300);
  }));
}

await journey(async (browser) => {
  const rows = [];
  for (const [name, path] of pages) {
    // a context of its own, without request interception (which would turn the HTTP cache off)
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    for (const visit of ['first', 'repeat']) {
      await page.goto(baseUrl + path, { waitUntil: 'load' });
      await page.waitForTimeout(1500); // let the page settle (its data, its map) before reading the largest paint
      rows.push({ page: name, visit, ...(await measure(page)) });
    }
    await context.close();
  }
  await ask(`FIGURES ${JSON.stringify(rows)} ?`);
  say('OK');
});
