import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ListedParty, PartyIdentifier, PartyName } from '../model.js';
import { FeedError, clean, compact, nonEmpty, parseDate, pushName, requireText, uniq, type FeedFiles } from './common.js';
import { countryCode } from './countries.js';

/** UN Security Council consolidated list XML (CONSOLIDATED_LIST → INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY). */
const ARRAYS = new Set(['INDIVIDUAL', 'ENTITY', 'VALUE', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS', 'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT', 'NATIONALITY', 'DESIGNATION', 'TITLE', 'INDIVIDUAL_PLACE_OF_BIRTH']);

const str = (v: unknown): string => (v === undefined || v === null || typeof v === 'object' ? '' : clean(String(v)));
const values = (v: any): string[] => (Array.isArray(v) ? v.flatMap((x) => (x && typeof x === 'object' ? (x.VALUE ?? []).map(str) : [str(x)])) : []).filter(Boolean);

export function parseUnSc(files: FeedFiles): ListedParty[] {
  const source = 'un-sc';
  const file = 'xml';
  const text = requireText(source, file, files.xml);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new FeedError(source, file, `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = new XMLParser({ ignoreAttributes: false, parseTagValue: false, trimValues: true, isArray: (name) => ARRAYS.has(name) }).parse(text);
  const root = doc.CONSOLIDATED_LIST;
  if (!root) throw new FeedError(source, file, 'root element CONSOLIDATED_LIST is missing (not a UN SC consolidated list)');
  const individuals: any[] = root.INDIVIDUALS?.INDIVIDUAL ?? [];
  const entities: any[] = root.ENTITIES?.ENTITY ?? [];
  if (!individuals.length && !entities.length) throw new FeedError(source, file, 'no INDIVIDUAL or ENTITY records');
  const parties: ListedParty[] = [];
  const seen = new Set<string>();
  const take = (rec: any, kind: 'INDIVIDUAL' | 'ENTITY', idx: number) => {
    const dataId = str(rec.DATAID);
    if (!/^\d+$/.test(dataId)) throw new FeedError(source, file, `${kind} #${idx + 1}: DATAID is missing or not a number`);
    if (seen.has(dataId)) throw new FeedError(source, file, `${kind} DATAID ${dataId} appears twice`);
    seen.add(dataId);
    const nameParts = [rec.FIRST_NAME, rec.SECOND_NAME, rec.THIRD_NAME, rec.FOURTH_NAME].map(str).filter(Boolean);
    if (!nameParts.length) throw new FeedError(source, file, `${kind} ${dataId}: FIRST_NAME is empty`);
    const names: PartyName[] = [];
    if (kind === 'INDIVIDUAL') pushName(names, compact({ full: nameParts.join(' '), type: 'primary' as const, given: nameParts[0], family: nameParts.length > 1 ? nameParts.slice(1).join(' ') : undefined }));
    else {
      const full = nameParts.join(' ');
      pushName(names, { full, type: 'primary' });
      const split = full.split(/\s+;\s+/);
      if (split.length > 1) for (const s of split) pushName(names, { full: s, type: 'aka' });
    }
    const original = str(rec.NAME_ORIGINAL_SCRIPT);
    if (original) pushName(names, { full: original, type: 'original' });
    for (const a of rec[`${kind}_ALIAS`] ?? []) {
      const an = str(a?.ALIAS_NAME);
      if (!an) continue;
      const q = str(a?.QUALITY).toLowerCase();
      pushName(names, { full: an, type: q.startsWith('f.k.a') ? 'fka' : q === 'low' ? 'weak' : 'aka' });
    }
    const addresses = (rec[`${kind}_ADDRESS`] ?? [])
      .map((a: any) => {
        const country = str(a?.COUNTRY);
        const full = [a?.STREET, a?.CITY, a?.STATE_PROVINCE, a?.ZIP_CODE, a?.COUNTRY].map(str).filter(Boolean).join(', ');
        return compact({ full, city: nonEmpty(str(a?.CITY)), country: countryCode(country) });
      })
      .filter((a: { full: string }) => a.full);
    const birthDates: string[] = [];
    for (const d of rec.INDIVIDUAL_DATE_OF_BIRTH ?? []) {
      const exact = parseDate(str(d?.DATE));
      if (exact) birthDates.push(exact);
      else if (str(d?.YEAR)) birthDates.push(str(d.YEAR));
      if (str(d?.FROM_YEAR)) birthDates.push(str(d.FROM_YEAR));
      if (str(d?.TO_YEAR)) birthDates.push(str(d.TO_YEAR));
    }
    const identifiers: PartyIdentifier[] = (rec.INDIVIDUAL_DOCUMENT ?? [])
      .filter((d: any) => str(d?.NUMBER))
      .map((d: any) => compact({ type: str(d.TYPE_OF_DOCUMENT).toLowerCase().replace(/[^a-z0-9]+/g, '_') || 'document', value: str(d.NUMBER), country: countryCode(str(d.ISSUING_COUNTRY) || str(d.COUNTRY_OF_ISSUE)) }));
    const nationalities = values(rec.NATIONALITY).map(countryCode).filter((c): c is string => !!c);
    const listType = str(rec.UN_LIST_TYPE);
    parties.push(
      compact({
        id: `${source}:${dataId}`,
        source,
        sourceId: dataId,
        list: listType ? `UN ${listType}` : 'UN',
        schema: kind === 'INDIVIDUAL' ? ('Person' as const) : ('Organization' as const),
        names,
        addresses,
        countries: uniq([...nationalities, ...addresses.map((a: { country?: string }) => a.country).filter((c: string | undefined): c is string => !!c)]),
        birthDates: uniq(birthDates),
        identifiers,
        programmes: uniq([listType, str(rec.REFERENCE_NUMBER)].filter(Boolean)),
        listedOn: parseDate(str(rec.LISTED_ON)),
        remarks: nonEmpty([values(rec.DESIGNATION).join(', '), str(rec.COMMENTS1)].filter(Boolean).join('; ')),
      }),
    );
  };
  individuals.forEach((r, i) => take(r, 'INDIVIDUAL', i));
  entities.forEach((r, i) => take(r, 'ENTITY', i));
  return parties;
}
