// A group's manager publishes an action through the form; a supporter finds it on the map by
// postal code (list beside the map), says they come and downloads the .ics; the manager cancels
// the action and the supporter's cancellation mail is caught. Driven by EventJourneyBrowserTest.
// Usage: node e2e/event-journey.mjs <baseUrl> <managerCookie> <groupSlug> <supporterCookie> <title> <day YYYY-MM-DD> <weeklySlug> <weeklyTitle>
import { readFile } from 'node:fs/promises';
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, managerCookie, groupSlug, supporterCookie, title, day, weeklySlug, weeklyTitle] = process.argv.slice(2);
const shots = screenshotDir();


await journey(async (browser) => {
  const manager = await newPage(browser, baseUrl, { session: managerCookie });
  await manager.goto(`${baseUrl}/groupes/${groupSlug}`);
  await manager.getByRole('link', { name: 'Publier une action' }).click();
  await manager.getByRole('heading', { name: 'Publier une action' }).waitFor();
  await manager.getByLabel('Titre').fill(title);
  await manager.getByLabel('Jour', { exact: true }).fill(day);
  await manager.getByLabel('Heure de début').fill('10:00');
  await manager.getByLabel('Heure de fin').fill('12:00');
  await manager.getByLabel('Code postal').fill('84000'); // Avignon: no other test publishes there, the map shows every action
  await manager.getByLabel(/^Lieu de rendez-vous/).fill('Devant la mairie');
  // the exact place: the pin on the map, or its coordinates typed (Avignon's town hall square)
  await manager.getByLabel('Placer le point exact sur la carte').check();
  await manager.locator('.pin-picker__pin').waitFor();
  await manager.getByLabel('Latitude').fill('43.94933');
  await manager.getByLabel('Longitude').fill('4.80552');
  await manager.getByLabel('Longitude').press('Tab');
  await manager.getByText('Point choisi : 43.94933, 4.80552').waitFor();
  // or by its address, through the operator's geocoder (our server asks it; the page calls only the site)
  await manager.getByLabel('Chercher une adresse').fill('2 place de l’horloge');
  await manager.getByLabel('Chercher une adresse').press('Enter');
  await manager.getByRole('button', { name: '2 Place de l\'Horloge 84000 Avignon' }).click();
  await manager.getByText('Point choisi : 43.94932, 4.80553').waitFor();
  expect(await manager.getByLabel('Latitude').inputValue() === '43.94932' && await manager.getByLabel('Longitude').inputValue() === '4.80553',
    'the coordinates fields follow the address chosen');
  await manager.screenshot({ path: `${shots}/event-form-fr-phone.png`, fullPage: true });
  await manager.getByRole('button', { name: 'Publier l’action' }).click();
  await manager.getByRole('heading', { name: title }).waitFor();
  expect(/\/actions\/[a-z0-9-]+$/.test(manager.url()), 'the action has a readable address: ' + manager.url());
  const eventUrl = manager.url();
  const stored = await manager.evaluate(async (slug) => (await fetch(`/api/events/${slug}`)).json(), eventUrl.split('/').pop());
  expect(stored.precision === 'manual' && Math.abs(stored.lat - 43.94932) < 1e-6 && Math.abs(stored.lng - 4.80553) < 1e-6,
    'the action is at the exact place chosen: ' + JSON.stringify([stored.precision, stored.lat, stored.lng]));
  await manager.getByText('10:00 – 12:00').first().waitFor().catch(() => undefined);
  await manager.screenshot({ path: `${shots}/event-page-manager-fr-phone.png`, fullPage: true });

  // a supporter finds it on the map, by postal code, in the list beside the map
  const supporter = await newPage(browser, baseUrl, { session: supporterCookie, width: 1280, height: 900 });
  await supporter.goto(`${baseUrl}/carte`);
  await supporter.getByRole('heading', { name: 'La carte du mouvement' }).waitFor();
  await supporter.locator('.map-marker').first().waitFor();
  await supporter.screenshot({ path: `${shots}/map-france-fr-desktop.png` });
  await axe(supporter, 'the map');
  // by name, with the suggestions and the keyboard: "avig", arrow down, Enter
  const where = supporter.getByRole('combobox', { name: 'Commune ou code postal' });
  await where.fill('avig');
  await supporter.getByRole('option', { name: 'Avignon, Vaucluse (84000)' }).waitFor();
  await supporter.screenshot({ path: `${shots}/map-place-suggestions-fr-desktop.png` });
  await where.press('ArrowDown');
  await where.press('Enter');
  await supporter.waitForFunction(() => !document.querySelector('[role="listbox"]')?.checkVisibility());
  expect((await where.inputValue()) === 'Avignon', 'the chosen town fills the field: ' + (await where.inputValue()));
  const link = supporter.locator('.map-page__list').getByRole('link', { name: title });
  for (let i = 0; i < 4 && !(await link.isVisible()); i++) {
    const zoom = supporter.locator('.map-page__list').getByRole('button', { name: /dates? d’action — zoomer/ }).first();
    await zoom.waitFor({ timeout: 5000 }).catch(() => undefined);
    if (await zoom.isVisible()) await zoom.click();
    await supporter.waitForTimeout(800);
  }
  await link.waitFor();
  await supporter.screenshot({ path: `${shots}/map-city-fr-desktop.png` });
  await link.click();
  await supporter.getByRole('heading', { name: title }).waitFor();
  await axe(supporter, 'the action page');
  await supporter.getByRole('button', { name: 'Je viens' }).click();
  await supporter.getByText('C’est noté : vous venez !').waitFor();
  await supporter.getByText('1 personne vient').waitFor();
  // "Ajouter à mon agenda": Google, Outlook, or the .ics file
  await supporter.getByText('Ajouter à mon agenda').first().click();
  const google = await supporter.getByRole('link', { name: 'Google Agenda' }).first().getAttribute('href');
  expect(/^https:\/\/calendar\.google\.com\/calendar\/render\?action=TEMPLATE&text=[^&]+&dates=\d{8}T\d{6}Z\/\d{8}T\d{6}Z/.test(google), 'a Google Calendar link with the dates: ' + google);
  expect(google.includes(encodeURIComponent('Devant la mairie')), 'with the place');
  const [download] = await Promise.all([
    supporter.waitForEvent('download'),
    supporter.getByRole('link', { name: /fichier \.ics/ }).first().click(),
  ]);
  const ics = await readFile(await download.path(), 'utf8');
  expect(ics.startsWith('BEGIN:VCALENDAR'), 'the download is an iCalendar file');
  expect(ics.includes('BEGIN:VTIMEZONE') && ics.includes('TZID=Europe/Paris'), 'it carries the movement’s time zone');
  expect(ics.replace(/\r\n /g, '').includes(title), 'it names the action');

  // on a desktop, the list and the map side by side
  await supporter.goto(`${baseUrl}/agir?near=84000&radiusKm=10`);
  await supporter.getByRole('link', { name: title }).waitFor();
  await supporter.locator('.results-marker').first().waitFor();
  expect((await supporter.getByRole('button', { name: 'Carte', exact: true }).count()) === 0, 'no toggle when both fit');
  await supporter.getByRole('button', { name: `Sur la carte : ${title}` }).click();
  await supporter.locator('.results-popup').getByText(title).waitFor();
  await supporter.screenshot({ path: `${shots}/events-list-map-fr-desktop.png` });
  await axe(supporter, 'the list beside its map');

  // a weekly action: what it is first, then its dates compactly, the next one marked; the group lists it once
  const reader = await newPage(browser, baseUrl, {});
  let askedAgain = 0;
  reader.on('request', (r) => { if (new URL(r.url()).pathname === `/api/events/${weeklySlug}`) askedAgain += 1; });
  await reader.goto(`${baseUrl}/actions/${weeklySlug}`);
  await reader.getByRole('heading', { name: weeklyTitle }).waitFor();
  await reader.getByRole('button', { name: 'Voir les 4 autres dates' }).waitFor();
  expect(askedAgain === 0, `the app took the action from the page itself, not from the network again (${askedAgain} requests)`);
  await reader.getByText('Tous les mardis').first().waitFor();
  await reader.getByText('Prochaine date').waitFor();
  await reader.getByRole('button', { name: 'Voir les 4 autres dates' }).waitFor();
  const order = await reader.evaluate(() => {
    const description = document.querySelector('.event-page__description');
    const dates = document.getElementById('dates-heading');
    return description && dates ? description.compareDocumentPosition(dates) & Node.DOCUMENT_POSITION_FOLLOWING : 0;
  });
  expect(order !== 0, 'the description comes before the dates');
  await reader.screenshot({ path: `${shots}/event-recurring-fr-phone.png`, fullPage: true });
  await axe(reader, 'a weekly action');
  await reader.getByRole('button', { name: 'Voir les 4 autres dates' }).click();
  expect((await reader.locator('.event-date').count()) === 8, 'all eight dates once asked');

  // before any script has run (a reader without JavaScript, or the first second on a slow phone), the
  // server's first paint already shows what the action is, its next date and its description
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
  const bare = await noScript.newPage();
  await bare.goto(`${baseUrl}/actions/${weeklySlug}`);
  expect(await bare.getByRole('heading', { name: weeklyTitle }).isVisible(), 'the title without JavaScript');
  expect(await bare.getByText('Tous les mardis').first().isVisible(), 'how often, without JavaScript');
  expect(await bare.getByText('Prochaine date').isVisible(), 'the next date, without JavaScript');
  expect(await bare.locator('.event-page__description').isVisible(), 'the description, without JavaScript');
  await bare.screenshot({ path: `${shots}/event-first-paint-fr-phone.png`, fullPage: true });
  await noScript.close();

  await reader.goto(`${baseUrl}/groupes/${groupSlug}`);
  await reader.getByRole('link', { name: weeklyTitle }).waitFor();
  expect((await reader.getByRole('link', { name: weeklyTitle }).count()) === 1, 'the group lists the weekly action once');
  await reader.locator('.event-card__repeat', { hasText: 'Tous les mardis' }).first().waitFor();

  // sharing from a phone: the share sheet's plain links (no script of those services is loaded)
  const sharer = await newPage(browser, baseUrl, {});
  await sharer.goto(eventUrl);
  await sharer.getByRole('heading', { name: title }).waitFor();
  await sharer.getByRole('button', { name: 'Partager' }).click();
  const whatsapp = await sharer.getByRole('link', { name: 'WhatsApp' }).getAttribute('href');
  expect(whatsapp.startsWith('https://wa.me/?text=') && whatsapp.includes(encodeURIComponent(eventUrl)), 'WhatsApp gets the address: ' + whatsapp);
  expect((await sharer.getByRole('link', { name: 'Telegram' }).getAttribute('href')).startsWith('https://t.me/share/url?url='), 'Telegram');
  await sharer.getByLabel('Votre serveur Mastodon').fill('pas un serveur');
  await sharer.getByRole('button', { name: 'Partager sur Mastodon' }).click();
  await sharer.getByText('Indiquez le nom d’un serveur').waitFor();
  await sharer.getByRole('button', { name: 'Copier le lien' }).click();
  await sharer.getByText('Lien copié.').waitFor();
  await sharer.screenshot({ path: `${shots}/share-sheet-fr-phone.png`, fullPage: true });
  await axe(sharer, 'the share sheet');

  // on a phone, "Autour de moi" on the list of actions: the browser's position (near Avignon's town hall)
  const phone = await newPage(browser, baseUrl, { geolocation: { latitude: 43.9493, longitude: 4.8055 } });
  await phone.goto(`${baseUrl}/agir`);
  await phone.getByRole('button', { name: 'Autour de moi' }).click();
  await phone.getByRole('link', { name: title }).waitFor();
  expect(/near=43\.95%2C4\.81|near=43\.95,4\.81/.test(phone.url()), 'the position, rounded to about 1 km, is in the address: ' + phone.url());
  await phone.screenshot({ path: `${shots}/events-around-me-fr-phone.png`, fullPage: true });
  // the same results on the map, a tap away; a marker's popup says when and where, with "Je viens"
  await phone.getByRole('button', { name: 'Carte', exact: true }).click();
  expect((await phone.getByRole('button', { name: 'Carte', exact: true }).getAttribute('aria-pressed')) === 'true', 'the map view is on');
  await phone.locator('.results-marker').first().waitFor();
  await phone.getByRole('button', { name: title }).first().click(); // a marker is a keyboard-reachable button named after its action
  await phone.locator('.results-popup').getByText(title).waitFor();
  await phone.screenshot({ path: `${shots}/events-map-popup-fr-phone.png`, fullPage: true });
  await axe(phone, 'the list’s map with a popup');
  await phone.locator('.results-popup').getByRole('button', { name: 'Je viens' }).click();
  await phone.getByRole('heading', { name: title }).waitFor(); // a visitor says it on the action's page
  await phone.locator('.event-date').first().getByRole('button', { name: 'Je viens' }).click();
  await phone.getByRole('button', { name: 'Recevoir le lien de confirmation' }).click();
  await phone.locator('.event-guest [aria-invalid="true"]').first().waitFor(); // nothing given: the fields say what is missing
  phone.problems = phone.problems.filter((p) => !(p.includes('status of 400') && p.includes('/guest-rsvp'))); // that refusal was the point
  await phone.getByLabel('Prénom').fill('Inès');
  await phone.getByRole('textbox', { name: 'E-mail' }).fill('ines.visiteuse@example.org');
  await phone.getByRole('button', { name: 'Recevoir le lien de confirmation' }).click();
  await phone.getByText('Un e-mail de confirmation a été envoyé à ines.visiteuse@example.org').waitFor();
  expect((await phone.locator('.event-guest').count()) === 0, 'the form closes once sent');
  await phone.screenshot({ path: `${shots}/event-guest-sent-fr-phone.png`, fullPage: true });
  await phone.goBack();
  await phone.getByRole('button', { name: 'Liste', exact: true }).click();
  // the date filters: "aujourd'hui" leaves out an action on a Saturday weeks away
  await phone.getByLabel('Quand').selectOption({ label: 'Aujourd’hui' });
  await phone.waitForFunction(() => location.search.includes('when=today'));
  await phone.getByRole('status').filter({ hasText: /action/ }).first().waitFor();
  await phone.waitForFunction((t) => ![...document.querySelectorAll('a')].some((a) => a.textContent === t), title);
  await phone.getByLabel('Quand').selectOption({ label: 'Toutes les dates à venir' });
  await phone.getByRole('link', { name: title }).waitFor();
  // an unknown town: a clear message, and the old results go
  await phone.getByRole('combobox', { name: 'Commune ou code postal' }).fill('Zzyzxville');
  await phone.getByRole('combobox', { name: 'Commune ou code postal' }).press('Enter');
  await phone.getByText('Aucune commune ne s’appelle ainsi').waitFor();
  expect((await phone.getByRole('link', { name: title }).count()) === 0, 'the previous results are gone');

  // in English, on a phone: the same list, its filters, its map a tap away, and the share sheet
  const english = await newPage(browser, baseUrl, { locale: 'en-GB' });
  await english.goto(`${baseUrl}/agir?near=84000&radiusKm=10`);
  await english.getByRole('link', { name: title }).waitFor();
  await english.getByRole('combobox', { name: 'Town or postal code' }).waitFor();
  await english.getByLabel('When').selectOption({ label: 'This weekend' });
  await english.waitForFunction(() => location.search.includes('when=weekend'));
  await english.getByText('No action found').or(english.getByText(/action found|actions found/)).first().waitFor();
  await english.getByLabel('When').selectOption({ label: 'All coming dates' });
  await english.getByRole('link', { name: title }).waitFor();
  await english.getByRole('button', { name: 'Map', exact: true }).click();
  await english.locator('.results-marker').first().waitFor();
  await english.screenshot({ path: `${shots}/events-map-en-phone.png`, fullPage: true });
  await axe(english, 'the list of actions in English');
  await english.goto(eventUrl);
  await english.getByRole('button', { name: 'Share' }).click();
  await english.getByRole('link', { name: 'WhatsApp' }).waitFor();
  await english.getByText('Add to my calendar').first().waitFor();
  await english.screenshot({ path: `${shots}/share-sheet-en-phone.png`, fullPage: true });

  // the phone view of the map, and the embeddable map
  await phone.goto(`${baseUrl}/carte`);
  await phone.locator('.map-marker').first().waitFor();
  await phone.screenshot({ path: `${shots}/map-fr-phone.png`, fullPage: true });
  await phone.goto(`${baseUrl}/embed/map`);
  await phone.locator('.map-marker').first().waitFor();
  expect((await phone.locator('header.app-header').count()) === 0, 'the embedded map has no site header');

  // the manager moves one date of the weekly action to the evening; it says so
  await manager.goto(`${baseUrl}/actions/${weeklySlug}`);
  await manager.getByRole('button', { name: 'Déplacer cette date' }).first().click();
  await manager.getByLabel('Heure de début').fill('19:00');
  await manager.getByLabel('Heure de fin').fill('21:00');
  await axe(manager, 'moving a date');
  await manager.getByRole('button', { name: 'Déplacer', exact: true }).click();
  await manager.getByText('La date est déplacée ; les participants sont prévenus.').waitFor();
  await manager.locator('.event-date').first().getByText('date déplacée').waitFor();
  await manager.locator('.event-date').first().getByText(/19:00/).waitFor();

  // the manager cancels; the supporter is told by mail
  manager.on('dialog', (d) => d.accept());
  await manager.goto(eventUrl);
  await manager.getByRole('button', { name: 'Annuler l’action' }).click();
  await manager.getByText('L’action est annulée ; les participants sont prévenus.').waitFor();
  await manager.getByText('Cette action est annulée.').waitFor();
  expect((await ask('CANCELLATION_CAUGHT?')) === 'yes', 'the supporter got the cancellation mail');
  for (const page of [manager, supporter, phone, sharer, reader, english]) assertNoProblems(page);
  say('OK');
});
