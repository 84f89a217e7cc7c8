/**
 * Licensing throughput at scale: application submissions per second (POST /api/applications/{id}/submit, with real
 * screening and real UK determination) and the officer queue's p95 latency (GET /api/cases?queue=…), with CASES
 * existing cases in the database, over real HTTP with autocannon.
 *
 * Run:  npx tsx bench/cases/run.ts                                   (SQLite temp file, 100 000 cases)
 *       DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty db> npx tsx bench/cases/run.ts
 *       CASES=20000 DURATION=10 CONNECTIONS=10 npx tsx bench/cases/run.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { loadConfig } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { buildApp } from '../../src/server/app.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { sql, withTx } from '../../src/platform/db/index.js';
import { newId } from '../../src/platform/ids.js';
import { insertUser, createApiToken } from '../../src/domains/identity/identity.service.js';
import { seedPacks } from '../../src/domains/determination/determination.service.js';
import { seedScreening } from '../../src/domains/screening/lists.service.js';
import { addWorkingDays } from '../../src/domains/licensing/clock.js';
import type { LicApplicationsTable } from '../../src/domains/licensing/licensing.tables.js';

const CASES = Number(process.env.CASES ?? 100_000);
const DURATION = Number(process.env.DURATION ?? 15);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-cases-'));
const url = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
const engine = url.startsWith('sqlite') ? 'sqlite' : 'postgres';
const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, CLEARWAY_UPLOAD_DIR: join(dir, 'up') }));
const t0 = Date.now();
await seedPacks(deps, ['uk']);
await seedScreening(deps, ['un-sc']);
console.log(`${engine}: UK policy pack and UN list loaded in ${Date.now() - t0} ms`);

const ctx = ctxFor(deps, SYSTEM_ACTOR, 'bench');
const now = new Date().toISOString();
const orgIds: string[] = [];
for (let i = 0; i < 50; i++) {
  const id = newId();
  await deps.db.insertInto('organisations').values({ id, name: `Bench Exporter ${i}`, kind: 'exporter', country: 'GB', created_at: now }).execute();
  orgIds.push(id);
}
const authority = newId();
await deps.db.insertInto('organisations').values({ id: authority, name: 'Bench Authority', kind: 'authority', country: 'GB', created_at: now }).execute();
const mk = async (role: 'licensing_officer' | 'exporter', org: string) => {
  const u = await withTx(deps.db, (tx) => insertUser(tx, ctx, { email: `${role}.${newId().slice(0, 8)}@bench.example`, role, organisationId: org, password: 'bench-password-long' }));
  return { id: u.id, token: (await createApiToken(ctx, 'bench', u.id)).token };
};
const officer = await mk('licensing_officer', authority);
const exporter = await mk('exporter', orgIds[0]);

// Real UK ratings and destinations in rough proportion to the published statistics (military, dual-use, unrated).
const RATINGS = ['ML10', 'ML5', 'ML11', 'ML13', 'ML1', 'ML4', 'ML22', '5A002', '5D002', '3A001', '6A003', '9A004', '1C010', '0B001', null];
const DESTS = ['US', 'AU', 'CA', 'JP', 'IN', 'SA', 'AE', 'TR', 'CN', 'KR', 'BR', 'ZA', 'SG', 'IL', 'NZ', 'NO', 'CH', 'QA', 'EG', 'MX'];
const OPEN = ['initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'];
const OUTCOMES = ['approved', 'approved', 'approved', 'approved_with_provisos', 'refused', 'no_licence_required'];
const holidays = new Set((await deps.db.selectFrom('lic_holidays').select('date').execute()).map((h) => h.date));
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];

function appRow(i: number, status: string, org: string): LicApplicationsTable {
  const rating = pick(RATINGS);
  const submitted = new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 690) * 86_400_000).toISOString();
  const finalised = status === 'finalised';
  const outcome = finalised ? pick(OUTCOMES) : null;
  const queue = status === 'draft' ? null : rating?.startsWith('ML') ? 'military' : rating?.startsWith('0') ? 'nuclear' : rnd() < 0.05 ? 'sanctions-review' : 'general';
  return {
    id: newId(), organisation_id: org, created_by: exporter.id, reference: status === 'draft' ? null : `GBSIEL/BENCH/${String(i).padStart(7, '0')}`,
    status, outcome, case_type: 'standard', export_type: 'permanent', temporary_return_date: null, destination: pick(DESTS), transit: '[]',
    end_use: 'Integration into systems for the stated end user', military_end_use: rating?.startsWith('ML') ? 1 : 0, wmd_informed: 0, wmd_suspected: 0,
    humanitarian: rnd() < 0.02 ? 1 : 0, declaration_accepted: 1, ratings: rating ? `,${rating},` : '', queue, risk_tier: rating?.startsWith('ML') ? 'medium' : 'low', open_case: OPEN.includes(status) ? 1 : 0,
    row_version: 1, app_version: 1, supersedes_id: null, superseded_by_id: null, determination: null, determination_outcome: null, screening: null,
    sla_target_days: status === 'draft' ? null : 20, due_date: status === 'draft' ? null : addWorkingDays(submitted.slice(0, 10), 20, holidays),
    clock_paused: 0, clock_paused_since: null, paused_working_days: 0, overdue: 0, submitted_at: status === 'draft' ? null : submitted,
    decided_at: finalised ? submitted : null, decided_by: finalised ? officer.id : null, rationale: finalised ? 'bench' : null, public_rationale: finalised ? 'bench' : null,
    refusal_criteria: outcome === 'refused' ? pick(['1', '2', '7', '1,7', '2,7']) : null, provisos: null, departure_reason: null, withdrawn_at: null,
    created_at: submitted, updated_at: submitted,
  };
}

async function insertCases(n: number, statusOf: (i: number) => string, orgOf: (i: number) => string) {
  const ids: string[] = [];
  for (let done = 0; done < n; ) {
    const batch = Math.min(400, n - done);
    await withTx(deps.db, async (tx) => {
      const apps = [], goods = [], parties = [];
      for (let k = 0; k < batch; k++) {
        const a = appRow(done + k, statusOf(done + k), orgOf(done + k));
        apps.push(a);
        ids.push(a.id);
        const rating = a.ratings.split(',').filter(Boolean)[0] ?? null;
        goods.push({ id: newId(), application_id: a.id, product_id: null, position: 1, description: rating ? `Goods rated ${rating}` : 'Unrated industrial valve', rating, quantity: 1 + Math.floor(rnd() * 100), unit: 'items', value: Math.floor(rnd() * 1e6), currency: 'GBP' });
        parties.push({ id: newId(), application_id: a.id, role: 'consignee', sub_role: null, name: `Consignee ${done + k}`, address: '1 Port Road', country: a.destination!, party_type: 'entity', website: null });
        parties.push({ id: newId(), application_id: a.id, role: 'end_user', sub_role: null, name: `End User ${(done + k) % 5000}`, address: '2 Base Road', country: a.destination!, party_type: 'entity', website: null });
      }
      await tx.insertInto('lic_applications').values(apps).execute();
      await tx.insertInto('lic_goods').values(goods).execute();
      await tx.insertInto('lic_parties').values(parties).execute();
    });
    done += batch;
  }
  return ids;
}

const t1 = Date.now();
await insertCases(CASES, () => (rnd() < 0.3 ? pick(OPEN) : 'finalised'), () => pick(orgIds));
const drafts = await insertCases(20_000, () => 'draft', () => orgIds[0]);
// Fresh planner statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would have after a bulk load.
await sql`analyze`.execute(deps.db);
console.log(`${engine}: inserted ${CASES} cases (+${drafts.length} drafts to submit) in ${Date.now() - t1} ms`);

const app = await buildApp(deps, { webDir: '/nonexistent' });
await app.listen({ port: 0, host: '127.0.0.1' });
const port = (app.server.address() as { port: number }).port;

function pctl(sorted: number[], p: number) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function run(name: string, opts: Record<string, unknown>) {
  const lat: number[] = [];
  const codes: Record<string, number> = {};
  const inst = autocannon({ url: `http://127.0.0.1:${port}`, connections: CONNECTIONS, duration: DURATION, ...opts });
  inst.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
    lat.push(ms);
    codes[status] = (codes[status] ?? 0) + 1;
  });
  const r = await inst;
  lat.sort((a, b) => a - b);
  const ok = codes['200'] ?? 0;
  const line = { name, engine, cases: CASES, connections: CONNECTIONS, seconds: DURATION, ok, perSecond: Math.round((ok / r.duration) * 10) / 10, p50: pctl(lat, 50), p95: pctl(lat, 95), p99: pctl(lat, 99), codes };
  console.log(JSON.stringify(line));
  return line;
}

// 1. Officer queue (the default view: open cases of one queue, most urgent first, 50 per page).
await run('officer-queue GET /api/cases?queue=military', { headers: { authorization: `Bearer ${officer.token}` }, requests: [{ method: 'GET', path: '/api/cases?queue=military&limit=50' }] });
await run('officer-queue GET /api/cases?queue=general&status=under_review', { headers: { authorization: `Bearer ${officer.token}` }, requests: [{ method: 'GET', path: '/api/cases?queue=general&status=under_review&limit=50' }] });

// 2. Submissions: each request submits the next pre-created draft (screening + determination + routing + clock).
let next = 0;
await run('submit POST /api/applications/{id}/submit', {
  headers: { authorization: `Bearer ${exporter.token}`, 'content-type': 'application/json' },
  requests: [
    {
      method: 'POST',
      setupRequest: (req: Record<string, unknown>) => ({ ...req, path: `/api/applications/${drafts[next++ % drafts.length]}/submit`, body: '{}' }),
    },
  ],
});

await app.close();
await database.destroy();
rmSync(dir, { recursive: true, force: true });
