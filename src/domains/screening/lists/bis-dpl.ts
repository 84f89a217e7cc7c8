import { readCsv } from './csv.js';
import type { ListedParty } from '../model.js';
import { FeedError, clean, compact, nonEmpty, parseDate, requireText, type FeedFiles } from './common.js';
import { createHash } from 'node:crypto';

/** BIS Denied Persons List, legacy tab-separated `dpl.txt` (every field double-quoted, header row). */
const HEADER = ['Name', 'Street_Address', 'City', 'State', 'Country', 'Postal_Code', 'Effective_Date', 'Expiration_Date', 'Standard_Order', 'Last_Update', 'Action', 'FR_Citation'];

export function parseBisDpl(files: FeedFiles): ListedParty[] {
  const source = 'bis-dpl';
  const file = 'dpl';
  const text = requireText(source, file, files.dpl);
  let rows: string[][];
  try {
    rows = readCsv(text, '\t');
    const width = rows[0]?.length ?? 0;
    rows.forEach((r, i) => {
      if (r.length !== width) throw new Error(`record ${i + 1}: expected ${width} columns, found ${r.length}`);
    });
  } catch (e) {
    throw new FeedError(source, file, `malformed tab-separated file: ${(e as Error).message}`);
  }
  const header = rows[0]?.map(clean) ?? [];
  if (HEADER.some((h, i) => header[i] !== h)) throw new FeedError(source, file, `header must be ${HEADER.join(', ')}`);
  if (rows.length < 2) throw new FeedError(source, file, 'no records');
  const parties: ListedParty[] = [];
  const seen = new Map<string, number>();
  rows.slice(1).forEach((r, i) => {
    const line = i + 2;
    const name = clean(r[0]);
    if (!name) throw new FeedError(source, file, `line ${line}: Name is empty`);
    const effective = parseDate(r[6]);
    if (clean(r[6]) && !effective) throw new FeedError(source, file, `line ${line}: Effective_Date "${r[6]}" is not MM/DD/YYYY`);
    const country = /^[A-Z]{2}$/.test(clean(r[4])) ? clean(r[4]) : undefined;
    const full = [r[1], r[2], r[3], r[5], r[4]].map(clean).filter(Boolean).join(', ');
    // The DPL has no ids: a person is identified by name + address + order date.
    const key = createHash('sha1').update([name, clean(r[1]), clean(r[2]), clean(r[6])].join('|').toUpperCase()).digest('hex').slice(0, 12);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    const sourceId = n > 1 ? `${key}~${n}` : key;
    parties.push(
      compact({
        id: `${source}:${sourceId}`,
        source,
        sourceId,
        list: 'Denied Persons List',
        schema: 'LegalEntity' as const,
        names: [{ full: name, type: 'primary' as const }],
        addresses: full ? [compact({ full, city: nonEmpty(r[2]), country })] : [],
        countries: country ? [country] : [],
        birthDates: [],
        identifiers: [],
        programmes: ['EAR'],
        listedOn: effective,
        remarks: nonEmpty([clean(r[10]), clean(r[11]) ? `FR: ${clean(r[11])}` : '', clean(r[7]) ? `Expires ${parseDate(r[7]) ?? clean(r[7])}` : ''].filter(Boolean).join('; ')),
      }),
    );
  });
  return parties;
}
