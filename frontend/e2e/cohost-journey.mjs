// A group's manager finds, on their group's page, another group's invitation to co-organise an
// action, and accepts it (phone, French; the card in English too). An admin gives an organizer the
// activation code of their authenticator app; the organizer's security page in English.
// Driven by CohostJourneyBrowserTest.
// Usage: node e2e/cohost-journey.mjs <baseUrl> <managerCookie> <groupSlug> <eventTitle> <adminCookie> <organizerId> <organizerCookie>
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, managerCookie, groupSlug, eventTitle, adminCookie, organizerId, organizerCookie] = process.argv.slice(2);
const shots = screenshotDir();

await journey(async (browser) => {
  const page = await newPage(browser, baseUrl, { session: managerCookie });
  await page.goto(`${baseUrl}/groupes/${groupSlug}`);
  const card = page.getByRole('region', { name: 'Invitations à co-organiser' });
  await card.getByRole('link', { name: eventTitle }).waitFor();
  await axe(page, 'the group page with an invitation');
  await card.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/cohost-invitation-fr-phone.png` });
  expect((await ask('LISTED?')) === 'no', 'not in the group\'s listing before the answer');
  await card.getByRole('button', { name: 'Accepter' }).click();
  await card.getByText('acceptée').waitFor();
  await card.getByRole('button', { name: 'Ne plus co-organiser' }).waitFor();
  expect((await ask('LISTED?')) === 'yes', 'in the group\'s listing once accepted');
  await page.screenshot({ path: `${shots}/cohost-accepted-fr-phone.png` });
  assertNoProblems(page);

  const english = await newPage(browser, baseUrl, { locale: 'en-GB', session: managerCookie });
  await english.goto(`${baseUrl}/groupes/${groupSlug}`);
  const en = english.getByRole('region', { name: 'Invitations to co-organise' });
  await en.getByRole('button', { name: 'Stop co-organising' }).waitFor();
  await en.scrollIntoViewIfNeeded();
  await english.screenshot({ path: `${shots}/cohost-accepted-en-phone.png` });
  assertNoProblems(english);
  say('the manager accepted from the group page');

  const admin = await newPage(browser, baseUrl, { session: adminCookie });
  await admin.goto(`${baseUrl}/admin/contacts/${organizerId}`);
  const permit = admin.getByRole('region', { name: 'Application d’authentification' });
  await permit.getByRole('button', { name: 'Donner un code d’activation' }).click();
  const code = (await permit.locator('code.permit').innerText()).trim();
  expect(/^[a-z2-9]{5}-[a-z2-9]{5}-[a-z2-9]{5}$/.test(code), `an activation code to hand over: ${code}`);
  await permit.scrollIntoViewIfNeeded();
  await admin.screenshot({ path: `${shots}/admin-permit-fr-phone.png` });
  assertNoProblems(admin);
  say('the admin gave an activation code');

  const security = await newPage(browser, baseUrl, { locale: 'en-GB', session: organizerCookie });
  await security.goto(`${baseUrl}/mon-espace/securite`);
  await security.getByRole('heading', { name: 'Account security', level: 1 }).waitFor();
  await security.getByRole('button', { name: 'Set up an app' }).waitFor();
  await axe(security, 'the security page in English');
  await security.screenshot({ path: `${shots}/security-en-phone.png`, fullPage: true });
  assertNoProblems(security);
  say('OK');
});
