/**
 * Name normalisation for screening.
 *
 * 1. Transliterate every script to ASCII with any-ascii (Cyrillic, Arabic, CJK, Greek, accented Latin…).
 *    Arabic: the article "ال" is split off first so "التكريتي" becomes "AL TKRYTY", not "LTKRYTY".
 * 2. Fold case and punctuation: apostrophes and ʿayn marks vanish inside words (`'ABBAS` → `ABBAS`, `O'Brien` → `OBRIEN`),
 *    every other punctuation mark separates tokens (`AL-QAIDA` → `AL QAIDA`, `J.P.` → `J P`).
 * 3. Canonicalise legal forms (`LIMITED`→`LTD`, `OOO`/`LIMITED LIABILITY COMPANY`→`LLC`, `PAO`/`PUBLIC JOINT STOCK COMPANY`→`PJSC`…)
 *    and mark them weak: they are kept (a change of legal form costs little) but weigh little.
 * 4. Drop honorifics (MR, MRS, DR…); mark particles and stop words (AL, EL, BIN, VAN, DE, OF, THE…) weak.
 */
import anyAscii from 'any-ascii';
import { jaroWinkler } from './score.js';

export type TokenKind = 'name' | 'legal' | 'particle';

export interface NormToken {
  /** Canonical upper-case ASCII token. */
  text: string;
  kind: TokenKind;
}

/** Honorifics and titles: dropped (unless the whole name would vanish). */
export const HONORIFICS = new Set([
  'MR', 'MRS', 'MS', 'MISS', 'MX', 'DR', 'PROF', 'SIR', 'DAME', 'MME', 'MLLE', 'HERR', 'FRAU', 'SENOR', 'SENORA',
  'GOSPODIN', 'GOSPOZHA', 'MESSRS', 'REV', 'HE', 'HRH',
]);

/** Particles, articles and stop words: weak tokens. (Single letters are not here: in names they are initials.) */
export const PARTICLES = new Set([
  'AL', 'EL', 'UL', 'ELL', 'ETH', 'AD', 'AN', 'AR', 'AS', 'ASH', 'AT', 'AZ', 'ADH', 'BIN', 'BEN', 'IBN', 'BINT', 'BENT', 'ABU', 'UMM', 'OULD',
  'VAN', 'VON', 'DER', 'DEN', 'DE', 'DEL', 'DELLA', 'DI', 'DA', 'DO', 'DOS', 'DAS', 'DU', 'LA', 'LE', 'LES', 'LOS', 'LAS',
  'OF', 'THE', 'AND', 'FOR', 'IN', 'ON', 'AT', 'TO', 'ET', 'UND', 'VA', 'WA',
  // the same particles as any-ascii writes them from Arabic script (ولد, ابو, بن, بنت)
  'WLD', 'ABW', 'BN', 'BNT',
]);

/**
 * Legal forms (after transliteration), canonical form first. Multi-word phrases are matched on token sequences, longest first.
 * Russian/Ukrainian transliterations of ООО, АО, ПАО… map to the same canonical tokens as their English equivalents.
 */
const LEGAL_PHRASES: Array<[string, string]> = [
  ['OBSHCHESTVO S OGRANICHENNOI OTVETSTVENNOSTYU', 'LLC'],
  ['OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU', 'LLC'],
  ['OBShchESTVO S OGRANIChENNOI OTVETSTVENNOSTIU', 'LLC'],
  ['LIMITED LIABILITY COMPANY', 'LLC'],
  ['LIMITED LIABILITY PARTNERSHIP', 'LLP'],
  ['PUBLICHNOE AKTSIONERNOE OBSHCHESTVO', 'PJSC'],
  ['PUBLIC JOINT STOCK COMPANY', 'PJSC'],
  ['OTKRYTOE AKTSIONERNOE OBSHCHESTVO', 'OJSC'],
  ['OPEN JOINT STOCK COMPANY', 'OJSC'],
  ['ZAKRYTOE AKTSIONERNOE OBSHCHESTVO', 'CJSC'],
  ['CLOSED JOINT STOCK COMPANY', 'CJSC'],
  ['AKTSIONERNOE OBSHCHESTVO', 'JSC'],
  ['JOINT STOCK COMPANY', 'JSC'],
  ['FEDERALNOE GOSUDARSTVENNOE UNITARNOE PREDPRIYATIE', 'FGUP'],
  ['FEDERAL STATE UNITARY ENTERPRISE', 'FGUP'],
  ['PUBLIC LIMITED COMPANY', 'PLC'],
  ['PRIVATE LIMITED', 'PVT LTD'],
  ['SOCIEDAD ANONIMA', 'SA'],
  ['SOCIETE ANONYME', 'SA'],
  ['SOCIETE A RESPONSABILITE LIMITEE', 'SARL'],
  ['GESELLSCHAFT MIT BESCHRANKTER HAFTUNG', 'GMBH'],
  ['AKTIENGESELLSCHAFT', 'AG'],
  ['COMPANY LIMITED', 'CO LTD'],
  ['S A', 'SA'],
  ['S L', 'SL'],
  ['S R L', 'SRL'],
  ['L L C', 'LLC'],
  ['CO LTD', 'CO LTD'],
];

const LEGAL_SINGLE: Record<string, string> = {
  LLC: 'LLC', OOO: 'LLC', TOO: 'LLC', TOV: 'LLC', LLP: 'LLP',
  LTD: 'LTD', LIMITED: 'LTD', LTDA: 'LTD', LIMITADA: 'LTD',
  INC: 'INC', INCORPORATED: 'INC', CORP: 'CORP', CORPORATION: 'CORP', CO: 'CO', COMPANY: 'CO',
  JSC: 'JSC', AO: 'JSC', ZAO: 'CJSC', CJSC: 'CJSC', OAO: 'OJSC', OJSC: 'OJSC', PAO: 'PJSC', PJSC: 'PJSC',
  FGUP: 'FGUP', GUP: 'GUP', MUP: 'MUP', NPO: 'NPO', NPP: 'NPP', PKF: 'PKF',
  GMBH: 'GMBH', AG: 'AG', KG: 'KG', SA: 'SA', SAS: 'SAS', SARL: 'SARL', SPA: 'SPA', SRL: 'SRL', SL: 'SL', BV: 'BV', NV: 'NV',
  PLC: 'PLC', PTE: 'PTE', PVT: 'PVT', PTY: 'PTY', BHD: 'BHD', SDN: 'SDN', FZE: 'FZE', FZCO: 'FZCO', FZC: 'FZC', FZ: 'FZ',
  LLLP: 'LLP', LP: 'LP', AB: 'AB', AS: 'AS', OY: 'OY', SAL: 'SAL', SA_DE_CV: 'SA',
  KFT: 'KFT', DOO: 'DOO', SRO: 'SRO', TAS: 'TAS', AS_: 'AS', EST: 'EST', ESTABLISHMENT: 'EST',
};

const LEGAL_PHRASE_TOKENS: Array<[string[], string[]]> = LEGAL_PHRASES.map(([from, to]) => [from.toUpperCase().split(' '), to.split(' ')]);
LEGAL_PHRASE_TOKENS.sort((a, b) => b[0].length - a[0].length);

/** Canonical legal-form tokens (weak). */
export const LEGAL_FORMS = new Set<string>([...Object.values(LEGAL_SINGLE), ...LEGAL_PHRASE_TOKENS.flatMap(([, to]) => to)]);

/** The article ال split off a following word of two letters or more, except in الله (ALLAH, one word). */
const ARABIC_ARTICLE = /(^|[\s\u00A0\-])ال(?!له(?![\u0620-\u064A]))(?=[\u0620-\u064A]{2,})/g;
const ARABIC_SCRIPT = /[\u0600-\u06FF]/;
const CJK_SCRIPT = /[\u3400-\u9FFF\uF900-\uFAFF]/;
const HANGUL_SCRIPT = /[\uAC00-\uD7AF\u1100-\u11FF]/;
/** True when a name is written in Han or Hangul: its romanisation is exact syllables, not a spelling to be fuzzed. */
export function writtenInCjk(input: string): boolean {
  return CJK_SCRIPT.test(input) || HANGUL_SCRIPT.test(input);
}
const CJK_WORD = /[\u3400-\u9FFF\uF900-\uFAFF\uAC00-\uD7AF]+/g;

function romaniseCjkWord(w: string): string {
  const syl = [...w].map((c) => anyAscii(c));
  if (syl.length >= 2 && syl.length <= 4) return `${syl[0]} ${syl.slice(1).join('').toLowerCase()}`;
  return syl.join(' ');
}

/**
 * Revised Romanisation (what any-ascii writes for Hangul) → the McCune-Reischauer-like spelling the lists use for
 * Korean names: voiced initials unvoiced (GIM → KIM, BAK → PAK), EO → O, EU → U (JEONG EUN → JONG UN), 이 (I) → RI.
 */
function koreanToMr(t: string): string {
  if (t === 'I') return 'RI';
  let x = t.replace(/EO/g, 'O').replace(/EU/g, 'U');
  const first = x[0];
  if (first === 'G') x = 'K' + x.slice(1);
  else if (first === 'B') x = 'P' + x.slice(1);
  else if (first === 'D') x = 'T' + x.slice(1);
  return x;
}

/** Long legal-form words are recognised through a typo (COMPANI, LIMITTED). */
const LONG_LEGAL = ['COMPANY', 'LIMITED', 'CORPORATION', 'INCORPORATED'];
function fuzzyLegal(t: string): string | undefined {
  if (t.length < 6) return undefined;
  for (const w of LONG_LEGAL) if (Math.abs(w.length - t.length) <= 2 && jaroWinkler(t, w) >= 0.9) return LEGAL_SINGLE[w];
  return undefined;
}

/** A long word of a legal-form phrase written with a typo (LIMITED LIBILITY COMPANY): recognised inside the phrase only. */
function legalTypo(t: string, word: string): boolean {
  return word.length >= 6 && t.length >= 5 && Math.abs(t.length - word.length) <= 2 && jaroWinkler(t, word) >= 0.9;
}

/** Transliterates and folds to upper-case ASCII words (no classification). */
export function foldToAscii(input: string): string {
  let s = input.normalize('NFC');
  if (ARABIC_SCRIPT.test(s)) s = s.replace(ARABIC_ARTICLE, '$1AL ');
  const hangul = HANGUL_SCRIPT.test(s);
  // Han and Hangul words of two to four syllables are romanised as the lists write such names: the family name (first
  // syllable) apart, the given name joined (李方伟 → LI FANGWEI, 김정은 → KIM JONGUN ≈ KIM Jong Un); longer words
  // (company names) one token per syllable. any-ascii alone runs every syllable into one colliding token.
  if (CJK_SCRIPT.test(s) || hangul) s = s.replace(CJK_WORD, (w) => ` ${romaniseCjkWord(w)} `);
  s = anyAscii(s);
  // dotted acronyms are one token (K.O.M.I.D. = KOMID, U.S.A. = USA)
  s = s.replace(/(^|[^A-Za-z0-9])((?:[A-Za-z]\.){2,})/g, (_m, pre: string, acr: string) => `${pre}${acr.replace(/\./g, '')} `);
  s = s.toUpperCase();
  // apostrophes, ʿayn/hamza marks and backticks vanish inside words
  s = s.replace(/['`´‘’ʿʾʻ"]/g, '');
  // everything else that is not a letter or digit separates tokens
  s = s.replace(/[^A-Z0-9]+/g, ' ');
  // letters and digits are separate tokens (L-409 = L409 = L 409)
  s = s.replace(/([A-Z])(?=\d)|(\d)(?=[A-Z])/g, '$1$2 ');
  s = s.trim();
  return hangul ? s.split(' ').map(koreanToMr).join(' ') : s;
}

/** Normalises a name into classified tokens (see the file header). */
export function normalizeName(input: string): NormToken[] {
  const folded = foldToAscii(input);
  if (!folded) return [];
  const raw = folded.split(' ');
  const out: Array<{ text: string; kind: TokenKind | 'honorific' }> = [];
  let i = 0;
  while (i < raw.length) {
    // multi-token legal phrases
    let consumed = 0;
    for (const [from, to] of LEGAL_PHRASE_TOKENS) {
      if (from.length < 2 || i + from.length > raw.length) continue;
      let ok = true;
      for (let k = 0; k < from.length; k++) if (raw[i + k] !== from[k] && !legalTypo(raw[i + k], from[k])) { ok = false; break; }
      if (ok) {
        for (const t of to) out.push({ text: t, kind: 'legal' });
        consumed = from.length;
        break;
      }
    }
    if (consumed) { i += consumed; continue; }
    const t = raw[i++];
    const legal = LEGAL_SINGLE[t] ?? fuzzyLegal(t);
    if (legal) out.push({ text: legal, kind: 'legal' });
    else if (PARTICLES.has(t)) out.push({ text: t, kind: 'particle' });
    else out.push({ text: t, kind: HONORIFICS.has(t) ? 'honorific' : 'name' });
  }
  // Drop honorifics, unless nothing else would remain.
  const kept = out.filter((t): t is NormToken => t.kind !== 'honorific');
  const result: NormToken[] = kept.length ? kept : out.map((t) => ({ text: t.text, kind: 'name' as TokenKind }));
  // A name made only of weak tokens keeps them as name tokens (e.g. a company literally called "AL").
  if (result.length && result.every((t) => t.kind !== 'name')) {
    return result.map((t) => ({ text: t.text, kind: 'name' as TokenKind }));
  }
  return result;
}

/** Convenience: the normalised name as one string (tokens joined by a space). */
export function normalizedString(input: string): string {
  return normalizeName(input).map((t) => t.text).join(' ');
}

/**
 * Consonant skeleton of a token, used as a transliteration-tolerant key: vowels (and Y, W) removed after the first letter,
 * doubled letters collapsed. Arabic-script names, written without short vowels, transliterate to these skeletons
 * (صدام → SDM ≈ SADDAM → SDM; حسين → HSYN → HSN ≈ HUSSEIN → HSN).
 */
export function skeleton(token: string): string {
  let out = '';
  let prev = '';
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (i > 0 && (c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U' || c === 'Y' || c === 'W')) { continue; }
    if (c === prev) continue;
    out += c;
    prev = c;
  }
  // a leading vowel is dropped too (ABBAS ≈ BBS ≈ ʿBBAS), unless that leaves nothing
  if (out.length > 1 && 'AEIOUYW'.includes(out[0])) out = out.slice(1);
  return out;
}

/**
 * Cross-script key for names written from Arabic script (no short vowels) against their Latin romanisations: vowels,
 * and Y/W after the first consonant, dropped; digraphs folded to one letter (KH, SH, TH, GH; DH = Z), Q = K, doubled
 * letters collapsed. IZZAT = ZT (عزت), ABDULLAH = BDALLH (عبدالله) = BDLH, QASIM = KSM (قاسم).
 */
export function arabicKey(token: string): string {
  const t = token.replace(/KH/g, 'X').replace(/SH/g, '$').replace(/TH/g, 'T').replace(/DH/g, 'Z').replace(/GH/g, 'G').replace(/Q/g, 'K');
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (c === 'A' || c === 'E' || c === 'I' || c === 'O' || c === 'U') continue;
    // Y and W are long vowels unless they open the consonants (AYMAN = YMN, AYYUB = YWB = YB)
    if (out.length && (c === 'Y' || c === 'W')) continue;
    if (c === out[out.length - 1]) continue;
    out += c;
  }
  return out;
}
