/**
 * Country names as the lists write them → ISO 3166-1 alpha-2. Built from the ICU English region names
 * (Intl.DisplayNames) plus the spellings the sanctions lists use that ICU does not.
 */
const EXTRA: Record<string, string> = {
  'russia': 'RU', 'russian federation': 'RU', 'iran': 'IR', 'iran (islamic republic of)': 'IR', 'islamic republic of iran': 'IR',
  'north korea': 'KP', 'korea, north': 'KP', "democratic people's republic of korea": 'KP', 'dprk': 'KP', "korea, democratic people's republic of": 'KP',
  'south korea': 'KR', 'korea, south': 'KR', 'republic of korea': 'KR', 'korea': 'KR',
  'syria': 'SY', 'syrian arab republic': 'SY', 'burma': 'MM', 'myanmar': 'MM', 'venezuela': 'VE', 'bolivarian republic of venezuela': 'VE',
  'democratic republic of the congo': 'CD', 'congo, democratic republic of the': 'CD', 'congo (kinshasa)': 'CD', 'drc': 'CD',
  'republic of the congo': 'CG', 'congo': 'CG', 'congo, republic of the': 'CG', 'congo (brazzaville)': 'CG',
  'united kingdom': 'GB', 'uk': 'GB', 'great britain': 'GB', 'united states': 'US', 'united states of america': 'US', 'usa': 'US', 'u.s.a.': 'US',
  'viet nam': 'VN', 'vietnam': 'VN', 'laos': 'LA', "lao people's democratic republic": 'LA', 'moldova': 'MD', 'republic of moldova': 'MD',
  'tanzania': 'TZ', 'united republic of tanzania': 'TZ', 'bolivia': 'BO', 'palestinian': 'PS', 'palestine': 'PS', 'west bank': 'PS', 'gaza': 'PS',
  'state of palestine': 'PS', 'turkey': 'TR', 'turkiye': 'TR', 'türkiye': 'TR', 'czech republic': 'CZ', 'czechia': 'CZ', 'ivory coast': 'CI',
  "cote d'ivoire": 'CI', "côte d'ivoire": 'CI', 'macedonia': 'MK', 'north macedonia': 'MK', 'the former yugoslav republic of macedonia': 'MK',
  'kyrgyzstan': 'KG', 'kyrgyz republic': 'KG', 'brunei': 'BN', 'cape verde': 'CV', 'cabo verde': 'CV', 'swaziland': 'SZ', 'eswatini': 'SZ',
  'east timor': 'TL', 'timor-leste': 'TL', 'hong kong': 'HK', 'macau': 'MO', 'macao': 'MO', 'taiwan': 'TW', 'the bahamas': 'BS', 'bahamas': 'BS',
  'the gambia': 'GM', 'gambia': 'GM', 'crimea': 'UA', 'region: crimea': 'UA', 'sudan': 'SD', 'south sudan': 'SS', 'netherlands': 'NL',
  'the netherlands': 'NL', 'holland': 'NL', 'uae': 'AE', 'u.a.e.': 'AE', 'bosnia and herzegovina': 'BA', 'bosnia-herzegovina': 'BA',
  'saint kitts and nevis': 'KN', 'st. kitts and nevis': 'KN', 'saint vincent and the grenadines': 'VC', 'micronesia': 'FM',
  'federated states of micronesia': 'FM', 'vatican': 'VA', 'holy see': 'VA', 'kosovo': 'XK', 'soviet union': 'SU', 'ussr': 'SU',
  'yugoslavia': 'YU', 'serbia and montenegro': 'CS', 'curacao': 'CW', 'curaçao': 'CW', 'sint maarten': 'SX', 'reunion': 'RE',
  'british virgin islands': 'VG', 'virgin islands, british': 'VG', 'us virgin islands': 'VI', 'iraq': 'IQ', 'afghanistan': 'AF',
  'libya': 'LY', 'libyan arab jamahiriya': 'LY', 'yemen': 'YE', 'lebanon': 'LB', 'somalia': 'SO', 'belarus': 'BY', 'china': 'CN',
  "people's republic of china": 'CN', 'china, people’s republic of': 'CN', 'falkland islands': 'FK', 'pitcairn': 'PN',
};

let map: Map<string, string> | null = null;
function build(): Map<string, string> {
  const m = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region' });
  const A = 'A'.charCodeAt(0);
  for (let i = 0; i < 26; i++)
    for (let j = 0; j < 26; j++) {
      const code = String.fromCharCode(A + i, A + j);
      try {
        const name = names.of(code);
        if (name && name !== code) m.set(name.toLowerCase(), code);
      } catch {
        // not a region code
      }
    }
  for (const [k, v] of Object.entries(EXTRA)) m.set(k, v);
  return m;
}

/** ISO alpha-2 for a country name or code, or undefined when unknown. */
export function countryCode(raw: string | undefined | null): string | undefined {
  if (!raw) return undefined;
  const s = raw.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  if (!s) return undefined;
  if (/^[A-Z]{2}$/.test(s)) return s;
  map ??= build();
  const lower = s.toLowerCase();
  return map.get(lower) ?? map.get(lower.replace(/^the /, '')) ?? map.get(lower.replace(/\s*\(.*\)\s*$/, ''));
}
