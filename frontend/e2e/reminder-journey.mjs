// From "I'll come" to "I came", in the browser, without signing in: the day-before reminder's "Je confirme"
// link confirms at once; its "Je ne peux plus venir" link asks one more click (a mail scanner opening links
// never cancels anyone) and frees the place; after the date, the follow-up's "J'y étais" link leads to the
// one click that says it.
// Driven by ReminderJourneyBrowserTest, which answers CONFIRM?, CANCEL? and FOLLOWUP? with links of real mails.
// Usage: node e2e/reminder-journey.mjs <baseUrl> <manager's session cookie> <action slug>
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, managerSession, slug] = process.argv.slice(2);
const shots = screenshotDir();

await journey(async (browser) => {
  const confirm = await newPage(browser, baseUrl);
  await confirm.goto(await ask('CONFIRM?'));
  await confirm.getByText('Merci, c’est confirmé\u00a0: vous venez.').waitFor();
  expect(!confirm.url().includes('#'), 'the signed fragment leaves the address bar: ' + confirm.url());
  await axe(confirm, 'the reminder page');
  await confirm.screenshot({ path: `${shots}/reminder-confirmed-fr-phone.png`, fullPage: true });

  const cancel = await newPage(browser, baseUrl);
  await cancel.goto(await ask('CANCEL?'));
  await cancel.getByText('Vous ne pouvez plus venir\u00a0? Votre place sera libérée et les organisateurs prévenus.').waitFor();
  await cancel.screenshot({ path: `${shots}/reminder-cancel-ask-fr-phone.png`, fullPage: true });
  await cancel.getByRole('button', { name: 'Oui, libérer ma place' }).click();
  await cancel.getByText('C’est noté\u00a0: votre place est libérée').waitFor();

  const followup = await newPage(browser, baseUrl, { locale: 'en-GB' });
  await followup.goto(await ask('FOLLOWUP?'));
  // Saying what one did takes this click: a scanner opening the mail's links writes nothing.
  await followup.getByRole('button', { name: 'I was there' }).click();
  await followup.getByText('Thank you! Noted, you were there.').waitFor();
  await followup.getByRole('button', { name: 'I couldn’t come' }).waitFor();
  await followup.screenshot({ path: `${shots}/followup-came-en-phone.png`, fullPage: true });

  // The group's manager reads the date's figures beside the list of who came.
  const manager = await newPage(browser, baseUrl, { session: managerSession });
  await manager.goto(`${baseUrl}/actions/${slug}`);
  await manager.getByRole('button', { name: 'Voir la date passée' }).click();
  await manager.getByRole('button', { name: 'Noter les présences' }).click();
  const figures = manager.getByTestId('date-figures');
  await figures.waitFor();
  const said = await figures.innerText();
  expect(said === '1\u00a0réponse · 1\u00a0confirmée la veille · 1\u00a0annulée · 1\u00a0venu·e · aucune absence · 1\u00a0première fois',
    'the date\'s figures: ' + said);
  await manager.getByText('dit être venu·e').waitFor();
  await manager.getByText('première venue').waitFor();
  await axe(manager, 'the past date with its figures');
  await manager.screenshot({ path: `${shots}/date-figures-fr-phone.png`, fullPage: true });

  // The manager tells how it went; a visitor reads it on the action's page.
  await manager.getByRole('button', { name: 'Écrire le compte rendu' }).click();
  await manager.getByLabel('Compte rendu').fill('Belle matinée au marché : **40 tracts** distribués, trois personnes à recontacter.');
  await manager.getByRole('button', { name: 'Publier le compte rendu' }).click();
  await manager.getByRole('region', { name: 'Comment ça s’est passé' }).getByText('40 tracts').waitFor();
  const visitor = await newPage(browser, baseUrl);
  await visitor.goto(`${baseUrl}/actions/${slug}`);
  await visitor.getByRole('button', { name: 'Voir la date passée' }).click();
  await visitor.getByText('0\u00a0présent sur 1\u00a0inscrit').waitFor(); // each number with its own agreement
  const told = visitor.getByRole('region', { name: 'Comment ça s’est passé' });
  await told.locator('strong', { hasText: '40 tracts' }).waitFor();
  expect(await visitor.getByRole('button', { name: 'Écrire le compte rendu' }).count() === 0, 'a visitor cannot write it');
  await visitor.screenshot({ path: `${shots}/date-report-fr-phone.png`, fullPage: true });

  for (const page of [confirm, cancel, followup, manager, visitor]) assertNoProblems(page);
  say('OK');
});
