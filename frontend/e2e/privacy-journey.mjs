// Every public page, anonymous: it loads nothing from any server but the site and the configured
// tile server, carries the security headers, and has no serious accessibility fault. Then a
// supporter reads their data, stops the mailings and deletes their account; an admin reviews the
// access log. Driven by PrivacyJourneyBrowserTest (real backend, MariaDB, GreenMail).
// An imported contact leaves the file from their first-contact notice's link.
// Usage: node e2e/privacy-journey.mjs <baseUrl> <groupSlug> <eventSlug> <supporterCookie> <adminCookie> <contactId> <objectionPath>
import { readFile } from 'node:fs/promises';
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, groupSlug, eventSlug, supporterCookie, adminCookie, contactId, objectionPath] = process.argv.slice(2);
const shots = screenshotDir();


await journey(async (browser) => {
  const config = await (await fetch(baseUrl + '/api/config')).json();
  const tileOrigin = new URL(config.tiles.url.replace(/\{[a-z]\}/g, '0')).origin;
  const pages = ['/', '/je-soutiens', '/connexion', '/groupes', `/groupes/${groupSlug}`, '/agir', `/actions/${eventSlug}`, '/carte',
    '/confidentialite', '/credits', '/signaler', '/embed/map', '/embed/counters', '/page-qui-n-existe-pas'];
  const page = await newPage(browser, baseUrl);
  let tiles = 0;
  page.on('request', (req) => {
    if (req.url().startsWith(tileOrigin)) tiles++;
  });
  for (const path of pages) {
    const response = await page.goto(baseUrl + path, { waitUntil: 'networkidle' });
    const headers = response.headers();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp.includes("script-src 'self'") && !csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'), `${path}: strict CSP, got ${csp}`);
    expect(csp.includes(path.startsWith('/embed/') ? 'frame-ancestors *' : "frame-ancestors 'none'"), `${path}: frame-ancestors`);
    expect(headers['x-content-type-options'] === 'nosniff', `${path}: nosniff`);
    expect(headers['referrer-policy'] === 'same-origin', `${path}: referrer policy`);
    await page.locator('h1, [data-counter], .leaflet-container').first().waitFor();
    await axe(page, path);
  }
  expect(tiles > 0, 'the map asked the configured tile server for tiles');
  assertNoProblems(page);   // no request anywhere but the site and the tile server, no console error (CSP violations show there)
  await page.goto(baseUrl + '/confidentialite', { waitUntil: 'networkidle' });
  await page.getByRole('heading', { name: 'Qui traite vos données' }).waitFor();
  await page.screenshot({ path: `${shots}/privacy-notice-fr-phone.png`, fullPage: true });

  // A supporter: their data, their consents, then their account deleted.
  const me = await newPage(browser, baseUrl, { session: supporterCookie });
  await me.goto(baseUrl + '/mon-espace');
  await me.getByRole('heading', { name: 'Mes données et mes accords' }).waitFor();
  const mailing = me.getByRole('checkbox', { name: /Je reçois par e-mail/ });
  expect(await mailing.isChecked(), 'mailings consented at sign-up');
  await mailing.uncheck();
  await me.getByText('C’est noté : vous ne recevrez plus les envois du mouvement.'.replace(' :', '\u00a0:')).waitFor();
  await me.getByText('Historique de mes accords').click();
  await axe(me, 'my space');
  await me.getByRole('heading', { name: 'Mes données et mes accords' }).scrollIntoViewIfNeeded();
  await me.screenshot({ path: `${shots}/me-data-fr-phone.png`, fullPage: true });
  await me.getByRole('link', { name: 'Lire toutes mes données' }).click();
  await me.getByRole('heading', { level: 1, name: /Vos données personnelles chez/ }).waitFor();
  await me.getByRole('heading', { name: 'Vos accords' }).waitFor();
  await me.screenshot({ path: `${shots}/me-data-export-fr-phone.png`, fullPage: true });
  await me.goto(baseUrl + '/mon-espace');
  await me.getByRole('button', { name: 'Supprimer mon compte…' }).click();
  const erase = me.getByRole('button', { name: 'Supprimer définitivement' });
  expect(await erase.isDisabled(), 'nothing happens before the word is typed');
  await me.getByLabel('Pour confirmer, tapez SUPPRIMER').fill('supprimer');
  await erase.click();
  await me.getByText('Votre compte et vos données ont été effacés.', { exact: false }).waitFor();
  await me.screenshot({ path: `${shots}/me-erased-fr-phone.png`, fullPage: true });
  expect((await ask('ERASED?')) === 'yes', 'the account is gone from the database');
  assertNoProblems(me);

  // An admin browses the contact table, opens a record, then reads the access log: both are in it.
  const admin = await newPage(browser, baseUrl, { session: adminCookie, width: 1280, height: 900 });
  await admin.goto(baseUrl + '/admin/contacts');
  await admin.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await admin.goto(baseUrl + '/admin/contacts/' + contactId);
  await admin.getByRole('heading', { name: 'Historique' }).waitFor();
  await admin.getByRole('link', { name: 'Journal des accès' }).click();
  await admin.getByRole('heading', { name: 'Journal des accès' }).waitFor();
  await admin.getByRole('cell', { name: 'Fiche consultée' }).first().waitFor();
  await admin.getByRole('cell', { name: 'Personne effacée' }).first().waitFor();
  await admin.getByRole('cell', { name: 'Tableau des contacts lu' }).first().waitFor();
  await axe(admin, 'the access log');
  // the DPO's copy of the log, as a CSV file; the download shows in the log at once
  const [logFile] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Télécharger le journal (CSV)' }).click()]);
  const logCsv = await readFile(await logFile.path(), 'utf8');
  expect(logCsv.includes('person.view') && logCsv.includes('staff.signin'), 'the file holds the accesses: ' + logCsv.slice(0, 300));
  await admin.getByRole('cell', { name: 'Journal des accès téléchargé' }).first().waitFor();
  // the record of processing, pre-filled from the instance, to read and download
  await admin.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Registre des traitements' }).click();
  await admin.getByRole('heading', { name: 'Registre des activités de traitement (article 30 du RGPD)' }).waitFor();
  await admin.getByRole('heading', { name: 'Traitement 3\u00a0: le fichier de contacts importés' }).waitFor();
  await axe(admin, 'the record of processing');
  await admin.screenshot({ path: `${shots}/admin-record-desktop.png`, fullPage: true });
  const [recordFile] = await Promise.all([admin.waitForEvent('download'), admin.getByRole('button', { name: 'Télécharger le registre (Markdown)' }).click()]);
  expect((await readFile(await recordFile.path(), 'utf8')).startsWith('# Registre des activités de traitement'), 'the record downloads as Markdown');
  expect(/^registre-des-traitements-\d{4}-\d{2}-\d{2}\.md$/.test(recordFile.suggestedFilename()), recordFile.suggestedFilename());
  await admin.screenshot({ path: `${shots}/admin-access-log-desktop.png`, fullPage: true });
  assertNoProblems(admin);

  // The same log on a phone, in French and in English.
  for (const [locale, heading, read] of [['fr-FR', 'Journal des accès', 'Tableau des contacts lu'], ['en-GB', 'Access log', 'Contacts table read']]) {
    const phone = await newPage(browser, baseUrl, { session: adminCookie, locale });
    await phone.goto(baseUrl + '/admin/journal-des-acces');
    await phone.getByRole('heading', { name: heading }).waitFor();
    await phone.getByText(read).first().scrollIntoViewIfNeeded();
    await phone.screenshot({ path: `${shots}/admin-access-log-${locale.slice(0, 2)}-phone.png` });
    assertNoProblems(phone);
  }

  // An imported contact follows their first-contact notice's link: the signed part leaves the
  // address bar at once, nothing happens until they confirm, then they are out of the file.
  const imported = await newPage(browser, baseUrl, {});
  await imported.goto(baseUrl + objectionPath);
  await imported.getByRole('heading', { name: 'Ne plus figurer dans notre fichier' }).waitFor();
  await imported.waitForFunction(() => !location.hash, null, { timeout: 5000 });
  expect((await ask('OBJECTED?')) === 'no', 'opening the link erases nobody');
  await axe(imported, 'the objection page');
  await imported.screenshot({ path: `${shots}/objection-fr-phone.png`, fullPage: true });
  await imported.getByRole('button', { name: 'Effacer mes coordonnées' }).click();
  await imported.getByText('C’est fait\u00a0: vos coordonnées sont effacées de notre fichier.').waitFor();
  expect((await ask('OBJECTED?')) === 'yes', 'the contact is erased once confirmed');
  const broken = await newPage(browser, baseUrl, { locale: 'en-GB' });
  await broken.goto(baseUrl + '/opposition');
  await broken.getByText('This link is incomplete').waitFor();
  expect(await broken.getByRole('button', { name: 'Erase my details' }).isDisabled(), 'no link, no button');
  assertNoProblems(imported);
  assertNoProblems(broken);
  say('OK');
});
