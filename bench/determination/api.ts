/**
 * API latency of POST /api/determinations at a fixed request rate (autocannon), against a real server on a throwaway
 * database, every determination stored and audited.
 *   npx tsx bench/determination/api.ts [rate=500] [seconds=20] [sqlite|postgres]
 * Goal: p99 under 10 ms at 500 requests/s.
 */
import autocannon from 'autocannon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/runtime.js';
import { seedPacks } from '../../src/domains/determination/determination.service.js';
import { createApiToken, insertUser } from '../../src/domains/identity/identity.service.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { withTx } from '../../src/platform/db/index.js';
import { newId } from '../../src/platform/ids.js';
import { createTestDatabase } from '../../test/helpers/db.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const rate = Number(process.argv[2] ?? 500);
const duration = Number(process.argv[3] ?? 20);
const engine = process.argv[4] ?? 'sqlite';
if (engine === 'postgres') process.env.TEST_DB = 'postgres';

if (process.argv[5] === 'server') {
  const tdb = engine === 'postgres' ? await createTestDatabase() : { url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'cw-bench-')), 'bench.db')}`, drop: async () => undefined };
  const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: tdb.url, adminPassword: 'bench-password-long-enough', seedOnStart: false, runJobs: false, logLevel: 'silent' });
  const deps = server.deps;
  await seedPacks(deps, ['eu', 'us']);
  const ctx = ctxFor(deps, SYSTEM_ACTOR, 'bench');
  const orgId = newId();
  await deps.db.insertInto('organisations').values({ id: orgId, name: 'Bench Exporter', kind: 'exporter', country: 'DE', created_at: new Date().toISOString() }).execute();
  const u = await withTx(deps.db, (tx) => insertUser(tx, ctx, { email: 'bench@exporter.example', role: 'exporter', organisationId: orgId, password: 'bench-password-long-enough' }));
  const token = (await createApiToken(ctx, 'bench', u.id)).token;
  const addr = server.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  
  process.stdout.write(JSON.stringify({ port, token }) + '\n');
  process.on('SIGTERM', async () => {
    const stored = await deps.db.selectFrom('determinations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const cpu = process.cpuUsage();
    process.stderr.write(`server: stored ${Number(stored?.n ?? 0)} determinations; server process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)})\n`);
    await server.close();
    await tdb.drop();
    process.exit(0);
  });
} else {
  await client();
}

async function client() {
  // The server runs in its own process so the load generator does not share its event loop.
  // BENCH_AUTH=session signs in once and sends the session cookie (no per-request write); default: Bearer API token,
  // whose every use the platform records (api_tokens.last_used_at, one committed write per request).
  const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(rate), String(duration), engine, 'server'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const { port, token } = await new Promise<{ port: number; token: string }>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d) => {
      buf += d;
      const line = buf.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line));
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
const bodies = [
  { policy: 'eu', exporter: { establishedIn: 'DE' }, destination: 'JP', endUse: 'civil', items: [{ code: '1A002', value: 1000 }] },
  { policy: 'eu', exporter: { establishedIn: 'FR' }, destination: 'CN', endUse: 'repair_return', items: [{ code: '2B001', value: 50000 }, { description: 'spare parts' }] },
  { policy: 'eu', destination: 'RU', endUse: 'humanitarian', items: [{ code: '1A002', value: 700 }] },
  { policy: 'us', destination: 'BR', endUse: 'civil', items: [{ code: '3C005', value: 9000 }] },
  { policy: 'us', destination: 'CN', endUse: 'civil', items: [{ code: '3A001.b.2', value: 12000 }] },
  { policy: 'eu', destination: 'IN', endUse: 'civil', exporter: { aware: ['wmd'] }, items: [{ description: 'pumps' }] },
].map((b) => JSON.stringify(b));

let auth: Record<string, string> = { authorization: `Bearer ${token}` };
if (process.env.BENCH_AUTH === 'session') {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'bench@exporter.example', password: 'bench-password-long-enough' }) });
  const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  auth = { cookie: cookies.join('; '), 'x-csrf-token': csrfToken };
}
// Warm-up (JIT, caches).
await autocannon({ url: `http://127.0.0.1:${port}`, connections: 4, duration: 3, requests: bodies.map((body) => ({ method: 'POST', path: '/api/determinations', body, headers: { 'content-type': 'application/json', ...auth } })) });
// BENCH_BASELINE=1 measures GET /api/me with the same token: the platform's per-request cost (auth, token last-used write).
const requests = process.env.BENCH_BASELINE
  ? [{ method: 'GET', path: '/api/me', headers: auth }]
  : bodies.map((body) => ({ method: 'POST', path: '/api/determinations', body, headers: { 'content-type': 'application/json', ...auth } }));
const result = await autocannon({
  url: `http://127.0.0.1:${port}`,
  connections: 16,
  overallRate: rate,
  duration,
  requests,
});
console.log(
  JSON.stringify(
    {
      engine,
      endpoint: process.env.BENCH_BASELINE ? 'GET /api/me (baseline)' : 'POST /api/determinations',
      auth: process.env.BENCH_AUTH === 'session' ? 'session cookie' : 'Bearer API token',
      targetRate: rate,
      durationS: duration,
      requests: result.requests.total,
      achievedRate: Math.round(result.requests.average),
      non2xx: result.non2xx,
      errors: result.errors,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p97_5: result.latency.p97_5, p99: result.latency.p99, max: result.latency.max },
    },
    null,
    2,
  ),
);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
  process.exit(0);
}
