import { readCsv } from './csv.js';
import type { ListedParty, PartyIdentifier, PartyName, PartySchema } from '../model.js';
import { FeedError, clean, compact, nonEmpty, parseDate, pushName, requireText, uniq, type FeedFiles } from './common.js';
import { countryCode } from './countries.js';

/**
 * OFAC legacy CSV set (SDN: sdn/alt/add/sdn_comments; consolidated non-SDN: cons_prim/cons_alt/cons_add/cons_comments).
 * No header, `-0- ` nulls, Windows-1252, CRLF, ends with a 0x1A byte. A missing end marker means a truncated download.
 */
const EOF_MARK = '\x1a';

function rows(source: string, file: string, buf: Buffer | undefined, columns: number, opts: { requireEof: boolean }): string[][] {
  let text = requireText(source, file, buf, 'windows-1252');
  const trimmed = text.replace(/[\r\n\s]+$/, '');
  if (trimmed.endsWith(EOF_MARK)) text = trimmed.slice(0, -1);
  else if (opts.requireEof) throw new FeedError(source, file, 'truncated: the end-of-file marker (0x1A) that OFAC ends every file with is missing');
  let out: string[][];
  try {
    out = readCsv(text);
  } catch (e) {
    throw new FeedError(source, file, `malformed CSV: ${(e as Error).message}`);
  }
  if (!out.length) throw new FeedError(source, file, 'no records');
  out.forEach((r, i) => {
    if (r.length !== columns) throw new FeedError(source, file, `line ${i + 1}: expected ${columns} columns, found ${r.length}`);
    if (!/^\d+$/.test(r[0]!.trim())) throw new FeedError(source, file, `line ${i + 1}: ent_num "${r[0]}" is not a number`);
  });
  return out;
}

const val = (s: string | undefined) => {
  const c = clean(s);
  return c === '-0-' || c === '' ? undefined : c;
};

const ID_LABELS =
  /^(Passport|National ID No\.|Cedula No\.|Tax ID No\.|Identification Number|Registration (?:ID|Number)|Business Registration (?:Document # |Number)|C\.R\. No\.|NIT #|RFC|CURP|SSN|Legal Entity Number|Company Number|Vessel Registration Identification|Unified Social Credit Code \(USCC\)|D-U-N-S Number|SWIFT\/BIC|Aircraft Tail Number|Aircraft Manufacturer's Serial Number \(MSN\)|Trade License No\.|Kenyan ID No\.|Folio Mercantil No\.|Electoral Registry No\.|Residency Number|Personal ID Card|Driver's License No\.)\s+(.+)$/;

/** Pulls DOB, nationality, identifiers and a.k.a.s out of the Remarks text. */
export function parseRemarks(remarks: string | undefined) {
  const out = { birthDates: [] as string[], countries: [] as string[], identifiers: [] as PartyIdentifier[], aliases: [] as PartyName[] };
  if (!remarks) return out;
  for (const rawPart of remarks.split(/;\s+/)) {
    const part = rawPart.replace(/\.$/, '').trim();
    let m = part.match(/^DOB (.+)$/);
    if (m) {
      for (const d of m[1]!.split(/ to /)) {
        const p = parseDate(d.replace(/^circa /i, ''));
        if (p) out.birthDates.push(p);
      }
      continue;
    }
    m = part.match(/^(?:nationality|citizen|Nationality of Registration) (.+)$/);
    if (m) {
      const c = countryCode(m[1]);
      if (c) out.countries.push(c);
      continue;
    }
    m = part.match(/^([afn])\.k\.a\. '(.+)'$/);
    if (m) {
      out.aliases.push({ full: m[2]!, type: m[1] === 'f' ? 'fka' : 'aka' });
      continue;
    }
    m = part.match(ID_LABELS);
    if (m) {
      const idm = m[2]!.match(/^(.*?)(?: \(([^)]+)\))?(?: (?:issued|expires).*)?$/);
      const value = clean(idm?.[1] ?? m[2]).replace(/^IMO /, '');
      if (value) {
        const label = m[1]!.replace(/ No\.$/, '').replace(/ #$/, '');
        const type = /IMO|Vessel Registration/.test(m[0]!) ? 'imo' : label.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/_$/, '');
        out.identifiers.push(compact({ type, value, country: countryCode(idm?.[2]) }));
      }
    }
  }
  return out;
}

const SCHEMA: Record<string, PartySchema> = { individual: 'Person', vessel: 'Vessel', aircraft: 'Aircraft' };

export function parseOfacLegacy(
  source: string,
  names: { prim: string; alt: string; add: string; comments: string },
  files: FeedFiles,
  listName: string,
): ListedParty[] {
  const prim = rows(source, names.prim, files[names.prim], 12, { requireEof: true });
  const alt = files[names.alt] ? rows(source, names.alt, files[names.alt], 5, { requireEof: true }) : [];
  const add = files[names.add] ? rows(source, names.add, files[names.add], 6, { requireEof: true }) : [];
  const comments = files[names.comments] && files[names.comments]!.length ? rows(source, names.comments, files[names.comments], 2, { requireEof: false }) : [];

  const altBy = new Map<string, string[][]>();
  for (const r of alt) altBy.set(r[0]!.trim(), [...(altBy.get(r[0]!.trim()) ?? []), r]);
  const addBy = new Map<string, string[][]>();
  for (const r of add) addBy.set(r[0]!.trim(), [...(addBy.get(r[0]!.trim()) ?? []), r]);
  const commentBy = new Map<string, string>();
  for (const r of comments) commentBy.set(r[0]!.trim(), (commentBy.get(r[0]!.trim()) ?? '') + (val(r[1]) ?? ''));

  const seen = new Set<string>();
  const parties: ListedParty[] = [];
  prim.forEach((r, i) => {
    const entNum = r[0]!.trim();
    if (seen.has(entNum)) throw new FeedError(source, names.prim, `line ${i + 1}: ent_num ${entNum} appears twice`);
    seen.add(entNum);
    const name = val(r[1]);
    if (!name) throw new FeedError(source, names.prim, `line ${i + 1}: ent_num ${entNum} has no name`);
    const type = (val(r[2]) ?? '').toLowerCase();
    const schema: PartySchema = SCHEMA[type] ?? 'Organization';
    const remarks = [val(r[11]), commentBy.get(entNum)].filter(Boolean).join(' ') || undefined;
    const rm = parseRemarks(remarks);
    const partyNames: PartyName[] = [];
    if (schema === 'Person' && name.includes(',')) {
      const [family, ...rest] = name.split(',');
      pushName(partyNames, compact({ full: name, type: 'primary' as const, family: clean(family), given: nonEmpty(rest.join(',')) }));
    } else pushName(partyNames, { full: name, type: 'primary' });
    for (const a of altBy.get(entNum) ?? []) {
      const an = val(a[3]);
      if (!an) continue;
      const t = (val(a[2]) ?? 'aka').toLowerCase();
      pushName(partyNames, { full: an, type: t === 'fka' ? 'fka' : /weak/i.test(val(a[4]) ?? '') ? 'weak' : 'aka' });
    }
    for (const a of rm.aliases) pushName(partyNames, a);
    const addresses = (addBy.get(entNum) ?? [])
      .map((a) => {
        const parts = [val(a[2]), val(a[3]), val(a[4])].filter(Boolean) as string[];
        return compact({ full: parts.join(', '), city: val(a[3]), country: countryCode(val(a[4])) });
      })
      .filter((a) => a.full);
    const identifiers = [...rm.identifiers];
    const vesselFlag = countryCode(val(r[9]));
    if (schema === 'Vessel' && val(r[5])) identifiers.push({ type: 'call_sign', value: val(r[5])! });
    const programmes = (val(r[3]) ?? '').split(/\]\s*\[/).map((p) => p.replace(/^\[|\]$/g, '').trim()).filter(Boolean);
    parties.push(
      compact({
        id: `${source}:${entNum}`,
        source,
        sourceId: entNum,
        list: listName,
        schema,
        names: partyNames,
        addresses,
        countries: uniq([...rm.countries, ...addresses.map((a) => a.country).filter((c): c is string => !!c), ...(vesselFlag ? [vesselFlag] : [])]),
        birthDates: uniq(rm.birthDates),
        identifiers,
        programmes,
        remarks: [val(r[4]) ? `Title: ${val(r[4])}` : undefined, schema === 'Vessel' && val(r[6]) ? `Vessel type: ${val(r[6])}` : undefined, val(r[10]) ? `Owner: ${val(r[10])}` : undefined, remarks]
          .filter(Boolean)
          .join('; ') || undefined,
      }),
    );
  });
  return parties;
}
