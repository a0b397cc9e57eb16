// A supporter founds a group through the form; it is public at once, found near its postal code
// and counted; a second supporter joins it sharing their contact; the founder sees that contact.
// Hostile Markdown in the description does not run. Driven by GroupJourneyBrowserTest.
// The founder writes to the members (the mail is caught); the member reports the group; an admin hides it from the moderation queue; it is gone for all.
// Usage: node e2e/group-journey.mjs <baseUrl> <founderCookie> <memberCookie> <memberEmail> <groupName> <adminCookie>
import { createServer } from 'node:http';
import AxeBuilder from '@axe-core/playwright';
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, founderCookie, memberCookie, memberEmail, groupName, adminCookie] = process.argv.slice(2);
const shots = screenshotDir();

await journey(async (browser) => {
  const founder = await newPage(browser, baseUrl, { session: founderCookie });
  await founder.goto(baseUrl + '/');
  await founder.getByRole('link', { name: 'Groupes', exact: true }).click();
  await founder.getByRole('heading', { name: 'Groupes près de chez moi' }).waitFor();
  await founder.getByRole('link', { name: 'Fonder un groupe' }).click();
  await founder.getByRole('heading', { name: 'Fonder un groupe' }).waitFor();
  await founder.getByLabel('Nom du groupe').fill(groupName);
  await founder.getByLabel(/^Présentation/).fill(
    'Nous tractons **chaque samedi** au marché.\n\n<img src=x onerror="window.__xss=1">\n\n[piège](javascript:window.__xss=2)');
  await founder.getByLabel('Code postal').fill('13001');
  await founder.getByLabel(/^Adresse de rendez-vous/).fill('Place du marché');
  await founder.screenshot({ path: `${shots}/group-form-fr-phone.png`, fullPage: true });
  await founder.getByRole('button', { name: 'Publier le groupe' }).click();

  await founder.getByRole('heading', { name: groupName }).waitFor();
  expect(/\/groupes\/[a-z0-9-]+$/.test(founder.url()), 'the group has a readable address: ' + founder.url());
  await founder.locator('.group-page__description strong', { hasText: 'chaque samedi' }).waitFor();
  await founder.locator('.leaflet-marker-icon').waitFor();
  expect((await founder.evaluate(() => window.__xss)) === undefined, 'hostile markup in the description ran');
  await founder.getByText('Vous êtes fondateur·rice de ce groupe.').waitFor();
  await founder.screenshot({ path: `${shots}/group-page-founder-fr-phone.png`, fullPage: true });
  const groupUrl = founder.url();

  const visitor = await newPage(browser, baseUrl, { width: 1280, height: 900 });
  await visitor.goto(baseUrl + '/groupes?near=13001&radiusKm=5&q=' + encodeURIComponent(groupName));
  await visitor.getByRole('link', { name: groupName }).waitFor();
  await visitor.screenshot({ path: `${shots}/group-list-fr-desktop.png`, fullPage: true });
  const axeList = await new AxeBuilder({ page: visitor }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const listIssues = axeList.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(listIssues.length === 0, 'accessibility of the list: ' + listIssues.map((v) => `${v.id}: ${v.help}`).join('; '));
  await visitor.goto(baseUrl + '/');
  await visitor.locator('[data-counter="groups"] .counters-panel__figure').getByText(/^[1-9]/).waitFor();

  const member = await newPage(browser, baseUrl, { session: memberCookie });
  await member.goto(groupUrl);
  await member.getByRole('heading', { name: groupName }).waitFor();
  const axePage = await new AxeBuilder({ page: member }).withTags(['wcag2a', 'wcag2aa']).analyze();
  const pageIssues = axePage.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(pageIssues.length === 0, 'accessibility of the group page: ' + pageIssues.map((v) => `${v.id}: ${v.help}`).join('; '));
  await member.getByRole('checkbox', { name: /J’accepte que les animateurs/ }).check();
  await member.getByRole('button', { name: 'Rejoindre le groupe' }).click();
  await member.getByText('Bienvenue dans le groupe').waitFor();
  await member.getByText('2 membres').waitFor();
  await member.screenshot({ path: `${shots}/group-page-member-fr-phone.png`, fullPage: true });

  await founder.reload();
  await founder.getByRole('heading', { name: 'Membres', exact: true }).waitFor();
  await founder.getByRole('link', { name: memberEmail }).waitFor();
  await founder.screenshot({ path: `${shots}/group-members-fr-phone.png`, fullPage: true });

  await founder.getByLabel('Objet').fill('Rendez-vous samedi');
await founder.getByLabel(/^Message/).fill('Rendez-vous à 10 h devant la mairie.');
await founder.getByRole('button', { name: 'Envoyer aux membres' }).click();
await founder.getByText('Message envoyé à 2 membres.').waitFor();
expect((await ask('MESSAGE_CAUGHT?')) === 'yes', 'the member got the group message by mail');

// the group on its own site: the embed builder gives the iframe, previewed in a 320 px column
await member.goto(baseUrl + '/integrer');
await member.getByLabel('Quoi').selectOption({ label: 'Un groupe et ses prochaines actions' });
await member.getByLabel(/^Le groupe/).fill(groupUrl);
await member.getByLabel('Largeur').selectOption({ label: '320 px' });
const preview = member.frameLocator('.embed-preview__frame');
await preview.getByRole('heading', { name: groupName }).waitFor();
const code = await member.locator('#embed-code').inputValue();
expect(code.includes(`${baseUrl}/embed/groupes/`) && code.includes('data-cortege-embed'), 'the iframe code: ' + code);
await member.screenshot({ path: `${shots}/embed-builder-fr-phone.png`, fullPage: true });
await axe(member, 'the embed builder');
// a host page with the resizer: the iframe takes its content's height
const resizer = await member.locator('#embed-resizer').inputValue();
// another site's page, served by a server of its own on this machine (another origin; our CSP does not apply to it)
const host = createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
  res.end(`<!doctype html><html lang="fr"><title>Hôte</title><body><p>Notre blog</p>${code}${resizer}</body></html>`);
});
await new Promise((resolve) => host.listen(0, '127.0.0.1', resolve));
const hostUrl = `http://127.0.0.1:${host.address().port}/`;
await member.goto(hostUrl);
await member.frameLocator('iframe[data-cortege-embed]').getByRole('heading', { name: groupName }).waitFor();
await member.waitForFunction(() => {
  const f = document.querySelector('iframe[data-cortege-embed]');
  return f && f.style.height && f.style.height !== '420px';
});
member.problems = member.problems.filter((p) => !p.includes(hostUrl)); // the host page is the one "third party" here
host.close();
await member.goto(groupUrl);

await member.getByRole('button', { name: 'Signaler ce groupe' }).click();
await member.getByLabel('Motif').selectOption('hate');
await member.getByLabel(/^Précisions/).fill('Un message haineux dans la présentation.');
await member.getByRole('button', { name: 'Envoyer le signalement' }).click();
await member.getByText('Merci, votre signalement a été transmis').waitFor();

const admin = await newPage(browser, baseUrl, { session: adminCookie, width: 1280, height: 900 });
await admin.goto(baseUrl + '/');
await admin.getByRole('link', { name: 'Modération' }).click();
const report = admin.locator('article', { hasText: groupName });
await report.getByText('Un message haineux dans la présentation.').waitFor();
await admin.screenshot({ path: `${shots}/moderation-queue-fr-desktop.png`, fullPage: true });
await report.getByRole('button', { name: 'Masquer le groupe' }).click();
await admin.getByText('Indiquez d’abord la raison de votre décision.').waitFor();
await report.getByLabel('Raison de votre décision').fill('Propos haineux');
// hiding is asked twice: the first time the admin changes their mind
let asked = '';
admin.once('dialog', (d) => { asked = d.message(); d.dismiss(); });
await report.getByRole('button', { name: 'Masquer le groupe' }).click();
await admin.waitForTimeout(300);
expect(asked.includes(groupName), 'the confirmation names the group: ' + asked);
expect(!(await admin.getByText('Le groupe est masqué.').isVisible()), 'nothing hidden after a "no"');
admin.once('dialog', (d) => d.accept());
await report.getByRole('button', { name: 'Masquer le groupe' }).click();
await admin.getByText('Le groupe est masqué.').waitFor();
await admin.getByRole('cell', { name: 'Propos haineux' }).first().waitFor();
await admin.getByRole('table').getByRole('link', { name: groupName }).first().waitFor(); // the log names the group

// its founder still reads it, told why; anyone else finds it gone
await founder.goto(groupUrl);
await founder.getByText('Ce groupe est masqué par la modération.').waitFor();
await founder.getByText('Raison : Propos haineux').waitFor();
expect((await founder.getByRole('button', { name: 'Rétablir' }).count()) === 0, 'only an admin restores');
await founder.screenshot({ path: `${shots}/group-hidden-founder-fr-phone.png`, fullPage: true });

await visitor.goto(groupUrl);
await visitor.getByText('Ce groupe a été masqué par la modération.').waitFor();
await visitor.screenshot({ path: `${shots}/group-hidden-fr-desktop.png`, fullPage: true });
// The 410 of the hidden group is the point of that step; Chromium logs it as a console error.
visitor.problems = visitor.problems.filter((p) => !p.includes('status of 410'));

// the admin restores it from its page, saying why
await admin.goto(groupUrl);
await admin.getByText('Ce groupe est masqué par la modération.').waitFor();
await admin.getByRole('button', { name: 'Rétablir' }).click();
await admin.getByText('Indiquez d’abord la raison de votre décision.').waitFor();
await admin.getByLabel('Raison de votre décision').fill('Erreur de lecture');
await admin.getByRole('button', { name: 'Rétablir' }).click();
await admin.getByText('Ce groupe est masqué par la modération.').waitFor({ state: 'detached' });
await visitor.goto(groupUrl);
await visitor.getByRole('heading', { name: groupName }).waitFor();

for (const page of [founder, visitor, member, admin]) assertNoProblems(page);
  say('OK');
});
