/** Parses a declaration batch (NDJSON: one declaration per line; CSV: one item per row) with the JSON endpoint's validation. */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { Declaration, zodFields, type DeclarationInput } from './customs.schema.js';

export const BATCH_MAX_LINES = 1_000_000;

export const CSV_COLUMNS = [
  'reference', 'date', 'procedure', 'customsOffice', 'declarantName', 'declarantCountry', 'declarantEori', 'exporterName', 'exporterCountry', 'exporterEori',
  'consigneeName', 'consigneeCountry', 'consigneeAddress', 'endUserName', 'endUserCountry', 'destination', 'dispatchCountry', 'transit',
  'line', 'hsCode', 'description', 'controlCode', 'quantity', 'unit', 'value', 'currency', 'authorisationKind', 'authorisationReference',
] as const;
const REQUIRED = ['reference', 'date', 'procedure', 'customsOffice', 'declarantName', 'declarantCountry', 'exporterName', 'exporterCountry', 'consigneeName', 'consigneeCountry', 'destination', 'dispatchCountry', 'line', 'hsCode', 'description', 'quantity', 'unit', 'value', 'currency'];

const opt = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : s);
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s));

type Row = Record<string, string>;
function rowToDeclaration(r: Row): Record<string, unknown> & { items: unknown[] } {
  return {
    reference: r.reference,
    date: r.date,
    procedure: r.procedure,
    customsOffice: r.customsOffice,
    declarant: { name: r.declarantName, country: r.declarantCountry, eori: opt(r.declarantEori) },
    exporter: { name: r.exporterName, country: r.exporterCountry, eori: opt(r.exporterEori) },
    consignee: { name: r.consigneeName, country: r.consigneeCountry, address: opt(r.consigneeAddress) },
    endUser: opt(r.endUserName) ? { name: r.endUserName, country: r.endUserCountry } : undefined,
    destination: r.destination,
    dispatchCountry: r.dispatchCountry,
    transit: opt(r.transit) ? r.transit!.split(/[;| ]+/).filter(Boolean) : undefined,
    items: [],
  };
}
const rowToItem = (r: Row) => ({
  line: num(r.line),
  hsCode: r.hsCode,
  description: r.description,
  controlCode: opt(r.controlCode),
  quantity: num(r.quantity),
  unit: r.unit,
  value: num(r.value),
  currency: r.currency,
  authorisation: opt(r.authorisationKind) || opt(r.authorisationReference) ? { kind: r.authorisationKind, reference: r.authorisationReference } : undefined,
});

export interface ParsedBatch {
  declarations: number;
  lines: number;
}

/**
 * Validates every declaration and hands each valid one to `emit` (in order). Any problem rejects the whole batch: the
 * caller gets `fields` keyed `line N.<field>` (N = the input line; first 20 problems) and must discard what was emitted.
 */
export async function parseBatch(format: 'ndjson' | 'csv', text: string, emit: (d: DeclarationInput) => void): Promise<ParsedBatch & { fields: Record<string, string> }> {
  const fields: Record<string, string> = {};
  let declarations = 0;
  let lines = 0;
  const add = (f: Record<string, string>) => {
    for (const [k, v] of Object.entries(f)) if (Object.keys(fields).length < 20) fields[k] = v;
  };
  const accept = (raw: unknown, prefix: string) => {
    const p = Declaration.safeParse(raw);
    if (!p.success) return add(zodFields(p.error, prefix));
    declarations++;
    lines += p.data.items.length;
    if (lines > BATCH_MAX_LINES) return add({ file: `has more than ${BATCH_MAX_LINES} declaration lines` });
    if (!Object.keys(fields).length) emit(p.data);
  };
  if (!text.trim()) return { declarations: 0, lines: 0, fields: { file: 'is empty' } };
  if (format === 'ndjson') {
    let start = 0;
    let n = 0;
    while (start < text.length && Object.keys(fields).length < 20) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      n++;
      const line = text.slice(start, end).trim();
      start = end + 1;
      if (!line) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        add({ [`line ${n}`]: `is not valid JSON: ${(e as Error).message}` });
        continue;
      }
      accept(raw, `line ${n}.`);
    }
    return { declarations, lines, fields };
  }
  const header = text.slice(0, text.search(/\r?\n|$/)).replace(/^\uFEFF/, '').split(',').map((h) => h.trim());
  const missing = REQUIRED.filter((c) => !header.includes(c));
  if (missing.length) return { declarations: 0, lines: 0, fields: { file: `CSV header must have the columns ${CSV_COLUMNS.join(',')}; missing ${missing.join(', ')}` } };
  // Rows of one declaration are consecutive (same reference and declarant); each row is one item.
  type Cur = { key: string; decl: Record<string, unknown> & { items: unknown[] }; first: number };
  let cur: Cur | null = null;
  const flush = () => {
    const c = cur as Cur | null;
    if (c) accept(c.decl, `line ${c.first}.`);
    cur = null;
  };
  let rowNo = 1;
  try {
    const parser = Readable.from([text]).pipe(parse({ columns: (h: string[]) => h.map((c) => c.trim()), bom: true, skip_empty_lines: true, trim: true, relax_column_count: false }));
    for await (const rec of parser as AsyncIterable<Row>) {
      rowNo++;
      const key = `${rec.reference}\u0000${rec.declarantEori || rec.declarantName}`;
      let c = cur as Cur | null;
      if (!c || c.key !== key) {
        flush();
        c = cur = { key, decl: rowToDeclaration(rec), first: rowNo };
      }
      c.decl.items.push(rowToItem(rec));
      if (Object.keys(fields).length >= 20) break;
    }
  } catch (e) {
    add({ file: `malformed CSV: ${(e as Error).message}` });
  }
  flush();
  return { declarations, lines, fields };
}
