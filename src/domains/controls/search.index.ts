import type { Executor } from '../../platform/db/index.js';
import { entriesFingerprint } from './lookup.js';
import { foldWord, wordsOf } from './search.thesaurus.js';

/** In-memory BM25 index of every entry version (heading weighted ×2 over sub-item text, Notes and Technical Notes).
 * The same code ranks on SQLite and PostgreSQL, so both engines give the same results. Rebuilt when the entries change (new versions, closings, lapses, sunsets: the same fingerprint as the list snapshots). */
interface Doc { list: string; code: string; root: string; from: string; to: string | null; sunset: string | null; len: number }
export interface SearchIndex { docs: Doc[]; postings: Map<string, [number, number][]>; avgLen: number; vocab: Map<string, number> }

const cache = new WeakMap<object, { fp: string; index: SearchIndex }>();
const K1 = 1.2, B = 0.75, TITLE_WEIGHT = 2;

export async function searchIndex(db: Executor): Promise<SearchIndex> {
  const fp = await entriesFingerprint(db);
  const hit = cache.get(db);
  if (hit && hit.fp === fp) return hit.index;
  const rows = await db.selectFrom('control_entries').select(['list_id', 'code', 'root_code', 'title', 'search_text', 'valid_from', 'valid_to', 'sunset_date']).execute();
  const docs: Doc[] = [];
  const postings = new Map<string, [number, number][]>();
  const vocab = new Map<string, number>();
  let total = 0;
  rows.forEach((r, i) => {
    const tf = new Map<string, number>();
    let len = 0;
    const add = (text: string, w: number) => {
      for (const raw of wordsOf(text.toLowerCase())) {
        if (raw.length >= 3 && !/\d/.test(raw)) vocab.set(raw, (vocab.get(raw) ?? 0) + 1);
        const f = foldWord(raw);
        tf.set(f, (tf.get(f) ?? 0) + w);
        len += w;
      }
    };
    add(r.title, TITLE_WEIGHT);
    add(r.search_text, 1);
    for (const [t, c] of tf) (postings.get(t) ?? postings.set(t, []).get(t)!).push([i, c]);
    docs.push({ list: r.list_id, code: r.code, root: r.root_code, from: r.valid_from, to: r.valid_to, sunset: r.sunset_date, len });
    total += len;
  });
  const index = { docs, postings, avgLen: total / Math.max(1, docs.length), vocab };
  cache.set(db, { fp, index });
  return index;
}

/** BM25 hits in force on `asOf` (optionally one list), best first; `terms` are folded words. */
export function bm25(index: SearchIndex, terms: string[], opts: { asOf: string; list?: string; limit: number }) {
  const scores = new Map<number, number>();
  const N = index.docs.length;
  for (const t of new Set(terms)) {
    const post = index.postings.get(t);
    if (!post) continue;
    const idf = Math.log(1 + (N - post.length + 0.5) / (post.length + 0.5));
    for (const [d, tf] of post) {
      const doc = index.docs[d];
      if ((opts.list && doc.list !== opts.list) || doc.from > opts.asOf || (doc.to && doc.to <= opts.asOf) || (doc.sunset && doc.sunset <= opts.asOf)) continue;
      scores.set(d, (scores.get(d) ?? 0) + (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.len) / index.avgLen)));
    }
  }
  return [...scores].sort((a, b) => b[1] - a[1]).slice(0, opts.limit).map(([d, score]) => ({ ...index.docs[d], rootCode: index.docs[d].root, score }));
}
