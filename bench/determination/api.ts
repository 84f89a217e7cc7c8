/**
 * API latency of POST /api/determinations at a fixed request rate (autocannon), against a real server on a throwaway
 * database, every determination stored and audited.
 *   npx tsx bench/determination/api.ts [rate=500] [seconds=20] [sqlite|postgres]
 *   BENCH_AUTH=session     sign in and use the session cookie instead of a Bearer API token
 *   BENCH_BASELINE=1       measure GET /api/me instead
 *   BENCH_RAW=1            autocannon without its coordinated-omission correction (ignoreCoordinatedOmission)
 *   BENCH_PACED=1          instead of autocannon: an open-loop client sending one request every 1000/rate ms, latency
 *                          measured from each request's scheduled send time (autocannon's rate limit releases each
 *                          connection's quota for the second in a burst at the start of every second)
 *   BENCH_SQLITE_SYNC=NORMAL  SQLite only, bench process only: synchronous=NORMAL instead of the product's FULL
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
import { sql, withTx } from '../../src/platform/db/index.js';
import { newId } from '../../src/platform/ids.js';
import { createTestDatabase } from '../../test/helpers/db.js';
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';

const rate = Number(process.argv[2] ?? 500);
const duration = Number(process.argv[3] ?? 20);
const engine = process.argv[4] ?? 'sqlite';
if (engine === 'postgres') process.env.TEST_DB = 'postgres';

if (process.argv[5] === 'server') {
  const tdb = engine === 'postgres' ? await createTestDatabase() : { url: `sqlite:${join(mkdtempSync(join(tmpdir(), 'cw-bench-')), 'bench.db')}`, drop: async () => undefined };
  const server = await startServer({ port: 0, host: '127.0.0.1', databaseUrl: tdb.url, adminPassword: 'bench-password-long-enough', seedOnStart: false, runJobs: false, logLevel: 'silent' });
  const deps = server.deps;
  // BENCH_SQLITE_SYNC=NORMAL (SQLite only): lowers this throwaway database's connection to synchronous=NORMAL inside the
  // bench server process. NOT the product default: the platform opens SQLite with synchronous=FULL so an acknowledged
  // commit survives power loss; with NORMAL in WAL mode a commit survives a process crash but the last commits can be
  // lost on power loss / OS crash. Used only to measure how much of the latency is the per-commit fsync.
  let sqliteSync: string | undefined;
  if (deps.dialect === 'sqlite') {
    if (process.env.BENCH_SQLITE_SYNC) {
      if (!/^(NORMAL|FULL|EXTRA|OFF)$/i.test(process.env.BENCH_SQLITE_SYNC)) throw new Error('BENCH_SQLITE_SYNC must be NORMAL, FULL, EXTRA or OFF');
      await sql.raw(`pragma synchronous = ${process.env.BENCH_SQLITE_SYNC.toUpperCase()}`).execute(deps.db);
    }
    const r = await sql.raw<{ synchronous: number }>('pragma synchronous').execute(deps.db);
    sqliteSync = ['OFF', 'NORMAL', 'FULL', 'EXTRA'][r.rows[0]!.synchronous];
  }
  await seedPacks(deps, ['eu', 'us']);
  const ctx = ctxFor(deps, SYSTEM_ACTOR, 'bench');
  const orgId = newId();
  await deps.db.insertInto('organisations').values({ id: orgId, name: 'Bench Exporter', kind: 'exporter', country: 'DE', created_at: new Date().toISOString() }).execute();
  const u = await withTx(deps.db, (tx) => insertUser(tx, ctx, { email: 'bench@exporter.example', role: 'exporter', organisationId: orgId, password: 'bench-password-long-enough' }));
  const token = (await createApiToken(ctx, 'bench', u.id)).token;
  const addr = server.app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  
  const cpuAtReady = process.cpuUsage();
  process.stdout.write(JSON.stringify({ port, token, sqliteSync }) + '\n');
  process.on('SIGTERM', async () => {
    const stored = await deps.db.selectFrom('determinations').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    const cpu = process.cpuUsage();
    const load = process.cpuUsage(cpuAtReady);
    const n = Number(stored?.n ?? 0);
    process.stderr.write(`server: stored ${n} determinations; server process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (user ${(cpu.user / 1e6).toFixed(1)}, system ${(cpu.system / 1e6).toFixed(1)}), of which ${((load.user + load.system) / 1e6).toFixed(1)} s after start-up and seeding (warm-up + measured run${n ? `, ${((load.user + load.system) / 1e3 / n).toFixed(2)} ms per stored determination` : ''})\n`);
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
  const { port, token, sqliteSync } = await new Promise<{ port: number; token: string; sqliteSync?: string }>((resolve, reject) => {
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
const result = process.env.BENCH_PACED
  ? await paced(port, requests as { method: string; path: string; body?: string; headers: Record<string, string> }[])
  : await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: 16,
      overallRate: rate,
      duration,
      requests,
      ignoreCoordinatedOmission: Boolean(process.env.BENCH_RAW),
    });
console.log(
  JSON.stringify(
    {
      engine,
      ...(sqliteSync ? { sqliteSynchronous: sqliteSync + (sqliteSync === 'FULL' ? ' (product default)' : ' (bench only, NOT the product default)') } : {}),
      endpoint: process.env.BENCH_BASELINE ? 'GET /api/me (baseline)' : 'POST /api/determinations',
      auth: process.env.BENCH_AUTH === 'session' ? 'session cookie' : 'Bearer API token',
      loadGenerator: process.env.BENCH_PACED ? 'open-loop, evenly paced, latency from scheduled send' : `autocannon, 16 connections, overallRate${process.env.BENCH_RAW ? ', ignoreCoordinatedOmission' : ' (default coordinated-omission correction)'}`,
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

/** Open-loop, evenly paced load: request i is due at t0 + i/rate; its latency runs from that due time to the end of the response. */
async function paced(port: number, reqs: { method: string; path: string; body?: string; headers: Record<string, string> }[]) {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const total = rate * duration;
  const latencies: number[] = [];
  const lags: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const one = (r: (typeof reqs)[number], due: number) =>
    new Promise<void>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: r.method, path: r.path, headers: { ...r.headers, ...(r.body ? { 'content-length': Buffer.byteLength(r.body) } : {}) }, agent }, (res) => {
        res.resume();
        res.on('end', () => {
          if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(r.body);
    });
  const t0 = performance.now() + 50;
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    lags.push(performance.now() - due); // the client's own timer lateness, counted in the latency (conservative)
    pending.push(one(reqs[i % reqs.length]!, Math.max(due, performance.now())));
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  const pct = (p: number, a = latencies) => Math.round(a[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)]! * 10) / 10;
  console.log(`client send lag behind schedule (included in latency): p50 ${pct(50, lags)} ms, p99 ${pct(99, lags)} ms`);
  return {
    requests: { total: latencies.length, average: latencies.length / elapsed },
    non2xx,
    errors,
    latency: { p50: pct(50), p90: pct(90), p97_5: pct(97.5), p99: pct(99), max: pct(100) },
  };
}
