/**
 * Token similarity, one-to-one alignment and the name score.
 *
 * Score of a query name against one listed name (all tokens normalised, see normalize.ts):
 *   - pair similarity s(q,t): exact 1; an initial against a word with that first letter 0.75; Jaro-Winkler ≥ MIN_FUZZY;
 *     phonetic agreement (shared double-metaphone code or equal consonant skeleton) lifts a plausible pair (JW ≥ 0.6).
 *   - tokens are aligned one-to-one, greedily by similarity × weight (tokens may be in any order); a query token may also
 *     match two adjacent listed tokens written together (ABDULRAHMAN ≈ ABDUL RAHMAN) and vice versa.
 *   - weights are IDF (ln(1 + N/df)); legal forms and particles weigh WEAK_FACTOR of that (at most WEAK_CAP); an initial weighs
 *     at most INITIAL_CAP.
 *   - base = 0.65 · (matched query weight / query weight) + 0.35 · (matched listed weight / listed weight).
 *   - information factor: min(1, matched query weight / (INFO_NEED · ln(1+N)))^0.5 — a match resting on common tokens only
 *     (MOHAMMED, AL, CORP, TRADING) can never reach a top score, while one rare exact token can.
 *   - secondary evidence (type, country, date of birth, identifiers) adds bonuses or penalties (see features()).
 */
import dmModule from 'talisman/phonetics/double-metaphone.js';
import type { ListedParty, PartySchema } from '../model.js';
import type { FeatureEffect, SearchQuery, TokenAlignment, TokenHow } from './types.js';
import { arabicKey } from './normalize.js';

type DM = (w: string) => [string, string];
const doubleMetaphoneFn: DM = ((dmModule as unknown as { default?: DM }).default ?? dmModule) as DM;

export const MIN_FUZZY = 0.84;
export const INITIAL_SIM = 0.75;
export const WEAK_FACTOR = 0.15;
export const WEAK_CAP = 0.5;
export const INITIAL_CAP = 1.0;
export const INFO_NEED = 0.95;
export const QUERY_SHARE = 0.6;
/** Phonetic agreement closes this share of the gap between Jaro-Winkler and 1. */
export const PHONETIC_LIFT = 0.4;
/** A non-exact pair counts for 1 - FUZZY_STEEPNESS·(1 - similarity) of its weight (0.95 → 0.875, 0.9 → 0.75). */
export const FUZZY_STEEPNESS = 2.5;
/** Same for pairs that also agree phonetically (double metaphone or consonant skeleton). */
export const PHONETIC_STEEPNESS = 1.6;
/** An initial aligned with a word counts for this share of the weight. */
export const INITIAL_CREDIT = 0.6;

/** The share of a token's weight a pair earns. */
export function credit(sim: number, how: TokenHow, shortest = 9): number {
  if (how === 'exact') return sim;
  if (how === 'initial') return INITIAL_CREDIT;
  if (how === 'none') return 0;
  // one edit in a word of four letters or fewer changes much more of it
  const short = shortest <= 4 ? 1.5 : 1;
  if (how === 'phonetic') return Math.max(0, 1 - PHONETIC_STEEPNESS * short * (1 - sim));
  return Math.max(0, 1 - FUZZY_STEEPNESS * short * (1 - sim));
}

const dmCache = new Map<string, [string, string]>();
export function doubleMetaphone(token: string): [string, string] {
  let v = dmCache.get(token);
  if (!v) {
    v = /^[A-Z]+$/.test(token) ? doubleMetaphoneFn(token) : [token, token];
    if (dmCache.size > 200_000) dmCache.clear();
    dmCache.set(token, v);
  }
  return v;
}

// --- Jaro-Winkler on upper-case ASCII strings, allocation-free -------------------------------------------
let flagsA = new Uint8Array(64);
let flagsB = new Uint8Array(64);
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  if (la > flagsA.length || lb > flagsB.length) {
    flagsA = new Uint8Array(Math.max(la, lb) * 2);
    flagsB = new Uint8Array(Math.max(la, lb) * 2);
  }
  flagsA.fill(0, 0, la);
  flagsB.fill(0, 0, lb);
  const range = Math.max(0, (Math.max(la, lb) >> 1) - 1);
  let m = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    const c = a.charCodeAt(i);
    for (let j = lo; j <= hi; j++) {
      if (!flagsB[j] && b.charCodeAt(j) === c) { flagsA[i] = 1; flagsB[j] = 1; m++; break; }
    }
  }
  if (!m) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!flagsA[i]) continue;
    while (!flagsB[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (m / la + m / lb + (m - t / 2) / m) / 3;
  let p = 0;
  const maxP = Math.min(4, la, lb);
  while (p < maxP && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return jaro + p * 0.1 * (1 - jaro);
}

/** Per-token facts used by the similarity (computed once per vocabulary token and per query token). */
export interface TokenInfo {
  text: string;
  dm: [string, string];
  skel: string;
  /** contains a digit (digits must agree exactly) */
  digit: boolean;
  /** written without vowels after its first letter (see vowelless()) */
  vowelless: boolean;
  /** cross-script key (normalize.ts arabicKey) */
  akey: string;
  /** a query token romanised from Han or Hangul: only exact (or exactly joined) pairs count */
  strict?: boolean;
}

export function tokenInfo(text: string, skel: string): TokenInfo {
  return { text, dm: doubleMetaphone(text), skel, digit: /\d/.test(text), vowelless: vowelless(text), akey: arabicKey(text) };
}

/** Equal cross-script keys, a final H aside (ة: HAMZA = HMZH). */
function akeyAgrees(a: string, b: string): boolean {
  if (a === b) return true;
  return (a.length === b.length + 1 && a.endsWith('H') && a.startsWith(b)) || (b.length === a.length + 1 && b.endsWith('H') && b.startsWith(a));
}

export interface PairSim {
  sim: number;
  how: TokenHow;
}

const NONE: PairSim = { sim: 0, how: 'none' };
const EXACT: PairSim = { sim: 1, how: 'exact' };
const INITIAL: PairSim = { sim: INITIAL_SIM, how: 'initial' };
const ARABIC: PairSim = { sim: 0.93, how: 'phonetic' };

/** Similarity of two normalised tokens. */
export function pairSim(q: TokenInfo, t: TokenInfo): PairSim {
  const a = q.text;
  const b = t.text;
  if (a === b) return EXACT;
  // a romanised CJK syllable that differs is another character (ZHONGHAI is not ZHONGHUA)
  if (q.strict) return NONE;
  if (a.length === 1 || b.length === 1) return a.charCodeAt(0) === b.charCodeAt(0) ? INITIAL : NONE;
  // digits must agree exactly
  if (q.digit || t.digit) return NONE;
  // A name written from Arabic script (no short vowels) against a romanisation with the same consonants.
  if ((q.vowelless || t.vowelless) && q.akey.length >= 2 && t.akey.length >= 2 && akeyAgrees(q.akey, t.akey)) return ARABIC;
  const jw = jaroWinkler(a, b);
  // No phonetic lift when one side has three letters or fewer: a short word shares a metaphone code with too many
  // longer ones (DIANE ≈ DIN, and "Diane Harris" ≈ HURRAS AL-DIN); such pairs are judged by spelling alone.
  const phon =
    jw >= 0.6 &&
    ((a.length > 3 && b.length > 3) || q.vowelless || t.vowelless) &&
    // …and a four-letter word only with the same first letter (YANG and WANG share a code, not a name)
    (Math.min(a.length, b.length) > 4 || a.charCodeAt(0) === b.charCodeAt(0)) &&
    ((q.dm[0] !== '' && (q.dm[0] === t.dm[0] || q.dm[0] === t.dm[1] || (q.dm[1] !== '' && (q.dm[1] === t.dm[0] || q.dm[1] === t.dm[1])))) ||
      (q.skel.length >= 2 && q.skel === t.skel));
  if (phon) {
    // An unvowelled transliteration (Arabic script: HSYN, SDM) with the same consonant skeleton as a vowelled name.
    if (q.skel === t.skel && q.skel.length >= 2 && (q.vowelless || t.vowelless)) return { sim: 0.93, how: 'phonetic' };
    const s = jw + (1 - jw) * PHONETIC_LIFT;
    return { sim: Math.min(0.97, s), how: 'phonetic' };
  }
  if (q.skel === t.skel && q.skel.length >= 3 && (q.vowelless || t.vowelless)) return { sim: 0.93, how: 'phonetic' };
  if (jw >= MIN_FUZZY) return { sim: jw, how: 'fuzzy' };
  // Consonant skeleton of an unvowelled transliteration (Arabic script) inside a vowelled one: SDM vs SADDAM.
  return NONE;
}

/** True for a token written without vowels after its first letter (Y and W count as consonants: HSYN, SDM, MHMD). */
export function vowelless(t: string): boolean {
  // a final A is the alef (maqsura) any-ascii writes (يحيى → YHYA)
  const end = t.length > 2 && t.charCodeAt(t.length - 1) === 65 ? t.length - 1 : t.length;
  for (let i = 1; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 65 || c === 69 || c === 73 || c === 79 || c === 85) return false;
  }
  return t.length >= 2;
}

// --- Alignment -------------------------------------------------------------------------------------------------

export interface AlignToken {
  info: TokenInfo;
  weight: number;
  /** legal form or particle */
  weak?: boolean;
}

export interface Alignment {
  /** for each query token: index of aligned name token (or -1), similarity and how */
  qMatch: Int32Array;
  qSim: Float64Array;
  qHow: TokenHow[];
  /** credit (share of weight earned, see credit()) per query token and per name token */
  qCredit: Float64Array;
  nCredit: Float64Array;
  /** text shown for the matched side of each query token */
  qMatchedText: (string | null)[];
}

/**
 * One-to-one greedy alignment of query tokens with name tokens, by descending similarity (ties: heavier query token first).
 * `sims` is an optional cache: query token index → (name token text → PairSim).
 */
export function align(qt: AlignToken[], nt: AlignToken[], cache?: Array<Map<string, PairSim>>): Alignment {
  const n = qt.length;
  const m = nt.length;
  const pairs: Array<{ i: number; j: number; s: PairSim; key: number }> = [];
  for (let i = 0; i < n; i++) {
    const c = cache?.[i];
    for (let j = 0; j < m; j++) {
      let s = c?.get(nt[j].info.text);
      if (!s) {
        s = pairSim(qt[i].info, nt[j].info);
        c?.set(nt[j].info.text, s);
      }
      if (s.how === 'initial' && (qt[i].weak || nt[j].weak)) continue;
      if (s.sim > 0) pairs.push({ i, j, s, key: s.sim * 1000 + Math.min(qt[i].weight, 20) + Math.min(nt[j].weight, 20) / 100 });
    }
  }
  pairs.sort((x, y) => y.key - x.key);
  const qMatch = new Int32Array(n).fill(-1);
  const qSim = new Float64Array(n);
  const qHow: TokenHow[] = new Array(n).fill('none');
  const qCredit = new Float64Array(n);
  const nCredit = new Float64Array(m);
  const nUsed = new Uint8Array(m);
  const qMatchedText: (string | null)[] = new Array(n).fill(null);
  // Joined and split tokens written exactly (PROVENHONOUR = PROVEN HONOUR, ALQAIDA = AL QAIDA) are aligned first: the
  // greedy pass would otherwise pair PROVENHONOUR with PROVEN as a fuzzy match and leave HONOUR unmatched.
  for (let i = 0; i < n; i++) {
    const qtext = qt[i].info.text;
    if (qtext.length < 4) continue;
    for (let j = 0; j + 1 < m; j++) {
      if (nUsed[j] || nUsed[j + 1] || nt[j].info.text.length + nt[j + 1].info.text.length !== qtext.length) continue;
      if (nt[j].info.text + nt[j + 1].info.text !== qtext) continue;
      qMatch[i] = j;
      qSim[i] = 1;
      qHow[i] = 'exact';
      qCredit[i] = nCredit[j] = nCredit[j + 1] = 1;
      nUsed[j] = nUsed[j + 1] = 1;
      qMatchedText[i] = nt[j].info.text + ' ' + nt[j + 1].info.text;
      break;
    }
  }
  for (let j = 0; j < m; j++) {
    const ntext = nt[j].info.text;
    if (nUsed[j] || ntext.length < 4) continue;
    for (let i = 0; i + 1 < n; i++) {
      if (qMatch[i] !== -1 || qMatch[i + 1] !== -1 || qt[i].info.text + qt[i + 1].info.text !== ntext) continue;
      for (const k of [i, i + 1]) {
        qMatch[k] = j;
        qSim[k] = 1;
        qHow[k] = 'exact';
        qMatchedText[k] = ntext;
        qCredit[k] = 1;
      }
      nCredit[j] = 1;
      nUsed[j] = 1;
      break;
    }
  }
  for (const p of pairs) {
    if (qMatch[p.i] !== -1 || nUsed[p.j]) continue;
    qMatch[p.i] = p.j;
    qSim[p.i] = p.s.sim;
    qHow[p.i] = p.s.how;
    qCredit[p.i] = nCredit[p.j] = credit(p.s.sim, p.s.how, Math.min(qt[p.i].info.text.length, nt[p.j].info.text.length));
    // A listed single letter carries one letter's information: a long query word earns only that much from it
    // ("Jake Auchincloss" is not JAK-A because A could be its initial).
    if (p.s.how === 'initial' && nt[p.j].info.text.length === 1 && qt[p.i].info.text.length > 1) {
      qCredit[p.i] = INITIAL_CREDIT * Math.min(1, (2 * nt[p.j].weight) / Math.max(qt[p.i].weight, 1e-9));
    }
    nUsed[p.j] = 1;
    qMatchedText[p.i] = nt[p.j].info.text;
  }
  // Compounds: a query token equal (or close) to two adjacent unmatched name tokens written together, and vice versa.
  for (let i = 0; i < n; i++) {
    if (qMatch[i] !== -1 || qt[i].info.text.length < 5) continue;
    for (let j = 0; j + 1 < m; j++) {
      if (nUsed[j] || nUsed[j + 1]) continue;
      const joined = nt[j].info.text + nt[j + 1].info.text;
      let jw = jaroWinkler(qt[i].info.text, joined);
      // written from Arabic script: عبدالغنی (BDLGHNY) = ABDUL GHANI by cross-script key
      if (jw < 0.93 && qt[i].info.vowelless && akeyAgrees(qt[i].info.akey, arabicKey(joined))) jw = ARABIC.sim;
      if (jw >= 0.93) {
        qMatch[i] = j;
        qSim[i] = jw;
        qHow[i] = jw === 1 ? 'exact' : qt[i].info.vowelless ? 'phonetic' : 'fuzzy';
        qCredit[i] = nCredit[j] = nCredit[j + 1] = credit(jw, qHow[i]);
        nUsed[j] = nUsed[j + 1] = 1;
        qMatchedText[i] = nt[j].info.text + ' ' + nt[j + 1].info.text;
        break;
      }
    }
  }
  for (let j = 0; j < m; j++) {
    if (nUsed[j] || nt[j].info.text.length < 5) continue;
    for (let i = 0; i + 1 < n; i++) {
      if (qMatch[i] !== -1 || qMatch[i + 1] !== -1) continue;
      const joined = qt[i].info.text + qt[i + 1].info.text;
      let jw = jaroWinkler(joined, nt[j].info.text);
      // BD AL (عبد ال) = ABDUL, BD LLH (عبد الله) = ABDULLAH by cross-script key
      if (jw < 0.93 && qt[i].info.vowelless && qt[i + 1].info.vowelless && akeyAgrees(arabicKey(joined), nt[j].info.akey)) jw = ARABIC.sim;
      if (jw >= 0.93) {
        for (const k of [i, i + 1]) {
          qMatch[k] = j;
          qSim[k] = jw;
          qHow[k] = jw === 1 ? 'exact' : qt[i].info.vowelless ? 'phonetic' : 'fuzzy';
          qMatchedText[k] = nt[j].info.text;
          qCredit[k] = credit(jw, qHow[k]);
        }
        nCredit[j] = credit(jw, qHow[i]);
        nUsed[j] = 1;
        break;
      }
    }
  }
  return { qMatch, qSim, qHow, qCredit, nCredit, qMatchedText };
}

export interface NameScore {
  score: number;
  base: number;
  info: number;
  infoFactor: number;
  queryCoverage: number;
  nameCoverage: number;
  alignment: Alignment;
}

/** The name-only score (before secondary evidence). `logN` = ln(1 + number of indexed names). */
export function scoreAlignment(qt: AlignToken[], nt: AlignToken[], a: Alignment, logN: number): NameScore {
  let wq = 0;
  let mq = 0;
  for (let i = 0; i < qt.length; i++) {
    wq += qt[i].weight;
    mq += qt[i].weight * a.qCredit[i];
  }
  let wn = 0;
  let mn = 0;
  for (let j = 0; j < nt.length; j++) {
    wn += nt[j].weight;
    mn += nt[j].weight * a.nCredit[j];
  }
  const qc = wq > 0 ? mq / wq : 0;
  const nc = wn > 0 ? mn / wn : 0;
  const base = QUERY_SHARE * qc + (1 - QUERY_SHARE) * nc;
  // matched information: idf mass of the matched query tokens, fuzzy matches discounted by credit()
  const need = INFO_NEED * logN;
  const infoFactor = Math.min(1, Math.sqrt(mq / need));
  return { score: base * infoFactor, base, info: mq, infoFactor, queryCoverage: qc, nameCoverage: nc, alignment: a };
}

// --- Secondary evidence -----------------------------------------------------------------------------------------

const TYPE_TO_SCHEMA: Record<string, PartySchema[]> = {
  person: ['Person'],
  organization: ['Organization', 'LegalEntity'],
  vessel: ['Vessel'],
  aircraft: ['Aircraft'],
};

/** A query type agrees with a listed schema when none is given, the listing carries no type, or they match. */
export function typeAgrees(type: SearchQuery['type'], schema: PartySchema): boolean {
  return !type || schema === 'LegalEntity' || (TYPE_TO_SCHEMA[type] ?? []).includes(schema);
}

export const FEATURE_WEIGHTS = {
  typeMatch: 0.02,
  typeMismatch: -0.15,
  countryMatch: 0.03,
  countryMismatch: -0.05,
  dobExact: 0.08,
  dobYear: 0.04,
  dobMismatch: -0.15,
  identifier: 0.25,
};

const normId = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');

/** Secondary evidence: bonuses for agreement, penalties for contradiction (nothing when the listing is silent). */
export function features(q: SearchQuery, party: ListedParty): FeatureEffect[] {
  const out: FeatureEffect[] = [];
  if (q.type) {
    const ok = TYPE_TO_SCHEMA[q.type] ?? [];
    if (party.schema === 'LegalEntity') {
      if (q.type !== 'organization') {
        /* listing carries no type (BIS lists): neutral */
      }
    } else if (ok.includes(party.schema)) {
      out.push({ feature: 'type', effect: FEATURE_WEIGHTS.typeMatch, detail: `query type ${q.type} agrees with listed ${party.schema}` });
    } else {
      out.push({ feature: 'type', effect: FEATURE_WEIGHTS.typeMismatch, detail: `query type ${q.type} but listed ${party.schema}` });
    }
  }
  if (q.country) {
    const c = q.country.trim().toUpperCase();
    const listed = new Set<string>(party.countries.map((x) => x.toUpperCase()));
    for (const a of party.addresses) if (a.country) listed.add(a.country.toUpperCase());
    if (listed.size) {
      if (listed.has(c)) out.push({ feature: 'country', effect: FEATURE_WEIGHTS.countryMatch, detail: `country ${c} is listed` });
      else out.push({ feature: 'country', effect: FEATURE_WEIGHTS.countryMismatch, detail: `country ${c} not among listed ${[...listed].slice(0, 6).join(', ')}` });
    }
  }
  if (q.dateOfBirth && party.birthDates.length) {
    const d = q.dateOfBirth.trim();
    const qy = d.slice(0, 4);
    let best: FeatureEffect | null = null;
    for (const b of party.birthDates) {
      if (b === d || (b.length >= 10 && d.length >= 10 && b.slice(0, 10) === d.slice(0, 10))) {
        best = { feature: 'dateOfBirth', effect: FEATURE_WEIGHTS.dobExact, detail: `date of birth ${d} equals listed ${b}` };
        break;
      }
      if (b.slice(0, 4) === qy && (!best || best.effect < FEATURE_WEIGHTS.dobYear)) {
        best = { feature: 'dateOfBirth', effect: FEATURE_WEIGHTS.dobYear, detail: `year of birth ${qy} equals listed ${b}` };
      }
    }
    if (!best) {
      const close = party.birthDates.some((b) => Math.abs(Number(b.slice(0, 4)) - Number(qy)) <= 1);
      best = close
        ? { feature: 'dateOfBirth', effect: 0, detail: `year of birth ${qy} within a year of listed ${party.birthDates.join(', ')}` }
        : { feature: 'dateOfBirth', effect: FEATURE_WEIGHTS.dobMismatch, detail: `date of birth ${d} differs from listed ${party.birthDates.slice(0, 4).join(', ')}` };
    }
    out.push(best);
  }
  if (q.identifiers?.length && party.identifiers.length) {
    const listed = new Map<string, string>();
    for (const id of party.identifiers) {
      const n = normId(id.value);
      if (n.length >= 4) listed.set(n, `${id.type} ${id.value}`);
    }
    for (const raw of q.identifiers) {
      const hit = listed.get(normId(raw));
      if (hit) {
        out.push({ feature: 'identifier', effect: FEATURE_WEIGHTS.identifier, detail: `identifier ${raw} equals listed ${hit}` });
        break;
      }
    }
  }
  return out;
}

export function explainTokens(qt: AlignToken[], a: Alignment): TokenAlignment[] {
  return qt.map((t, i) => ({
    query: t.info.text,
    matched: a.qMatchedText[i],
    how: a.qHow[i],
    similarity: Math.round(a.qSim[i] * 1000) / 1000,
    weight: Math.round(t.weight * 100) / 100,
  }));
}
