// A rogue organizer of Corse-du-Sud tries, from the pages, what the trust-boundary issue closed:
// taking over an account by changing its address, deleting the segment under a scheduled mailing,
// copying the contact table page after page, and importing an address known elsewhere. Each is
// refused with a sentence a person understands. Driven by HostileOrganizerJourneyBrowserTest.
// Usage: node e2e/hostile-organizer-journey.mjs <baseUrl> <organizerCookie> <contactId> <victimEmail> <segmentName> <run>
import { assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, organizerCookie, contactId, victimEmail, segmentName, run] = process.argv.slice(2);
const shots = screenshotDir();

/** Drops the console's record of refusals the journey provokes on purpose. */
function expected(page, ...statuses) {
  page.problems = page.problems.filter((p) => !statuses.some((s) => p.includes(`status of ${s}`)));
}

await journey(async (browser) => {
  const page = await newPage(browser, baseUrl, { session: organizerCookie, width: 1280, height: 900 });

  // 1. Taking over an account: only admins change an address; the page says so instead of offering it.
  await page.goto(`${baseUrl}/admin/contacts/${contactId}`);
  await page.getByRole('heading', { name: 'Coordonnées' }).waitFor();
  const email = page.getByLabel(/^Adresse e-mail/);
  expect(await email.getAttribute('readonly') !== null, 'the address is read-only for an organizer');
  await page.getByText(/Seul un administrateur peut changer l’adresse e-mail d’une personne/).waitFor();
  // And the API refuses it all the same, with the sentence, to whoever sends it by hand.
  const refused = await page.evaluate(async ([id, run]) => {
    const r = await fetch(`/api/admin/people/${id}`, { method: 'PATCH', headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify({ email: `repris-${run}@exemple.org` }) });
    return { status: r.status, body: await r.text() };
  }, [contactId, run]);
  expect(refused.status === 403 && refused.body.includes('Seul un administrateur'), `the API refuses: ${refused.status} ${refused.body}`);
  expected(page, 403);
  await email.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${shots}/hostile-email-change-fr.png` });
  say('the address change is refused with a sentence');

  // 2. Widening a scheduled mailing by deleting its segment.
  await page.goto(`${baseUrl}/admin/contacts`);
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await page.getByLabel('Partir d’un segment enregistré').selectOption({ label: segmentName });
  page.once('dialog', (dialog) => dialog.accept());
  await page.getByRole('button', { name: 'Supprimer ce segment' }).click();
  await page.getByText(/Ce segment est le public d’un envoi programmé ou en cours/).waitFor();
  expected(page, 409);
  say('the segment under a scheduled mailing stays');

  // 3. Copying the table page after page: it stops at 2 000 rows and says what to do instead.
  await page.getByLabel('Partir d’un segment enregistré').selectOption({ label: 'Aucun (nouveau filtre)' });
  const next = page.getByRole('button', { name: 'Page suivante' });
  await page.getByText(/^\d.\d{3} personnes, page 1 sur 40$/).waitFor();
  for (let i = 0; i < 45 && (await next.isEnabled()); i++) {
    await next.click();
  }
  await page.getByText('Page 40 sur 40', { exact: true }).waitFor();
  await page.getByText(/Le tableau s’arrête à 2.000 personnes/).waitFor();
  expect(await next.isDisabled(), 'no page past 2 000 rows');
  await page.screenshot({ path: `${shots}/hostile-deep-paging-fr.png` });
  say('deep paging stops with a sentence');

  // 4. Importing an address known outside the territory: counted as new (no oracle), then refused.
  await page.goto(`${baseUrl}/admin/imports`);
  await page.getByLabel('Fichier CSV').setInputFiles({
    name: 'liste.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`email;code postal;prénom;nom\n${victimEmail};20000;Vic;Time\nnina-${run}@exemple.org;20000;Nina;Neuve\n`),
  });
  await page.getByRole('button', { name: 'Envoyer le fichier' }).click();
  await page.getByRole('button', { name: 'Vérifier le fichier' }).click();
  await page.getByText('2 nouvelles fiches').waitFor();
  await page.getByText('0 fiche existante complétée').waitFor(); // the address known in Paris counts as new: no oracle
  // where the people come from is declared first: a bought list is refused, saying why, before anything is sent
  await page.getByRole('button', { name: 'Importer 2 lignes' }).click();
  await page.getByText('Dites d’où viennent ces personnes').waitFor(); // nothing declared: the fields say what is missing
  page.problems = page.problems.filter((p) => !(p.includes('status of 400') && p.includes('/start')));
  await page.getByLabel('Origine du fichier').selectOption('bought-or-rented');
  await page.getByText('Un fichier acheté ou loué ne peut pas être importé').waitFor();
  expect(await page.getByRole('button', { name: 'Importer 2 lignes' }).isDisabled(), 'no import of a bought list');
  await page.getByLabel('Origine du fichier').selectOption('other');
  await page.getByLabel('Précisez l’origine').fill('Pétition du marché de Bastia, printemps 2026');
  await page.getByLabel('Base légale').selectOption('regular-contact');
  await page.getByLabel(/J’atteste que ces personnes/).check();
  await axe(page, 'the import declaration');
  await page.screenshot({ path: `${shots}/import-declaration-fr.png`, fullPage: true });
  await page.getByRole('button', { name: 'Importer 2 lignes' }).click();
  await page.getByRole('region', { name: 'Import terminé' }).getByText(/créées.: 1 · complétées.: 0 · laissées.: 0 · refusées.: 1/).waitFor({ timeout: 20000 });
  const done = page.getByRole('region', { name: 'Import terminé' });
  await done.getByText('Lignes refusées et pourquoi').click();
  await done.getByText(/Ligne 2.+Cette ligne ne peut pas être importée depuis votre compte/).waitFor();
  await page.screenshot({ path: `${shots}/hostile-import-fr.png`, fullPage: true });
  say('the address known elsewhere is refused without a word about where');
  assertNoProblems(page);
  say('OK');
});
