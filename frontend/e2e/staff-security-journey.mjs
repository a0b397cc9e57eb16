// An organizer turns on an authenticator app from their space on a phone: scans the QR code drawn
// by the server (the journey asks the driving test for the code an app would show), keeps the
// recovery codes, and goes on. Then whoever signs in with a link from their mailbox is stopped at
// the code page before the contact database, in French and in English; a wrong code gets a sentence.
// Driven by StaffSecurityJourneyBrowserTest.
// Usage: node e2e/staff-security-journey.mjs <baseUrl> <organizerCookie>
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, organizerCookie] = process.argv.slice(2);
const shots = screenshotDir();


await journey(async (browser) => {
  const page = await newPage(browser, baseUrl, { session: organizerCookie });
  await page.goto(`${baseUrl}/mon-espace`);
  await page.getByRole('link', { name: 'Sécurité du compte' }).click();
  await page.getByRole('heading', { name: 'Sécurité du compte', level: 1 }).waitFor();
  await page.getByRole('button', { name: 'Configurer une application' }).click();
  const qr = page.getByRole('img', { name: /Code QR à scanner/ });
  await qr.waitFor();
  expect(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code is drawn');
  const key = (await page.locator('code.key').innerText()).replace(/\s/g, '');
  expect(/^[A-Z2-7]{32}$/.test(key), `a base32 key to type by hand: ${key}`);
  await axe(page, 'the enrolment step');
  await page.screenshot({ path: `${shots}/security-enrol-fr-phone.png`, fullPage: true });

  await page.getByLabel(/^Code à 6 chiffres affiché/).fill('000000' === (await ask(`CODE ${key} 0?`)) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByText(/Ce code ne convient pas/).waitFor();
  page.problems = page.problems.filter((p) => !p.includes('status of 400')); // the wrong code, on purpose
  say('a wrong first code is refused with a sentence');
  await page.getByLabel(/^Code à 6 chiffres affiché/).fill(await ask(`CODE ${key} 0?`));
  await page.getByRole('button', { name: 'Activer' }).click();
  await page.getByText('L’application d’authentification est activée.').waitFor();
  const codes = page.getByRole('list', { name: 'Codes de secours' }).getByRole('listitem');
  expect((await codes.count()) === 10, 'ten recovery codes are shown once');
  const recovery = (await codes.first().innerText()).trim();
  await axe(page, 'the recovery codes');
  await page.screenshot({ path: `${shots}/security-recovery-codes-fr-phone.png`, fullPage: true });
  await page.getByRole('link', { name: 'J’ai noté mes codes, continuer' }).click();
  await page.getByRole('heading', { name: 'Mon espace', level: 1 }).waitFor();
  assertNoProblems(page);
  say('the organizer turned the app on');

  // Someone with a sign-in link from the organizer's mailbox.
  for (const [locale, heading, field, wrong, contacts] of [
    ['fr-FR', 'Code de votre application d’authentification', /^Code à 6 chiffres/, /Ce code ne convient pas/, 'Contacts'],
    ['en-GB', 'Code of your authenticator app', /^6-digit code/, /This code does not fit/, 'Contacts'],
  ]) {
    const other = await newPage(browser, baseUrl, { locale, session: await ask('SESSION?') });
    await other.goto(`${baseUrl}/admin/contacts`);
    await other.getByRole('heading', { name: heading, level: 1 }).waitFor();
    expect(other.url().includes('/connexion/code'), `sent to the code page: ${other.url()}`);
    await other.getByLabel(field).fill('123456');
    await other.getByRole('button', { name: locale === 'fr-FR' ? 'Valider' : 'Confirm' }).click();
    await other.getByText(wrong).waitFor();
    // Expected refusals: the staff page's 403 that sent here, and the wrong code's 400.
    other.problems = other.problems.filter((p) => !p.includes('status of 400') && !p.includes('status of 403'));
    await axe(other, `the code page (${locale})`);
    await other.screenshot({ path: `${shots}/second-factor-${locale.substring(0, 2)}-phone.png`, fullPage: true });
    if (locale === 'fr-FR') {
      await other.getByLabel(field).fill(await ask(`CODE ${key} 1?`));
    } else {
      // The app's codes of this minute are spent: a recovery code, once.
      await other.getByRole('button', { name: 'Use a recovery code' }).click();
      await other.getByLabel(/^Recovery code/).fill(recovery);
    }
    await other.getByRole('button', { name: locale === 'fr-FR' ? 'Valider' : 'Confirm' }).click();
    await other.getByRole('heading', { name: contacts, level: 1 }).waitFor();
    expect(other.url().endsWith('/admin/contacts'), `back where they were going: ${other.url()}`);
    assertNoProblems(other);
    say(`${locale}: the code page stood between the link and the contact database`);
  }
  say('OK');
});
