// An admin finds people in the contact database: a text search, then the segment builder (the
// count follows each change), saves the segment, creates a tag and tags everyone the filter
// selects, then opens a person and finds the tag in their history. Driven by ContactsJourneyBrowserTest.
// Usage: node e2e/contacts-journey.mjs <baseUrl> <adminCookie> <run>
import AxeBuilder from '@axe-core/playwright';
import { assertNoProblems, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, adminCookie, run] = process.argv.slice(2);
const shots = screenshotDir();

async function axe(page, what) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const issues = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(issues.length === 0, `accessibility of ${what}: ` + issues.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(', ')})`).join('; '));
}

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

  await page.getByRole('link', { name: 'Étiquettes' }).click();
  await page.getByRole('heading', { name: 'Étiquettes', level: 1 }).waitFor();
  await page.getByLabel(/^Nom/).first().fill(`Tractage ${run}`);
  await page.getByRole('button', { name: 'Créer l’étiquette' }).click();
  await page.getByText(`Étiquette « Tractage ${run} » créée.`).waitFor();
  await axe(page, 'the tags page');

  await page.getByRole('link', { name: '← Contacts' }).click();
  await page.getByLabel(/^Nom, prénom ou adresse e-mail/).fill(run);
  await page.getByLabel('Partir d’un segment enregistré').selectOption({ label: `Jeunes ${run}` });
  await page.getByText('1 personne correspond').waitFor();
  await page.getByLabel('Étiquette', { exact: true }).selectOption({ label: `Tractage ${run}` });
  await page.getByLabel('À qui').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Ajouter l’étiquette' }).click();
  await page.getByText(`« Tractage ${run} » ajoutée à 1 personne.`).waitFor();

  await page.getByRole('link', { name: `Young ${run} Inès` }).click();
  await page.getByRole('heading', { name: `Inès Young ${run}` }).waitFor();
  await page.getByText(`Étiquetée « Tractage ${run} »`).waitFor();
  await page.screenshot({ path: `${shots}/contact-fr-phone.png`, fullPage: true });
  await axe(page, 'the person page');
  assertNoProblems(page);
  say('segment saved, tag applied, history shows it');
  say('OK');
});
