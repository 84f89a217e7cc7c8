/** ISO 3166-1 alpha-2 codes (officially assigned, plus XK Kosovo as the UK and EU use it); names from the browser's CLDR data in English. */
const CODES =
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR ' +
  'GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP ' +
  'KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT ' +
  'MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW ' +
  'SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG ' +
  'UM US UY UZ VA VC VE VG VI VN VU WF WS XK YE YT ZA ZM ZW';

export interface Country {
  code: string;
  name: string;
}

let cache: Country[] | null = null;

/** Every country, sorted by English name. */
export function countries(): Country[] {
  if (cache) return cache;
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(['en'], { type: 'region' });
  } catch {
    names = null; // very old browser: codes only, still usable
  }
  cache = CODES.split(' ')
    .map((code) => ({ code, name: names?.of(code) ?? code }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return cache;
}

/** The English name of a code ("AU" → "Australia"); the code itself when unknown. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  return countries().find((c) => c.code === code.toUpperCase())?.name ?? code;
}

const fold = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();

/** Countries matching typed text: the exact code first, then names starting with it, then names containing it. */
export function matchCountries(text: string, limit = 12): Country[] {
  const q = fold(text);
  if (!q) return countries().slice(0, limit);
  const all = countries();
  const code = q.length === 2 ? all.filter((c) => c.code.toLowerCase() === q) : [];
  const starts = all.filter((c) => fold(c.name).startsWith(q) && !code.includes(c));
  const contains = all.filter((c) => !fold(c.name).startsWith(q) && fold(c.name).includes(q) && !code.includes(c));
  return [...code, ...starts, ...contains].slice(0, limit);
}

/** The one country the text names exactly (code or name), if any. */
export function exactCountry(text: string): Country | undefined {
  const q = fold(text);
  if (!q) return undefined;
  return countries().find((c) => c.code.toLowerCase() === q || fold(c.name) === q || fold(`${c.name} (${c.code})`) === q);
}
