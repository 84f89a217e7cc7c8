import { readCsvObjects } from './csv.js';
import type { ListedParty, PartyIdentifier, PartyName, PartySchema } from '../model.js';
import { FeedError, clean, compact, nonEmpty, parseDate, pushName, requireText, uniq, type FeedFiles } from './common.js';

/** UK Sanctions List as relational CSVs: subjects, subject_names, subject_dobs, subject_identifiers, subject_countries. */
const COLUMNS: Record<string, string[]> = {
  subjects: ['unique_id', 'subject_type', 'date_designated'],
  subject_names: ['unique_id', 'name_type', 'alias_strength', 'full_name'],
  subject_dobs: ['unique_id', 'year', 'month', 'day'],
  subject_identifiers: ['unique_id', 'raw_value', 'identifier_type'],
  subject_countries: ['unique_id', 'country_type', 'iso'],
};

export const UK_REGIMES: Record<string, string> = {
  RUS: 'Russia', SYR: 'Syria', AQD: 'ISIL (Da’esh) and Al-Qaida', INU: 'Iran (Nuclear)', DPR: 'DPRK', IRN: 'Iran', GHR: 'Global Human Rights',
  BEL: 'Belarus', AFG: 'Afghanistan', CYB: 'Cyber', CHW: 'Chemical Weapons', LIB: 'Libya', IRQ: 'Iraq', SOM: 'Somalia', SSU: 'South Sudan',
  SUD: 'Sudan', MYA: 'Myanmar', VEN: 'Venezuela', NIC: 'Nicaragua', ZIM: 'Zimbabwe', MAL: 'Mali', GUI: 'Guinea', GUB: 'Guinea-Bissau',
  CAF: 'Central African Republic', DRC: 'Democratic Republic of the Congo', YEM: 'Yemen', LEB: 'Lebanon', BOS: 'Bosnia and Herzegovina',
  GAC: 'Global Anti-Corruption', CTE: 'Counter-Terrorism', HAI: 'Haiti', ISI: 'ISIL', TAL: 'Afghanistan', CTI: 'Counter-Terrorism (International)',
};

function table(file: string, buf: Buffer | undefined, required: boolean): Record<string, string>[] {
  const source = 'uk-sanctions';
  if (!buf && !required) return [];
  const text = requireText(source, file, buf);
  let rows: Record<string, string>[];
  try {
    rows = readCsvObjects(text).records;
  } catch (e) {
    throw new FeedError(source, file, `malformed CSV: ${(e as Error).message}`);
  }
  if (!rows.length) throw new FeedError(source, file, 'no records');
  const missing = COLUMNS[file]!.filter((c) => !(c in rows[0]!));
  if (missing.length) throw new FeedError(source, file, `header is missing column(s) ${missing.join(', ')}`);
  rows.forEach((r, i) => {
    if (!clean(r.unique_id)) throw new FeedError(source, file, `line ${i + 2}: unique_id is empty`);
  });
  return rows;
}

const SCHEMA: Record<string, PartySchema> = { individual: 'Person', entity: 'Organization', ship: 'Vessel' };

function groupBy(rows: Record<string, string>[]) {
  const m = new Map<string, Record<string, string>[]>();
  for (const r of rows) {
    const k = clean(r.unique_id);
    const arr = m.get(k);
    if (arr) arr.push(r);
    else m.set(k, [r]);
  }
  return m;
}

export function parseUkSanctions(files: FeedFiles): ListedParty[] {
  const source = 'uk-sanctions';
  const subjects = table('subjects', files.subjects, true);
  const names = groupBy(table('subject_names', files.subject_names, true));
  const dobs = groupBy(table('subject_dobs', files.subject_dobs, false));
  const ids = groupBy(table('subject_identifiers', files.subject_identifiers, false));
  const countries = groupBy(table('subject_countries', files.subject_countries, false));
  const seen = new Set<string>();
  const parties: ListedParty[] = [];
  subjects.forEach((s, i) => {
    const uid = clean(s.unique_id);
    if (seen.has(uid)) throw new FeedError(source, 'subjects', `line ${i + 2}: unique_id ${uid} appears twice`);
    seen.add(uid);
    const type = clean(s.subject_type).toLowerCase();
    const schema = SCHEMA[type];
    if (!schema) throw new FeedError(source, 'subjects', `line ${i + 2}: subject_type "${s.subject_type}" is not individual, entity or ship`);
    const partyNames: PartyName[] = [];
    const nrows = names.get(uid) ?? [];
    for (const n of [...nrows].sort((a, b) => (a.name_type === 'primary' ? -1 : 0) - (b.name_type === 'primary' ? -1 : 0))) {
      const full = clean(n.full_name);
      if (!full) continue;
      const nt = clean(n.name_type).toLowerCase();
      const strength = clean(n.alias_strength).toLowerCase();
      const t: PartyName['type'] = nt === 'primary' && !partyNames.length ? 'primary' : strength.startsWith('low') ? 'weak' : /non.?latin|original/.test(nt) ? 'original' : 'aka';
      pushName(partyNames, { full, type: t });
    }
    if (!partyNames.length) throw new FeedError(source, 'subject_names', `subject ${uid} has no name`);
    const birthDates = (dobs.get(uid) ?? [])
      .map((d) => {
        const y = clean(d.year);
        if (!/^\d{4}$/.test(y)) return undefined;
        const m = clean(d.month);
        const day = clean(d.day);
        return /^\d{1,2}$/.test(m) && Number(m) > 0 ? (/^\d{1,2}$/.test(day) && Number(day) > 0 ? `${y}-${m.padStart(2, '0')}-${day.padStart(2, '0')}` : `${y}-${m.padStart(2, '0')}`) : y;
      })
      .filter((x): x is string => !!x);
    const identifiers: PartyIdentifier[] = (ids.get(uid) ?? [])
      .filter((r) => clean(r.raw_value))
      .map((r) => ({ type: clean(r.identifier_type).toLowerCase().replace(/[^a-z0-9]+/g, '_') || 'identifier', value: clean(r.raw_value) }));
    const crow = countries.get(uid) ?? [];
    const isoList = crow.map((c) => clean(c.iso).toUpperCase()).filter((c) => /^[A-Z]{2}$/.test(c));
    const addresses = uniq(crow.filter((c) => clean(c.country_type) === 'address' && clean(c.raw_value)).map((c) => clean(c.raw_value)))
      .slice(0, 10)
      .map((full) => compact({ full, country: crow.find((c) => clean(c.raw_value) === full && /^[A-Z]{2}$/.test(clean(c.iso)))?.iso }));
    const prefix = uid.replace(/\d+$/, '');
    parties.push(
      compact({
        id: `${source}:${uid}`,
        source,
        sourceId: uid,
        list: `UK ${UK_REGIMES[prefix] ?? prefix}`,
        schema,
        names: partyNames,
        addresses,
        countries: uniq(isoList),
        birthDates: uniq(birthDates),
        identifiers,
        programmes: uniq([UK_REGIMES[prefix] ?? prefix, clean(s.un_reference_number) ? `UN ${clean(s.un_reference_number)}` : ''].filter(Boolean)),
        listedOn: parseDate(s.date_designated, 'dmy'),
        remarks: nonEmpty(clean(s.ofsi_group_id) ? `OFSI group ID ${clean(s.ofsi_group_id)}` : ''),
      }),
    );
  });
  return parties;
}
