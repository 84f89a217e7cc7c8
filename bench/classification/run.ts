/**
 * p50/p95 latency of precedent search (GET /api/classification/precedents) and published rulings
 * (GET /api/public/rulings) as the number of precedents grows.
 * Run: npx tsx bench/classification/run.ts                 (SQLite temp file; sizes 1000,5000,20000)
 *      SIZES=1000,5000 DATABASE_URL=postgres://postgres@127.0.0.1:5432/<empty db> npx tsx bench/classification/run.ts
 * Precedent products are built from the real EU Annex I entries (title → product name, text → description), with
 * technical parameters drawn deterministically; requests go through the real HTTP routes via app.inject.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/platform/config.js';
import { openDeps } from '../../src/server/runtime.js';
import { buildApp } from '../../src/server/app.js';
import { seedControls } from '../../src/domains/controls/controls.import.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { withTx } from '../../src/platform/db/index.js';
import { newId } from '../../src/platform/ids.js';
import { insertUser, createApiToken } from '../../src/domains/identity/identity.service.js';
import { parameterKey, parseQuantity } from '../../src/domains/classification/classification.similarity.js';

const dir = mkdtempSync(join(tmpdir(), 'cw-bench-cls-'));
const url = process.env.DATABASE_URL ?? `sqlite:${join(dir, 'bench.db')}`;
const sizes = (process.env.SIZES ?? '1000,5000,20000').split(',').map(Number);
const { deps, database } = await openDeps(loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: url, CLEARWAY_UPLOAD_DIR: join(dir, 'up') }));
await seedControls(deps, ['eu']);
const app = await buildApp(deps, { webDir: '/nonexistent' });
await app.ready();

const ctx = ctxFor(deps, SYSTEM_ACTOR, 'bench');
const now = new Date().toISOString();
const orgIds: string[] = [];
for (let i = 0; i < 20; i++) {
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

const entries = await deps.db.selectFrom('control_entries').select(['code', 'title', 'text']).where('list_id', '=', 'eu').execute();
console.log(`${entries.length} EU entries as product texts (${url.startsWith('sqlite') ? 'sqlite' : 'postgres'})`);
const PARAMS: [string, string, number, number][] = [
  ['Frequency', 'GHz', 0.1, 100], ['Output power', 'W', 0.01, 1000], ['Wavelength', 'nm', 200, 12000], ['Accuracy', 'µm', 0.1, 50], ['Speed', 'rpm', 1000, 90000],
  ['Pressure', 'MPa', 0.1, 500], ['Key length', 'bit', 56, 4096], ['Sample rate', 'MHz', 1, 6000], ['Mass', 'kg', 0.1, 5000], ['Temperature', '°C', -200, 1500],
];
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

let made = 0;
async function grow(to: number) {
  while (made < to) {
    const batch = Math.min(500, to - made);
    await withTx(deps.db, async (tx) => {
      const reqs = [], params = [], rulings = [];
      for (let i = 0; i < batch; i++) {
        const e = entries[(made + i) % entries.length];
        const id = newId();
        reqs.push({
          id, reference: `CR-2026-${String(made + i + 1).padStart(6, '0')}`, organisation_id: orgIds[(made + i) % orgIds.length], created_by: exporter.id,
          product_name: e.title.slice(0, 120) || e.code, description: e.text.slice(0, 600) || e.title, manufacturer: `Maker ${(made + i) % 97}`, part_number: `P-${made + i}`,
          publish_part_number: (made + i) % 2, publish_description: 0, status: 'ruled', datasheet_file_id: null, submitted_at: now, updated_at: now,
        });
        for (let k = 0; k < 3; k++) {
          const [name, unit, lo, hi] = PARAMS[Math.floor(rnd() * PARAMS.length)];
          const value = (lo + rnd() * (hi - lo)).toPrecision(3);
          const q = parseQuantity(value, unit);
          params.push({ id: newId(), request_id: id, position: k, name, name_key: parameterKey(name), value, value_num: q.num, unit, base_unit: q.baseUnit });
        }
        rulings.push({ id: newId(), request_id: id, list: 'eu', code: e.code, title: e.title, not_listed: 0, rationale: `Meets ${e.code}.`, ruled_by: officer.id, ruled_at: now });
      }
      await tx.insertInto('classification_requests').values(reqs).execute();
      await tx.insertInto('classification_parameters').values(params).execute();
      await tx.insertInto('classification_rulings').values(rulings).execute();
    });
    made += batch;
  }
}

const queries = [
  'q=gas%20centrifuge%20rotor', 'q=encrypted%20radio%20transceiver', 'q=infrared%20camera%20focal%20plane', 'q=machine%20tool%20positioning%20accuracy',
  'param=frequency:5.8:GHz', 'param=output%20power:100:W&param=wavelength:1064:nm', 'q=laser&param=wavelength:1064:nm', 'q=valves%20pumps&param=pressure:10:MPa',
];
async function measure(label: string, urls: string[], token: string | null, rounds: number) {
  const headers = token ? { authorization: `Bearer ${token}` } : {};
  for (const u of urls) await app.inject({ method: 'GET', url: u, headers });
  const times: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const u of urls) {
      const s = process.hrtime.bigint();
      const res = await app.inject({ method: 'GET', url: u, headers });
      times.push(Number(process.hrtime.bigint() - s) / 1e6);
      if (res.statusCode !== 200) throw new Error(`${u} → ${res.statusCode} ${res.body}`);
    }
  times.sort((a, b) => a - b);
  const p = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
  console.log(`  ${label.padEnd(30)} n=${times.length}  p50=${p(0.5)} ms  p95=${p(0.95)} ms  max=${times[times.length - 1].toFixed(1)} ms`);
}

for (const n of sizes) {
  const t0 = Date.now();
  await grow(n);
  console.log(`${n} precedents (${n * 3} parameters), inserted in ${Date.now() - t0} ms`);
  const rounds = n >= 10000 ? 3 : 6;
  const c0 = process.hrtime.bigint();
  await app.inject({ method: 'GET', url: '/api/classification/precedents?q=radio', headers: { authorization: `Bearer ${officer.token}` } });
  console.log(`  first search after the rulings were added (loads them, rebuilds the index): ${(Number(process.hrtime.bigint() - c0) / 1e6).toFixed(0)} ms`);
  await measure('precedents (officer)', queries.map((q) => `/api/classification/precedents?${q}&limit=10`), officer.token, rounds);
  await measure('precedents (exporter, redacted)', queries.map((q) => `/api/classification/precedents?${q}&limit=10`), exporter.token, rounds);
  await measure('public rulings (q)', ['/api/public/rulings?q=centrifuge', '/api/public/rulings?q=encryption'], null, rounds * 2);
  await measure('public rulings (code, page)', ['/api/public/rulings?code=5A002', '/api/public/rulings?limit=20&offset=100'], null, rounds * 2);
}
await app.close();
await database.destroy();
rmSync(dir, { recursive: true, force: true });
