// Who brought whom, in the browser: a supporter finds their personal link on "Mon espace" (and in the
// share sheet of their group's page), a friend follows it (the code and the campaign tags leave the
// address bar at once), walks to the form and signs up; once the friend's address is proven, the
// supporter sees the credit. Driven by ReferralJourneyBrowserTest (real backend, MariaDB, GreenMail),
// which answers LINK? with the friend's confirmation link.
// Usage: node e2e/referral-journey.mjs <baseUrl> <supporter's session cookie> <group slug> <friend's email>
import { ask, assertNoProblems, axe, expect, journey, newPage, say, screenshotDir } from './browser.mjs';

const [baseUrl, session, groupSlug, email] = process.argv.slice(2);
const shots = screenshotDir();

async function shareLink(page) {
  const field = page.getByLabel('Adresse de la page');
  if (!(await field.isVisible())) {
    const other = page.getByRole('button', { name: 'Autres façons de partager' });
    await ((await other.count()) ? other : page.getByRole('button', { name: 'Partager' })).first().click();
  }
  return field.inputValue();
}

await journey(async (browser) => {
  const supporter = await newPage(browser, baseUrl, { session });
  await supporter.goto(baseUrl + '/mon-espace');
  await supporter.getByRole('heading', { name: 'Faites venir vos proches' }).waitFor();
  // No link until the supporter makes one; then it is theirs.
  await supporter.getByRole('button', { name: 'Créer mon lien de partage' }).click();
  await supporter.getByText('Personne ne s’est encore inscrit par votre lien.').waitFor();
  const link = await shareLink(supporter);
  const code = new URL(link).searchParams.get('ref');
  expect(link === `${baseUrl}/?ref=${code}` && /^[2-9a-z]{8}$/.test(code), 'a personal link to the site: ' + link);
  await axe(supporter, 'Mon espace with the share link');
  await supporter.screenshot({ path: `${shots}/referral-me-before-fr-phone.png`, fullPage: true });

  // Shared from a page of the site while signed in, the page's address carries the code too.
  await supporter.goto(`${baseUrl}/groupes/${groupSlug}`);
  const groupLink = await shareLink(supporter);
  expect(groupLink === `${baseUrl}/groupes/${groupSlug}?ref=${code}`, 'the group page shared with the code: ' + groupLink);

  // The friend follows the link of a poster campaign, reads the home page, goes to the form.
  const friend = await newPage(browser, baseUrl);
  await friend.goto(`${link}&utm_source=affiche&utm_campaign=rentr%C3%A9e`);
  await friend.getByRole('link', { name: 'Je soutiens' }).first().waitFor();
  expect(!friend.url().includes('ref=') && !friend.url().includes('utm_'), 'the code and tags leave the address bar: ' + friend.url());
  await friend.getByRole('link', { name: 'Je soutiens' }).first().click();
  await friend.getByRole('heading', { name: 'Je soutiens le mouvement' }).waitFor();
  await friend.getByLabel('Adresse e-mail').fill(email);
  await friend.getByLabel('Prénom').fill('Inès');
  await friend.getByLabel('Nom', { exact: true }).fill('Benali');
  await friend.getByLabel('Code postal').fill('13001');
  await friend.getByRole('checkbox', { name: /J’accepte/ }).check();
  await friend.getByRole('button', { name: 'Je m’inscris' }).click();
  await friend.getByText('Plus qu’une étape').waitFor();

  // Not yet proven: not yet counted.
  await supporter.goto(baseUrl + '/mon-espace');
  await supporter.getByText('Personne ne s’est encore inscrit par votre lien.').waitFor();

  const confirm = await ask('LINK?');
  await friend.goto(confirm);
  await friend.getByText('Merci Inès, votre soutien est confirmé').waitFor();
  // Right after confirming: groups and actions near the friend, each one tap away.
  const near = friend.getByRole('region', { name: 'Près de chez vous' });
  await near.getByRole('button', { name: /^Rejoindre le groupe / }).first().waitFor();
  await near.getByRole('button', { name: /^Je viens à / }).first().click();
  await near.getByText('C’est noté, vous venez.').waitFor();
  await axe(friend, 'the confirmation page with its suggestions');
  await friend.screenshot({ path: `${shots}/suggestions-after-confirm-fr-phone.png`, fullPage: true });
  const friendPage = await friend.content();
  expect(!friendPage.includes(code), 'the friend is not shown whose link it was');

  await supporter.reload();
  await supporter.getByText('Vous avez fait venir 1\u00a0personne').waitFor(); // a no-break space between a number and its noun

  // Signed in now, the friend follows the group page the supporter shared and joins: the group's managers see who brought them.
  await friend.goto(groupLink);
  await friend.getByRole('button', { name: 'Rejoindre le groupe' }).click();
  await friend.getByText('Bienvenue dans le groupe').waitFor();
  await supporter.goto(`${baseUrl}/groupes/${groupSlug}`);
  const referrers = supporter.getByRole('region', { name: 'Qui fait venir des membres' });
  await referrers.getByText('1\u00a0membre').waitFor();
  await axe(supporter, 'the group page with who brings members');
  await referrers.screenshot({ path: `${shots}/referral-group-referrers-fr-phone.png` });
  await supporter.goto(baseUrl + '/mon-espace');
  await supporter.getByText('Par vos liens\u00a0: 1\u00a0adhésion à un groupe et aucune participation à une action.').waitFor();
  await supporter.screenshot({ path: `${shots}/referral-me-after-fr-phone.png`, fullPage: true });

  const english = await newPage(browser, baseUrl, { session, locale: 'en-GB', width: 1280, height: 900 });
  await english.goto(baseUrl + '/mon-espace');
  await english.getByText('You brought 1 person').waitFor();
  await english.screenshot({ path: `${shots}/referral-me-en-desktop.png`, fullPage: true });

  for (const page of [supporter, friend, english]) assertNoProblems(page);
  say('OK');
});
