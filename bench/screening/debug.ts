/** Prints misses per query kind with their explanation (tuning aid): npx tsx bench/screening/debug.ts [kind] [n] */
import { loadCorpus } from './corpus.js';
import { acceptSets, buildQueries } from './queries.js';
import { MatchIndex, DEFAULT_THRESHOLD } from '../../src/domains/screening/matching/index.js';
import { normalizedString } from '../../src/domains/screening/matching/normalize.js';

const kind = process.argv[2] ?? 'translit';
const n = Number(process.argv[3] ?? 15);
const { parties } = loadCorpus();
const { queries, removeNames } = buildQueries(parties, { seed: 42, perKind: 400, nonListed: 2000 });
const accept = acceptSets(parties, queries);
const ix = MatchIndex.build(parties.map((p) => ({ ...p, names: p.names.filter((x) => !removeNames.has(normalizedString(x.full))) })).filter((p) => p.names.length));
let shown = 0;
for (const q of queries) {
  if (q.kind !== kind || shown >= n) continue;
  const res = ix.search({ name: q.name }, { threshold: 0, limit: 10 });
  if (kind === 'nonListed') {
    if (res[0] && res[0].score >= DEFAULT_THRESHOLD) { shown++; console.log(`"${q.name}" → ${res[0].matchedName} ${res[0].score}\n   ${res[0].explanation.summary}`); }
    continue;
  }
  const acc = accept.get(q.expect!)!;
  const hit = res.find((m) => acc.has(m.partyId));
  if (hit && hit.score >= DEFAULT_THRESHOLD) continue;
  shown++;
  console.log(`"${q.name}" (from "${q.from}") → ${hit ? hit.score + ' ' + hit.explanation.summary : 'NOT FOUND; top: ' + (res[0]?.matchedName ?? '-') + ' ' + (res[0]?.score ?? '')}`);
  if (hit) console.log('   ' + hit.explanation.tokens.map((t) => `${t.query}/${t.matched}/${t.how}/${t.similarity}/w${t.weight}`).join(' '), hit.explanation.features.map((f) => f.detail).join('; '));
}
