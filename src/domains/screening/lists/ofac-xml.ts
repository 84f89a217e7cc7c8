import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ListedParty, PartyIdentifier, PartyName, PartySchema } from '../model.js';
import { FeedError, clean, compact, nonEmpty, parseDate, pushName, requireText, uniq } from './common.js';
import { countryCode } from './countries.js';

/**
 * OFAC Sanctions List Service "ENHANCED_XML" (sanctionsData → entities/entity with names/translations, addresses,
 * features such as Birthdate and Nationality, identityDocuments, sanctionsLists, sanctionsPrograms).
 */
const ARRAYS = new Set(['entity', 'name', 'translation', 'namePart', 'address', 'addressPart', 'feature', 'identityDocument', 'sanctionsList', 'sanctionsProgram']);

const text = (v: unknown): string => {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return clean(String((v as Record<string, unknown>)['#text'] ?? ''));
  return clean(String(v));
};

const SCHEMA: Record<string, PartySchema> = { individual: 'Person', entity: 'Organization', vessel: 'Vessel', aircraft: 'Aircraft' };

export function parseOfacEnhancedXml(source: string, file: string, buf: Buffer | undefined, listName: string): ListedParty[] {
  const xml = requireText(source, file, buf);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new FeedError(source, file, `malformed XML at line ${valid.err.line}: ${valid.err.msg}`);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, trimValues: true, isArray: (n) => ARRAYS.has(n) }).parse(xml);
  const root = doc.sanctionsData;
  if (!root) throw new FeedError(source, file, 'root element sanctionsData is missing (not an OFAC ENHANCED_XML file)');
  const entities: any[] = root.entities?.entity ?? [];
  if (!entities.length) throw new FeedError(source, file, 'no entity records');
  const seen = new Set<string>();
  return entities.map((e, i) => {
    const id = text(e['@id']);
    if (!/^\d+$/.test(id)) throw new FeedError(source, file, `entity #${i + 1}: id is missing or not a number`);
    if (seen.has(id)) throw new FeedError(source, file, `entity ${id} appears twice`);
    seen.add(id);
    const type = text(e.generalInfo?.entityType).toLowerCase();
    const schema = SCHEMA[type] ?? 'Organization';
    const names: PartyName[] = [];
    const nameList: any[] = e.names?.name ?? [];
    const ordered = [...nameList.filter((n) => text(n.isPrimary) === 'true'), ...nameList.filter((n) => text(n.isPrimary) !== 'true')];
    for (const n of ordered) {
      const primary = text(n.isPrimary) === 'true';
      const alias = text(n.aliasType).toUpperCase();
      const low = text(n.isLowQuality) === 'true';
      for (const t of n.translations?.translation ?? []) {
        const full = text(t.formattedFullName);
        if (!full) continue;
        const latin = /latin/i.test(text(t.script)) || !text(t.script);
        const kind: PartyName['type'] = !latin ? 'original' : primary && text(t.isPrimary) === 'true' && !names.length ? 'primary' : low ? 'weak' : alias.startsWith('F.K.A') ? 'fka' : 'aka';
        pushName(names, compact({ full, type: kind, given: nonEmpty(text(t.formattedFirstName)), family: nonEmpty(text(t.formattedLastName)), script: latin ? undefined : text(t.script) }));
      }
    }
    if (!names.length) throw new FeedError(source, file, `entity ${id} has no name`);
    const addresses = (e.addresses?.address ?? [])
      .map((a: any) => {
        const tr = (a.translations?.translation ?? [])[0];
        const parts = (tr?.addressParts?.addressPart ?? []).map((p: any) => text(p.value)).filter(Boolean);
        const country = text(a.country);
        const city = (tr?.addressParts?.addressPart ?? []).find((p: any) => /CITY/i.test(text(p.type)));
        return compact({ full: [...parts, country].filter(Boolean).join(', '), city: city ? nonEmpty(text(city.value)) : undefined, country: countryCode(country) });
      })
      .filter((a: { full: string }) => a.full);
    const birthDates: string[] = [];
    const countries: string[] = [];
    const identifiers: PartyIdentifier[] = [];
    for (const f of e.features?.feature ?? []) {
      const ft = text(f.type);
      const v = text(f.value);
      if (/^Birthdate/i.test(ft)) {
        const d = parseDate(v) ?? parseDate(text(f.valueDate?.fromDateBegin)) ?? undefined;
        if (d) birthDates.push(/^\d{4}$/.test(v) ? v : d);
      } else if (/^(Nationality Country|Citizenship Country|Nationality of Registration)/i.test(ft)) {
        const c = countryCode(v);
        if (c) countries.push(c);
      } else if (/^(SWIFT\/BIC|Vessel Registration Identification|ISIN)/i.test(ft) && v) {
        identifiers.push({ type: /Vessel/i.test(ft) ? 'imo' : ft.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/_$/, ''), value: v.replace(/^IMO /, '') });
      }
    }
    for (const d of e.identityDocuments?.identityDocument ?? []) {
      const value = text(d.documentNumber);
      if (!value) continue;
      identifiers.push(compact({ type: text(d.type).replace(/ No\.$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/_$/, '') || 'document', value, country: countryCode(text(d.issuingCountry)) }));
    }
    const lists = (e.sanctionsLists?.sanctionsList ?? []).map(text).filter((l: string) => l && l !== 'Consolidated List');
    const listed = (e.sanctionsLists?.sanctionsList ?? []).map((l: any) => text(l['@datePublished'])).filter(Boolean).sort()[0];
    return compact({
      id: `${source}:${id}`,
      source,
      sourceId: id,
      list: lists[0] ?? listName,
      schema,
      names,
      addresses,
      countries: uniq([...countries, ...addresses.map((a: { country?: string }) => a.country).filter((c: string | undefined): c is string => !!c)]),
      birthDates: uniq(birthDates),
      identifiers,
      programmes: uniq((e.sanctionsPrograms?.sanctionsProgram ?? []).map(text).filter(Boolean)),
      listedOn: parseDate(listed),
      remarks: nonEmpty(text(e.generalInfo?.remarks)),
    });
  });
}
