import { sql, dialectOf, type Executor } from '../../platform/db/index.js';
import type { ControlEntryRow } from './controls.tables.js';

/** An entry as other domains see it. */
export interface ControlEntry {
  id: string;
  list: string;
  code: string;
  rootCode: string;
  parent: string | null;
  depth: number;
  category: string | null;
  productGroup: string | null;
  title: string;
  text: string;
  notes: { kind: string; label: string; text: string }[];
  regimes: string[];
  reasons: string[];
  sensitivity: string;
  status: string;
  releaseId: string;
  amendmentId: string | null;
  validFrom: string;
  validTo: string | null;
  graceUntil: string | null;
  sunsetDate: string | null;
  nextReviewDate: string | null;
}

export const splitTags = (s: string) => s.split('|').filter(Boolean);
export const joinTags = (tags: readonly string[]) => (tags.length ? `|${[...new Set(tags)].join('|')}|` : '');
export const todayIso = () => new Date().toISOString().slice(0, 10);

export function presentEntryRow(r: ControlEntryRow): ControlEntry {
  return {
    id: r.id,
    list: r.list_id,
    code: r.code,
    rootCode: r.root_code,
    parent: r.parent_code,
    depth: Number(r.depth),
    category: r.category,
    productGroup: r.product_group,
    title: r.title,
    text: r.text,
    notes: JSON.parse(r.notes || '[]'),
    regimes: splitTags(r.regimes),
    reasons: splitTags(r.reasons),
    sensitivity: r.sensitivity,
    status: r.status,
    releaseId: r.release_id,
    amendmentId: r.amendment_id,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    graceUntil: r.grace_until,
    sunsetDate: r.sunset_date,
    nextReviewDate: r.next_review_date,
  };
}

/** Kysely filter: the version in force on `asOf` (YYYY-MM-DD). */
export function inForce<QB extends { where: (...a: any[]) => QB }>(qb: QB, asOf: string, alias = 'control_entries'): QB {
  return qb
    .where(`${alias}.valid_from` as any, '<=', asOf)
    .where((eb: any) => eb.or([eb(`${alias}.valid_to`, 'is', null), eb(`${alias}.valid_to`, '>', asOf)]))
    .where((eb: any) => eb.or([eb(`${alias}.sunset_date`, 'is', null), eb(`${alias}.sunset_date`, '>', asOf)]));
}

async function entryRowAsOf(db: Executor, list: string, code: string, asOf: string) {
  return inForce(db.selectFrom('control_entries').selectAll().where('list_id', '=', list).where('code', '=', code), asOf)
    .orderBy('valid_from', 'desc')
    .executeTakeFirst();
}

/**
 * The entry `code` of control list `list` ('eu', 'uk', 'us', 'mtcr', 'nsg') as in force on `asOf`
 * (YYYY-MM-DD, default today), or undefined when the list has no such entry on that date.
 * Sub-items use dotted codes (`5A002.a.1`). Codes are matched exactly, after trimming a trailing dot.
 */
export async function findEntry(db: Executor, list: string, code: string, asOf?: string): Promise<ControlEntry | undefined> {
  const when = asOf ?? todayIso();
  const row = await entryRowAsOf(db, list, code.trim().replace(/\.$/, ''), when);
  if (!row) return undefined;
  // A sub-item is in force only while every level above it is (a lapsed or removed head takes its subtree along).
  for (let p = row.parent_code, hops = 0; p && hops < 12; hops++) {
    const up = await entryRowAsOf(db, list, p, when);
    if (!up) return undefined;
    p = up.parent_code;
  }
  return presentEntryRow(row);
}

/**
 * The entry that applies to a transaction: normally the one in force on `asOf`, but when the version in force
 * came from an amendment with a grace period still running on `asOf`, and the transaction was contracted before
 * that amendment took effect, the earlier version applies (possibly none, when the entry is new).
 */
export async function findApplicableEntry(db: Executor, list: string, code: string, opts: { asOf: string; contractedOn?: string | null }) {
  const current = await findEntry(db, list, code, opts.asOf);
  if (!opts.contractedOn || opts.contractedOn >= opts.asOf) return { entry: current, graceApplied: false, graceUntil: null as string | null };
  const amendments = await db
    .selectFrom('control_amendments')
    .select(['id', 'grace_until', 'changes'])
    .where('list_id', '=', list)
    .where('status', 'in', ['adopted', 'superseded'])
    .where('effective_date', '>', opts.contractedOn)
    .where('effective_date', '<=', opts.asOf)
    .where('grace_until', '>', opts.asOf)
    .execute();
  // Grace protects contracts made under a less strict rule: only added entries (with their sub-items) and tightened
  // texts; a decontrol or a loosening applies at once.
  const stricter = (c: { action: string; stricter?: boolean }) => (c.action === 'add' ? true : c.action === 'remove' ? false : c.stricter ?? true);
  const touching = amendments.find((a) =>
    (JSON.parse(a.changes) as { action: string; code: string; stricter?: boolean }[]).some((c) => stricter(c) && (c.code === code || (c.action === 'add' && code.startsWith(`${c.code}.`)))));
  if (!touching) return { entry: current, graceApplied: false, graceUntil: null as string | null };
  return { entry: await findEntry(db, list, code, opts.contractedOn), graceApplied: true, graceUntil: touching.grace_until };
}

/** Every top-level entry of a list in force on `asOf`, with its regimes (e.g. the EU pack for determinations). */
export async function listCurrentEntries(db: Executor, list: string, opts: { asOf?: string; includeSubItems?: boolean } = {}) {
  let q = inForce(db.selectFrom('control_entries').selectAll().where('list_id', '=', list), opts.asOf ?? todayIso());
  if (!opts.includeSubItems) q = q.where('depth', '=', 0);
  const rows = await q.orderBy('sort_key').execute();
  return rows.map(presentEntryRow);
}

export async function childrenOf(db: Executor, list: string, code: string, asOf: string) {
  return inForce(db.selectFrom('control_entries').select(['code', 'title', 'sort_key']).where('list_id', '=', list).where('parent_code', '=', code), asOf)
    .orderBy('sort_key')
    .execute();
}

/** Escapes a user query into an FTS5 expression: quoted words and phrases (ANDed), `word*` as a prefix. */
export function toFts5Query(q: string, anyWord = false): string | null {
  const parts: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (const m of q.matchAll(re)) {
    if (m[1] !== undefined) {
      const words = m[1].split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      if (words.length) parts.push(`"${words.join(' ')}"`);
    } else {
      const prefix = m[2].endsWith('*');
      for (const w of m[2].split(/[^\p{L}\p{N}]+/u).filter(Boolean)) parts.push(`"${w}"${prefix ? '*' : ''}`);
    }
  }
  return parts.length ? parts.join(anyWord ? ' OR ' : ' ') : null;
}

// US spellings (and a few common variants) folded to the list's British spelling; both are searched.
const SPELLING: [RegExp, string][] = [
  [/^(.*)or$/, '$1our'], [/^(.*)izer(s?)$/, '$1iser$2'], [/^(.*)ization$/, '$1isation'], [/^(.*)ize(d?)$/, '$1ise$2'],
  [/^(.*)yzer(s?)$/, '$1yser$2'], [/^(.*)ter(s?)$/, '$1tre$2'], [/^(.*)ber(s?)$/, '$1bre$2'], [/^aluminum$/, 'aluminium'], [/^sulfur(.*)$/, 'sulphur$1'],
];
const SPELLING_WORDS = new Set(['vapor', 'color', 'armor', 'behavior', 'harbor', 'odor', 'center', 'centers', 'fiber', 'fibers', 'meter', 'meters', 'liter', 'liters', 'aluminum']);

/** A search query with every word optional (ranked by how many and how rare the matched words are) and US spellings added. */
export function anyWordQuery(q: string): string {
  const words = q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out = new Set<string>();
  for (const w of words) {
    out.add(w);
    if (SPELLING_WORDS.has(w) || /(?:iz(?:e|ed|er|ers|ation)|yzers?|^sulfur)$/.test(w))
      for (const [re, to] of SPELLING) if (re.test(w)) { out.add(w.replace(re, to)); break; }
  }
  return [...out].join(' ');
}

export interface TextHit {
  id: string;
  list: string;
  code: string;
  rootCode: string;
  title: string;
  score: number;
}

/** Ranked full-text hits (entries and sub-items in force on `asOf`), best first. */
export async function fullTextSearch(db: Executor, q: string, opts: { asOf: string; list?: string; limit?: number; anyWord?: boolean }): Promise<TextHit[]> {
  const limit = opts.limit ?? 500;
  // Ranked search: a multi-word query must not require every word (BM25 / ts_rank ranks fuller matches first).
  const anyWord = Boolean(opts.anyWord) && !q.includes('"');
  if (anyWord) q = anyWordQuery(q);
  if (dialectOf(db) === 'postgres') {
    const listFilter = opts.list ? sql`and e.list_id = ${opts.list}` : sql``;
    const rows = await sql<{ id: string; list_id: string; code: string; root_code: string; title: string; score: number }>`
      select e.id, e.list_id, e.code, e.root_code, e.title, ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', e.search_tsv, query) as score
      from control_entries e, websearch_to_tsquery('english', ${anyWord ? q.split(' ').join(' or ') : q}) query
      where e.search_tsv @@ query ${listFilter}
        and e.valid_from <= ${opts.asOf} and (e.valid_to is null or e.valid_to > ${opts.asOf})
        and (e.sunset_date is null or e.sunset_date > ${opts.asOf})
      order by score desc limit ${limit}`.execute(db);
    return rows.rows.map((r) => ({ id: r.id, list: r.list_id, code: r.code, rootCode: r.root_code, title: r.title, score: Number(r.score) }));
  }
  const expr = toFts5Query(q, anyWord);
  if (!expr) return [];
  const listFilter = opts.list ? sql`and e.list_id = ${opts.list}` : sql``;
  const rows = await sql<{ id: string; list_id: string; code: string; root_code: string; title: string; rank: number }>`
    select e.id, e.list_id, e.code, e.root_code, e.title, bm25(control_entries_fts, 0.0, 4.0, 1.0) as rank
    from control_entries_fts f join control_entries e on e.id = f.entry_id
    where control_entries_fts match ${expr} ${listFilter}
      and e.valid_from <= ${opts.asOf} and (e.valid_to is null or e.valid_to > ${opts.asOf})
      and (e.sunset_date is null or e.sunset_date > ${opts.asOf})
    order by rank limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ id: r.id, list: r.list_id, code: r.code, rootCode: r.root_code, title: r.title, score: -Number(r.rank) }));
}
