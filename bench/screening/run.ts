/**
 * Screening benchmark: `npx tsx bench/screening/run.ts [--per-kind 400] [--non-listed 2000] [--seed 42] [--no-pg] [--no-1m]`
 *
 * 1. Loads the full bundled lists with the product importers, builds the seeded query set (queries.ts).
 * 2. MatchIndex: build time + heap, recall@1, recall / false-positive rate per threshold, queries/s on one core, p50/p99.
 * 3. PostgreSQL pg_trgm on the same (normalised) names: GIN index, `%` + ORDER BY similarity LIMIT 10.
 * 4. Brute-force token Jaro-Winkler scan of every name (on a sample).
 * 5. 1 M-name synthetic corpus (real name tokens recombined) + the real lists: build time, heap, recall, throughput.
 */
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import pg from 'pg';
import { loadCorpus } from './corpus.js';
import { acceptSets, buildQueries, mulberry32, type BenchQuery, type QueryKind } from './queries.js';
import { synthesize } from './synth.js';
import { MatchIndex, DEFAULT_THRESHOLD, jaroWinkler } from '../../src/domains/screening/matching/index.js';
import { normalizedString, normalizeName } from '../../src/domains/screening/matching/normalize.js';
import type { ListedParty } from '../../src/domains/screening/model.js';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heapMB = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1e6;
};

const argv = process.argv.slice(2);
const arg = (name: string, def: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const SEED = arg('--seed', 42);
const PER_KIND = arg('--per-kind', 400);
const NON_LISTED = arg('--non-listed', 2000);
const NO_PG = argv.includes('--no-pg');
const NO_1M = argv.includes('--no-1m');
const NO_BF = argv.includes('--no-bf');
const SYNTH_NAMES = arg('--synthetic-names', 1_000_000);

const PERTURBATIONS: QueryKind[] = ['typo', 'dropMiddle', 'initials', 'reorder', 'translit', 'legalForm'];
const THRESHOLDS = [0.6, 0.65, 0.7, 0.72, 0.75, 0.78, 0.8, 0.82, 0.85, 0.88, 0.9, 0.95];

interface Outcome {
  q: BenchQuery;
  /** score of the best accepted party among the top 10 (threshold 0), -1 if absent */
  hit: number;
  top1ok: boolean;
  /** best score of anything (for non-listed names) */
  top: number;
}

function pct(x: number) {
  return (x * 100).toFixed(1) + '%';
}
function quantile(xs: number[], q: number) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
}

function metrics(outs: Outcome[], t: number) {
  const kinds = new Map<string, { n: number; hit: number; top1: number }>();
  let fp = 0;
  let nl = 0;
  for (const o of outs) {
    if (o.q.kind === 'nonListed') {
      nl++;
      if (o.top >= t) fp++;
      continue;
    }
    const k = kinds.get(o.q.kind) ?? { n: 0, hit: 0, top1: 0 };
    k.n++;
    if (o.hit >= t) k.hit++;
    if (o.top1ok) k.top1++;
    kinds.set(o.q.kind, k);
  }
  let pn = 0;
  let ph = 0;
  let p1 = 0;
  for (const k of PERTURBATIONS) {
    const v = kinds.get(k);
    if (v) {
      pn += v.n;
      ph += v.hit;
      p1 += v.top1;
    }
  }
  return { kinds, fpRate: nl ? fp / nl : 0, pertRecall: pn ? ph / pn : 0, pertTop1: pn ? p1 / pn : 0 };
}

function report(title: string, outs: Outcome[], tDefault: number) {
  console.log(`\n### ${title}`);
  const m = metrics(outs, tDefault);
  console.log(`| kind | n | recall@1 | recall ≥ ${tDefault} |`);
  console.log('|---|---|---|---|');
  for (const [k, v] of m.kinds) console.log(`| ${k} | ${v.n} | ${pct(v.top1 / v.n)} | ${pct(v.hit / v.n)} |`);
  console.log(`| **perturbations (all)** | | ${pct(m.pertTop1)} | ${pct(m.pertRecall)} |`);
  console.log(`false-positive rate at ${tDefault} on ${outs.filter((o) => o.q.kind === 'nonListed').length} non-listed names: ${pct(m.fpRate)}`);
  return m;
}

function sweep(title: string, outs: Outcome[], thresholds: number[]) {
  console.log(`\n#### Threshold sweep — ${title}`);
  console.log('| threshold | perturbation recall | alias recall | original-script recall | false-positive rate |');
  console.log('|---|---|---|---|---|');
  let best = { t: NaN, recall: -1, fp: 1 };
  for (const t of thresholds) {
    const m = metrics(outs, t);
    const a = m.kinds.get('alias');
    const o = m.kinds.get('original');
    console.log(`| ${t} | ${pct(m.pertRecall)} | ${a ? pct(a.hit / a.n) : '-'} | ${o ? pct(o.hit / o.n) : '-'} | ${pct(m.fpRate)} |`);
    if (m.fpRate <= 0.01 && m.pertRecall > best.recall) best = { t, recall: m.pertRecall, fp: m.fpRate };
  }
  console.log(Number.isNaN(best.t) ? 'no threshold reaches FP ≤ 1% on this query set' : `best perturbation recall with FP ≤ 1%: ${pct(best.recall)} at threshold ${best.t} (FP ${pct(best.fp)})`);
  return best;
}

function evaluate(
  search: (name: string) => Array<{ partyId: string; score: number }>,
  queries: BenchQuery[],
  accept: Map<string, Set<string>>,
): { outs: Outcome[]; lat: number[] } {
  const outs: Outcome[] = [];
  const lat: number[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const res = search(q.name);
    lat.push(performance.now() - t0);
    const acc = q.expect ? accept.get(q.expect)! : null;
    let hit = -1;
    if (acc) for (const m of res) if (acc.has(m.partyId)) { hit = Math.max(hit, m.score); }
    outs.push({ q, hit, top1ok: !!acc && res.length > 0 && acc.has(res[0].partyId), top: res[0]?.score ?? 0 });
  }
  return { outs, lat };
}

/** 1-minute load average of the machine (the bench runs on shared machines: timings depend on it). */
const load = () => os.loadavg()[0].toFixed(1);

/**
 * Sequential searches on one thread. `qps` is wall-clock; `cpuQps` divides by the process's CPU time (user + system,
 * all threads, GC included), which is what one core delivers when the machine is shared and this process is preempted.
 */
function timed(search: (name: string) => unknown, queries: BenchQuery[], rounds = 1) {
  const lat: number[] = [];
  const c0 = process.cpuUsage();
  const load0 = os.loadavg()[0];
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++)
    for (const q of queries) {
      const a = performance.now();
      search(q.name);
      lat.push(performance.now() - a);
    }
  const total = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  const n = queries.length * rounds;
  return {
    qps: n / (total / 1000),
    cpuQps: n / ((cpu.user + cpu.system) / 1e6),
    p50: quantile(lat, 0.5),
    p99: quantile(lat, 0.99),
    n: lat.length,
    load: `${load0.toFixed(1)}→${load()}`,
  };
}

function withoutNames(parties: ListedParty[], remove: Set<string>): ListedParty[] {
  const out: ListedParty[] = [];
  for (const p of parties) {
    const names = p.names.filter((n) => !remove.has(normalizedString(n.full)));
    if (names.length) out.push({ ...p, names });
  }
  return out;
}

async function main() {
  console.log(`# Screening bench — ${new Date().toISOString()} — node ${process.version}, seed ${SEED}, ${os.cpus().length} CPUs, load average ${load()}`);
  let t = performance.now();
  const { parties, bySource } = loadCorpus();
  console.log(`corpus: ${parties.length} parties (${Object.entries(bySource).map(([k, v]) => `${k} ${v}`).join(', ')}), ${parties.reduce((s, p) => s + p.names.length, 0)} names; loaded in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  // --- build on the full corpus ----------------------------------------------------------------------------------
  let h0 = heapMB();
  t = performance.now();
  let full: MatchIndex | null = MatchIndex.build(parties);
  const buildMs = performance.now() - t;
  const fullHeap = heapMB() - h0;
  console.log(`MatchIndex build (full bundled corpus): ${buildMs.toFixed(0)} ms, heap +${fullHeap.toFixed(0)} MB, ${JSON.stringify(full.size)}`);
  full = null;

  const { queries, removeNames } = buildQueries(parties, { seed: SEED, perKind: PER_KIND, nonListed: NON_LISTED });
  const accept = acceptSets(parties, queries);
  const counts: Record<string, number> = {};
  for (const q of queries) counts[q.kind] = (counts[q.kind] ?? 0) + 1;
  console.log(`queries: ${JSON.stringify(counts)}; ${removeNames.size} alias/original names removed from the bench index`);

  const benchParties = withoutNames(parties, removeNames);
  const ix = MatchIndex.build(benchParties);
  const ours = evaluate((name) => ix.search({ name }, { threshold: 0, limit: 10 }), queries, accept);
  const m = report(`MatchIndex (bundled corpus, ${ix.size.names} names)`, ours.outs, DEFAULT_THRESHOLD);
  const best = sweep('MatchIndex', ours.outs, THRESHOLDS);
  // throughput in production mode (default threshold, limit 10), one core, after a warm-up round
  timed((name) => ix.search({ name }), queries.slice(0, 500));
  const perf = timed((name) => ix.search({ name }), queries, 2);
  console.log(`throughput: ${perf.qps.toFixed(0)} queries/s on one core (wall clock; ${perf.cpuQps.toFixed(0)} per CPU-second), p50 ${perf.p50.toFixed(3)} ms, p99 ${perf.p99.toFixed(3)} ms (${perf.n} queries; load average ${perf.load})`);

  // examples of misses (for tuning, honest reporting)
  const misses = ours.outs.filter((o) => o.q.expect && o.hit < DEFAULT_THRESHOLD && PERTURBATIONS.includes(o.q.kind)).slice(0, 12);
  console.log('\nsample perturbation misses at the default threshold:');
  for (const o of misses) console.log(`- ${o.q.kind}: "${o.q.name}" (from "${o.q.from}") best accepted score ${o.hit.toFixed(3)}`);
  const fps = ours.outs.filter((o) => o.q.kind === 'nonListed' && o.top >= DEFAULT_THRESHOLD).slice(0, 12);
  console.log('\nsample false positives at the default threshold:');
  for (const o of fps) {
    const r = ix.search({ name: o.q.name }, { threshold: 0, limit: 1 })[0];
    console.log(`- [${o.q.from}] "${o.q.name}" → "${r?.matchedName}" ${r?.score}`);
  }

  // --- brute force token Jaro-Winkler scan --------------------------------------------------------------------------
  const r = mulberry32(SEED + 1);
  const sample = queries.filter(() => r() < (NO_BF ? 0 : 0.03));
  const bfNames: Array<{ party: string; toks: string[] }> = [];
  for (const p of benchParties)
    for (const n of p.names) {
      const toks = normalizeName(n.full).map((x) => x.text);
      if (toks.length) bfNames.push({ party: p.id, toks });
    }
  const bfSearch = (name: string) => {
    const q = normalizeName(name).map((x) => x.text);
    if (!q.length) return [];
    const best = new Map<string, number>();
    for (const n of bfNames) {
      let a = 0;
      for (const qt of q) {
        let b = 0;
        for (const nt of n.toks) {
          const s = jaroWinkler(qt, nt);
          if (s > b) b = s;
        }
        a += b;
      }
      let c = 0;
      for (const nt of n.toks) {
        let b = 0;
        for (const qt of q) {
          const s = jaroWinkler(qt, nt);
          if (s > b) b = s;
        }
        c += b;
      }
      const s = 0.5 * (a / q.length) + 0.5 * (c / n.toks.length);
      if (s > (best.get(n.party) ?? 0)) best.set(n.party, s);
    }
    return [...best.entries()].map(([partyId, score]) => ({ partyId, score })).sort((x, y) => y.score - x.score).slice(0, 10);
  };
  t = performance.now();
  const bf = evaluate(bfSearch, sample, accept);
  const bfQps = sample.length / ((performance.now() - t) / 1000);
  report(`Brute-force token Jaro-Winkler scan (sample of ${sample.length} queries, ${bfNames.length} names)`, bf.outs, 0.9);
  const bfBest = sweep('brute force', bf.outs, [0.8, 0.85, 0.88, 0.9, 0.92, 0.94, 0.95, 0.96, 0.97, 0.98]);
  console.log(`brute force throughput: ${bfQps.toFixed(1)} queries/s, p50 ${quantile(bf.lat, 0.5).toFixed(1)} ms, p99 ${quantile(bf.lat, 0.99).toFixed(1)} ms`);
  // our engine on the same sample, for a like-for-like line
  const oursSample = evaluate((name) => ix.search({ name }, { threshold: 0, limit: 10 }), sample, accept);
  const oursSampleBest = sweep('MatchIndex on the brute-force sample', oursSample.outs, THRESHOLDS);

  // --- pg_trgm ---------------------------------------------------------------------------------------------------
  let pgLine = 'pg_trgm: skipped';
  if (!NO_PG) {
    try {
      pgLine = await runPg(benchParties, queries, accept);
    } catch (e) {
      pgLine = `pg_trgm: failed (${(e as Error).message})`;
      console.log(pgLine);
    }
  }

  // --- 1 M names -------------------------------------------------------------------------------------------------
  let synthLine = '1M: skipped';
  if (!NO_1M) synthLine = run1M(benchParties, queries, accept);

  console.log('\n## Summary');
  console.log(`- default threshold ${DEFAULT_THRESHOLD}: perturbation recall ${pct(m.pertRecall)}, recall@1 ${pct(m.pertTop1)}, FP ${pct(m.fpRate)}; alias recall ${pct((m.kinds.get('alias')?.hit ?? 0) / (m.kinds.get('alias')?.n ?? 1))}`);
  console.log(`- best with FP ≤ 1%: ${pct(best.recall)} at ${best.t}`);
  console.log(`- throughput ${perf.qps.toFixed(0)} q/s (${perf.cpuQps.toFixed(0)} per CPU-second, load ${perf.load}), p50 ${perf.p50.toFixed(3)} ms, p99 ${perf.p99.toFixed(3)} ms; build ${buildMs.toFixed(0)} ms, +${fullHeap.toFixed(0)} MB`);
  console.log(`- brute force (sample): ${bfQps.toFixed(1)} q/s, best recall with FP ≤ 1% ${Number.isNaN(bfBest.t) ? 'none (no threshold reaches it)' : pct(bfBest.recall)} (MatchIndex on the same sample ${pct(oursSampleBest.recall)})`);
  console.log(`- ${pgLine}`);
  console.log(`- ${synthLine}`);
}

async function runPg(parties: ListedParty[], queries: BenchQuery[], accept: Map<string, Set<string>>): Promise<string> {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query('drop database if exists clearway_bench_trgm');
  await admin.query('create database clearway_bench_trgm');
  await admin.end();
  const c = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/clearway_bench_trgm' });
  await c.connect();
  try {
    await c.query('create extension if not exists pg_trgm');
    await c.query('create table names (id serial primary key, party text not null, name text not null)');
    const rows: Array<[string, string]> = [];
    for (const p of parties)
      for (const n of p.names) {
        const s = normalizedString(n.full);
        if (s) rows.push([p.id, s]);
      }
    let t = performance.now();
    for (let i = 0; i < rows.length; i += 5000) {
      const chunk = rows.slice(i, i + 5000);
      await c.query('insert into names (party, name) select * from unnest($1::text[], $2::text[])', [chunk.map((x) => x[0]), chunk.map((x) => x[1])]);
    }
    const loadMs = performance.now() - t;
    t = performance.now();
    await c.query('create index names_trgm on names using gin (name gin_trgm_ops)');
    await c.query('analyze names');
    const idxMs = performance.now() - t;
    await c.query('set pg_trgm.similarity_threshold = 0.3');
    const sql = 'select party, max(similarity(name, $1)) as s from (select party, name from names where name % $1 order by similarity(name, $1) desc limit 50) x group by party order by s desc limit 10';
    const outs: Outcome[] = [];
    const lat: number[] = [];
    const t0 = performance.now();
    for (const q of queries) {
      const a = performance.now();
      const res = await c.query(sql, [normalizedString(q.name)]);
      lat.push(performance.now() - a);
      const ms = res.rows.map((r: { party: string; s: number }) => ({ partyId: r.party, score: Number(r.s) }));
      const acc = q.expect ? accept.get(q.expect)! : null;
      let hit = -1;
      if (acc) for (const m of ms) if (acc.has(m.partyId)) hit = Math.max(hit, m.score);
      outs.push({ q, hit, top1ok: !!acc && ms.length > 0 && acc.has(ms[0].partyId), top: ms[0]?.score ?? 0 });
    }
    const qps = queries.length / ((performance.now() - t0) / 1000);
    console.log(`\npg_trgm: ${rows.length} names loaded in ${loadMs.toFixed(0)} ms, GIN index built in ${idxMs.toFixed(0)} ms`);
    report('PostgreSQL pg_trgm (GIN, % with similarity_threshold 0.3, top 10 by similarity)', outs, 0.5);
    const best = sweep('pg_trgm', outs, [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.9]);
    const line = `pg_trgm: ${qps.toFixed(0)} q/s (one connection, sequential), p50 ${quantile(lat, 0.5).toFixed(2)} ms, p99 ${quantile(lat, 0.99).toFixed(2)} ms; best perturbation recall with FP ≤ 1%: ${pct(best.recall)} at similarity ${best.t}; index build ${idxMs.toFixed(0)} ms`;
    console.log(line);
    return line;
  } finally {
    await c.end();
    const admin2 = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
    await admin2.connect();
    await admin2.query('drop database if exists clearway_bench_trgm');
    await admin2.end();
  }
}

function run1M(real: ListedParty[], queries: BenchQuery[], accept: Map<string, Set<string>>): string {
  const realNames = real.reduce((s, p) => s + p.names.length, 0);
  const synth = synthesize(real, SYNTH_NAMES - realNames, SEED + 3);
  const all = real.concat(synth);
  const h0 = heapMB();
  const t = performance.now();
  const ix = MatchIndex.build(all);
  const buildMs = performance.now() - t;
  const heap = heapMB() - h0;
  const total = process.memoryUsage();
  console.log(`\n### 1 M names: ${all.length} parties, ${JSON.stringify(ix.size)}; build ${(buildMs / 1000).toFixed(1)} s, index heap +${heap.toFixed(0)} MB (process heap ${(total.heapUsed / 1e6).toFixed(0)} MB incl. the parties, rss ${(total.rss / 1e6).toFixed(0)} MB)`);
  const ev = evaluate((name) => ix.search({ name }, { threshold: 0, limit: 10 }), queries, accept);
  const m = report('MatchIndex at 1 M names', ev.outs, DEFAULT_THRESHOLD);
  sweep('MatchIndex at 1 M names', ev.outs, THRESHOLDS);
  const perf = timed((name) => ix.search({ name }), queries);
  const line = `1M names: build ${(buildMs / 1000).toFixed(1)} s, index +${heap.toFixed(0)} MB heap (rss ${(total.rss / 1e6).toFixed(0)} MB); ${perf.qps.toFixed(0)} q/s (${perf.cpuQps.toFixed(0)} per CPU-second, load ${perf.load}), p50 ${perf.p50.toFixed(2)} ms, p99 ${perf.p99.toFixed(2)} ms; perturbation recall ${pct(m.pertRecall)} at ${DEFAULT_THRESHOLD}, FP ${pct(m.fpRate)}`;
  console.log(line);
  return line;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
