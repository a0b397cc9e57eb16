// A visitor signs up through the form, follows the link of the caught mail, and sees the
// counter go up on the home page without reloading it. Driven by SignupJourneyBrowserTest,
// which runs the real backend (MariaDB, GreenMail) and answers LINK? with the mailed link.
// Usage: node e2e/signup-journey.mjs <baseUrl> <email>
import AxeBuilder from '@axe-core/playwright';
import { ask, assertNoProblems, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, email] = process.argv.slice(2);
const shots = screenshotDir();
await journey(async (browser) => {
  const home = await newPage(browser, baseUrl);
  await home.goto(baseUrl + '/');
  const supporters = home.locator('[data-counter="supporters"]');
  await supporters.getByText(/^\d/).waitFor();
  const figure = async () => Number((await supporters.locator('.counters-panel__figure').innerText()).replace(/\D/g, ''));
  const before = await figure();
  expect(/soutiens?$/.test(await supporters.innerText()), 'the counter says "soutiens" in French');
  await home.screenshot({ path: `${shots}/home-fr-phone.png`, fullPage: true });

  const form = await newPage(browser, baseUrl);
  await form.goto(baseUrl + '/');
  await form.getByRole('link', { name: 'Je soutiens' }).first().click();
  await form.getByRole('heading', { name: 'Je soutiens le mouvement' }).waitFor();
  await form.getByText('J’accepte que le mouvement').waitFor();

  const axe = await new AxeBuilder({ page: form }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.length === 0, 'accessibility: ' + serious.map((v) => `${v.id}: ${v.help}`).join('; '));

  // Submitting empty shows field errors first, in French.
  await form.getByRole('button', { name: 'Je m’inscris' }).click();
  await form.getByText('Indiquez votre adresse e-mail.').waitFor();
  await form.screenshot({ path: `${shots}/signup-errors-fr-phone.png`, fullPage: true });

  await form.getByLabel('Adresse e-mail').fill(email);
  await form.getByLabel('Prénom').fill('Zoé');
  await form.getByLabel('Nom', { exact: true }).fill('Martin');
  await form.getByLabel('Code postal').fill('99999');
  await form.getByText('Santé').click();
  await form.getByRole('checkbox', { name: /J’accepte/ }).check();
  await form.getByRole('button', { name: 'Je m’inscris' }).click();
  await form.getByText('Ce code postal n’existe pas en France.').waitFor();
  // That 400 was the point of the step; Chromium logs every 4xx answer as a console error.
  form.problems = form.problems.filter((p) => !p.includes('status of 400'));

  await form.getByLabel('Code postal').fill('13001');
  await form.getByRole('button', { name: 'Je m’inscris' }).click();
  await form.getByText('Plus qu’une étape').waitFor();
  await form.screenshot({ path: `${shots}/signup-sent-fr-phone.png`, fullPage: true });

  const link = await ask('LINK?');
  expect(link.startsWith(baseUrl + '/inscription/confirmer#token='), 'the mail links to this site: ' + link);
  await form.goto(link);
  await form.getByText('Merci Zoé, votre soutien est confirmé').waitFor();
  expect(!form.url().includes('token'), 'the token is removed from the address bar');
  await form.screenshot({ path: `${shots}/signup-confirmed-fr-phone.png`, fullPage: true });
  await form.getByRole('link', { name: 'Mon espace' }).first().click();
  await form.getByText(`Connecté·e en tant que ${email}`).waitFor();
  await form.screenshot({ path: `${shots}/me-fr-phone.png`, fullPage: true });

  // The home page opened before the confirmation refreshes its counter by itself.
  await home.bringToFront();
  const deadline = Date.now() + 30000;
  while ((await figure()) !== before + 1) {
    expect(Date.now() < deadline, `the counter did not go from ${before} to ${before + 1} without a reload`);
    await home.waitForTimeout(250);
  }
  await home.screenshot({ path: `${shots}/home-after-fr-phone.png`, fullPage: true });

  const english = await newPage(browser, baseUrl, { locale: 'en-GB', width: 1280, height: 900 });
  await english.goto(baseUrl + '/je-soutiens');
  await english.getByRole('heading', { name: 'I support the movement' }).waitFor();
  await english.screenshot({ path: `${shots}/signup-en-desktop.png`, fullPage: true });

  for (const page of [home, form, english]) assertNoProblems(page);
  say('OK');
});
