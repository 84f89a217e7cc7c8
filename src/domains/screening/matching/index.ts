/**
 * In-memory screening index over ListedParty names.
 *
 * Retrieval never scans every name: each query token is expanded to vocabulary tokens through
 *   - the exact token,
 *   - a deletion neighbourhood (every token of length ≥ 4 is indexed under itself and each single-character deletion;
 *     the query looks up itself and its own deletions: catches one insertion, deletion, substitution or transposition),
 *   - double-metaphone codes (talisman) and consonant skeletons (transliteration variants, unvowelled Arabic),
 * and the postings of those vocabulary tokens give candidate names. The rarest query tokens are "essential"
 * (a name matching none of them cannot reach MIN_CANDIDATE_COVERAGE of the query's weight); common tokens only add
 * to candidates already found, so a query containing MOHAMMED never walks a huge posting list to create candidates.
 * The best CANDIDATES names by a cheap estimate are then aligned and scored (score.ts), best per party.
 *
 * Speed (bench/screening/README.md): token weights (IDF) and per-name weight sums are cached and refreshed only after
 * add/remove; a non-essential token whose posting lists are longer than the candidate set probes the candidates' own
 * tokens instead of walking its postings; the top CANDIDATES are selected with a bounded heap, not a full sort; a
 * query whose total weight cannot reach the threshold even with every token matched (and every secondary-evidence
 * bonus) returns at once; explanations are built only for the matches returned.
 */
import type { ListedParty } from '../model.js';
import { normalizeName, skeleton, writtenInCjk, type NormToken } from './normalize.js';
import {
  INFO_NEED,
  INITIAL_CAP,
  WEAK_CAP,
  WEAK_FACTOR,
  align,
  explainTokens,
  features,
  pairSim,
  scoreAlignment,
  tokenInfo,
  type AlignToken,
  type PairSim,
  type TokenInfo,
} from './score.js';
import { FEATURE_WEIGHTS, typeAgrees } from './score.js';
import type { FeatureEffect, Match, MatchIndexOptions, SearchOptions, SearchQuery } from './types.js';
import type { Alignment, NameScore } from './score.js';

export * from './types.js';
export { normalizeName, normalizedString, foldToAscii, skeleton } from './normalize.js';
export { jaroWinkler, pairSim, features, FEATURE_WEIGHTS } from './score.js';

/**
 * Default score threshold (0..1): the lowest threshold of the sweep in bench/screening/README.md whose false-positive
 * rate on non-listed names stays at or under 1 % (0.7 % at 0.80 on the 2026-12-07 run; 0.78 gave 1.1 %).
 */
export const DEFAULT_THRESHOLD = 0.8;
export const DEFAULT_LIMIT = 10;

/** Minimum share of the query's weight a candidate must be able to match (retrieval pruning). */
const MIN_CANDIDATE_COVERAGE = 0.4;
/** How many candidate names are fully scored per query. */
const CANDIDATES = 60;
/** Phonetic/skeleton buckets larger than this are not used for retrieval (still used in scoring). */
const MAX_PHONETIC_BUCKET = 400;

const MAX_TRIGRAM_BUCKET = 3000;

const WEAK_FLAG = 0x40000000;

function trigrams(t: string): string[] {
  const s = `_${t}_`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= s.length; i++) out.push(s.slice(i, i + 3));
  return out;
}

interface NameEntry {
  party: number;
  raw: string;
  /** vocabulary ids; weak tokens (legal forms, particles) have WEAK_FLAG set */
  toks: number[];
  alive: boolean;
  /** exact-name key (see exactKey) */
  key: string;
}

/** The key of the exact-name guarantee: the normalised tokens without legal forms (GAZPROM PJSC = PJSC GAZPROM = GAZPROM). */
export function exactKey(norm: NormToken[]): string {
  const core = norm.filter((t) => t.kind !== 'legal');
  return (core.length ? core : norm).map((t) => t.text).join(' ');
}

/** Best name of one party during a search; the explanation is built only if the party is returned. */
interface Scored {
  nid: number;
  nt: AlignToken[];
  a: Alignment;
  ns: NameScore;
  feats: FeatureEffect[];
  /** the query's normalised form equals this listed name (name score 1 whatever its rarity) */
  exact: boolean;
  /** unrounded final score */
  raw: number;
  /** rounded final score (as returned) */
  score: number;
}

/** Upper bound of the secondary-evidence bonuses a query can earn (see features()). */
function maxBonus(q: SearchQuery): number {
  let b = 0;
  if (q.type) b += Math.max(0, FEATURE_WEIGHTS.typeMatch);
  if (q.country) b += Math.max(0, FEATURE_WEIGHTS.countryMatch);
  if (q.dateOfBirth) b += Math.max(0, FEATURE_WEIGHTS.dobExact, FEATURE_WEIGHTS.dobYear);
  if (q.identifiers?.length) b += Math.max(0, FEATURE_WEIGHTS.identifier);
  return b;
}

function del1(t: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < t.length; i++) {
    const k = t.slice(0, i) + t.slice(i + 1);
    if (out[out.length - 1] !== k) out.push(k);
  }
  return out;
}

function pushMap(map: Map<string, number[]>, key: string, id: number) {
  const a = map.get(key);
  if (!a) map.set(key, [id]);
  else if (a[a.length - 1] !== id) a.push(id);
}

export class MatchIndex {
  private vocab = new Map<string, number>();
  private vText: string[] = [];
  private vInfo: TokenInfo[] = [];
  private vDf: number[] = [];
  private vPost: number[][] = [];
  private delIdx = new Map<string, number[]>();
  private phonIdx = new Map<string, number[]>();
  private triIdx = new Map<string, number[]>();
  /** normalised name (tokens joined by a space) → name ids: the exact-name guarantee */
  private exactIdx = new Map<string, number[]>();
  private names: NameEntry[] = [];
  private parties: (ListedParty | null)[] = [];
  private partyNames: number[][] = [];
  private partyIdx = new Map<string, number>();
  private liveNames = 0;
  // per-query scratch (grown with the name table)
  private acc = new Float64Array(1024);
  private stamp = new Int32Array(1024);
  private tokStamp = new Int32Array(1024);
  private gen = 0;
  // weight caches, valid while wEpoch === epoch (every add/remove bumps epoch)
  private epoch = 1;
  private wEpoch = 0;
  private vAlign: AlignToken[] = [];
  private vAlignWeak: AlignToken[] = [];
  private nW = new Float64Array(1024);
  private nWEpoch = new Int32Array(1024);
  // per-query scratch over the vocabulary (similarity of a vocabulary token to the current query token)
  private vSim = new Float64Array(1024);
  private vSimStamp = new Int32Array(1024);
  private vSimGen = 0;
  private triCount = new Int32Array(1024);
  private triStamp = new Int32Array(1024);
  private triGen = 0;
  private readonly minTypoLength: number;

  constructor(opts: MatchIndexOptions = {}) {
    this.minTypoLength = opts.minTypoLength ?? 4;
  }

  static build(parties: Iterable<ListedParty>, opts?: MatchIndexOptions): MatchIndex {
    const ix = new MatchIndex(opts);
    for (const p of parties) ix.add(p);
    return ix;
  }

  /** Number of parties and of distinct indexed names. */
  get size(): { parties: number; names: number; tokens: number } {
    return { parties: this.partyIdx.size, names: this.liveNames, tokens: this.vText.length };
  }

  /** Every party in the index. */
  *allParties(): IterableIterator<ListedParty> {
    for (const p of this.parties) if (p) yield p;
  }

  get(partyId: string): ListedParty | undefined {
    const i = this.partyIdx.get(partyId);
    return i === undefined ? undefined : (this.parties[i] ?? undefined);
  }

  /** Adds (or replaces) a party. */
  add(party: ListedParty): void {
    if (this.partyIdx.has(party.id)) this.remove(party.id);
    this.epoch++;
    const pi = this.parties.length;
    this.parties.push(party);
    this.partyIdx.set(party.id, pi);
    const mine: number[] = [];
    const seen = new Set<string>();
    for (const n of party.names) {
      const norm = normalizeName(n.full);
      if (!norm.length) continue;
      const key = norm.map((t) => t.text).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const nid = this.names.length;
      const toks: number[] = [];
      const distinct = new Set<number>();
      for (const t of norm) {
        const v = this.intern(t.text);
        toks.push(t.kind === 'name' ? v : v | WEAK_FLAG);
        if (!distinct.has(v)) {
          distinct.add(v);
          this.vDf[v]++;
          this.vPost[v].push(nid);
        }
      }
      const ek = exactKey(norm);
      this.names.push({ party: pi, raw: n.full, toks, alive: true, key: ek });
      pushMap(this.exactIdx, ek, nid);
      mine.push(nid);
      this.liveNames++;
    }
    this.partyNames.push(mine);
    if (this.acc.length < this.names.length) {
      const size = Math.max(this.names.length, this.acc.length * 2);
      const acc = new Float64Array(size);
      const stamp = new Int32Array(size);
      const tokStamp = new Int32Array(size);
      stamp.set(this.stamp);
      tokStamp.set(this.tokStamp);
      this.acc = acc;
      this.stamp = stamp;
      this.tokStamp = tokStamp;
      this.nW = new Float64Array(size);
      this.nWEpoch = new Int32Array(size);
    }
  }

  /** Removes a party (list update). Returns false when unknown. */
  remove(partyId: string): boolean {
    const pi = this.partyIdx.get(partyId);
    if (pi === undefined) return false;
    this.epoch++;
    for (const nid of this.partyNames[pi]) {
      const e = this.names[nid];
      if (!e.alive) continue;
      e.alive = false;
      this.liveNames--;
      const ex = this.exactIdx.get(e.key);
      if (ex) {
        const at = ex.indexOf(nid);
        if (at >= 0) ex.splice(at, 1);
        if (!ex.length) this.exactIdx.delete(e.key);
      }
      const distinct = new Set<number>();
      for (const t of e.toks) distinct.add(t & ~WEAK_FLAG);
      for (const v of distinct) {
        this.vDf[v]--;
        const post = this.vPost[v];
        const at = post.indexOf(nid);
        if (at >= 0) post.splice(at, 1);
      }
    }
    this.partyNames[pi] = [];
    this.parties[pi] = null;
    this.partyIdx.delete(partyId);
    return true;
  }

  private intern(text: string): number {
    let v = this.vocab.get(text);
    if (v !== undefined) return v;
    v = this.vText.length;
    this.vocab.set(text, v);
    this.vText.push(text);
    const info = tokenInfo(text, skeleton(text));
    this.vInfo.push(info);
    this.vDf.push(0);
    this.vPost.push([]);
    if (text.length >= this.minTypoLength && !/\d/.test(text)) {
      pushMap(this.delIdx, text, v);
      for (const k of del1(text)) pushMap(this.delIdx, k, v);
    } else if (text.length === this.minTypoLength - 1) {
      pushMap(this.delIdx, text, v);
    }
    if (text.length >= 4 && /^[A-Z]+$/.test(text)) for (const g of trigrams(text)) pushMap(this.triIdx, g, v);
    if (text.length >= 3 && /^[A-Z]+$/.test(text)) {
      if (info.dm[0]) pushMap(this.phonIdx, 'M' + info.dm[0], v);
      if (info.dm[1] && info.dm[1] !== info.dm[0]) pushMap(this.phonIdx, 'M' + info.dm[1], v);
      if (info.skel.length >= 3) pushMap(this.phonIdx, 'S' + info.skel, v);
      if (info.akey.length >= 3 && !info.vowelless) pushMap(this.phonIdx, 'A' + info.akey, v);
    }
    return v;
  }

  private idf(df: number): number {
    return Math.log(1 + (this.liveNames + 1) / Math.max(df, 0.5));
  }

  /** Weight of a normalised token (IDF; weak tokens and initials capped). */
  private weightOf(text: string, weak: boolean, df: number): number {
    const w = this.idf(df);
    if (weak) return Math.min(WEAK_CAP, w * WEAK_FACTOR);
    if (text.length === 1) return Math.min(INITIAL_CAP, w);
    return w;
  }

  /** Recomputes the cached vocabulary weights after add/remove (name weight sums are then recomputed lazily). */
  private refreshWeights(): void {
    if (this.wEpoch === this.epoch) return;
    const n = this.vText.length;
    this.vAlign = new Array(n);
    this.vAlignWeak = new Array(n);
    for (let v = 0; v < n; v++) {
      const text = this.vText[v];
      const df = this.vDf[v];
      this.vAlign[v] = { info: this.vInfo[v], weight: this.weightOf(text, false, df), weak: false };
      this.vAlignWeak[v] = { info: this.vInfo[v], weight: this.weightOf(text, true, df), weak: true };
    }
    if (this.vSim.length < n) {
      const size = Math.max(n, this.vSim.length * 2);
      this.vSim = new Float64Array(size);
      this.vSimStamp = new Int32Array(size);
      this.triCount = new Int32Array(size);
      this.triStamp = new Int32Array(size);
      this.vSimGen = this.triGen = 0;
    }
    this.wEpoch = this.epoch;
  }

  /** Sum of the token weights of a name (cached per epoch). */
  private nameWeight(nid: number): number {
    if (this.nWEpoch[nid] === this.epoch) return this.nW[nid];
    let nw = 0;
    for (const t of this.names[nid].toks) nw += (t & WEAK_FLAG ? this.vAlignWeak : this.vAlign)[t & ~WEAK_FLAG].weight;
    this.nW[nid] = nw;
    this.nWEpoch[nid] = this.epoch;
    return nw;
  }

  /** Vocabulary tokens similar to a query token, with their similarity (exact, typo neighbours, phonetic). */
  private expand(q: TokenInfo): Array<{ v: number; s: PairSim }> {
    const cand = new Set<number>();
    const exact = this.vocab.get(q.text);
    if (exact !== undefined) cand.add(exact);
    if (q.text.length >= this.minTypoLength - 1 && !q.digit) {
      const keys = q.text.length >= this.minTypoLength ? [q.text, ...del1(q.text)] : [q.text];
      for (const k of keys) {
        const b = this.delIdx.get(k);
        if (b) for (const v of b) cand.add(v);
      }
    }
    const alpha = /^[A-Z]+$/.test(q.text);
    if (q.text.length >= 3 && alpha) {
      const keys = ['M' + q.dm[0]];
      if (q.dm[1] && q.dm[1] !== q.dm[0]) keys.push('M' + q.dm[1]);
      if (q.skel.length >= 3) keys.push('S' + q.skel);
      if (q.vowelless && q.akey.length >= 3) keys.push('A' + q.akey);
      for (const k of keys) {
        const b = this.phonIdx.get(k);
        if (b && b.length <= MAX_PHONETIC_BUCKET) for (const v of b) cand.add(v);
      }
    }
    const out: Array<{ v: number; s: PairSim }> = [];
    let best = 0;
    for (const v of cand) {
      if (this.vDf[v] <= 0) continue;
      const s = pairSim(q, this.vInfo[v]);
      if (s.sim > 0) out.push({ v, s });
      if (s.sim > best) best = s.sim;
    }
    // Character trigrams: a fallback for words with two or more edits that the other keys missed.
    if (best < 0.9 && q.text.length >= 5 && alpha) {
      const grams = trigrams(q.text);
      // counts per vocabulary token in typed scratch arrays; `seen` keeps first-seen order (ties of the sort below)
      const gen = ++this.triGen;
      const count = this.triCount;
      const stamp = this.triStamp;
      const seen: number[] = [];
      for (const g of grams) {
        const b = this.triIdx.get(g);
        if (!b || b.length > MAX_TRIGRAM_BUCKET) continue;
        for (let k = 0; k < b.length; k++) {
          const v = b[k];
          if (stamp[v] !== gen) {
            stamp[v] = gen;
            count[v] = 1;
            seen.push(v);
          } else count[v]++;
        }
      }
      const need = Math.max(2, Math.ceil(0.4 * grams.length));
      const top = seen.filter((v) => count[v] >= need && !cand.has(v) && this.vDf[v] > 0).sort((a, b) => count[b] - count[a]).slice(0, 40);
      for (const v of top) {
        const s = pairSim(q, this.vInfo[v]);
        if (s.sim > 0) out.push({ v, s });
      }
    }
    out.sort((a, b) => b.s.sim - a.s.sim);
    return out;
  }

  /** Screens one name (plus optional secondary evidence). Best first, one match per party. */
  search(query: SearchQuery, opts: SearchOptions = {}): Match[] {
    const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
    const limit = Math.max(1, opts.limit ?? DEFAULT_LIMIT);
    const norm = normalizeName(query.name ?? '');
    if (!norm.length || !this.liveNames) return [];
    const cjk = writtenInCjk(query.name);
    this.refreshWeights();

    // Query tokens with weights. A repeated token ("MUHAMMAD, Muhammad") is kept: the alignment is one-to-one, so it can
    // match a listed name that repeats it too.
    type QTok = { t: NormToken; info: TokenInfo; exp: Array<{ v: number; s: PairSim }>; weight: number; extra: Array<{ v: number; s: PairSim }> };
    const qTokens: QTok[] = [];
    const expOf = new Map<string, Array<{ v: number; s: PairSim }>>();
    for (const t of norm) {
      if (qTokens.length >= 16) break;
      const info = tokenInfo(t.text, skeleton(t.text));
      if (cjk) info.strict = true;
      let exp = expOf.get(t.text);
      if (!exp) {
        exp = t.text.length === 1 ? [] : this.expand(info);
        expOf.set(t.text, exp);
      }
      // df of the token itself, else of the most common similar token, else unseen (rare)
      const exactV = this.vocab.get(t.text);
      let df = exactV !== undefined && this.vDf[exactV] > 0 ? this.vDf[exactV] : 0;
      if (!df) for (const e of exp) df = Math.max(df, this.vDf[e.v]);
      qTokens.push({ t, info, exp, weight: this.weightOf(t.text, t.kind !== 'name', df || 1), extra: [] });
    }
    // Retrieval only (the alignment decides the score): joined and split tokens. "PROVENHONOUR" finds names holding
    // PROVEN and HONOUR; "PROVEN HONOUR" (or "AL QAIDA") finds names holding PROVENHONOUR (ALQAIDA).
    for (let i = 0; i < qTokens.length; i++) {
      const q = qTokens[i];
      if (i + 1 < qTokens.length) {
        const v = this.vocab.get(q.t.text + qTokens[i + 1].t.text);
        if (v !== undefined && this.vDf[v] > 0) q.extra.push({ v, s: { sim: 1, how: 'exact' } });
      }
      if (q.t.text.length >= 6 && !q.info.digit && !q.exp.some((e) => e.s.how === 'exact')) {
        let splitDf = 0;
        for (let k = 2; k <= q.t.text.length - 2; k++) {
          const l = this.vocab.get(q.t.text.slice(0, k));
          const r = this.vocab.get(q.t.text.slice(k));
          if (l === undefined || r === undefined || this.vDf[l] <= 0 || this.vDf[r] <= 0) continue;
          q.extra.push({ v: l, s: { sim: 0.5, how: 'fuzzy' } }, { v: r, s: { sim: 0.5, how: 'fuzzy' } });
          const d = Math.max(this.vDf[l], this.vDf[r]);
          if (!splitDf || d < splitDf) splitDf = d;
        }
        // a joined word is at least as informative as its more common half, not as common as its commonest look-alike
        if (splitDf) q.weight = this.weightOf(q.t.text, q.t.kind !== 'name', splitDf);
      }
    }
    const qKey = exactKey(norm);
    const exactNids = (this.exactIdx.get(qKey) ?? []).filter((nid) => this.names[nid].alive && typeAgrees(query.type, this.parties[this.names[nid].party]!.schema));
    const exactSet = new Set(exactNids);

    const total = qTokens.reduce((s, q) => s + q.weight, 0);
    const logN = Math.log(1 + this.liveNames);
    // Even a listed name matching every query token exactly scores at most sqrt(total / need) (information factor,
    // score.ts) plus the secondary-evidence bonuses: if that cannot reach the threshold, nothing can.
    if (threshold > 0 && !exactNids.length && Math.sqrt(Math.min(1, total / (INFO_NEED * logN))) + maxBonus(query) + 0.0005 < threshold) return [];

    // Essential tokens (rarest first) such that the rest weighs < MIN_CANDIDATE_COVERAGE of the query.
    const order = qTokens.map((_, i) => i).sort((a, b) => qTokens[b].weight - qTokens[a].weight);
    const essential = new Set<number>();
    let rest = total;
    for (const i of order) {
      if (rest < MIN_CANDIDATE_COVERAGE * total) break;
      essential.add(i);
      rest -= qTokens[i].weight;
    }

    // Accumulate candidate estimates.
    let gen = ++this.gen;
    if (gen > 0x7ffffff) {
      this.stamp.fill(0);
      this.tokStamp.fill(0);
      this.gen = gen = 1;
    }
    const touched: number[] = [];
    const acc = this.acc;
    const stamp = this.stamp;
    const tokStamp = this.tokStamp;
    let tokGen = gen * 16; // distinct per (query, token) — tokStamp holds gen*16 + token index
    for (const pass of [0, 1]) {
      for (const i of order) {
        if ((pass === 0) !== essential.has(i)) continue;
        const q = qTokens[i];
        tokGen = gen * 16 + (i & 15);
        if (pass === 1) {
          // A non-essential token only credits existing candidates: when its postings are longer than the candidates'
          // own token lists, probe those instead (same credit: the best similarity among the name's tokens).
          let walk = 0;
          for (const { v } of q.exp) walk += this.vPost[v].length;
          for (const { v } of q.extra) walk += this.vPost[v].length;
          if (walk > 4 * touched.length) {
            if (!q.exp.length) continue;
            const sg = ++this.vSimGen;
            const vSim = this.vSim;
            const vSimStamp = this.vSimStamp;
            for (const { v, s } of q.exp) {
              if (vSimStamp[v] !== sg) {
                vSimStamp[v] = sg;
                vSim[v] = s.sim;
              }
            }
            for (let k = 0; k < touched.length; k++) {
              const nid = touched[k];
              let best = 0;
              for (const t of this.names[nid].toks) {
                const v = t & ~WEAK_FLAG;
                if (vSimStamp[v] === sg && vSim[v] > best) best = vSim[v];
              }
              if (best > 0) acc[nid] += q.weight * best;
            }
            continue;
          }
        }
        for (const { v, s } of q.extra.length ? [...q.exp, ...q.extra] : q.exp) {
          const contrib = q.weight * s.sim;
          const post = this.vPost[v];
          for (let k = 0; k < post.length; k++) {
            const nid = post[k];
            if (stamp[nid] !== gen) {
              if (pass === 1) continue; // non-essential tokens do not create candidates
              stamp[nid] = gen;
              acc[nid] = 0;
              tokStamp[nid] = 0;
              touched.push(nid);
            }
            if (tokStamp[nid] === tokGen) continue; // this query token already credited (best similarity first)
            tokStamp[nid] = tokGen;
            acc[nid] += contrib;
          }
        }
      }
    }
    if (!touched.length && !exactNids.length) return [];

    // Cheap estimate → top candidates (bounded heap: best estimate first, ties in order of discovery).
    const minAcc = MIN_CANDIDATE_COVERAGE * total * 0.999;
    let cands = touched.filter((nid) => acc[nid] >= minAcc && this.names[nid].alive);
    if (cands.length > CANDIDATES) cands = this.topByEstimate(cands, total);
    if (exactNids.length) cands = [...exactNids, ...cands.filter((nid) => !exactSet.has(nid))];

    // Full alignment and scoring.
    const qt: AlignToken[] = qTokens.map((q) => ({ info: q.info, weight: q.weight, weak: q.t.kind !== 'name' }));
    const cache: Array<Map<string, PairSim>> = qTokens.map((q) => {
      const m = new Map<string, PairSim>();
      for (const e of q.exp) m.set(this.vText[e.v], e.s);
      return m;
    });
    const bestPerParty = new Map<number, Scored>();
    const featsOf = new Map<number, FeatureEffect[]>();
    for (const nid of cands) {
      const e = this.names[nid];
      const nt: AlignToken[] = e.toks.map((t) => (t & WEAK_FLAG ? this.vAlignWeak : this.vAlign)[t & ~WEAK_FLAG]);
      const a = align(qt, nt, cache);
      const exact = exactSet.has(nid);
      let ns = scoreAlignment(qt, nt, a, logN);
      // Exact-name guarantee: a listed name (of an agreeing type) written exactly as queried scores 1, however many
      // listings share it ("SBERBANK"): rarity decides how fuzzy matches rank, never whether a listed name alerts.
      if (exact) ns = { ...ns, score: 1, base: 1, infoFactor: 1 };
      const prev = bestPerParty.get(e.party);
      if (prev && prev.score >= ns.score + 0.1) continue; // cannot win even with the largest bonus
      let feats = featsOf.get(e.party);
      if (!feats) {
        feats = features(query, this.parties[e.party]!);
        featsOf.set(e.party, feats);
      }
      let score = ns.score;
      for (const f of feats) score += f.effect;
      score = Math.max(0, Math.min(1, score));
      if (prev && prev.score >= score) continue;
      bestPerParty.set(e.party, { nid, nt, a, ns, feats, exact, raw: score, score: round3(score) });
    }
    const kept: Array<[number, Scored]> = [];
    for (const [pi, b] of bestPerParty) if (b.score >= threshold) kept.push([pi, b]);
    const partyId = (pi: number) => this.parties[pi]!.id;
    kept.sort((x, y) => y[1].score - x[1].score || partyId(x[0]).localeCompare(partyId(y[0])));
    return kept.slice(0, limit).map(([pi, b]) => this.explain(this.parties[pi]!, this.names[b.nid].raw, qt, b, logN));
  }

  /** The CANDIDATES best names by the cheap estimate, best first (ties: order of discovery, as a stable sort). */
  private topByEstimate(cands: number[], total: number): number[] {
    const acc = this.acc;
    const n = cands.length;
    const est = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const nid = cands[k];
      const nw = this.nameWeight(nid);
      est[k] = 0.65 * (acc[nid] / total) + 0.35 * Math.min(1, acc[nid] / Math.max(nw, 1e-9));
    }
    // min-heap of positions; the root is the worst kept (lowest estimate, latest discovered on ties)
    const K = CANDIDATES;
    const heap = new Int32Array(K);
    let size = 0;
    const worse = (a: number, b: number) => est[a] < est[b] || (est[a] === est[b] && a > b);
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < size && worse(heap[l], heap[m])) m = l;
        if (r < size && worse(heap[r], heap[m])) m = r;
        if (m === i) return;
        const t = heap[i];
        heap[i] = heap[m];
        heap[m] = t;
        i = m;
      }
    };
    for (let k = 0; k < n; k++) {
      if (size < K) {
        let i = size++;
        heap[i] = k;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (!worse(heap[i], heap[p])) break;
          const t = heap[i];
          heap[i] = heap[p];
          heap[p] = t;
          i = p;
        }
      } else if (worse(heap[0], k)) {
        heap[0] = k;
        down(0);
      }
    }
    const picked = Array.from(heap.subarray(0, size));
    picked.sort((a, b) => est[b] - est[a] || a - b);
    return picked.map((k) => cands[k]);
  }

  /** Builds the returned match with its explanation (only for the matches returned). */
  private explain(party: ListedParty, raw: string, qt: AlignToken[], b: Scored, logN: number): Match {
    const { ns, a, feats } = b;
    const nameFeatures: FeatureEffect[] = [
      {
        feature: 'coverage',
        effect: 0,
        detail: `query tokens matched ${(ns.queryCoverage * 100).toFixed(0)}% of their weight; listed name ${(ns.nameCoverage * 100).toFixed(0)}%`,
      },
    ];
    if (b.exact) {
      nameFeatures.push({ feature: 'exactName', effect: 0, detail: 'the query equals this listed name after normalisation (name score 1)' });
    }
    if (ns.infoFactor < 1) {
      nameFeatures.push({
        feature: 'information',
        effect: -round3(ns.base - ns.score),
        detail: `matched tokens are common (information ${ns.info.toFixed(1)} of ${(INFO_NEED * logN).toFixed(1)} needed)`,
      });
    }
    const tokens = explainTokens(qt, a);
    const matchedTokens = tokens.filter((t) => t.matched !== null);
    const summary =
      `${matchedTokens.length}/${tokens.length} query tokens matched "${raw}"` +
      (matchedTokens.some((t) => t.how !== 'exact') ? ` (${matchedTokens.filter((t) => t.how !== 'exact').map((t) => `${t.query}≈${t.matched} ${t.how}`).join(', ')})` : '') +
      `; name score ${ns.score.toFixed(2)}` +
      (feats.length ? `; ${feats.map((f) => `${f.feature} ${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(2)}`).join(', ')}` : '') +
      `; final ${b.raw.toFixed(2)}`;
    return {
      partyId: party.id,
      party,
      matchedName: raw,
      score: b.score,
      explanation: { tokens, features: [...nameFeatures, ...feats], summary },
    };
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
