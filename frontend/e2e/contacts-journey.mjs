// An admin finds people in the contact database: a text search, then the segment builder (the
// count follows each change), saves the segment, creates a tag and tags everyone the filter
// selects, opens a person and finds the tag in their history, then sends a mailing to the saved
// segment and watches it go out (the mail is caught by GreenMail). Driven by ContactsJourneyBrowserTest.
// Usage: node e2e/contacts-journey.mjs <baseUrl> <adminCookie> <run>
import { readFile } from 'node:fs/promises';
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, adminCookie, run] = process.argv.slice(2);
const shots = screenshotDir();


await journey(async (browser) => {
  const page = await newPage(browser, baseUrl, { session: adminCookie });
  await page.goto(`${baseUrl}/admin/contacts`);
  await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
  await page.getByLabel(/^Nom, prénom ou adresse e-mail/).fill(run);
  await page.getByText('3 personnes correspondent').waitFor();
  say('the text search narrows to the three fixtures');

  await page.getByRole('button', { name: '+ Ajouter une condition' }).click();
  await page.getByText('1 personne correspond').waitFor(); // age 18–35 by default: Inès
  await page.getByLabel(/^Âge maximum/).fill('50');
  await page.getByText('2 personnes correspondent').waitFor();
  await page.getByLabel(/^Âge maximum/).fill('35');
  await page.getByText('1 personne correspond').waitFor();
  const table = page.getByRole('region', { name: /^1 personne, page 1 sur 1/ });
  await table.getByRole('link', { name: `Young ${run} Inès` }).waitFor();
  await page.screenshot({ path: `${shots}/contacts-segment-fr-phone.png`, fullPage: true });
  await axe(page, 'the contacts page');

  await page.getByLabel(/^Nom du segment/).fill(`Jeunes ${run}`);
  await page.getByRole('button', { name: 'Enregistrer comme nouveau segment' }).click();
  await page.getByText(`Segment « Jeunes ${run} » enregistré`).waitFor();

  const adminNav = page.getByRole('navigation', { name: 'Administration' });
  await adminNav.getByRole('link', { name: 'Étiquettes' }).click();
  await page.getByRole('heading', { name: 'Étiquettes', level: 1 }).waitFor();
  await page.getByLabel(/^Nom/).first().fill(`Tractage ${run}`);
  await page.getByRole('button', { name: 'Créer l’étiquette' }).click();
  await page.getByText(`Étiquette « Tractage ${run} » créée.`).waitFor();
  await axe(page, 'the tags page');

  await adminNav.getByRole('link', { name: 'Contacts' }).click();
  await page.getByLabel(/^Nom, prénom ou adresse e-mail/).fill(run);
  await page.getByLabel('Partir d’un segment enregistré').selectOption({ label: `Jeunes ${run}` });
  await page.getByText('1 personne correspond').waitFor();
  await page.getByLabel('Étiquette', { exact: true }).selectOption({ label: `Tractage ${run}` });
  await page.getByLabel('À qui').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Ajouter l’étiquette' }).click();
  await page.getByText(`« Tractage ${run} » ajoutée à 1 personne.`).waitFor();

  // the CSV of the page's selection, without checking anyone (the default: everyone the filters match)
  await page.getByText('Exporter en CSV').click();
  const [csvFile] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger le fichier CSV' }).click(),
  ]);
  const csv = await readFile(await csvFile.path(), 'utf8');
  expect(csv.includes(`Young ${run}`), 'the file holds the person the filters match: ' + csv.slice(0, 300));
  await page.getByText('Exporter en CSV').click();

  await page.getByRole('link', { name: `Young ${run} Inès` }).click();
  await page.getByRole('heading', { name: `Inès Young ${run}` }).waitFor();
  await page.getByText(`Étiquetée « Tractage ${run} »`).waitFor();
  // she is a member of the movement since the spring: said on her record, with the day
  await page.getByLabel('Cette personne est').selectOption({ label: 'Adhérent·e' });
  await page.getByLabel('Depuis le').fill('2026-04-15');
  await page.getByRole('button', { name: 'Enregistrer le lien' }).click();
  await page.getByText('Lien avec le mouvement enregistré.').waitFor();
  await page.getByText('Adhérent·e depuis le 15 avril 2026').waitFor();
  await page.screenshot({ path: `${shots}/contact-fr-phone.png`, fullPage: true });
  await axe(page, 'the person page');
  say('segment saved, tag applied, member marked, history shows it');

  // The tag itself becomes a segment: what the mailing goes to.
  await adminNav.getByRole('link', { name: 'Contacts' }).click();
  await page.getByText(/personnes? correspond/).first().waitFor();
  await page.getByRole('button', { name: '+ Ajouter une condition' }).click();
  await page.getByLabel('Condition', { exact: true }).selectOption({ label: 'Étiquette' });
  await page.getByLabel(`Tractage ${run}`).check();
  await page.getByText('1 personne correspond').waitFor();
  await page.getByRole('button', { name: '+ Ajouter une condition' }).click();
  await page.getByLabel('Condition', { exact: true }).last().selectOption({ label: 'Adhérent·e ou contact régulier' });
  await page.getByLabel('Contact régulier').check();
  await page.getByText(/^0 personnes? correspond/).waitFor(); // a member is not a regular contact
  await page.getByLabel('Contact régulier').uncheck();
  await page.getByLabel('Adhérent·e', { exact: true }).check();
  await page.getByText('1 personne correspond').waitFor();
  await page.getByLabel(/^Nom du segment/).fill(`Tractage ${run}`);
  await page.getByRole('button', { name: 'Enregistrer comme nouveau segment' }).click();
  await page.getByText(`Segment « Tractage ${run} » enregistré`).waitFor();

  // A mailing to the saved segment: draft, preview with the count, send, progress until sent.
  page.on('dialog', (dialog) => dialog.accept());
  await adminNav.getByRole('link', { name: 'Envois' }).click();
  await page.getByRole('heading', { name: 'Envois', level: 1 }).waitFor();
  await page.getByRole('link', { name: 'Nouvel envoi' }).click();
  await page.getByLabel('Destinataires').selectOption({ label: `Tractage ${run}` });
  await page.getByLabel(/^Objet/).fill(`Tractage samedi ${run}`);
  await page.getByLabel(/^Texte/).fill('Rendez-vous **samedi à 10 h** devant la mairie.');
  await page.getByRole('button', { name: 'Enregistrer le brouillon' }).click();
  await page.getByText('1 personne le recevra').waitFor();
  await page.locator('.mail-preview strong', { hasText: 'samedi à 10 h' }).waitFor();
  await page.screenshot({ path: `${shots}/campaign-draft-fr-phone.png`, fullPage: true });
  await axe(page, 'the mailing page');
  await page.getByRole('button', { name: 'Envoyer maintenant à 1 personne' }).click();
  await page.getByText('Envoyé', { exact: true }).waitFor({ timeout: 20000 });
  await page.getByText('1 sur 1 traités').waitFor();
  await page.screenshot({ path: `${shots}/campaign-sent-fr-phone.png`, fullPage: true });
  expect((await ask('CAMPAIGN_CAUGHT?')) === 'yes', 'the mailing reached the segment');

  await adminNav.getByRole('link', { name: 'Tableau de bord' }).click();
  await page.getByRole('heading', { name: 'Tableau de bord', level: 1 }).waitFor();
  await page.locator('canvas').first().waitFor();
  await page.getByText('Voir les chiffres').first().click();
  await page.screenshot({ path: `${shots}/dashboard-fr-phone.png`, fullPage: true });
  await axe(page, 'the dashboard');
  assertNoProblems(page);
  say('OK');
});
