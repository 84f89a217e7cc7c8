import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These start real processes (each CLI call loads the whole product through tsx): allow for a busy CI machine.
const SLOW = 180_000;
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { openDatabase } from '../../src/platform/db/index.js';
import { verifyAuditChain } from '../../src/platform/audit/audit.js';

let tdb: TestDatabase;
beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => tdb.drop());

const env = () => ({ ...process.env, DATABASE_URL: tdb.url, LOG_LEVEL: 'silent', CLEARWAY_SEED: 'false', CLEARWAY_ADMIN_PASSWORD: 'admin-password-for-tests' });
const cli = (args: string[], input?: string) => spawnSync('node', ['bin/clearway.mjs', ...args], { env: env(), input, encoding: 'utf8' });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function waitReady(base: string, ms = 120_000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(`${base}/api/ready`)).status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

function serve(port: number): ChildProcess {
  return spawn('node', ['bin/clearway.mjs', 'serve'], { env: { ...env(), PORT: String(port), HOST: '127.0.0.1' }, stdio: 'ignore' });
}

describe('clearway CLI', () => {
  it('migrates, refuses bad input with a clear message and non-zero exit, adds users and issues tokens', async () => {
    const m = cli(['migrate']);
    expect(m.status, m.stderr).toBe(0);
    expect(m.stdout).toMatch(/Applied \d+ migration|up to date/);

    const badRole = cli(['user', 'add', '--email', 'x@y.example', '--role', 'wizard', '--password-stdin'], 'long-enough-password\n');
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toMatch(/--role must be one of/);

    const noPw = cli(['user', 'add', '--email', 'x@y.example', '--role', 'exporter', '--org', 'Acme']);
    expect(noPw.status).toBe(1);
    expect(noPw.stderr).toMatch(/--password-stdin/);

    const add = cli(['user', 'add', '--email', 'Exporter@Acme.example', '--role', 'exporter_admin', '--org', 'Acme Ltd', '--org-kind', 'exporter', '--password-stdin'], 'long-enough-password\n');
    expect(add.status, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/Added exporter@acme.example \(exporter_admin\) to Acme Ltd/);

    const dup = cli(['user', 'add', '--email', 'exporter@acme.example', '--role', 'exporter', '--org', 'Acme Ltd', '--password-stdin'], 'long-enough-password\n');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);

    const short = cli(['user', 'add', '--email', 'b@acme.example', '--role', 'exporter', '--org', 'Acme Ltd', '--password-stdin'], 'short\n');
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/password: must be at least 12 characters/);

    const tok = cli(['token', 'create', '--email', 'exporter@acme.example', '--name', 'erp']);
    expect(tok.status, tok.stderr).toBe(0);
    const token = tok.stdout.trim();
    expect(token).toMatch(/^cwt_/);
    const db = openDatabase(tdb.url);
    try {
      const row = await db.db.selectFrom('api_tokens').selectAll().where('name', '=', 'erp').executeTakeFirstOrThrow();
      expect(row.token_hash).not.toBe(token);
    } finally {
      await db.destroy();
    }
    const missing = cli(['token', 'create', '--email', 'ghost@acme.example']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/No user with email/);

    const help = cli(['--help']);
    expect(help.stdout).toMatch(/serve/);
    expect(help.stdout).toMatch(/audit/);
  }, SLOW);
});

describe('crash safety', () => {
  it('kill -9 during a burst of writes loses no acknowledged write', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = serve(port);
    try {
      await waitReady(base);
      const tok = cli(['token', 'create', '--email', 'admin@clearway.local', '--name', 'crash']);
      expect(tok.status, tok.stderr).toBe(0);
      const auth = { authorization: `Bearer ${tok.stdout.trim()}`, 'content-type': 'application/json' };
      const acknowledged: string[] = [];
      const failures: string[] = [];
      let i = 0;
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const name = `Crash Org ${i++}`;
          try {
            const res = await fetch(`${base}/api/organisations`, { method: 'POST', headers: auth, body: JSON.stringify({ name, kind: 'exporter' }) });
            if (res.status === 201) acknowledged.push(name);
            else failures.push(`${res.status} ${await res.text()}`);
          } catch (e) {
            if (!killed) failures.push(`network: ${(e as Error).message}`);
            return; // connection dropped by the kill
          }
        }
      };
      const writers = Promise.all([writer(), writer(), writer(), writer()]);
      while (acknowledged.length < 40) {
        if (failures.length > 20 || (failures.length && failures.every((f) => f.startsWith('network')))) throw new Error(`writes are failing: ${failures.slice(0, 3).join(' | ')}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      server.kill('SIGKILL');
      killed = true;
      await writers;
      // The exit event may already have fired while the writers wound down.
      if (server.exitCode === null && server.signalCode === null) await new Promise((r) => server.once('exit', r));
      const db = openDatabase(tdb.url);
      try {
        const names = new Set((await db.db.selectFrom('organisations').select('name').execute()).map((r) => r.name));
        const lost = acknowledged.filter((n) => !names.has(n));
        expect(lost).toEqual([]);
        // Every change and its audit event committed together, so the chain is intact.
        expect((await verifyAuditChain(db.db)).ok).toBe(true);
      } finally {
        await db.destroy();
      }
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  }, SLOW);

  it('SIGTERM answers every request already received (no dropped connections) and exits 0', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = serve(port);
    await waitReady(base);
    const results: Array<number | string> = [];
    const burst = Promise.all(
      Array.from({ length: 30 }, () =>
        fetch(`${base}/api/health`).then(
          (r) => results.push(r.status),
          (e: Error) => results.push(e.message),
        ),
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    server.kill('SIGTERM');
    await burst;
    const code = await new Promise((r) => (server.exitCode !== null ? r(server.exitCode) : server.once('exit', (c) => r(c))));
    expect(code).toBe(0);
    // Requests the server had accepted are answered (200, or 503 once closing); none is cut off mid-way.
    const answered = results.filter((r) => r === 200 || r === 503);
    expect(answered.length).toBeGreaterThan(0);
    expect(results.filter((r) => typeof r === 'number' && r !== 200 && r !== 503)).toEqual([]);
  }, SLOW);
});
