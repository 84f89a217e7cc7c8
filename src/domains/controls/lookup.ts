/**
 * The published read model of a control list on a date, for other domains (determination, classification).
 * Built on the same as-of rule as every other read (`inForce`), plus the subtree rule: a sub-item is in force
 * only while its head is (a lapsed or removed head takes its sub-items with it).
 */
import { distance } from 'fastest-levenshtein';
import type { Executor } from '../../platform/db/index.js';
import { inForce, splitTags } from './controls.repository.js';

export interface SnapshotEntry {
  code: string;
  parent: string | null;
  rootCode: string;
  depth: number;
  title: string;
  regimes: readonly string[];
}

export interface ControlListSnapshot {
  /** The latest release of the list in effect on `date` (id), or '' when none is. */
  releaseId: string;
  date: string;
  /** The list id ('eu', 'uk', 'us', 'mtcr', 'nsg'). */
  regime: string;
  codes: ReadonlySet<string>;
  /** Every code in force with its heading and place in the tree. */
  entries: ReadonlyMap<string, SnapshotEntry>;
  /** Codes of the direct children of each code, in list order. */
  children: ReadonlyMap<string, readonly string[]>;
}

const CACHE_MAX = 64;
const cache = new Map<string, ControlListSnapshot>();
let generation = 0;

/** Called by every write to control entries in this process so cached snapshots are rebuilt. */
export function invalidateControlSnapshots() {
  generation++;
  cache.clear();
}

/**
 * Changes with any new version, closing, lapse or sunset change of a list's entries (or of all lists), and with any
 * write in this process, so a cache keyed on it is never stale even when another process wrote to the list.
 */
export async function entriesFingerprint(db: Executor, listId?: string): Promise<string> {
  let q = db
    .selectFrom('control_entries')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('created_at').as('m'), eb.fn.count('valid_to').as('v'), eb.fn.max('sunset_date').as('s')]);
  if (listId) q = q.where('list_id', '=', listId);
  const f = await q.executeTakeFirst();
  return `${f?.n}|${f?.m}|${f?.v}|${f?.s}|${generation}`;
}

/** Normalises a user-typed code: trims, drops a trailing dot, upper-cases the entry part (`5a001.F` → `5A001.f`). */
export function normaliseCode(code: string): string {
  const c = code.trim().replace(/\.+$/, '');
  const [head, ...rest] = c.split('.');
  return [head.toUpperCase(), ...rest.map((s) => s.toLowerCase())].join('.');
}

/** The list as it stands on `date` (adopted amendments applied, grace/sunset honoured), cached per release. */
export async function controlListAsOf(db: Executor, regime: string, date: string): Promise<ControlListSnapshot> {
  const [fp, release] = await Promise.all([
    entriesFingerprint(db, regime),
    db.selectFrom('control_releases').select('id').where('list_id', '=', regime).where('effective_from', '<=', date).orderBy('effective_from', 'desc').orderBy('created_at', 'desc').limit(1).executeTakeFirst(),
  ]);
  const key = `${regime}|${date}|${release?.id ?? ''}|${fp}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const rows = await inForce(db.selectFrom('control_entries').select(['code', 'parent_code', 'root_code', 'depth', 'title', 'regimes', 'sort_key']).where('list_id', '=', regime), date)
    .orderBy('sort_key')
    .execute();
  const present = new Set(rows.map((r) => r.code));
  const byCode = new Map(rows.map((r) => [r.code, r]));
  const alive = (code: string): boolean => {
    const r = byCode.get(code);
    if (!r) return false;
    return !r.parent_code || (present.has(r.parent_code) && alive(r.parent_code));
  };
  const entries = new Map<string, SnapshotEntry>();
  const children = new Map<string, string[]>();
  for (const r of rows) {
    if (!alive(r.code)) continue;
    entries.set(r.code, { code: r.code, parent: r.parent_code, rootCode: r.root_code, depth: Number(r.depth), title: r.title, regimes: splitTags(r.regimes) });
    if (r.parent_code) {
      const list = children.get(r.parent_code) ?? [];
      list.push(r.code);
      children.set(r.parent_code, list);
    }
  }
  const snap: ControlListSnapshot = { releaseId: release?.id ?? '', date, regime, codes: new Set(entries.keys()), entries, children };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(key, snap);
  return snap;
}

/** Nearest existing codes to an unknown one (same entry's siblings/parents first, then edit distance). */
export function nearestCodes(snapshot: ControlListSnapshot, code: string, n = 5): string[] {
  const want = normaliseCode(code);
  const lower = want.toLowerCase();
  const exact = [...snapshot.codes].find((c) => c.toLowerCase() === lower);
  if (exact) return [exact];
  const out: string[] = [];
  const push = (c: string) => {
    if (out.length < n && !out.includes(c)) out.push(c);
  };
  // Closest existing ancestor: its children nearest to the missing segment, then the ancestor itself.
  const segs = want.split('.');
  for (let k = segs.length - 1; k >= 1 && !out.length; k--) {
    const anc = [...snapshot.codes].find((c) => c.toLowerCase() === segs.slice(0, k).join('.').toLowerCase());
    if (!anc) continue;
    const missing = segs[k].toLowerCase();
    const kids = [...(snapshot.children.get(anc) ?? [])].sort((a, b) => distance(last(a), missing) - distance(last(b), missing));
    // A sibling with the same label under a deeper level is the likeliest intended code (5A001.c → 5A001.b.5.c).
    const deeper = [...snapshot.codes].filter((c) => c.toLowerCase().startsWith(`${anc.toLowerCase()}.`) && last(c) === missing && c.split('.').length > segs.length);
    for (const c of deeper.sort((a, b) => a.length - b.length).slice(0, 2)) push(c);
    for (const c of kids.slice(0, Math.max(1, n - 2))) push(c);
    push(anc);
  }
  const ranked = [...snapshot.codes].map((c) => [c, distance(c.toLowerCase(), lower)] as const).sort((a, b) => a[1] - b[1] || a[0].length - b[0].length);
  for (const [c] of ranked) {
    if (out.length >= n) break;
    push(c);
  }
  return out;
}

const last = (code: string) => code.slice(code.lastIndexOf('.') + 1).toLowerCase();

/** Every HS-6 ↔ control-code correlation the authority imported (all lists), for other domains' dual-use checks. */
export async function hsCorrelationRows(db: Executor): Promise<{ hs6: string; list: string; code: string }[]> {
  const rows = await db.selectFrom('control_hs_correlations').select(['hs6', 'list_id', 'code']).execute();
  return rows.map((r) => ({ hs6: r.hs6, list: r.list_id, code: r.code }));
}
