/**
 * Customs ingest benchmark: N declaration lines (the `clearway demo declarations` generator) with every check — licence
 * lookup, parties screened, general-licence terms and registration, HS correlation, usage locked and decremented — through
 * the batch path (validation + the job's chunked ingest, in-process), then the reconciliation reports over them.
 *
 * Run:  npx tsx bench/customs/run.ts --lines 100000                            (SQLite temp file)
 *       DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/customs/run.ts --lines 100000
 *         (a throwaway database cw_bench_customs_<random> is created on that server and dropped afterwards)
 *       npx tsx bench/customs/run.ts --lines 1000000                            (the 1 M)
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchDatabase } from '../database.js';
import { sql } from 'kysely';
import { loadConfig } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { ctxFor } from '../../src/platform/context.js';
import type { Actor } from '../../src/platform/auth/roles.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { newId } from '../../src/platform/ids.js';
import { seedScreening } from '../../src/domains/screening/lists.service.js';
import { buildDemoDeclarations } from '../../src/domains/customs/demo.js';
import { createBatch, runBatch } from '../../src/domains/customs/batch.service.js';
import { findLicencesByHolder } from '../../src/domains/customs/ports.js';
import { exporterReconciliation, licenceReconciliation } from '../../src/domains/customs/reconciliation.service.js';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : dflt;
};
const LINES = Number(arg('lines', '100000'));
const LICENCES = Number(arg('licences', '500'));
const { url, engine, dir, drop: dropPg } = await benchDatabase('customs');
let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, CLEARWAY_UPLOAD_DIR: join(dir, 'up') }));
await seedScreening(deps, ['un-sc', 'bis-dpl']);

// Licences as licensing stores them (fixture rows: issuing 500 licences through case work would dominate the run).
const now = new Date().toISOString();
const today = now.slice(0, 10);
const dests = ['CN', 'IN', 'KR', 'AE', 'SG', 'TW', 'SA', 'ZA', 'TR', 'IL', 'BR', 'MY'];
const ratings = ['5A002', '6A003', '3A001', '2B001', '1C010', '7A003', '9A004', '5A001', '6A008', '2B350'];
const orgs: string[] = [];
for (let o = 0; o < 50; o++) {
  const id = newId();
  orgs.push(id);
  await deps.db.insertInto('organisations').values({ id, name: `Bench Exporter ${o} Ltd`, kind: 'exporter', country: 'GB', created_at: now }).execute();
}
for (let i = 0; i < LICENCES; i++) {
  const appId = newId();
  const org = orgs[i % orgs.length]!;
  const dest = dests[i % dests.length]!;
  await deps.db.insertInto('lic_applications').values({
    id: appId, organisation_id: org, created_by: 'bench', reference: `GBSIEL/2026/B${String(i).padStart(6, '0')}`, status: 'finalised', outcome: 'approved', case_type: 'siel', export_type: 'permanent', temporary_return_date: null,
    destination: dest, transit: '[]', end_use: 'civil', military_end_use: 0, wmd_informed: 0, wmd_suspected: 0, humanitarian: 0, declaration_accepted: 1, ratings: `,${ratings[i % ratings.length]},`, queue: null, risk_tier: null,
    open_case: 0, row_version: 1, app_version: 1, supersedes_id: null, superseded_by_id: null, determination: null, determination_outcome: null, screening: null, sla_target_days: 20, due_date: null, clock_paused: 0,
    clock_paused_since: null, paused_working_days: 0, overdue: 0, submitted_at: now, decided_at: now, decided_by: 'bench', rationale: null, public_rationale: null, refusal_criteria: null, provisos: null, departure_reason: null, withdrawn_at: null, created_at: now, updated_at: now,
  } as never).execute();
  await deps.db.insertInto('lic_parties').values({ id: newId(), application_id: appId, role: 'consignee', sub_role: null, name: `Consignee ${dest} ${i}`, address: '1 Road', country: dest, party_type: 'entity', website: null }).execute();
  const licId = newId();
  await deps.db.insertInto('lic_licences').values({ id: licId, reference: `GBSIEL/2026/B${String(i).padStart(6, '0')}/L1`, application_id: appId, organisation_id: org, status: 'active', issued_at: now, valid_from: today, valid_to: `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`, provisos: null, on_appeal: 0, row_version: 1, created_at: now, updated_at: now }).execute();
  for (let g = 0; g < 2; g++)
    await deps.db.insertInto('lic_licence_goods').values({ id: newId(), licence_id: licId, good_id: newId(), description: `Bench good ${g}`, rating: ratings[(i + g) % ratings.length]!, quantity: 1e9, unit: 'items', value: 1e12, currency: 'GBP', used_quantity: 0, used_value: 0 }).execute();
}
const licences = await findLicencesByHolder(deps.db, { limit: 100_000 });
const decls = buildDemoDeclarations(licences, { count: LINES, seed: 7, date: today });
// One upload is at most 400 MB (BATCH_BODY_LIMIT) and the demo declarations are ~580 bytes a line, so a million lines
// go in as several batches of at most PART lines, run one after the other in this one process.
const PART = Number(arg('part', '250000'));
const texts: string[] = [];
for (let i = 0; i < decls.length; i += PART) texts.push(decls.slice(i, i + PART).map((d) => JSON.stringify(d)).join('\n') + '\n');
const textBytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
decls.length = 0;

/** CPU (user + system, ms) of the PostgreSQL backends serving this database: the server's share of the work. Null on SQLite. */
async function pgBackendCpuMs(): Promise<number | null> {
  if (engine !== 'postgres') return null;
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database()`.execute(deps.db);
  const tick = 100; // USER_HZ on Linux
  let ms = 0;
  for (const r of rows) {
    try {
      const f = readFileSync(`/proc/${r.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ms += ((Number(f[11]) + Number(f[12])) * 1000) / tick;
    } catch {
      // backend gone or not readable
    }
  }
  return ms;
}

const actor: Actor = { ...SYSTEM_ACTOR, userId: 'bench-customs', role: 'customs_officer', email: 'bench@customs.example', organisationId: 'authority', via: 'token' };
const ctx = ctxFor(deps, actor, 'bench');
const t1 = Date.now();
const batchIds: string[] = [];
for (let i = 0; i < texts.length; i++) {
  batchIds.push((await createBatch(ctx, { format: 'ndjson', text: texts[i]! }, { enqueue: false })).batch.id);
  texts[i] = '';
}
const tValidate = Date.now() - t1;
(globalThis as { gc?: () => void }).gc?.();
const peakBeforeIngest = peakRss;
peakRss = 0;
const t2 = Date.now();
const cpu0 = process.cpuUsage();
const pg0 = await pgBackendCpuMs();
const res = { lines: 0, released: 0, held: 0, rejected: 0 };
for (const id of batchIds) {
  const r = await runBatch(ctxFor(deps, SYSTEM_ACTOR, 'bench'), id);
  for (const k of ['lines', 'released', 'held', 'rejected'] as const) res[k] += r[k];
}
const ingestPeakRss = peakRss;
const tIngest = Date.now() - t2;
const cpuIngest = process.cpuUsage(cpu0);
const pgIngestCpuMs = pg0 === null ? null : (await pgBackendCpuMs())! - pg0;

const busiest = await deps.db.selectFrom('customs_lines').select('organisation_id').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', 'is not', null).groupBy('organisation_id').orderBy('n', 'desc').limit(1).executeTakeFirstOrThrow();
const busiestLic = await deps.db.selectFrom('customs_lines').select('licence_id').select((eb) => eb.fn.countAll<number>().as('n')).where('licence_id', 'is not', null).groupBy('licence_id').orderBy('n', 'desc').limit(1).executeTakeFirstOrThrow();
const reader = ctxFor(deps, { ...actor, role: 'oversight' }, 'bench');
const t3 = Date.now();
await exporterReconciliation(reader, busiest.organisation_id!, 'json');
const tRecExp = Date.now() - t3;
const t4 = Date.now();
await exporterReconciliation(reader, busiest.organisation_id!, 'csv');
const tRecCsv = Date.now() - t4;
const t5 = Date.now();
await licenceReconciliation(reader, busiestLic.licence_id!, 'json');
const tRecLic = Date.now() - t5;
clearInterval(sampler);
const reasonCounts: Record<string, number> = {};
for (const r of await deps.db.selectFrom('customs_lines').select('reasons').where('status', '!=', 'released').execute())
  for (const x of JSON.parse(r.reasons) as { code: string }[]) reasonCounts[x.code] = (reasonCounts[x.code] ?? 0) + 1;
const ru = process.resourceUsage();
console.log(
  JSON.stringify(
    {
      engine, lines: res.lines, licences: LICENCES, released: res.released, held: res.held, rejected: res.rejected,
      inputMB: Math.round(textBytes / 1048576), validateMs: tValidate, ingestMs: tIngest,
      ingestCpuMs: Math.round((cpuIngest.user + cpuIngest.system) / 1000), pgBackendCpuMs: pgIngestCpuMs,
      linesPerCpuSec: Math.round(res.lines / (((cpuIngest.user + cpuIngest.system) / 1000 + (pgIngestCpuMs ?? 0)) / 1000)), ingestLinesPerSec: Math.round(res.lines / (tIngest / 1000)), endToEndLinesPerSec: Math.round(res.lines / ((tValidate + tIngest) / 1000)),
      reasons: reasonCounts,
      batches: batchIds.length,
      peakRssMB: Math.round(Math.max(peakRss, peakBeforeIngest, ru.maxRSS * 1024) / 1048576),
      ingestPeakRssMB: Math.round(ingestPeakRss / 1048576),
      reconciliation: { exporterJsonMs: tRecExp, exporterCsvMs: tRecCsv, exporterLines: Number(busiest.n), licenceJsonMs: tRecLic, licenceLines: Number(busiestLic.n) },
      loadavg: (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' '),
    },
    null,
    1,
  ),
);
await database.destroy();
await dropPg?.();
rmSync(dir, { recursive: true, force: true });
