// The API reference page (/api/docs/): Swagger UI from the jar shows the instance's OpenAPI
// document under the site's strict Content-Security-Policy, with nothing fetched from elsewhere
// (a CSP violation is a console error, any other origin a third-party request: both fail here).
// Usage: node e2e/api-docs-journey.mjs <baseUrl>
import { assertNoProblems, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl] = process.argv.slice(2);

await journey(async (browser) => {
  const page = await newPage(browser, baseUrl, { locale: 'en-GB', width: 1280, height: 900 });
  await page.goto(baseUrl + '/api/docs/');
  await page.getByRole('heading', { name: /Cortège/ }).first().waitFor();
  const operations = page.locator('.opblock');
  await operations.first().waitFor();
  const count = await operations.count();
  expect(count > 100, `the reference lists the API's operations (${count})`);
  // One operation opened: its access level (x-access) and its answer's schema are shown.
  const me = page.locator('.opblock-get', { has: page.locator('[data-path="/api/me"]') }).first();
  await me.locator('.opblock-summary').click();
  await me.getByText('x-access').first().waitFor();
  await me.getByText('supporter').first().waitFor();
  await page.screenshot({ path: `${screenshotDir()}/api-docs.png` });
  assertNoProblems(page);
  say(`operations: ${count}`);
  say('OK');
});
