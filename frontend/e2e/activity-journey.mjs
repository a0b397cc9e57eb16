// The engagement loop's feed, in the browser: a supporter joins a group from its page, turns push on in their browser and asks for new actions
// by push and by mail at once; the group publishes one; the bell in the header counts it and its page shows it
// (read once shown); the mail's "stop these mails" link, opened without a session, turns that mail off in one
// press, and the settings page says so. Driven by ActivityJourneyBrowserTest (real backend, MariaDB, GreenMail, a
// local push service that checks and decrypts what it gets), which answers PUBLISH? with the new action's title
// and STOP? with the stop link of the mail it brought.
// The browser vendor's push service is out of reach here, so the page's PushManager.subscribe answers with the
// subscription the test made for its local push service (after checking the page asked for a visible-only
// subscription with the site's 65-byte key); everything else (permission, service worker, the page's calls) is real.
// Usage: node e2e/activity-journey.mjs <baseUrl> <member's session cookie> <group name> <group slug> <endpoint> <p256dh> <auth>
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, session, groupName, groupSlug, endpoint, p256dh, auth] = process.argv.slice(2);
const shots = screenshotDir();

await journey(async (browser) => {
  const member = await newPage(browser, baseUrl, { session });
  await member.context().grantPermissions(['notifications'], { origin: new URL(baseUrl).origin });
  await member.addInitScript(({ endpoint, p256dh, auth }) => {
    const subscription = () => ({ endpoint, expirationTime: null, toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh, auth } }),
      unsubscribe: async () => { localStorage.removeItem('test-push'); return true; } });
    PushManager.prototype.subscribe = async function (options) {
      const key = options && options.applicationServerKey;
      if (!options || options.userVisibleOnly !== true || !key || (key.byteLength ?? key.length) !== 65) throw new Error('bad subscribe options');
      localStorage.setItem('test-push', '1');
      return subscription();
    };
    PushManager.prototype.getSubscription = async function () { return localStorage.getItem('test-push') ? subscription() : null; };
  }, { endpoint, p256dh, auth });
  await member.goto(`${baseUrl}/groupes/${groupSlug}`);
  await member.getByRole('button', { name: 'Rejoindre le groupe' }).click();
  await member.getByText('Bienvenue dans le groupe').waitFor();
  await member.goto(baseUrl + '/mon-espace/notifications');
  await member.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  const choice = member.getByLabel('Nouvelles actions de mes groupes', { exact: true });
  expect((await choice.inputValue()) === 'daily', 'new actions come in the daily digest by default');
  await choice.selectOption('immediate');
  await member.getByText('Enregistré\u00a0: Nouvelles actions de mes groupes.').waitFor();
  // push: off until turned on here; then asked for new actions
  await member.getByRole('button', { name: 'Activer sur cet appareil' }).click();
  await member.getByText('Activées sur cet appareil', { exact: true }).waitFor();
  expect(await member.evaluate(async () => !!(await navigator.serviceWorker.getRegistration('/'))), 'the service worker is registered');
  await member.getByRole('checkbox', { name: 'Notification sur mes appareils – Nouvelles actions de mes groupes' }).check();
  await member.getByText('Enregistré\u00a0: Nouvelles actions de mes groupes.').waitFor();
  await member.reload();
  await member.getByText('Activées sur cet appareil', { exact: true }).waitFor(); // the server knows this browser
  expect(await member.getByRole('checkbox', { name: 'Notification sur mes appareils – Nouvelles actions de mes groupes' }).isChecked(),
    'the push choice is kept');
  // a kind that cannot be turned off says so instead of offering a switch
  await member.getByText('Une action où je vais est annulée', { exact: true }).waitFor();
  expect((await member.getByLabel('Une action où je vais est annulée', { exact: true }).count()) === 0, 'no switch for a mandatory kind');
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
  expect((await member.getByLabel('Nouvelles actions de mes groupes', { exact: true }).inputValue()) === 'off', 'the switch the link turned off');

  // A message of the group, read from the feed among the group's messages (members only).
  const subject = await ask('MESSAGE?');
  await member.goto(baseUrl + '/mon-espace/activite');
  await member.getByRole('link', { name: new RegExp(`«\\s${subject}\\s»`) }).click();
  await member.getByRole('heading', { name: 'Messages du groupe', level: 1 }).waitFor();
  await member.getByRole('heading', { name: subject }).waitFor();
  await member.getByText('Rendez-vous à 10 h devant la gare.').waitFor();
  await member.getByRole('link', { name: 'Signaler ce message à la modération' }).first().waitFor();
  await axe(member, 'the group messages');
  await member.screenshot({ path: `${shots}/group-messages-fr-phone.png`, fullPage: true });

  const english = await newPage(browser, baseUrl, { session, locale: 'en-GB', width: 1280, height: 900 });
  await english.goto(baseUrl + '/mon-espace/activite');
  await english.getByRole('link', { name: new RegExp(`^New action of ${groupName}: “${title}”`) }).waitFor();
  await english.screenshot({ path: `${shots}/activity-feed-en-desktop.png`, fullPage: true });

  const englishPhone = await newPage(browser, baseUrl, { session, locale: 'en-GB' });
  await englishPhone.goto(baseUrl + '/mon-espace/notifications');
  await englishPhone.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
  await englishPhone.getByLabel('New actions of my groups', { exact: true }).waitFor();
  await englishPhone.screenshot({ path: `${shots}/activity-settings-en-phone.png`, fullPage: true });
  await englishPhone.goto(baseUrl + '/mon-espace/activite');
  await englishPhone.getByRole('link', { name: new RegExp(`^New action of ${groupName}: “${title}”`) }).waitFor();
  await englishPhone.screenshot({ path: `${shots}/activity-feed-en-phone.png`, fullPage: true });

  for (const page of [member, visitor, english, englishPhone]) assertNoProblems(page);
  say('OK');
});
