import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ListedParty, PartyIdentifier, PartyName, PartySchema } from '../model.js';
import { FeedError, clean, compact, nonEmpty, pushName, requireText, uniq, type FeedFiles } from './common.js';
import { countryCode } from './countries.js';

/**
 * EU consolidated list of persons, groups and entities subject to financial sanctions ("xmlFullSanctionsList_1_1",
 * namespace http://eu.europa.ec/fpi/fsd/export): root `export`, one `sanctionEntity` per listing (logicalId,
 * euReferenceNumber, unitedNationId, designationDate) with `regulation` (programme, publicationDate, publicationUrl),
 * `subjectType` (person | enterprise), `nameAlias` (wholeName, strong, nameLanguage), `citizenship`, `birthdate`,
 * `address` and `identification` children, all carrying their data as attributes.
 */
export const EU_FSF = 'eu_fsf';
const ARRAYS = new Set(['sanctionEntity', 'nameAlias', 'regulation', 'citizenship', 'birthdate', 'address', 'identification', 'remark']);

const attr = (o: any, name: string): string => {
  const v = o?.[`@_${name}`];
  return v === undefined || v === null ? '' : clean(String(v));
};
const text = (v: any): string => (v === undefined || v === null ? '' : typeof v === 'object' ? clean(String(v['#text'] ?? '')) : clean(String(v)));
/** "00" is the EU file's "unknown country". */
const iso = (o: any): string | undefined => {
  const c = attr(o, 'countryIso2Code').toUpperCase();
  if (/^[A-Z]{2}$/.test(c) && c !== '00') return c;
  return countryCode(attr(o, 'countryDescription'));
};

function birthDate(b: any): string | undefined {
  const full = attr(b, 'birthdate');
  if (/^\d{4}-\d{2}-\d{2}$/.test(full)) return full;
  const y = attr(b, 'year');
  if (!/^\d{4}$/.test(y)) return undefined;
  const m = attr(b, 'monthOfYear');
  if (!/^\d{1,2}$/.test(m) || m === '0') return y;
  const d = attr(b, 'dayOfMonth');
  return /^\d{1,2}$/.test(d) && d !== '0' ? `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : `${y}-${m.padStart(2, '0')}`;
}

/** Parses and validates the EU FSF XML; any malformed part rejects the whole file (FeedError). */
export function parseEuFsf(files: FeedFiles): ListedParty[] {
  const file = 'xml';
  const xml = requireText(EU_FSF, file, files.xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedError(EU_FSF, file, `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, removeNSPrefix: true, isArray: (n) => ARRAYS.has(n) }).parse(xml);
  const root = doc.export;
  if (!root || typeof root !== 'object') throw new FeedError(EU_FSF, file, 'root element "export" is missing (not an EU financial sanctions file)');
  const entities: any[] = root.sanctionEntity ?? [];
  if (!entities.length) throw new FeedError(EU_FSF, file, 'no sanctionEntity records');
  const seen = new Set<string>();
  return entities.map((e, i) => {
    const id = attr(e, 'logicalId');
    if (!/^\d+$/.test(id)) throw new FeedError(EU_FSF, file, `sanctionEntity #${i + 1}: logicalId is missing or not a number`);
    if (seen.has(id)) throw new FeedError(EU_FSF, file, `sanctionEntity logicalId ${id} appears twice`);
    seen.add(id);
    const names: PartyName[] = [];
    for (const a of e.nameAlias ?? []) {
      const whole = attr(a, 'wholeName') || [attr(a, 'firstName'), attr(a, 'middleName'), attr(a, 'lastName')].filter(Boolean).join(' ');
      if (!whole) continue;
      const weak = attr(a, 'strong') === 'false';
      pushName(names, compact({ full: whole, type: names.length === 0 ? ('primary' as const) : weak ? ('weak' as const) : ('aka' as const), given: nonEmpty(attr(a, 'firstName')), family: nonEmpty(attr(a, 'lastName')), script: nonEmpty(attr(a, 'nameLanguage')) }));
    }
    if (!names.length) throw new FeedError(EU_FSF, file, `sanctionEntity ${id}: no nameAlias with a name`);
    const code = attr(e.subjectType, 'code').toLowerCase();
    const schema: PartySchema = code === 'person' ? 'Person' : code === 'enterprise' ? 'Organization' : 'LegalEntity';
    const addresses = (e.address ?? [])
      .map((a: any) => {
        const country = iso(a);
        const full = [attr(a, 'street'), attr(a, 'poBox') && `PO Box ${attr(a, 'poBox')}`, attr(a, 'zipCode'), attr(a, 'city'), attr(a, 'region'), attr(a, 'place'), attr(a, 'countryDescription') !== 'UNKNOWN' ? attr(a, 'countryDescription') : '']
          .filter(Boolean)
          .join(', ');
        return compact({ full, city: nonEmpty(attr(a, 'city')), country });
      })
      .filter((a: { full: string }) => a.full);
    const identifiers: PartyIdentifier[] = (e.identification ?? [])
      .filter((d: any) => attr(d, 'number') || attr(d, 'latinNumber'))
      .map((d: any) => compact({ type: attr(d, 'identificationTypeCode').toLowerCase().replace(/[^a-z0-9]+/g, '_') || 'document', value: attr(d, 'latinNumber') || attr(d, 'number'), country: iso(d) }));
    const regulations: any[] = e.regulation ?? [];
    const programmes = uniq(regulations.map((r) => attr(r, 'programme')).filter(Boolean));
    const euRef = attr(e, 'euReferenceNumber');
    const dates = [attr(e, 'designationDate'), ...regulations.map((r) => attr(r, 'publicationDate'))].filter((d) => /^\d{4}-\d{2}-\d{2}/.test(d)).map((d) => d.slice(0, 10)).sort();
    const urls = uniq(regulations.map((r) => text(r.publicationUrl)).filter((u) => /^https?:\/\//.test(u)));
    const remarks = [(e.remark ?? []).map(text).filter(Boolean).join(' '), regulations.length ? `Regulations: ${uniq(regulations.map((r) => attr(r, 'numberTitle')).filter(Boolean)).join('; ')}` : ''].filter(Boolean).join('; ');
    return compact({
      id: `${EU_FSF}:${id}`,
      source: EU_FSF,
      sourceId: id,
      list: 'EU Financial Sanctions',
      schema,
      names,
      addresses,
      countries: uniq([...(e.citizenship ?? []).map(iso), ...addresses.map((a: { country?: string }) => a.country)].filter((c): c is string => !!c)),
      birthDates: uniq((e.birthdate ?? []).map(birthDate).filter((d: string | undefined): d is string => !!d)),
      identifiers: [...identifiers, ...(attr(e, 'unitedNationId') ? [{ type: 'un_reference', value: attr(e, 'unitedNationId') }] : [])],
      programmes: uniq([...programmes, ...(euRef ? [euRef] : [])]),
      listedOn: dates[0],
      remarks: nonEmpty(remarks),
      sourceUrls: urls.length ? urls : undefined,
    });
  });
}
