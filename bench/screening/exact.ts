/**
 * Exact-name guarantee over the bundled lists: `npx tsx bench/screening/exact.ts`
 * Screens every distinct indexed name against the index holding it; prints the names that do not find themselves
 * at the default threshold with score 1, and the figures for a few named cases.
 */
import { loadCorpus } from './corpus.js';
import { DEFAULT_THRESHOLD, MatchIndex, normalizedString } from '../../src/domains/screening/matching/index.js';

const { parties } = loadCorpus();
const t0 = Date.now();
const ix = MatchIndex.build(parties);
console.log(`index: ${JSON.stringify(ix.size)} in ${Date.now() - t0} ms`);
const seen = new Set<string>();
const misses: string[] = [];
const t1 = Date.now();
for (const p of parties) {
  for (const n of p.names) {
    const key = normalizedString(n.full);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    const r = ix.search({ name: n.full }, { threshold: DEFAULT_THRESHOLD, limit: 100 });
    if (!r.some((m) => m.score === 1 && normalizedString(m.matchedName) === key)) misses.push(`${p.id} ${n.full}`);
  }
}
console.log(`${seen.size} distinct names screened in ${Date.now() - t1} ms; ${misses.length} do not find themselves`);
for (const m of misses.slice(0, 30)) console.log('  miss:', m);
for (const q of ['Gazprom', 'Sberbank', 'PJSC SBERBANK', 'JOINT STOCK COMPANY SBERBANK', 'MUHAMMAD, Muhammad', 'KOMID', 'K.O.M.I.D.', 'PROVENHONOUR', 'Diane Harris', 'Jake Auchincloss', '김정은', '王伟']) {
  const r = ix.search({ name: q }, { threshold: 0, limit: 3 });
  console.log(q.padEnd(30), r.map((m) => `${m.matchedName} ${m.score}`).join(' | '));
}
