/**
 * Risk benchmark: a generated declaration stream (the `clearway demo declarations` builder over synthetic licences,
 * spread over a year) with known-bad patterns injected (inject.ts), stored as customs stores it, then a full scan, a
 * day's incremental scan, and per kind the recall at an alert budget of 1 % of declarations and the precision of the
 * top 500 alerts.
 *
 * Run:  npx tsx bench/risk/run.ts --count 100000                         (SQLite temp file)
 *       DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/risk/run.ts --count 100000
 *         (a throwaway database cw_bench_risk_<random> is created there and dropped afterwards)
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDatabase } from '../database.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { buildDemoDeclarations } from '../../src/domains/customs/demo.js';
import { scanNow } from '../../src/domains/risk/scan.service.js';
import { inject, KINDS } from './inject.js';
import { insertDeclarations, syntheticLicences } from './store.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const COUNT = Number(arg('count', '100000'));
const PER_KIND = Number(arg('per-kind', String(Math.max(10, Math.round(COUNT * 0.0005)))));
const { url, engine, dir, drop: dropPg } = await benchDatabase('risk');
const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, CLEARWAY_UPLOAD_DIR: join(dir, 'up') }));
const ctx = ctxFor(deps, SYSTEM_ACTOR, 'bench:risk');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

try {
  const dates = Array.from({ length: 365 }, (_, d) => new Date(Date.UTC(2025, 0, 1 + d)).toISOString().slice(0, 10));
  let t0 = Date.now();
  const decls = buildDemoDeclarations(syntheticLicences(400), { count: COUNT, seed: 2025, date: dates[0]! });
  decls.forEach((d, i) => (d.date = dates[Math.floor((i * dates.length) / COUNT)]!));
  const truth = inject(decls, { perKind: PER_KIND, seed: 7, dates });
  const genS = (Date.now() - t0) / 1000;
  t0 = Date.now();
  await insertDeclarations(deps.db, decls, { createdAt: '2026-01-01T00:00:00.000Z', screeningHit: truth.screeningHit });
  const insertS = (Date.now() - t0) / 1000;
  console.error(`generated ${COUNT} in ${genS}s, stored in ${insertS}s`);

  let c0 = cpu();
  t0 = Date.now();
  const full = await scanNow(ctx, { full: true });
  const fullS = (Date.now() - t0) / 1000;
  const fullCpu = cpu() - c0;
  console.error(`full scan ${fullS}s`, JSON.stringify(full));

  // A day's worth of new declarations (count/365), ingested after the full scan.
  const day = buildDemoDeclarations(syntheticLicences(400), { count: Math.round(COUNT / 365), seed: 2026, date: '2026-01-02' });
  day.forEach((d) => (d.reference = `DAY-${d.reference}`));
  await insertDeclarations(deps.db, day, { createdAt: '2026-01-02T12:00:00.000Z', screeningHit: new Map() });
  c0 = cpu();
  t0 = Date.now();
  const inc = await scanNow(ctx, {});
  const incS = (Date.now() - t0) / 1000;
  const incCpu = cpu() - c0;
  console.error(`incremental scan ${incS}s`, JSON.stringify(inc));

  const budget = Math.round(COUNT / 100);
  const ranked = await deps.db.selectFrom('risk_alerts').select(['subject_ref', 'explanation', 'score']).where('subject_type', '=', 'declaration').orderBy('score', 'desc').orderBy('subject_date', 'desc').orderBy('id').limit(Math.max(budget, 500)).execute();
  const perKind: Record<string, { injected: number; recalled: number; recall: number; detectedAnyRank: number }> = {};
  for (const k of KINDS) perKind[k] = { injected: 0, recalled: 0, recall: 0, detectedAnyRank: 0 };
  for (const a of await deps.db.selectFrom('risk_alerts').select(['subject_ref', 'explanation']).where('subject_type', '=', 'declaration').execute()) {
    const k = truth.kinds.get(a.subject_ref);
    if (k && (JSON.parse(a.explanation) as { signal: string }[]).some((e) => e.signal === k)) perKind[k]!.detectedAnyRank++;
  }
  for (const k of truth.kinds.values()) perKind[k]!.injected++;
  for (const a of ranked.slice(0, budget)) {
    const k = truth.kinds.get(a.subject_ref);
    if (k && (JSON.parse(a.explanation) as { signal: string }[]).some((e) => e.signal === k)) perKind[k]!.recalled++;
  }
  for (const k of KINDS) perKind[k]!.recall = Math.round((1000 * perKind[k]!.recalled) / Math.max(1, perKind[k]!.injected)) / 1000;
  const top = ranked.slice(0, 500);
  const injectedTop = top.filter((a) => truth.kinds.has(a.subject_ref)).length;
  const listedTop = top.filter((a) => truth.listed.has(a.subject_ref)).length;
  const byKind = await deps.db.selectFrom('risk_alerts').select((eb) => ['subject_type', 'kind', eb.fn.countAll<number>().as('n')]).groupBy(['subject_type', 'kind']).execute();
  const combos: Record<string, number> = {};
  for (const a of top.filter((x) => !truth.kinds.has(x.subject_ref))) {
    const c = `${a.score}:${(JSON.parse(a.explanation) as { signal: string }[]).map((e) => e.signal).join('+')}`;
    combos[c] = (combos[c] ?? 0) + 1;
  }
  const result = {
    engine,
    count: COUNT,
    perKind: PER_KIND,
    alertBudget: budget,
    declarationAlerts: full.alerts,
    alertsByKind: Object.fromEntries(byKind.map((r) => [`${r.subject_type}:${r.kind}`, Number(r.n)])),
    recallAtBudget: perKind,
    precisionTop500: Math.round((1000 * injectedTop) / top.length) / 1000,
    top500: { injected: injectedTop, listedPartiesOwnDeclarations: listedTop, other: top.length - injectedTop - listedTop },
    seconds: { generate: genS, store: insertS, fullScan: fullS, fullScanCpu: Math.round(fullCpu * 10) / 10, incremental: incS, incrementalCpu: Math.round(incCpu * 100) / 100, incrementalDeclarations: inc.scanned },
    phaseSeconds: { full: full.phaseSeconds, incremental: inc.phaseSeconds },
    notEvaluated: full.notEvaluated,
    top500NotInjected: Object.fromEntries(Object.entries(combos).sort((a, b) => b[1] - a[1]).slice(0, 12)),
  };
  console.log(JSON.stringify(result, null, 2));
  writeFileSync(join(import.meta.dirname, `result-${engine}-${COUNT}.json`), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await database.destroy();
  await dropPg?.();
  rmSync(dir, { recursive: true, force: true });
}
