import { readCsvObjects } from './csv.js';
import type { ListedParty, PartyIdentifier, PartyName, PartySchema } from '../model.js';
import { FeedError, clean, compact, nonEmpty, parseDate, pushName, requireText, uniq, type FeedFiles } from './common.js';

/** US Consolidated Screening List (trade.gov) CSV: header row, 29 columns, `; `-separated multi-values. */
const REQUIRED = ['_id', 'source', 'name', 'type', 'programs', 'addresses', 'alt_names', 'dates_of_birth', 'citizenships', 'nationalities', 'ids', 'license_requirement', 'license_policy', 'start_date', 'remarks'];

/** Sub-list code (from the parenthesis in `source`) → the list name other domains use. */
export const CSL_LISTS: Record<string, string> = {
  EL: 'Entity List',
  DPL: 'Denied Persons List',
  UVL: 'Unverified List',
  MEU: 'Military End User List',
  SDN: 'SDN',
  SSI: 'Sectoral Sanctions Identifications List',
  DTC: 'ITAR Debarred',
  ISN: 'Nonproliferation Sanctions',
  PLC: 'Palestinian Legislative Council List',
  CMIC: 'Non-SDN CMIC List',
  CAP: 'CAPTA List',
  'NS-MBS List': 'Non-SDN Menu-Based Sanctions List',
  FSE: 'Foreign Sanctions Evaders',
};

function listOf(source: string): { code: string; name: string } {
  const m = source.match(/\(([^)]+)\)/);
  const code = m?.[1] ?? source;
  return { code: code.replace(/ List$/, ''), name: CSL_LISTS[code] ?? clean(source.split(' - ')[0]) };
}

const SCHEMA: Record<string, PartySchema> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Aircraft' };
const multi = (s: string | undefined) => (s ?? '').split(/;\s*/).map(clean).filter(Boolean);

function parseIds(raw: string | undefined): PartyIdentifier[] {
  const out: PartyIdentifier[] = [];
  for (const item of multi(raw)) {
    // "CC, value, Type" or "CC, issued, expires, value, Type" or "value, Type"
    const parts = item.split(/,\s*/);
    if (parts.length < 2) continue;
    const type = parts[parts.length - 1]!;
    if (/Gender|Sanctions|risk|Website|Email|Phone|Nationality of Registration|Organization Established|Organization Type/i.test(type)) continue;
    const country = /^[A-Z]{2}$/.test(parts[0]!) ? parts[0] : undefined;
    const value = parts[parts.length - 2]!;
    if (!value || value === country) continue;
    const t = /IMO/i.test(type) ? 'imo' : type.replace(/ No\.$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
    out.push(compact({ type: t, value, country }));
  }
  return out;
}

export function parseUsCsl(files: FeedFiles): ListedParty[] {
  const source = 'us-csl';
  const file = 'csl';
  const text = requireText(source, file, files.csl);
  let records: Record<string, string>[];
  try {
    records = readCsvObjects(text).records;
  } catch (e) {
    throw new FeedError(source, file, `malformed CSV: ${(e as Error).message}`);
  }
  const header = Object.keys(records[0] ?? {});
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) throw new FeedError(source, file, `header is missing column(s) ${missing.join(', ')}`);
  const parties: ListedParty[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    if (r._id === '_id' && r.name === 'name') return; // a repeated header line (seen in real files)
    const line = i + 2;
    const name = clean(r.name);
    const src = clean(r.source);
    if (!clean(r._id)) throw new FeedError(source, file, `line ${line}: _id is empty`);
    if (!name) throw new FeedError(source, file, `line ${line}: name is empty`);
    if (!src) throw new FeedError(source, file, `line ${line}: source is empty`);
    const list = listOf(src);
    let sourceId = `${list.code}:${clean(r._id)}`;
    const n = (seen.get(sourceId) ?? 0) + 1;
    seen.set(sourceId, n);
    if (n > 1) sourceId = `${sourceId}~${n}`;
    const schema = SCHEMA[clean(r.type).toLowerCase()] ?? 'LegalEntity';
    const names: PartyName[] = [];
    pushName(names, { full: name, type: 'primary' });
    for (const a of multi(r.alt_names)) pushName(names, { full: a, type: 'aka' });
    const addresses = multi(r.addresses).map((a) => {
      const parts = a.split(/,\s*/);
      const last = parts[parts.length - 1]!;
      const country = /^[A-Z]{2}$/.test(last) ? last : undefined;
      return compact({ full: a, country });
    });
    const countries = uniq([...multi(r.citizenships), ...multi(r.nationalities), ...addresses.map((a) => a.country)].filter((c): c is string => !!c && /^[A-Z]{2}$/.test(c)));
    const birthDates = uniq(multi(r.dates_of_birth).flatMap((d) => d.split(/ to /).map((x) => parseDate(x)).filter((x): x is string => !!x)));
    const identifiers = parseIds(r.ids);
    if (schema === 'Vessel' && clean(r.call_sign)) identifiers.push({ type: 'call_sign', value: clean(r.call_sign) });
    parties.push(
      compact({
        id: `${source}:${sourceId}`,
        source,
        sourceId,
        list: list.name,
        schema,
        names,
        addresses,
        countries,
        birthDates,
        identifiers,
        programmes: multi(r.programs),
        listedOn: parseDate(r.start_date),
        remarks: nonEmpty([clean(r.title) ? `Title: ${clean(r.title)}` : '', clean(r.remarks), clean(r.federal_register_notice) ? `FR: ${clean(r.federal_register_notice)}` : ''].filter(Boolean).join('; ')),
        licenceRequirement: nonEmpty(r.license_requirement),
        licencePolicy: nonEmpty(r.license_policy),
      }),
    );
  });
  if (!parties.length) throw new FeedError(source, file, 'no records');
  return parties;
}
