import type { Ctx } from '../../platform/context.js';
import { isoDate } from '../../platform/clock.js';
import { invalid } from '../../platform/errors.js';
import { LIST_IDS } from './controls.import.js';
import { inForce } from './controls.repository.js';
import { bm25, searchIndex } from './search.index.js';
import { foldWord, matchThesaurus, wordsOf } from './search.thesaurus.js';

const CODE_LIKE = /^[A-Za-z]{0,4}\d[\w.]*$/;
// Software (D) and technology (E) rank below their equipment unless the query asks for them.
const WANTS_SW = /\b(software|program|programs|app|apps|firmware|source code|technology|know-how|knowhow|technical data|blueprints?)\b/i;

export type Why = { kind: 'code' | 'text' | 'thesaurus'; terms: string[]; thesaurus?: string; corrected?: { from: string; to: string }[] };
export interface SearchResult {
  code: string;
  title: string;
  list: string;
  score: number;
  matched?: string;
  /** Title (or the passage of text) of the matched sub-item; `highlights` are [start, end) offsets into it. */
  snippet?: string;
  highlights?: [number, number][];
  why: Why;
  /** low: a text match that covers under two thirds of the query's words (likely nothing on the list fits). */
  confidence: 'high' | 'low';
}

function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      rowMin = Math.min(rowMin, cur[j]);
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length];
}

/** Nearest list word for a word the lists do not contain (same first letter; 1 edit up to 6 letters, 2 beyond). */
function correct(word: string, vocab: Map<string, number>): string | null {
  const w = word.toLowerCase();
  if (w.length < 4 || /\d/.test(w) || vocab.has(w) || vocab.has(foldWord(w)) || vocab.has(foldWord(w) + 's')) return null;
  const max = w.length > 6 ? 2 : 1;
  let best: string | null = null, bestD = max + 1, bestF = 0;
  for (const [v, f] of vocab) {
    if (v[0] !== w[0]) continue;
    const d = editDistance(w, v, max);
    if (d <= max && (d < bestD || (d === bestD && f > bestF))) [best, bestD, bestF] = [v, d, f];
  }
  return best;
}

const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'that', 'this', 'are', 'used', 'use', 'our', 'any', 'all', 'not', 'new', 'parts', 'part']);
const groupOf = (code: string) => (/^\d[A-E]\d/.test(code) ? code[1] : null);

/** Marks the words of `text` whose folded form (or its start) matches a folded query word. */
export function highlight(text: string, terms: Set<string>): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+/gu)) {
    const f = foldWord(m[0]);
    for (const t of terms) if (f === t || (t.length >= 4 && f.startsWith(t)) || (f.length >= 5 && t.startsWith(f))) { out.push([m.index!, m.index! + m[0].length]); break; }
  }
  return out;
}

/** Ranked search: exact code, then thesaurus terms, then BM25 full text (with misspelling fallback) grouped by top-level entry. */
export async function search(ctx: Ctx, q: { q: string; list?: string; limit?: number; asOf?: string }): Promise<{ results: SearchResult[]; corrected?: { from: string; to: string }[] }> {
  if (q.list && !LIST_IDS.includes(q.list)) throw invalid({ list: `must be one of ${LIST_IDS.join(', ')}` });
  const asOf = q.asOf ?? isoDate(ctx.clock.now());
  const limit = q.limit ?? 20;
  const term = q.q.trim();
  const results = new Map<string, SearchResult & { _root?: string }>();
  if (CODE_LIKE.test(term) && !term.includes(' ')) {
    const code = term.replace(/\.$/, '');
    let cq = inForce(ctx.db.selectFrom('control_entries').select(['code', 'title', 'list_id', 'depth']).where((eb) => eb.or([eb('code', '=', code), eb('code', 'like', `${code.replace(/[%_]/g, '')}%`)])), asOf);
    if (q.list) cq = cq.where('list_id', '=', q.list);
    const rows = await cq.orderBy('depth').orderBy('sort_key').limit(limit * 3).execute();
    for (const r of rows) {
      const score = r.code.toLowerCase() === code.toLowerCase() ? 1000 : 500 - Number(r.depth);
      const key = `${r.list_id}:${r.code}`;
      if (!results.has(key)) results.set(key, { code: r.code, title: r.title, list: r.list_id, score, why: { kind: 'code', terms: [code] }, confidence: 'high' });
    }
    if (results.size) return { results: [...results.values()].sort((a, b) => b.score - a.score).slice(0, limit) };
  }
  const words = wordsOf(term.replace(/"/g, ' '));
  const wantsSw = WANTS_SW.test(term);
  const factor = (code: string) => { const g = groupOf(code); return !wantsSw && (g === 'D' || g === 'E') ? 0.5 : 1; };
  const index = await searchIndex(ctx.db);
  const vocab = index.vocab;
  const corrected: { from: string; to: string }[] = [];
  // Thesaurus terms are matched as typed first, so a trade word the lists lack ("imager", "hacking") is not "corrected" away.
  const asTyped = matchThesaurus(words);
  const covered = new Set(asTyped.flatMap((t) => wordsOf(t.term).map(foldWord)));
  const textWords = words.map((w) => { const c = covered.has(foldWord(w)) ? null : correct(w, vocab); if (c) corrected.push({ from: w, to: c }); return c ?? w; });
  const thes = [...asTyped, ...matchThesaurus(textWords).filter((t) => !asTyped.some((a) => a.entry === t.entry))];
  const queryTerms = new Set(textWords.map(foldWord).filter((w) => w.length >= 3));
  for (const t of thes) for (const w of wordsOf(t.entry.expand)) queryTerms.add(foldWord(w));

  // 1. Thesaurus codes (reviewed data) rank above plain text matches; the sub-item named is shown as `matched`.
  const picked: { list: string; code: string; score: number; why: Why }[] = [];
  thes.forEach((t, i) => t.entry.codes.forEach((lc, j) => {
    const [list, code] = lc.split(':');
    if (!q.list || q.list === list) picked.push({ list, code, score: (200 - i * 10 - j) * factor(code), why: { kind: 'thesaurus', thesaurus: t.term, terms: wordsOf(t.entry.expand) } });
  }));
  // 2. BM25 (in memory, same on both engines) over the list text with the corrected words and the thesaurus' list vocabulary.
  const hits = bm25(index, [...queryTerms].filter((w) => !STOP.has(w)), { asOf, list: q.list, limit: 400 });
  const top = Math.max(...hits.map((h) => h.score), 1e-9);
  const roots = new Map<string, { list: string; root: string; code: string; score: number; why: Why }>();
  for (const p of picked) {
    const root = p.code.split('.')[0];
    const key = `${p.list}:${root}`;
    if (!roots.has(key) || roots.get(key)!.score < p.score) roots.set(key, { list: p.list, root, code: p.code, score: p.score, why: p.why });
  }
  for (const h of hits) {
    const key = `${h.list}:${h.rootCode}`;
    const score = (100 * h.score * factor(h.code)) / top;
    if (!roots.has(key) || roots.get(key)!.score < score) roots.set(key, { list: h.list, root: h.rootCode, code: h.code, score, why: { kind: 'text', terms: [], ...(corrected.length ? { corrected } : {}) } });
  }
  const ordered = [...roots.values()].sort((a, b) => b.score - a.score).slice(0, limit);
  // Titles of the roots and text of the matched sub-items, for the snippet and highlights.
  const rows = new Map<string, { title: string; text: string }>();
  for (const listId of new Set(ordered.map((o) => o.list))) {
    const codes = [...new Set(ordered.filter((o) => o.list === listId).flatMap((o) => [o.root, o.code]))];
    const found = await inForce(ctx.db.selectFrom('control_entries').select(['code', 'title', 'text']).where('list_id', '=', listId).where('code', 'in', codes), asOf).execute();
    for (const r of found) rows.set(`${listId}:${r.code}`, { title: r.title, text: r.text });
  }
  for (const o of ordered) {
    const key = `${o.list}:${o.root}`;
    const root = rows.get(key);
    const sub = rows.get(`${o.list}:${o.code}`);
    if (!root || !sub || results.has(key)) continue; // a thesaurus code not in force on asOf is not offered
    const { snippet, highlights } = snippetOf(sub, queryTerms);
    const matchedWords = [...new Set(highlights.map(([s, e]) => snippet.slice(s, e).toLowerCase()))];
    const why = o.why.kind === 'text' ? { ...o.why, terms: matchedWords } : o.why;
    const covered = new Set(matchedWords.map(foldWord));
    // Words a thesaurus term stood for are judged by the list words it expands to.
    const thesTerms = new Set(thes.flatMap((t) => wordsOf(t.term).map(foldWord)));
    const needed = [...textWords.map(foldWord).filter((w) => !thesTerms.has(w)), ...thes.flatMap((t) => wordsOf(t.entry.expand).map(foldWord))].filter((w) => w.length >= 3 && !STOP.has(w));
    const coverage = needed.length ? needed.filter((w) => [...covered].some((c) => c === w || c.startsWith(w) || w.startsWith(c))).length / needed.length : 0;
    const confidence = why.kind === 'thesaurus' || coverage >= 0.67 ? 'high' : 'low';
    results.set(key, { code: o.root, title: root.title, list: o.list, score: Math.round(o.score * 1000) / 1000, ...(o.code !== o.root ? { matched: o.code } : {}), snippet, highlights, why, confidence });
  }
  return { results: [...results.values()].sort((a, b) => b.score - a.score).slice(0, limit), ...(corrected.length ? { corrected } : {}) };
}

/** The matched sub-item's title, or the passage of its text around the first matched word when the title has none. */
function snippetOf(e: { title: string; text: string }, terms: Set<string>) {
  const inTitle = highlight(e.title, terms);
  if (inTitle.length || !e.text) return { snippet: e.title, highlights: inTitle };
  const inText = highlight(e.text, terms);
  if (!inText.length) return { snippet: e.title, highlights: [] as [number, number][] };
  const start = Math.max(0, inText[0][0] - 60);
  const snippet = (start ? '…' : '') + e.text.slice(start, start + 220);
  const shift = (start ? 1 : 0) - start;
  return { snippet, highlights: inText.map(([s, f]) => [s + shift, f + shift] as [number, number]).filter(([, f]) => f <= snippet.length) };
}
