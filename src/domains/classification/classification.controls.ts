/**
 * The classification domain's only link to the controls domain: code format per list, and (when the controls
 * domain provides it) the check that a code is a real entry of the list on the ruling date.
 */
import type { Executor } from '../../platform/db/index.js';
import { findEntry } from '../controls/controls.repository.js';

export const CONTROL_LISTS = ['eu', 'uk', 'us'] as const;
export type ControlList = (typeof CONTROL_LISTS)[number];

const SUB = String.raw`(?:\.(?:[a-z]{1,2}|\d{1,2}))*`;
const FORMATS: Record<ControlList, { re: RegExp; example: string }> = {
  // EU Annex I: category digit, product group letter, three digits, then sub-items (5A002.a.1).
  eu: { re: new RegExp(String.raw`^\d[A-E]\d{3}${SUB}$`), example: '5A002.a.1' },
  // UK: military list (ML1–ML22), national PL entries, and the dual-use codes.
  uk: { re: new RegExp(String.raw`^(?:ML(?:[1-9]|1\d|2[0-2])|PL\d{4}[A-Z]?|\d[A-E]\d{3})${SUB}$`), example: 'ML10.a or PL5017 or 5A002.a.1' },
  // US CCL: ECCN (incl. 600-series) with sub-items, or EAR99.
  us: { re: new RegExp(String.raw`^(?:EAR99|\d[A-E]\d{3}${SUB})$`), example: '5A002.a.1 or EAR99' },
};

/** Tidies how a code was typed: no spaces, head in capitals, sub-item letters in lower case (`5a002.A.1` → `5A002.a.1`). */
export function normaliseCode(code: string): string {
  const c = code.replace(/\s+/g, '');
  const [head, ...subs] = c.split('.');
  return [head.toUpperCase(), ...subs.map((s) => s.toLowerCase())].join('.');
}

/** Null when the code has the list's format, otherwise the reason. */
export function codeFormatProblem(list: ControlList, code: string): string | null {
  const f = FORMATS[list];
  return f.re.test(code) ? null : `is not a ${list.toUpperCase()} control code (expected e.g. ${f.example})`;
}

export type EntryLookup = { status: 'found'; code: string; title: string | null } | { status: 'unknown' };

/** Looks the code up in the control list in force on a date (the controls domain's `findEntry`). */
export async function lookupEntry(db: Executor, list: ControlList, code: string, asOf: string): Promise<EntryLookup> {
  const e = await findEntry(db, list, code, asOf);
  return e ? { status: 'found', code: e.code, title: e.title || null } : { status: 'unknown' };
}
