/**
 * A small strict CSV/TSV reader (RFC 4180 quoting), several times faster than csv-parse on the large list files.
 * Throws CsvError with the line number on an unterminated quoted field or text after a closing quote.
 */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function readCsv(text: string, delimiter = ','): string[][] {
  const D = delimiter.charCodeAt(0);
  const Q = 34;
  const CR = 13;
  const LF = 10;
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  let rowHasContent = false;
  while (i < n) {
    let c = text.charCodeAt(i);
    let field: string;
    if (c === Q) {
      const startLine = line;
      let j = i + 1;
      let buf = '';
      let segStart = j;
      for (;;) {
        const k = text.indexOf('"', j);
        if (k < 0) throw new CsvError(startLine, 'unterminated quoted field (truncated file?)');
        for (let p = j; p < k; p++) if (text.charCodeAt(p) === LF) line++;
        if (text.charCodeAt(k + 1) === Q) {
          buf += text.slice(segStart, k + 1);
          j = k + 2;
          segStart = j;
          continue;
        }
        buf += text.slice(segStart, k);
        i = k + 1;
        break;
      }
      field = buf;
      c = text.charCodeAt(i);
      if (i < n && c !== D && c !== CR && c !== LF) {
        // tolerate spaces after a closing quote (OFAC writes `"x" ,`), nothing else
        let p = i;
        while (p < n && text.charCodeAt(p) === 32) p++;
        const e = text.charCodeAt(p);
        if (p < n && e !== D && e !== CR && e !== LF) throw new CsvError(line, 'unexpected text after a closing quote');
        i = p;
      }
      rowHasContent = true;
    } else {
      let j = i;
      while (j < n) {
        const e = text.charCodeAt(j);
        if (e === D || e === CR || e === LF) break;
        j++;
      }
      field = text.slice(i, j);
      if (field.length) rowHasContent = true;
      i = j;
    }
    row.push(field);
    if (i >= n) break;
    c = text.charCodeAt(i);
    if (c === D) {
      i++;
      if (i >= n) row.push('');
      continue;
    }
    // end of line
    if (c === CR && text.charCodeAt(i + 1) === LF) i += 2;
    else i++;
    line++;
    if (rowHasContent || row.length > 1) rows.push(row);
    row = [];
    rowHasContent = false;
  }
  if (row.length && (rowHasContent || row.length > 1)) rows.push(row);
  return rows;
}

/** Rows as objects keyed by the header row; every row must have the header's column count. */
export function readCsvObjects(text: string, delimiter = ','): { header: string[]; records: Record<string, string>[] } {
  const rows = readCsv(text, delimiter);
  const header = (rows[0] ?? []).map((h) => h.trim());
  const records: Record<string, string>[] = [];
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.length !== header.length) throw new CsvError(r + 1, `expected ${header.length} columns, found ${row.length}`);
    const o: Record<string, string> = {};
    for (let k = 0; k < header.length; k++) o[header[k]!] = row[k]!;
    records.push(o);
  }
  return { header, records };
}
