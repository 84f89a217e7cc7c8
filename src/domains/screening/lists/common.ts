import { createHash } from 'node:crypto';
import type { ListedParty, PartyName } from '../model.js';

/** A feed file that must be rejected whole: names the file and the reason. */
export class FeedError extends Error {
  constructor(
    readonly source: string,
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${source}/${file}: ${reason}`);
    this.name = 'FeedError';
  }
}

/** The raw files of one source, by file key (e.g. "sdn", "alt"). Missing optional files are absent. */
export type FeedFiles = Record<string, Buffer>;

export interface SourceFile {
  /** Key used by the parser, e.g. "sdn". */
  key: string;
  /** Bundled snapshot path relative to data/, e.g. "ofac-sdn/sdn.csv.gz"; '' when the seed does not load this file. */
  bundled: string;
  /** Environment variable that overrides the official URL. */
  env: string;
  /** The official download URL (used when the env var is unset). */
  url: string;
  /** An update fails when a required file is missing; optional files may be left out (env var set to ""). */
  required: boolean;
}

export interface ListSource {
  name: string;
  title: string;
  files: SourceFile[];
  /** Parses and validates the whole feed; throws FeedError on anything malformed. */
  parse(files: FeedFiles): ListedParty[];
  /** Data date of the bundled snapshot (shown with the seeded version). */
  bundledDataDate: string;
}

/** Rejects 0-byte files and files that are plainly not text. */
export function requireText(source: string, file: string, buf: Buffer | undefined, encoding: 'utf8' | 'windows-1252' = 'utf8'): string {
  if (!buf) throw new FeedError(source, file, 'file is missing');
  if (buf.length === 0) throw new FeedError(source, file, 'file is empty (0 bytes)');
  const probe = buf.subarray(0, 65536);
  if (probe.includes(0)) throw new FeedError(source, file, 'file contains NUL bytes (binary, not a text feed)');
  const text = new TextDecoder(encoding).decode(buf);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const MULTI_SPACE = /\s{2,}|[\t\n\r\u00a0\f\v]/;
/** Trims and collapses runs of whitespace (fast path: most fields need neither). */
export const clean = (s: string | undefined | null): string => {
  if (!s) return '';
  const t = s.trim();
  return MULTI_SPACE.test(t) ? t.replace(/\s+/g, ' ') : t;
};
export const nonEmpty = (s: string | undefined | null): string | undefined => {
  const c = clean(s);
  return c ? c : undefined;
};

/** Adds a name unless the same text (case-insensitively) is already there. */
export function pushName(names: PartyName[], n: PartyName) {
  const full = clean(n.full);
  if (!full) return;
  const key = full.toLowerCase();
  if (names.some((x) => x.full.toLowerCase() === key)) return;
  names.push({ ...n, full });
}

export const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

/** Parses the date forms the lists use (YYYY, YYYY-MM-DD, DD Mon YYYY, Mon YYYY, MM/DD/YYYY, DD/MM/YYYY with dmy) into YYYY[-MM[-DD]]. */
export function parseDate(raw: string | undefined | null, order: 'mdy' | 'dmy' = 'mdy'): string | undefined {
  const s = clean(raw).replace(/\.$/, '');
  if (!s) return undefined;
  let m = s.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = s.match(/^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/);
  if (m && MONTHS[m[2]!.toLowerCase()]) return `${m[3]}-${MONTHS[m[2]!.toLowerCase()]}-${m[1]!.padStart(2, '0')}`;
  m = s.match(/^([A-Za-z]{3})[a-z]* (\d{4})$/);
  if (m && MONTHS[m[1]!.toLowerCase()]) return `${m[2]}-${MONTHS[m[1]!.toLowerCase()]}`;
  m = s.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (m) {
    const [a, b] = order === 'mdy' ? [m[1]!, m[2]!] : [m[2]!, m[1]!];
    return `${m[3]}-${a.padStart(2, '0')}-${b.padStart(2, '0')}`;
  }
  m = s.match(/^(?:circa |c\. ?|approximately )?(\d{4})$/i);
  if (m) return m[1];
  return undefined;
}

/** Stable content hash of a party (key order fixed by construction), used to detect changed listings between versions. */
export function partyHash(p: ListedParty, json = JSON.stringify(p)): string {
  return createHash('sha256').update(json).digest('hex').slice(0, 32);
}

/**
 * Marks objects whose undefined keys are dropped on serialisation (JSON.stringify omits them, so hashes and stored JSON
 * do not depend on them). Kept as identity: deleting keys would push V8 objects into slow dictionary mode.
 */
export function compact<T extends object>(o: T): T {
  return o;
}

/** Fails the whole feed when the same source id appears twice (a corrupted or concatenated file). */
export function assertUniqueIds(source: string, file: string, parties: ListedParty[]) {
  const seen = new Set<string>();
  for (const p of parties) {
    if (seen.has(p.id)) throw new FeedError(source, file, `source id ${p.sourceId} appears twice`);
    seen.add(p.id);
  }
}
