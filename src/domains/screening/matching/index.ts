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
 */
import type { ListedParty } from '../model.js';
import { normalizeName, skeleton, type NormToken } from './normalize.js';
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
import type { Match, MatchIndexOptions, SearchOptions, SearchQuery } from './types.js';

export * from './types.js';
export { normalizeName, normalizedString, foldToAscii, skeleton } from './normalize.js';
export { jaroWinkler, pairSim, features, FEATURE_WEIGHTS } from './score.js';

/**
 * Default score threshold (0..1).
 * Chosen from bench/screening/README.md ("Threshold sweep", bundled corpus): at 0.78 the perturbation recall and the
 * false-positive rate on non-listed names are the best trade-off measured; see the README for the full table.
 */
export const DEFAULT_THRESHOLD = 0.78;
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

  get(partyId: string): ListedParty | undefined {
    const i = this.partyIdx.get(partyId);
    return i === undefined ? undefined : (this.parties[i] ?? undefined);
  }

  /** Adds (or replaces) a party. */
  add(party: ListedParty): void {
    if (this.partyIdx.has(party.id)) this.remove(party.id);
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
      this.names.push({ party: pi, raw: n.full, toks, alive: true });
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
    }
  }

  /** Removes a party (list update). Returns false when unknown. */
  remove(partyId: string): boolean {
    const pi = this.partyIdx.get(partyId);
    if (pi === undefined) return false;
    for (const nid of this.partyNames[pi]) {
      const e = this.names[nid];
      if (!e.alive) continue;
      e.alive = false;
      this.liveNames--;
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

  /** Vocabulary tokens similar to a query token, with their similarity (exact, typo neighbours, phonetic). */
  private expand(q: TokenInfo): Array<{ v: number; s: PairSim }> {
    const cand = new Set<number>();
    const exact = this.vocab.get(q.text);
    if (exact !== undefined) cand.add(exact);
    if (q.text.length >= this.minTypoLength - 1 && !/\d/.test(q.text)) {
      const keys = q.text.length >= this.minTypoLength ? [q.text, ...del1(q.text)] : [q.text];
      for (const k of keys) {
        const b = this.delIdx.get(k);
        if (b) for (const v of b) cand.add(v);
      }
    }
    if (q.text.length >= 3 && /^[A-Z]+$/.test(q.text)) {
      const keys = ['M' + q.dm[0]];
      if (q.dm[1] && q.dm[1] !== q.dm[0]) keys.push('M' + q.dm[1]);
      if (q.skel.length >= 3) keys.push('S' + q.skel);
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
    if (best < 0.9 && q.text.length >= 5 && /^[A-Z]+$/.test(q.text)) {
      const grams = trigrams(q.text);
      const counts = new Map<number, number>();
      for (const g of grams) {
        const b = this.triIdx.get(g);
        if (!b || b.length > MAX_TRIGRAM_BUCKET) continue;
        for (const v of b) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const need = Math.max(2, Math.ceil(0.4 * grams.length));
      const top = [...counts.entries()].filter(([v, c]) => c >= need && !cand.has(v) && this.vDf[v] > 0).sort((a, b) => b[1] - a[1]).slice(0, 40);
      for (const [v] of top) {
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

    // Query tokens with weights. Repeated tokens count once.
    const qTokens: Array<{ t: NormToken; info: TokenInfo; exp: Array<{ v: number; s: PairSim }>; weight: number }> = [];
    const seenQ = new Set<string>();
    for (const t of norm) {
      if (seenQ.has(t.text) || qTokens.length >= 16) continue;
      seenQ.add(t.text);
      const info = tokenInfo(t.text, skeleton(t.text));
      const exp = t.text.length === 1 ? [] : this.expand(info);
      // df of the token itself, else of the most common similar token, else unseen (rare)
      const exactV = this.vocab.get(t.text);
      let df = exactV !== undefined && this.vDf[exactV] > 0 ? this.vDf[exactV] : 0;
      if (!df) for (const e of exp) df = Math.max(df, this.vDf[e.v]);
      qTokens.push({ t, info, exp, weight: this.weightOf(t.text, t.kind !== 'name', df || 1) });
    }

    // Essential tokens (rarest first) such that the rest weighs < MIN_CANDIDATE_COVERAGE of the query.
    const order = qTokens.map((_, i) => i).sort((a, b) => qTokens[b].weight - qTokens[a].weight);
    const total = qTokens.reduce((s, q) => s + q.weight, 0);
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
        for (const { v, s } of q.exp) {
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
    if (!touched.length) return [];

    // Cheap estimate → top candidates.
    const minAcc = MIN_CANDIDATE_COVERAGE * total * 0.999;
    let cands = touched.filter((nid) => acc[nid] >= minAcc && this.names[nid].alive);
    if (cands.length > CANDIDATES) {
      const est = new Map<number, number>();
      for (const nid of cands) {
        let nw = 0;
        for (const t of this.names[nid].toks) {
          const v = t & ~WEAK_FLAG;
          nw += this.weightOf(this.vText[v], (t & WEAK_FLAG) !== 0, this.vDf[v]);
        }
        est.set(nid, 0.65 * (acc[nid] / total) + 0.35 * Math.min(1, acc[nid] / Math.max(nw, 1e-9)));
      }
      cands.sort((a, b) => est.get(b)! - est.get(a)!);
      cands = cands.slice(0, CANDIDATES);
    }

    // Full alignment and scoring.
    const logN = Math.log(1 + this.liveNames);
    const qt: AlignToken[] = qTokens.map((q) => ({ info: q.info, weight: q.weight, weak: q.t.kind !== 'name' }));
    const cache: Array<Map<string, PairSim>> = qTokens.map((q) => {
      const m = new Map<string, PairSim>();
      for (const e of q.exp) m.set(this.vText[e.v], e.s);
      return m;
    });
    const bestPerParty = new Map<number, Match>();
    for (const nid of cands) {
      const e = this.names[nid];
      const nt: AlignToken[] = e.toks.map((t) => {
        const v = t & ~WEAK_FLAG;
        const weak = (t & WEAK_FLAG) !== 0;
        return { info: this.vInfo[v], weight: this.weightOf(this.vText[v], weak, this.vDf[v]), weak };
      });
      const a = align(qt, nt, cache);
      const ns = scoreAlignment(qt, nt, a, logN);
      const party = this.parties[e.party]!;
      const prev = bestPerParty.get(e.party);
      if (prev && prev.score >= ns.score + 0.1) continue; // cannot win even with the largest bonus
      const feats = features(query, party);
      const nameFeatures = [
        {
          feature: 'coverage',
          effect: 0,
          detail: `query tokens matched ${(ns.queryCoverage * 100).toFixed(0)}% of their weight; listed name ${(ns.nameCoverage * 100).toFixed(0)}%`,
        },
      ];
      if (ns.infoFactor < 1) {
        nameFeatures.push({
          feature: 'information',
          effect: -round3(ns.base - ns.score),
          detail: `matched tokens are common (information ${ns.info.toFixed(1)} of ${(INFO_NEED * logN).toFixed(1)} needed)`,
        });
      }
      let score = ns.score;
      for (const f of feats) score += f.effect;
      score = Math.max(0, Math.min(1, score));
      if (prev && prev.score >= score) continue;
      const tokens = explainTokens(qt, a);
      const matchedTokens = tokens.filter((t) => t.matched !== null);
      const summary =
        `${matchedTokens.length}/${tokens.length} query tokens matched "${e.raw}"` +
        (matchedTokens.some((t) => t.how !== 'exact') ? ` (${matchedTokens.filter((t) => t.how !== 'exact').map((t) => `${t.query}≈${t.matched} ${t.how}`).join(', ')})` : '') +
        `; name score ${ns.score.toFixed(2)}` +
        (feats.length ? `; ${feats.map((f) => `${f.feature} ${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(2)}`).join(', ')}` : '') +
        `; final ${score.toFixed(2)}`;
      bestPerParty.set(e.party, {
        partyId: party.id,
        party,
        matchedName: e.raw,
        score: round3(score),
        explanation: { tokens, features: [...nameFeatures, ...feats], summary },
      });
    }
    return [...bestPerParty.values()]
      .filter((m) => m.score >= threshold)
      .sort((a, b) => b.score - a.score || a.partyId.localeCompare(b.partyId))
      .slice(0, limit);
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
