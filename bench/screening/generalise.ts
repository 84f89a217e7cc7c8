/**
 * Generalisation report (issue 12): `npx tsx bench/screening/generalise.ts [--set report|tune] [--no-pg] [--1m [--speed-n 1000]] [--seed 42] [--misses]`
 *
 * Tuning and reporting use disjoint perturbation operators (operators.ts), disjoint halves of the listings and
 * differently seeded clean names. Recall is reported at the default threshold and at the threshold giving 1 % false
 * positives on the set's clean names (chosen per engine), persons and organisations apart, next to pg_trgm on the same
 * normalised names in the same run. `--1m` adds the speed comparison at 1 M names (MatchIndex vs pg_trgm, same queries).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import {
  fakerAR, fakerDE, fakerEN_IN, fakerEN_US, fakerES, fakerFA, fakerFR, fakerJA, fakerKO, fakerPL, fakerRU, fakerTR, fakerZH_CN,
  type Faker,
} from '@faker-js/faker';
import { loadCorpus } from './corpus.js';
import { mulberry32 } from './queries.js';
import { REPORTING, TUNING, half, scriptOf, type Op } from './operators.js';
import { synthesize } from './synth.js';
import { DEFAULT_THRESHOLD, MatchIndex } from '../../src/domains/screening/matching/index.js';
import { normalizedString } from '../../src/domains/screening/matching/normalize.js';
import type { ListedParty } from '../../src/domains/screening/model.js';
import { linkEntities } from '../../src/domains/screening/entities.js';

const argv = process.argv.slice(2);
const argOf = (n: string, d: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const SET = argOf('--set', 'report') as 'report' | 'tune';
const SEED = Number(argOf('--seed', '42'));
const PER_OP = Number(argOf('--per-op', '300'));
const CLEAN_PER = Number(argOf('--clean', '200'));
const NO_PG = argv.includes('--no-pg');
const ONE_M = argv.includes('--1m');

interface Q {
  op: string;
  name: string;
  expect?: string;
  group: 'person' | 'org';
  source?: string;
}
interface Out { q: Q; hit: number; top: number }

const CLEAN: Array<[string, Faker]> = [
  ['en_US', fakerEN_US], ['de', fakerDE], ['fr', fakerFR], ['es', fakerES], ['pl', fakerPL], ['ru', fakerRU], ['tr', fakerTR],
  ['ar', fakerAR], ['fa', fakerFA], ['en_IN', fakerEN_IN], ['zh_CN', fakerZH_CN], ['ja', fakerJA], ['ko', fakerKO],
];

function buildSet(parties: ListedParty[], r: () => number) {
  const want = SET === 'tune' ? 0 : 1;
  const mine = parties.filter((p) => half(p.id) === want);
  const ops: Record<string, { op: Op; persons?: boolean; orgs?: boolean; russian?: boolean }> = SET === 'tune' ? TUNING : REPORTING;
  const qs: Q[] = [];
  const prim = mine.flatMap((p) => {
    const n = p.names.find((x) => x.type === 'primary');
    if (!n || normalizedString(n.full).length < 4 || scriptOf(n.full)) return [];
    const m = /^([^,]+),\s*([^,]+)$/.exec(n.full.trim());
    return [[p, m ? `${m[2]} ${m[1]}` : n.full.trim()] as [ListedParty, string]];
  });
  for (const [opName, o] of Object.entries(ops)) {
    let made = 0;
    for (let k = 0; k < PER_OP * 40 && made < PER_OP; k++) {
      const [p, name] = prim[Math.floor(r() * prim.length)];
      const person = p.schema === 'Person';
      if ((o.persons && !person) || (o.orgs && person)) continue;
      if (o.russian && !(p.countries.includes('RU') || p.programmes.some((x) => /RUSSIA|UKRAINE/i.test(x)))) continue;
      const v = o.op(name, p, r);
      if (!v || normalizedString(v) === normalizedString(name)) continue;
      qs.push({ op: opName, name: v, expect: p.id, group: person ? 'person' : 'org' });
      made++;
    }
  }
  // cross-script: real original-script names of this half, removed from the index (of every party carrying them)
  const remove = new Set<string>();
  for (const p of parties)
    for (const n of p.names) {
      const sc = scriptOf(n.full);
      if (!sc) continue;
      const inner = /\(([^()]+)\)/.exec(n.full)?.[1];
      const q = inner && scriptOf(inner) ? inner : n.full;
      if (/[A-Za-z]{2}/.test(q) || !p.names.some((x) => !scriptOf(x.full))) continue;
      remove.add(normalizedString(n.full));
      remove.add(normalizedString(q));
      if (half(p.id) === want) qs.push({ op: `crossScript:${sc}`, name: q, expect: p.id, group: p.schema === 'Person' ? 'person' : 'org' });
    }
  // clean names: each locale's persons and companies, seeded apart for the two sets
  for (const [loc, f] of CLEAN) {
    f.seed(SEED * 1000 + (SET === 'tune' ? 1 : 2));
    for (let k = 0; k < CLEAN_PER; k++) qs.push({ op: 'clean', name: f.person.fullName(), group: 'person', source: loc });
    for (let k = 0; k < CLEAN_PER / 2; k++) qs.push({ op: 'clean', name: f.company.name(), group: 'org', source: loc });
  }
  return { qs, remove };
}

/** Accepted: the listing, listings sharing one of its names, and the listings the product links into one entity. */
function acceptSets(parties: ListedParty[]) {
  const { entityOf, members } = linkEntities(parties);
  const byName = new Map<string, string[]>();
  for (const p of parties) for (const n of p.names) {
    const k = normalizedString(n.full);
    if (k) (byName.get(k) ?? byName.set(k, []).get(k)!).push(p.id);
  }
  return (p: ListedParty) => {
    const s = new Set([p.id]);
    for (const n of p.names) for (const id of byName.get(normalizedString(n.full)) ?? []) s.add(id);
    for (const id of members.get(entityOf.get(p.id) ?? '') ?? []) s.add(id);
    return s;
  };
}

/** Threshold with at most 1 % of clean names at or above it (the (⌊0.01·n⌋+1)-th best clean score, plus a hair). */
function at1pct(outs: Out[]): number {
  const tops = outs.filter((o) => o.q.op === 'clean').map((o) => o.top).sort((a, b) => b - a);
  const k = Math.floor(0.01 * tops.length);
  return tops[k] + 1e-6;
}

const pct = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)}%` : '-');

function table(title: string, engines: Array<[string, Out[], number]>) {
  console.log(`\n### ${title}`);
  const head = engines.flatMap(([e, , t]) => [`${e} @1%FPR (t=${t.toFixed(3)})`, `${e} @${e === 'Clearway' ? DEFAULT_THRESHOLD : 'default'}`]);
  console.log(`| operator | group | n | ${head.join(' | ')} |`);
  console.log(`|---|---|---|${head.map(() => '---').join('|')}|`);
  const ops = [...new Set(engines[0][1].filter((o) => o.q.expect).map((o) => o.q.op))];
  const rows: Array<[string, string, (o: Out) => boolean]> = [];
  for (const op of ops) {
    rows.push([op, 'all', (o) => o.q.op === op]);
    for (const g of ['person', 'org'] as const) rows.push([op, g, (o) => o.q.op === op && o.q.group === g]);
  }
  rows.push(['**perturbations (all)**', 'all', (o) => !!o.q.expect && !o.q.op.startsWith('crossScript')]);
  rows.push(['**perturbations**', 'person', (o) => !!o.q.expect && !o.q.op.startsWith('crossScript') && o.q.group === 'person']);
  rows.push(['**perturbations**', 'org', (o) => !!o.q.expect && !o.q.op.startsWith('crossScript') && o.q.group === 'org']);
  rows.push(['**cross-script (all)**', 'all', (o) => o.q.op.startsWith('crossScript')]);
  for (const [op, g, f] of rows) {
    const n = engines[0][1].filter(f).length;
    if (!n || (g !== 'all' && n === engines[0][1].filter((o) => f(o) || (o.q.op === op)).length && false)) continue;
    const cells = engines.flatMap(([e, outs, t1]) => {
      const sel = outs.filter(f);
      const tDef = e === 'Clearway' ? DEFAULT_THRESHOLD : 0.5;
      return [pct(sel.filter((o) => o.hit >= t1).length, sel.length), pct(sel.filter((o) => o.hit >= tDef).length, sel.length)];
    });
    console.log(`| ${op} | ${g} | ${n} | ${cells.join(' | ')} |`);
  }
  console.log('\nClean-name false-positive rate per source (persons / organisations):');
  console.log(`| source | n | ${engines.flatMap(([e, , t]) => [`${e} @${e === 'Clearway' ? DEFAULT_THRESHOLD : 0.5}`, `${e} @${t.toFixed(3)}`]).join(' | ')} |`);
  console.log(`|---|---|${engines.flatMap(() => ['---', '---']).join('|')}|`);
  const srcs = [...new Set(engines[0][1].filter((o) => o.q.op === 'clean').map((o) => `${o.q.source}/${o.q.group}`))];
  for (const s of [...srcs, 'all']) {
    const f = (o: Out) => o.q.op === 'clean' && (s === 'all' || `${o.q.source}/${o.q.group}` === s);
    const cells = engines.flatMap(([e, outs, t1]) => {
      const sel = outs.filter(f);
      const tDef = e === 'Clearway' ? DEFAULT_THRESHOLD : 0.5;
      return [pct(sel.filter((o) => o.top >= tDef).length, sel.length), pct(sel.filter((o) => o.top >= t1).length, sel.length)];
    });
    console.log(`| ${s} | ${engines[0][1].filter(f).length} | ${cells.join(' | ')} |`);
  }
}

type Search = (name: string) => Promise<Array<{ partyId: string; score: number }>> | Array<{ partyId: string; score: number }>;

async function evaluate(search: Search, qs: Q[], accept: Map<string, Set<string>>): Promise<Out[]> {
  const outs: Out[] = [];
  for (const q of qs) {
    const res = await search(q.name);
    const acc = q.expect ? accept.get(q.expect) : undefined;
    let hit = -1;
    if (acc) for (const m of res) if (acc.has(m.partyId)) hit = Math.max(hit, m.score);
    outs.push({ q, hit, top: res[0]?.score ?? 0 });
  }
  return outs;
}

async function pgEngine(parties: ListedParty[], db: string) {
  const admin = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`drop database if exists ${db}`);
  await admin.query(`create database ${db}`);
  await admin.end();
  const c = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:5432/${db}` });
  await c.connect();
  await c.query('create extension if not exists pg_trgm');
  await c.query('create table names (party text not null, name text not null)');
  let buf: Array<[string, string]> = [];
  const flush = async () => {
    if (!buf.length) return;
    await c.query('insert into names select * from unnest($1::text[], $2::text[])', [buf.map((x) => x[0]), buf.map((x) => x[1])]);
    buf = [];
  };
  for (const p of parties) for (const n of p.names) {
    const s = normalizedString(n.full);
    if (s) buf.push([p.id, s]);
    if (buf.length >= 20000) await flush();
  }
  await flush();
  await c.query('create index names_trgm on names using gin (name gin_trgm_ops)');
  await c.query('analyze names');
  await c.query('set pg_trgm.similarity_threshold = 0.3');
  const pid = Number((await c.query('select pg_backend_pid() as p')).rows[0].p);
  const sql = 'select party, max(similarity(name, $1)) as s from (select party, name from names where name % $1 order by similarity(name, $1) desc limit 50) x group by party order by s desc limit 10';
  return {
    search: async (name: string) => {
      const q = normalizedString(name);
      if (!q) return [];
      const res = await c.query(sql, [q]);
      return res.rows.map((x: { party: string; s: number }) => ({ partyId: x.party, score: Number(x.s) }));
    },
    /** CPU seconds of the server process serving this connection (/proc, same machine) */
    serverCpu: () => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    },
    close: async () => {
      await c.end();
      const a = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
      await a.connect();
      await a.query(`drop database if exists ${db}`);
      await a.end();
    },
  };
}

async function timed(search: Search, names: string[]) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (const n of names) await search(n);
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  return { qps: names.length / wall, cpuQps: names.length / ((cpu.user + cpu.system) / 1e6) };
}

async function main() {
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join('/');
  console.log(`# Generalisation report — set ${SET} — ${new Date().toISOString()} — seed ${SEED}, load average ${load()}`);
  const { parties } = loadCorpus();
  const r = mulberry32(SEED + (SET === 'tune' ? 11 : 22));
  const { qs, remove } = buildSet(parties, r);
  const bench = parties.map((p) => ({ ...p, names: p.names.filter((n) => !remove.has(normalizedString(n.full))) })).filter((p) => p.names.length);
  const acc = acceptSets(parties);
  const byId = new Map(parties.map((p) => [p.id, p]));
  const accept = new Map<string, Set<string>>();
  for (const q of qs) if (q.expect && !accept.has(q.expect)) accept.set(q.expect, acc(byId.get(q.expect)!));
  const counts: Record<string, number> = {};
  for (const q of qs) counts[q.op] = (counts[q.op] ?? 0) + 1;
  console.log(`queries: ${JSON.stringify(counts)}; ${remove.size} original-script names removed from the index`);
  const ix = MatchIndex.build(bench);
  const ours = await evaluate((n) => ix.search({ name: n }, { threshold: 0, limit: 10 }), qs, accept);
  const engines: Array<[string, Out[], number]> = [['Clearway', ours, at1pct(ours)]];
  if (!NO_PG) {
    const e = await pgEngine(bench, 'clearway_bench_gen');
    try {
      const outs = await evaluate(e.search, qs, accept);
      engines.push(['pg_trgm', outs, at1pct(outs)]);
    } finally {
      await e.close();
    }
  }
  table(`${SET === 'tune' ? 'Tuning' : 'Reporting'} set (load ${load()})`, engines);
  if (argv.includes('--misses')) {
    for (const o of ours.filter((x) => (x.q.expect && x.hit < DEFAULT_THRESHOLD) || (!x.q.expect && x.top >= DEFAULT_THRESHOLD)).slice(0, 400)) {
      const top = ix.search({ name: o.q.name }, { threshold: 0, limit: 1 })[0];
      console.log(`- ${o.q.op}${o.q.source ? '/' + o.q.source : ''}: "${o.q.name}" hit ${o.hit.toFixed(3)} top "${top?.matchedName}" ${top?.score}`);
    }
  }
  if (ONE_M) await speed1M(bench, qs.map((q) => q.name));
}

async function speed1M(real: ListedParty[], names: string[]) {
  const r = mulberry32(SEED + 5);
  const n = Number(argOf('--speed-n', '1000'));
  const sample = names.filter(() => r() < n / names.length).slice(0, n);
  const synth = synthesize(real, 1_000_000 - real.reduce((s, p) => s + p.names.length, 0), SEED + 3);
  const all = real.concat(synth);
  const t = performance.now();
  const ix = MatchIndex.build(all);
  console.log(`\n### 1 M names: ${JSON.stringify(ix.size)}, MatchIndex build ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await timed((n) => ix.search({ name: n }), sample.slice(0, 200));
  const a = await timed((n) => ix.search({ name: n }), sample);
  console.log(`MatchIndex: ${a.qps.toFixed(0)} q/s wall, ${a.cpuQps.toFixed(0)} per CPU-second (${sample.length} queries, load ${os.loadavg()[0].toFixed(1)})`);
  const t2 = performance.now();
  const e = await pgEngine(all, 'clearway_bench_gen1m');
  console.log(`pg_trgm load + GIN build ${((performance.now() - t2) / 1000).toFixed(1)} s`);
  try {
    await timed(e.search, sample.slice(0, 50));
    const s0 = e.serverCpu();
    const c0 = process.cpuUsage();
    const b = await timed(e.search, sample);
    const c1 = process.cpuUsage(c0);
    const cpu = e.serverCpu() - s0 + (c1.user + c1.system) / 1e6;
    const bCpu = sample.length / cpu;
    console.log(`pg_trgm: ${b.qps.toFixed(1)} q/s wall, ${bCpu.toFixed(1)} per CPU-second (server backend + client) (load ${os.loadavg()[0].toFixed(1)})`);
    console.log(`speed ratio at 1 M names, same queries: ${(a.qps / b.qps).toFixed(1)}× wall clock, ${(a.cpuQps / bCpu).toFixed(1)}× per CPU-second`);
  } finally {
    await e.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
