// Through a real proxy (Debian's nginx or Caddy, configured with the repository's file), a visitor
// signs up on a phone: the pages and their scripts load, the form's POST is accepted (the CSRF
// check sees the proxy's Host), and the security headers arrive. Driven by ProxyJourneyBrowserTest.
// Usage: node e2e/proxy-journey.mjs <baseUrl (https://localhost:port)> <proxy name> <email>
import { assertNoProblems, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

// The proxy's certificate is self-signed (nginx) or from Caddy's internal authority: this script's
// own fetch of /api/config must accept it, as the browser context below does.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

const [baseUrl, proxy, email] = process.argv.slice(2);
const shots = screenshotDir();

await journey(async (browser) => {
  const page = await newPage(browser, baseUrl, { insecure: true });
  // Behind a proxy in front of a container that has just started (ComposeStackTest): a minute, not Playwright's 30 s.
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  const response = await page.goto(`${baseUrl}/je-soutiens`, { waitUntil: 'networkidle' });
  const headers = response.headers();
  expect((headers['content-security-policy'] ?? '').includes("script-src 'self'"), `${proxy}: the CSP arrives`);
  expect((headers['strict-transport-security'] ?? '').includes('max-age='), `${proxy}: HSTS behind HTTPS`);
  expect(headers['x-content-type-options'] === 'nosniff', `${proxy}: nosniff`);
  await page.getByRole('heading', { name: 'Je soutiens le mouvement' }).waitFor();

  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Prénom').fill('Zoé');
  await page.getByLabel('Nom', { exact: true }).fill('Martin');
  await page.getByLabel('Code postal').fill('13001');
  await page.getByRole('checkbox', { name: /J’accepte/ }).check();
  await page.getByRole('button', { name: 'Je m’inscris' }).click();
  await page.getByText('Plus qu’une étape').waitFor();
  await page.screenshot({ path: `${shots}/proxy-${proxy}-signup-sent-fr-phone.png`, fullPage: true });
  assertNoProblems(page); // scripts and styles loaded, no 403 on the POST, no console error
  say(`${proxy}: the sign-up went through`);
  say('OK');
});
