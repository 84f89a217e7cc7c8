/**
 * Writes src/domains/screening/matching/fixtures/parties.json.gz: real parties (as the product importers read them from
 * the bundled lists) for the matcher's unit tests. `npx tsx bench/screening/make-fixture.ts`
 */
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { loadCorpus } from './corpus.js';
import { mulberry32 } from './queries.js';

const { parties } = loadCorpus();
const wanted = [
  /PUTIN/i, /TIKRITI/i, /UMAROV/i, /\bVTB\b/i, /HUAWEI TECHNOLOGIES/i, /ROSOBORONEXPORT/i, /KIM,? JONG UN/i, /GAZPROM/i,
  /MOHAMMED|MUHAMMAD|MOHAMMAD/i, /\bCORP/i, /TRADING/i, /\bAL[- ]/i, /SBERBANK/i, /AL-QAIDA|AL QAIDA/i, /NAYARA/i,
];
const r = mulberry32(7);
const picked = new Map<string, (typeof parties)[number]>();
for (const re of wanted) {
  const hits = parties.filter((p) => p.names.some((n) => re.test(n.full)));
  const cap = /PUTIN|TIKRITI|UMAROV|VTB|HUAWEI|ROSOBORON|KIM|NAYARA|QAIDA/.test(re.source) ? 40 : 25;
  for (const p of hits.sort(() => r() - 0.5).slice(0, cap)) picked.set(p.id, p);
}
for (const p of parties) if (r() < 0.006) picked.set(p.id, p);
const out = [...picked.values()];
writeFileSync(new URL('../../src/domains/screening/matching/fixtures/parties.json.gz', import.meta.url), gzipSync(JSON.stringify(out), { level: 9 }));
console.log(`${out.length} parties, ${out.reduce((s, p) => s + p.names.length, 0)} names`, Object.entries(out.reduce((a, p) => ((a[p.source] = (a[p.source] ?? 0) + 1), a), {} as Record<string, number>)));
