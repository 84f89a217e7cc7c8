/**
 * Two Clearway servers on loopback (separate databases). B queues a backlog of N denial notifications for A while A is
 * down; A starts; we time how long the job runner takes to drain the backlog into A (signed, verified, applied in
 * order, each once) and report messages/s.
 *
 *   node --import tsx bench/exchange/run.ts [N=10000]            (SQLite)
 *   TEST_DB=postgres node --import tsx bench/exchange/run.ts 10000 (PostgreSQL)
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type Server } from '../../src/server/runtime.js';
import { createTestDatabase } from '../../test/helpers/db.js';
import { ctxFor } from '../../src/platform/context.js';
import { SYSTEM_ACTOR } from '../../src/platform/auth/roles.js';
import { withTx } from '../../src/platform/db/index.js';
import { addPeer, ownKey } from '../../src/domains/exchange/peers.service.js';
import { queueMessage } from '../../src/domains/exchange/outbox.js';

const N = Number(process.argv[2] ?? 10_000);
const freePort = () => new Promise<number>((r) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = (s.address() as { port: number }).port; s.close(() => r(p)); }); });

async function boot(name: string, port: number, url: string, dir: string): Promise<Server> {
  return startServer({ port, host: '127.0.0.1', databaseUrl: url, logLevel: 'silent', seedOnStart: false, runJobs: true, authorityName: name, adminPassword: 'correct-horse-battery-staple', exchangeKeyFile: join(dir, 'ex.pem'), auditKeyFile: join(dir, 'audit.pem'), auditCheckpointFile: join(dir, 'cp.jsonl'), exchangeRetryBaseMs: 100 });
}

const [pa, pb] = [await freePort(), await freePort()];
const [dbA, dbB] = [await createTestDatabase(), await createTestDatabase()];
const [dirA, dirB] = [mkdtempSync(join(tmpdir(), 'bx-a-')), mkdtempSync(join(tmpdir(), 'bx-b-'))];
let A = await boot('Authority A', pa, dbA.url, dirA);
const B = await boot('Authority B', pb, dbB.url, dirB);
const sys = (s: Server) => ctxFor(s.deps, SYSTEM_ACTOR, 'bench');
await addPeer(sys(A), { name: 'Authority B', url: `http://127.0.0.1:${pb}`, publicKey: ownKey(sys(B)).publicKey });
const peerA = await addPeer(sys(B), { name: 'Authority A', url: `http://127.0.0.1:${pa}`, publicKey: ownKey(sys(A)).publicKey });
await A.close();

let t = performance.now();
await withTx(B.deps.db, async (tx) => {
  for (let i = 1; i <= N; i++) await queueMessage(tx, sys(B), peerA.id, 'denial.notify', { reference: `BENCH-${i}`, name: `Bench Party ${i}`, country: 'AU', controlEntry: '3A001', destination: 'AU', reasonCategory: 'Criterion 7' });
});
const queueMs = performance.now() - t;

A = await boot('Authority A', pa, dbA.url, dirA);
await B.runner?.stop();
B.runner?.start(); // wake the runner now rather than at its next back-off
t = performance.now();
const cpu0 = process.cpuUsage();
for (;;) {
  const row = await A.deps.db.selectFrom('exch_inbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(row.n) >= N) break;
  await new Promise((r) => setTimeout(r, 200));
}
const drainMs = performance.now() - t;
const cpu = process.cpuUsage(cpu0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6; // both servers run in this process: sender and receiver together
const inbox = await A.deps.db.selectFrom('exch_inbox').select('seq').orderBy('received_at').orderBy('seq').execute();
const inOrder = inbox.every((m, i) => Number(m.seq) === i + 1);
const denials = await A.deps.db.selectFrom('lic_denials').select((eb) => eb.fn.countAll<number>().as('n')).where('name', 'like', 'Bench Party%').executeTakeFirstOrThrow();
console.log(JSON.stringify({ engine: process.env.TEST_DB ?? 'sqlite', messages: N, queueSeconds: +(queueMs / 1000).toFixed(1), drainSeconds: +(drainMs / 1000).toFixed(1), messagesPerSecond: Math.round(N / (drainMs / 1000)), cpuSeconds: +cpuSeconds.toFixed(1), messagesPerCpuSecond: Math.round(N / cpuSeconds), loadAverage: (await import('node:os')).loadavg()[0]!.toFixed(1), inOrder, denialsRecorded: Number(denials.n) }));
await A.close();
await B.close();
await dbA.drop();
await dbB.drop();
