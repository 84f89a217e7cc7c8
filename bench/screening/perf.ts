/**
 * Quick throughput / regression tool for the matcher (tuning aid, not the reported bench):
 *   npx tsx bench/screening/perf.ts [--1m] [--save FILE] [--compare FILE] [--rounds 2] [--slow 15]
 * Builds the bench index (bundled corpus minus alias/original query names, or the 1 M-name synthetic corpus with --1m),
 * times production searches (default threshold, limit 10) in wall-clock and process CPU time, lists the slowest queries,
 * and can save / compare the top-10 results (threshold 0) of every query to check that an optimisation changed nothing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCorpus } from './corpus.js';
import { acceptSets, buildQueries } from './queries.js';
import { synthesize } from './synth.js';
import { MatchIndex, DEFAULT_THRESHOLD } from '../../src/domains/screening/matching/index.js';
import { normalizedString } from '../../src/domains/screening/matching/normalize.js';

const argv = process.argv.slice(2);
const opt = (n: string) => { const i = argv.indexOf(n); return i >= 0 ? argv[i + 1] : undefined; };
const ONE_M = argv.includes('--1m');
const rounds = Number(opt('--rounds') ?? 2);
const { parties } = loadCorpus();
const { queries, removeNames } = buildQueries(parties, { seed: 42, perKind: 400, nonListed: 2000 });
const accept = acceptSets(parties, queries);
let bench = parties.map((p) => ({ ...p, names: p.names.filter((x) => !removeNames.has(normalizedString(x.full))) })).filter((p) => p.names.length);
if (ONE_M) bench = bench.concat(synthesize(bench, 1_000_000 - bench.reduce((s, p) => s + p.names.length, 0), 42 + 3));
let t = performance.now();
const ix = MatchIndex.build(bench);
console.log(`build ${(performance.now() - t).toFixed(0)} ms ${JSON.stringify(ix.size)} heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);

// recall / FP at the default threshold + optional snapshot
const snap: Array<Array<[string, number]>> = [];
let pert = 0, pertHit = 0, nl = 0, fp = 0;
for (const q of queries) {
  const res = ix.search({ name: q.name }, { threshold: 0, limit: 10 });
  snap.push(res.map((m) => [m.partyId, m.score]));
  if (q.kind === 'nonListed') { nl++; if ((res[0]?.score ?? 0) >= DEFAULT_THRESHOLD) fp++; continue; }
  if (q.kind === 'alias' || q.kind === 'original') continue;
  pert++;
  const acc = accept.get(q.expect!)!;
  if (res.some((m) => acc.has(m.partyId) && m.score >= DEFAULT_THRESHOLD)) pertHit++;
}
console.log(`perturbation recall ${(100 * pertHit / pert).toFixed(1)}%, FP ${(100 * fp / nl).toFixed(2)}%`);
if (opt('--save')) writeFileSync(opt('--save')!, JSON.stringify(snap));
if (opt('--compare')) {
  const old: Array<Array<[string, number]>> = JSON.parse(readFileSync(opt('--compare')!, 'utf8'));
  let diff = 0;
  for (let i = 0; i < queries.length; i++) {
    const a = JSON.stringify(old[i]);
    const b = JSON.stringify(snap[i]);
    if (a !== b) {
      if (diff < 10) console.log(`DIFF ${queries[i].kind} "${queries[i].name}"\n  old ${a}\n  new ${b}`);
      diff++;
    }
  }
  console.log(`${diff} of ${queries.length} queries differ from ${opt('--compare')}`);
}

// throughput
for (const q of queries.slice(0, 500)) ix.search({ name: q.name });
const lat: Array<[number, string]> = [];
const c0 = process.cpuUsage();
t = performance.now();
for (let r = 0; r < rounds; r++)
  for (const q of queries) {
    const a = performance.now();
    ix.search({ name: q.name });
    lat.push([performance.now() - a, q.name]);
  }
const wall = performance.now() - t;
const cpu = process.cpuUsage(c0);
const n = lat.length;
const sorted = lat.map((x) => x[0]).sort((a, b) => a - b);
console.log(`${n} queries: wall ${(n / (wall / 1000)).toFixed(0)} q/s, cpu ${(n / ((cpu.user + cpu.system) / 1e6)).toFixed(0)} q/s (user+sys), p50 ${sorted[Math.floor(n * 0.5)].toFixed(3)} ms, p99 ${sorted[Math.floor(n * 0.99)].toFixed(3)} ms, max ${sorted[n - 1].toFixed(1)} ms`);
const slow = Number(opt('--slow') ?? 0);
if (slow) for (const [ms, name] of lat.sort((a, b) => b[0] - a[0]).slice(0, slow)) console.log(`  ${ms.toFixed(2)} ms  ${name}`);
