import { readBundledText } from '../../platform/data.js';

/** One reviewed thesaurus row: exporters' terms → the list's words (added to the text query) and codes (`list:code`). */
export interface ThesaurusEntry {
  terms: string[];
  expand: string;
  codes: string[];
}

const US_TO_UK: [RegExp, string][] = [
  [/^(colo|armo|behavio|harbo|odo|vapo)r(s?)$/, '$1ur$2'], [/^(.*)iz(e|ed|er|ers|ation|ing)$/, '$1is$2'], [/^(.*)yz(er|ers)$/, '$1ys$2'],
  [/^(cen|fib|met|lit|calib)er(s?)$/, '$1re$2'], [/^aluminum$/, 'aluminium'], [/^sulfur(.*)$/, 'sulphur$1'],
];

/** Folds a word to one comparable form: lower case, British spelling, crude singular. */
export function foldWord(w: string): string {
  let s = w.toLowerCase();
  for (const [re, to] of US_TO_UK) if (re.test(s)) { s = s.replace(re, to); break; }
  if (s.length > 4 && s.endsWith('ies')) return s.slice(0, -3) + 'y';
  if (s.length > 4 && /(ch|sh|x|ss)es$/.test(s)) return s.slice(0, -2);
  if (s.length > 3 && s.endsWith('s') && !s.endsWith('ss') && !s.endsWith('us') && !s.endsWith('is')) return s.slice(0, -1);
  return s;
}

export const wordsOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

let cache: { entries: ThesaurusEntry[]; folded: string[][][] } | null = null;

export function loadThesaurus() {
  if (!cache) {
    const entries = JSON.parse(readBundledText('controls-thesaurus/thesaurus.json')) as ThesaurusEntry[];
    cache = { entries, folded: entries.map((e) => e.terms.map((t) => wordsOf(t).map(foldWord))) };
  }
  return cache;
}

/** Thesaurus rows whose term occurs as consecutive words of the query, with the longest matching term of each. */
export function matchThesaurus(queryWords: string[]): { entry: ThesaurusEntry; term: string }[] {
  const q = queryWords.map(foldWord);
  const { entries, folded } = loadThesaurus();
  const out: { entry: ThesaurusEntry; term: string }[] = [];
  entries.forEach((entry, i) => {
    let best = -1;
    folded[i].forEach((tw, j) => {
      if (!tw.length || (best >= 0 && folded[i][best].length >= tw.length)) return;
      for (let k = 0; k + tw.length <= q.length; k++) if (tw.every((w, m) => q[k + m] === w)) { best = j; return; }
    });
    if (best >= 0) out.push({ entry, term: entry.terms[best] });
  });
  return out.sort((a, b) => wordsOf(b.term).length - wordsOf(a.term).length);
}
