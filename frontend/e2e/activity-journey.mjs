// The engagement loop's feed, in the browser: a member chooses to hear of their group's new actions by mail at
// once; the group publishes one; the bell in the header counts it and its page shows it (read once shown); the
// mail's "stop these mails" link, opened without a session, turns that mail off in one press, and the settings
// page says so. Driven by ActivityJourneyBrowserTest (real backend, MariaDB, GreenMail), which answers PUBLISH?
// with the new action's title and STOP? with the stop link of the mail it brought.
// Usage: node e2e/activity-journey.mjs <baseUrl> <member's session cookie> <group name>
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, session, groupName] = process.argv.slice(2);
const shots = screenshotDir();

await journey(async (browser) => {
  const member = await newPage(browser, baseUrl, { session });
  await member.goto(baseUrl + '/mon-espace/notifications');
  await member.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  const choice = member.getByLabel('Nouvelles actions de mes groupes');
  expect((await choice.inputValue()) === 'daily', 'new actions come in the daily digest by default');
  await choice.selectOption('immediate');
  await member.getByText('Enregistré\u00a0: Nouvelles actions de mes groupes.').waitFor();
  // a kind that cannot be turned off says so instead of offering a switch
  await member.getByText('Une action où je vais est annulée').waitFor();
  expect((await member.getByLabel('Une action où je vais est annulée').count()) === 0, 'no switch for a mandatory kind');
  await member.getByRole('button', { name: `Mettre en sourdine – ${groupName}` }).waitFor();
  await axe(member, 'the notification settings');
  await member.screenshot({ path: `${shots}/activity-settings-fr-phone.png`, fullPage: true });

  const title = await ask('PUBLISH?');
  await member.goto(baseUrl + '/mon-espace');
  const bell = member.getByRole('link', { name: /^Fil d’activité, \d+ nouveautés?$/ });
  await bell.waitFor();
  const feedOnMe = member.getByRole('region', { name: 'Fil d’activité' });
  await feedOnMe.getByRole('link', { name: new RegExp(`^Nouvelle action de ${groupName}\\s:\\s«\\s${title}\\s»`) }).waitFor();
  await member.screenshot({ path: `${shots}/activity-me-fr-phone.png`, fullPage: false });
  await bell.click();
  await member.waitForURL(/\/mon-espace\/activite$/);
  await member.getByRole('link', { name: 'Fil d’activité, rien de nouveau' }).waitFor(); // read once shown
  await axe(member, 'the activity feed');
  await member.screenshot({ path: `${shots}/activity-feed-fr-phone.png`, fullPage: true });
  await member.getByRole('link', { name: new RegExp(`«\\s${title}\\s»`) }).click();
  await member.getByRole('heading', { name: title }).waitFor();

  // The mail's stop link, in a browser without the member's session.
  const stop = await ask('STOP?');
  const visitor = await newPage(browser, baseUrl);
  await visitor.goto(stop);
  await visitor.getByText('Vous ne recevrez plus d’e-mail pour\u00a0: Nouvelles actions de mes groupes.').waitFor();
  expect(!visitor.url().includes('#'), 'the signed link leaves the address bar: ' + visitor.url());
  await axe(visitor, 'the stop page');
  await visitor.getByRole('button', { name: 'Ne plus recevoir ces e-mails' }).click();
  await visitor.getByText(/^C’est fait\u00a0: plus d’e-mail pour Nouvelles actions de mes groupes\./).waitFor();
  await visitor.screenshot({ path: `${shots}/activity-stop-fr-phone.png`, fullPage: true });
  await member.goto(baseUrl + '/mon-espace/notifications');
  await member.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  await member.waitForFunction(() => document.querySelectorAll('select').length > 0);
  expect((await member.getByLabel('Nouvelles actions de mes groupes').inputValue()) === 'off', 'the switch the link turned off');

  const english = await newPage(browser, baseUrl, { session, locale: 'en-GB', width: 1280, height: 900 });
  await english.goto(baseUrl + '/mon-espace/activite');
  await english.getByRole('link', { name: new RegExp(`^New action of ${groupName}: “${title}”`) }).waitFor();
  await english.screenshot({ path: `${shots}/activity-feed-en-desktop.png`, fullPage: true });

  for (const page of [member, visitor, english]) assertNoProblems(page);
  say('OK');
});
