/**
 * Precedent similarity: TF-IDF cosine over product text, plus closeness of technical parameters
 * (same parameter name, values compared in base units). Pure functions: no database here.
 */
import anyAscii from 'any-ascii';
import porter from 'talisman/stemmers/porter.js';

const STOPWORDS = new Set(
  'a an and are as at be by for from has have in into is it its of on or that the this to was were with which than not no other any all can may used use using designed specially type types model series system systems product products device devices unit units'.split(' '),
);

const stems = new Map<string, string>();
function stem(w: string): string {
  let s = stems.get(w);
  if (s === undefined) {
    s = porter(w);
    if (stems.size > 100_000) stems.clear();
    stems.set(w, s);
  }
  return s;
}

/** Lower-case ASCII words of a text, stop words removed, stemmed (Porter); numbers and part-like tokens kept as they are. */
export function tokenize(text: string | null | undefined): string[] {
  if (!text) return [];
  const words = anyAscii(text).toLowerCase().split(/[^a-z0-9]+/);
  const out: string[] = [];
  for (const w of words) {
    if (w.length < 2 || STOPWORDS.has(w)) continue;
    out.push(/^[a-z]+$/.test(w) ? stem(w) : w);
  }
  return out;
}

/** Normalised parameter name: stemmed words joined by a space (`Output Powers` → `output power`). */
export const parameterKey = (name: string) => tokenize(name).join(' ') || anyAscii(name).toLowerCase().trim();

// ---------- quantities ----------

const PREFIX: Record<string, number> = { Y: 1e24, Z: 1e21, E: 1e18, P: 1e15, T: 1e12, G: 1e9, M: 1e6, k: 1e3, h: 1e2, da: 1e1, d: 1e-1, c: 1e-2, m: 1e-3, µ: 1e-6, μ: 1e-6, u: 1e-6, n: 1e-9, p: 1e-12, f: 1e-15 };
const BASE_UNITS = new Set([
  'Hz', 'W', 'V', 'A', 'm', 'g', 's', 'Pa', 'J', 'N', 'K', 'Gy', 'Sv', 'Bq', 'bit', 'bit/s', 'bps', 'B', 'B/s', 'Wh', 'l', 'L', 'F', 'H', 'Ω', 'ohm', 'T', 'eV', 'rad', 'sr', 'lm', 'lx', 'mol', 'cd', 'C',
  'dB', 'dBm', 'dBi', 'dBc', 'dBW', '%', '°', 'deg', '°C', 'm/s', 'm/s2', 'm2', 'm3', 'g/cm3', 'Nm', 'rpm', 'W/kg', 'Wh/kg', 'FLOPS', 'pixel', 'pixels',
]);
/** Common ways people type units without the right case. */
const ALIASES: Record<string, string> = {
  hz: 'Hz', khz: 'kHz', mhz: 'MHz', ghz: 'GHz', thz: 'THz', kbps: 'kbit/s', mbps: 'Mbit/s', gbps: 'Gbit/s', 'kbit/s': 'kbit/s', 'mbit/s': 'Mbit/s', 'gbit/s': 'Gbit/s',
  kw: 'kW', kv: 'kV', kg: 'kg', km: 'km', mm: 'mm', nm: 'nm', um: 'µm', ms: 'ms', us: 'µs', ns: 'ns', ps: 'ps', fs: 'fs', mpa: 'MPa', gpa: 'GPa', kpa: 'kPa', db: 'dB', dbm: 'dBm', dbi: 'dBi', degc: '°C',
  degrees: '°', degree: '°', bar: 'bar', kj: 'kJ', mj: 'MJ', gflops: 'GFLOPS', tflops: 'TFLOPS', wt: 'W',
};

export interface Quantity {
  /** Value in the base unit, or null when the text is not a number. */
  num: number | null;
  /** Unit with the SI prefix removed (`Hz` for `GHz`), or the unit as given when it is not a known SI-style unit. */
  baseUnit: string | null;
}

/** Splits a unit into its SI factor and base (`GHz` → 1e9, `Hz`). Unknown units are kept whole with factor 1. */
export function normaliseUnit(unit: string | null | undefined): { factor: number; base: string | null } {
  const raw = (unit ?? '').trim();
  if (!raw) return { factor: 1, base: null };
  const u = BASE_UNITS.has(raw) ? raw : (ALIASES[raw.toLowerCase()] ?? raw);
  if (BASE_UNITS.has(u)) return { factor: 1, base: u };
  for (const p of ['da', ...Object.keys(PREFIX).filter((k) => k !== 'da')]) {
    if (u.startsWith(p) && BASE_UNITS.has(u.slice(p.length))) return { factor: PREFIX[p], base: u.slice(p.length) };
  }
  return { factor: 1, base: u };
}

const NUMBER_RE = /^\s*(?:[<>≤≥~≈]=?\s*)?([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*(.*)$/;

/** Reads a value such as `5`, `5.2 GHz`, `≥ 1,000` or `1e9` with an optional separate unit into base units. */
export function parseQuantity(value: string | number, unit?: string | null): Quantity {
  if (typeof value === 'number') {
    const { factor, base } = normaliseUnit(unit);
    return { num: Number.isFinite(value) ? value * factor : null, baseUnit: base };
  }
  const m = NUMBER_RE.exec(value);
  const u = unit?.trim() || (m ? m[2].trim() : '') || null;
  const { factor, base } = normaliseUnit(u);
  if (!m) return { num: null, baseUnit: base };
  const n = Number(m[1].replace(/,/g, ''));
  return { num: Number.isFinite(n) ? n * factor : null, baseUnit: base };
}

// ---------- parameters ----------

export interface Param {
  nameKey: string;
  /** The name as the user wrote it (reported back in matches). */
  label?: string;
  value: string;
  num: number | null;
  baseUnit: string | null;
}

/** Closeness of two values of the same parameter, 0..1: 1 − relative difference for numbers in the same base unit, equality for text. */
export function valueSimilarity(a: Param, b: Param): number {
  if (a.num !== null && b.num !== null) {
    if ((a.baseUnit ?? '') !== (b.baseUnit ?? '')) return 0;
    const scale = Math.max(Math.abs(a.num), Math.abs(b.num));
    if (scale === 0) return 1;
    return Math.max(0, 1 - Math.abs(a.num - b.num) / scale);
  }
  return a.value.trim().toLowerCase() === b.value.trim().toLowerCase() ? 1 : 0;
}

const wordSets = new Map<string, Set<string>>();
function wordsOf(key: string): Set<string> {
  let s = wordSets.get(key);
  if (!s) {
    s = new Set(key.split(' '));
    if (wordSets.size > 20_000) wordSets.clear();
    wordSets.set(key, s);
  }
  return s;
}

/** How well names match: 1 when the normalised names are equal, otherwise the word overlap (Jaccard) when it is at least one half. */
export function nameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const sa = wordsOf(a);
  const sb = wordsOf(b);
  // Two different one-word names share nothing.
  if (sa.size === 1 && sb.size === 1) return 0;
  let inter = 0;
  for (const w of sa) if (sb.has(w)) inter++;
  const j = inter / (sa.size + sb.size - inter);
  return j >= 0.5 ? j : 0;
}

/** Mean over the query's parameters of the best (name match × value closeness) among the candidate's parameters. */
export function parameterScore(query: Param[], candidate: Param[]): { score: number; matched: string[] } {
  if (!query.length) return { score: 0, matched: [] };
  let total = 0;
  const matched: string[] = [];
  for (const q of query) {
    let best = 0;
    for (const c of candidate) {
      const ns = nameSimilarity(q.nameKey, c.nameKey);
      if (!ns) continue;
      best = Math.max(best, ns * valueSimilarity(q, c));
    }
    if (best > 0) matched.push(q.label ?? q.nameKey);
    total += best;
  }
  return { score: total / query.length, matched };
}

// ---------- text (TF-IDF) ----------

export interface TextDoc {
  name: string;
  description: string;
  manufacturer: string;
}

/** Product name counts twice: it is the most telling field. */
export const docTokens = (d: TextDoc) => [...tokenize(d.name), ...tokenize(d.name), ...tokenize(d.description), ...tokenize(d.manufacturer)];

type Vec = Map<string, number>;

function termFreq(tokens: string[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/**
 * A TF-IDF index over a set of documents: log term frequency, smoothed inverse document frequency, cosine similarity.
 * Keeps an inverted index (term → documents with their normalised weight) so a query touches only the documents
 * that share a term with it.
 */
export class TfIdfIndex {
  private readonly df = new Map<string, number>();
  private readonly n: number;
  private readonly postings = new Map<string, { doc: number; w: number }[]>();
  constructor(docs: string[][]) {
    const tfs = docs.map(termFreq);
    this.n = tfs.length;
    for (const tf of tfs) for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    tfs.forEach((tf, doc) => {
      const { vec, norm } = this.weigh(tf);
      if (!norm) return;
      for (const [t, w] of vec) {
        let list = this.postings.get(t);
        if (!list) this.postings.set(t, (list = []));
        list.push({ doc, w: w / norm });
      }
    });
  }
  get size() {
    return this.n;
  }
  private idf(t: string) {
    return Math.log((this.n + 1) / ((this.df.get(t) ?? 0) + 1)) + 1;
  }
  private weigh(tf: Map<string, number>) {
    const vec: Vec = new Map();
    let sq = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * this.idf(t);
      vec.set(t, w);
      sq += w * w;
    }
    return { vec, norm: Math.sqrt(sq) };
  }
  /** Cosine similarity of the query to every document, in document order. */
  score(queryTokens: string[]): number[] {
    const out = new Array<number>(this.n).fill(0);
    const q = this.weigh(termFreq(queryTokens));
    if (!q.norm) return out;
    for (const [t, w] of q.vec) {
      const list = this.postings.get(t);
      if (!list) continue;
      const qw = w / q.norm;
      for (const p of list) out[p.doc] += qw * p.w;
    }
    return out;
  }
}

/** Weight of text against parameters when a query has both. */
export const TEXT_WEIGHT = 0.6;

/** Combined score: text and parameters weighed when both are asked for, otherwise whichever was asked. */
export function combine(text: number | null, params: number | null): number {
  if (text !== null && params !== null) return TEXT_WEIGHT * text + (1 - TEXT_WEIGHT) * params;
  return text ?? params ?? 0;
}
