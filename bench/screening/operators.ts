/**
 * Perturbation operators of the generalisation report (generalise.ts), in two DISJOINT sets:
 *
 * - TUNING (the matcher may be tuned on these): one edit in a word, a dropped middle name, given names as initials,
 *   two adjacent words swapped, one romanisation rule in one word, a legal-form change, and original-script names of
 *   the tuning half of the listings.
 * - REPORTING (never looked at while tuning): despacing (two words joined or one split), two edits in the same word,
 *   an honorific or title added, a suffix change (Jr/II, gendered Slavic endings, a company word such as GROUP), a whole
 *   romanisation scheme applied to every word (Wade-Giles, ISO-like Cyrillic, French/German-style), a name-order
 *   convention (family name first with a comma), OCR confusions (O→0, I→1, M→RN, …), a Cyrillic rendering of a listed
 *   romanised name, and original-script names of the reporting half of the listings.
 *
 * Listings are split in halves by a hash of their id too: tuning queries come from one half, reporting queries from the
 * other, so no listed name is seen by both.
 */
import type { ListedParty } from '../../src/domains/screening/model.js';
import { normalizedString } from '../../src/domains/screening/matching/normalize.js';

export type Rand = () => number;
export type Op = (name: string, p: ListedParty, r: Rand) => string | null;

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const words = (s: string) => s.split(/\s+/).filter(Boolean);
const pick = <T>(xs: T[], r: Rand) => xs[Math.floor(r() * xs.length)];
const isPerson = (p: ListedParty) => p.schema === 'Person';

/** One random edit at position ≥ 1 (deletion, insertion, substitution, transposition). */
export function edit(word: string, r: Rand): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(r() * (word.length - 1));
  const c = LETTERS[Math.floor(r() * 26)];
  switch (Math.floor(r() * 4)) {
    case 0: return word.slice(0, i) + word.slice(i + 1);
    case 1: return word.slice(0, i) + c + word.slice(i);
    case 2: return word.slice(0, i) + c + word.slice(i + 1);
    default: return i + 1 < word.length ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i) + c;
  }
}

function longest(w: string[]): number {
  let b = -1;
  for (let i = 0; i < w.length; i++) if (w[i].length >= 4 && (b < 0 || w[i].length > w[b].length)) b = i;
  return b;
}

// --- tuning operators ------------------------------------------------------------------------------------------------

/** One rule in one word, as in queries.ts (the tuning set of romanisation variants). */
const TUNE_TRANSLIT: Array<[RegExp, string]> = [
  [/KH/g, 'H'], [/OU/g, 'U'], [/U/g, 'OU'], [/Y/g, 'I'], [/J/g, 'DJ'], [/ZH/g, 'J'], [/SH/g, 'SCH'], [/V/g, 'W'], [/W/g, 'V'],
  [/EE/g, 'I'], [/([BDGLMNRST])\1/g, '$1'], [/Q/g, 'K'], [/K/g, 'C'], [/PH/g, 'F'], [/TS/g, 'C'], [/CH/g, 'TCH'], [/O/g, 'U'],
];

export const TUNING: Record<string, { op: Op; persons?: boolean; orgs?: boolean }> = {
  typo: {
    op: (name, _p, r) => {
      const w = words(name.toUpperCase());
      const i = longest(w);
      if (i < 0) return null;
      w[i] = edit(w[i], r);
      return w.join(' ');
    },
  },
  dropMiddle: {
    persons: true,
    op: (name, _p, r) => {
      const w = words(name);
      if (w.length < 3) return null;
      w.splice(1 + Math.floor(r() * (w.length - 2)), 1);
      return w.join(' ');
    },
  },
  initials: {
    persons: true,
    op: (name) => {
      const w = words(name);
      if (w.length < 2 || w.some((x) => x.length < 2)) return null;
      w[0] = `${w[0][0]}.`;
      return w.join(' ');
    },
  },
  swapAdjacent: {
    op: (name, _p, r) => {
      const w = words(name);
      if (w.length < 2) return null;
      const i = Math.floor(r() * (w.length - 1));
      [w[i], w[i + 1]] = [w[i + 1], w[i]];
      return w.join(' ');
    },
  },
  translitRule: {
    op: (name, _p, r) => {
      const w = words(name.toUpperCase());
      const order = w.map((_, i) => i).sort(() => r() - 0.5);
      for (const i of order) {
        const rules = TUNE_TRANSLIT.filter(([re]) => re.test(w[i]));
        if (!rules.length || w[i].length < 3) continue;
        const [re, to] = pick(rules, r);
        const v = w[i].replace(re, to);
        if (v !== w[i]) { w[i] = v; return w.join(' '); }
      }
      return null;
    },
  },
  legalForm: {
    orgs: true,
    op: (name, _p, r) => {
      const forms: Array<[RegExp, string[]]> = [
        [/\b(LLC|L\.L\.C\.|LIMITED LIABILITY COMPANY|OOO)\b/i, ['OOO', 'Limited Liability Company', '']],
        [/\b(LTD|LIMITED)\.?\b/i, ['Limited', 'Ltd.', '']],
        [/\b(JSC|AO|JOINT STOCK COMPANY)\b/i, ['AO', 'Joint Stock Company', '']],
        [/\b(CO\.?,? LTD\.?|COMPANY LIMITED)\b/i, ['Company Limited', '']],
        [/\b(INC|CORP|CORPORATION)\.?\b/i, ['Inc.', 'Corporation', '']],
      ];
      for (const [re, to] of forms) if (re.test(name)) return name.replace(re, pick(to, r)).replace(/\s+/g, ' ').trim();
      return null;
    },
  },
};

// --- reporting operators -------------------------------------------------------------------------------------------

const HONORIFICS = ['Mr', 'Mr.', 'Dr.', 'Sheikh', 'Haji', 'General', 'Colonel', 'Prof.', 'Eng.', 'Mullah', 'Sir', 'Mrs', 'Maulana', 'Imam'];

/** Whole romanisation schemes: every applicable rule applied to every word. */
const SCHEMES: Array<Array<[RegExp, string]>> = [
  // Wade-Giles-like from pinyin-like spellings
  [[/ZH/g, 'CH'], [/X/g, 'HS'], [/Q/g, 'CH'], [/ONG\b/g, 'UNG'], [/IAN\b/g, 'IEN']],
  // ISO-like Cyrillic: YU/YA as IU/IA, -IY as -II
  [[/YU/g, 'IU'], [/YA/g, 'IA'], [/IY\b/g, 'II'], [/YE/g, 'IE']],
  // German-style: initial Y as J, Z as S, CH as TSCH
  [[/\bY/g, 'J'], [/Z/g, 'S'], [/CH/g, 'TSCH']],
  // French-style Arabic: U as OU is tuning; here SH as CH, J as DJ at word start is tuning; use GH → R, Q → K and E/I vowels
  [[/SH/g, 'CH'], [/AA/g, 'A'], [/I(?=[^AEIOU]|\b)/g, 'E']],
  // Anglicised Arabic vowels: U as OO, I as EE (long vowels written out)
  [[/U(?=[^AEIOU])/g, 'OO'], [/I(?=[^AEIOU]{1}[AEIOU])/g, 'EE']],
];

const OCR: Array<[RegExp, string]> = [
  [/O/, '0'], [/I/, '1'], [/L/, '1'], [/S/, '5'], [/B/, '8'], [/M/, 'RN'], [/W/, 'VV'], [/D/, 'CL'], [/E/, 'F'], [/G/, '6'], [/H/, 'II'],
];

const CYR: Array<[string, string]> = [
  ['SHCH', 'Щ'], ['ZH', 'Ж'], ['KH', 'Х'], ['TS', 'Ц'], ['CH', 'Ч'], ['SH', 'Ш'], ['YU', 'Ю'], ['YA', 'Я'], ['YE', 'Е'], ['YO', 'Ё'],
  ['IY', 'ИЙ'], ['A', 'А'], ['B', 'Б'], ['V', 'В'], ['G', 'Г'], ['D', 'Д'], ['E', 'Е'], ['Z', 'З'], ['I', 'И'], ['Y', 'Й'], ['K', 'К'],
  ['L', 'Л'], ['M', 'М'], ['N', 'Н'], ['O', 'О'], ['P', 'П'], ['R', 'Р'], ['S', 'С'], ['T', 'Т'], ['U', 'У'], ['F', 'Ф'],
];

function toCyrillic(word: string): string {
  let out = '';
  let i = 0;
  const w = word.toUpperCase();
  while (i < w.length) {
    const hit = CYR.find(([l]) => w.startsWith(l, i));
    if (hit) { out += hit[1]; i += hit[0].length; } else { out += w[i]; i++; }
  }
  return out.charAt(0) + out.slice(1).toLowerCase();
}

export const REPORTING: Record<string, { op: Op; persons?: boolean; orgs?: boolean; russian?: boolean }> = {
  despace: {
    op: (name, _p, r) => {
      const w = words(name.toUpperCase().replace(/-/g, ' '));
      if (w.length >= 3 && r() < 0.5) {
        const i = Math.floor(r() * (w.length - 1));
        w.splice(i, 2, w[i] + w[i + 1]);
        return w.join(' ');
      }
      const i = w.findIndex((x) => x.length >= 8);
      if (i < 0) {
        if (w.length < 2) return null;
        const j = Math.floor(r() * (w.length - 1));
        w.splice(j, 2, w[j] + w[j + 1]);
        return w.join(' ');
      }
      const k = 3 + Math.floor(r() * (w[i].length - 5));
      w.splice(i, 1, w[i].slice(0, k), w[i].slice(k));
      return w.join(' ');
    },
  },
  doubleTypo: {
    op: (name, _p, r) => {
      const w = words(name.toUpperCase());
      const i = longest(w);
      if (i < 0 || w[i].length < 6) return null;
      w[i] = edit(edit(w[i], r), r);
      return w.join(' ');
    },
  },
  honorific: { persons: true, op: (name, _p, r) => `${pick(HONORIFICS, r)} ${name}` },
  suffix: {
    op: (name, p, r) => {
      const w = words(name);
      if (isPerson(p)) {
        const last = w.length - 1;
        const g = w[last].replace(/(OV|EV|IN)A$/i, '$1').replace(/(OV|EV|IN)$/i, '$1A');
        if (g !== w[last] && r() < 0.6) { w[last] = g; return w.join(' '); }
        return `${name} ${pick(['Jr', 'Sr', 'II', 'III'], r)}`;
      }
      const generic = /\b(GROUP|HOLDINGS?|INTERNATIONAL|TRADING)\b/i;
      if (generic.test(name)) return name.replace(generic, '').replace(/\s+/g, ' ').trim();
      return `${name} ${pick(['Group', 'Holding', 'International', 'Trading'], r)}`;
    },
  },
  translitScheme: {
    op: (name, _p, r) => {
      const up = name.toUpperCase();
      const order = SCHEMES.map((_, i) => i).sort(() => r() - 0.5);
      for (const i of order) {
        let v = up;
        for (const [re, to] of SCHEMES[i]) v = v.replace(re, to);
        if (v !== up) return v;
      }
      return null;
    },
  },
  nameOrder: {
    persons: true,
    op: (name) => {
      const w = words(name);
      if (w.length < 2) return null;
      return `${w[w.length - 1].toUpperCase()}, ${w.slice(0, -1).join(' ')}`;
    },
  },
  ocr: {
    op: (name, _p, r) => {
      let v = name.toUpperCase();
      const n = 1 + (r() < 0.4 ? 1 : 0);
      for (let k = 0; k < n; k++) {
        const rules = OCR.filter(([re]) => re.test(v.slice(1)));
        if (!rules.length) break;
        const [re, to] = pick(rules, r);
        // never the first letter of the name (keeps the case comparable with the typo operators)
        v = v[0] + v.slice(1).replace(re, to);
      }
      return v;
    },
  },
  cyrillic: { russian: true, persons: true, op: (name) => words(name).map(toCyrillic).join(' ') },
};

/** Which half of the listings a party belongs to (tuning 0 / reporting 1), by a hash of its id. */
export function half(id: string): 0 | 1 {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return ((h >>> 0) % 2) as 0 | 1;
}

/** Script of a name written outside Latin (for the cross-script queries). */
export function scriptOf(s: string): string | null {
  if (/[\u0600-\u06FF]/.test(s)) return 'Arabic';
  if (/[\u0400-\u04FF]/.test(s)) return 'Cyrillic';
  if (/[\u3400-\u9FFF]/.test(s)) return 'Han';
  if (/[\uAC00-\uD7AF]/.test(s)) return 'Hangul';
  return null;
}

export const sameName = (a: string, b: string) => normalizedString(a) === normalizedString(b);
