import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// These start real processes (each CLI call loads the whole product through tsx): allow for a busy CI machine.
const SLOW = 180_000;
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { once } from 'node:events';
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
      let reached!: () => void;
      const enough = new Promise<void>((r) => (reached = r));
      const writer = async () => {
        while (!killed) {
          const name = `Crash Org ${i++}`;
          try {
            const res = await fetch(`${base}/api/organisations`, { method: 'POST', headers: auth, body: JSON.stringify({ name, kind: 'exporter' }) });
            if (res.status === 201) {
              acknowledged.push(name);
              if (acknowledged.length >= 40) reached();
            } else {
              failures.push(`${res.status} ${await res.text()}`);
              if (failures.length > 20) return;
            }
          } catch (e) {
            if (!killed) failures.push(`network: ${(e as Error).message}`);
            return; // connection dropped by the kill
          }
        }
      };
      const writers = Promise.all([writer(), writer(), writer(), writer()]);
      // Kill once 40 writes are acknowledged (or give up when the writers stop early, e.g. every write failing).
      await Promise.race([
        enough,
        writers.then(() => {
          if (!killed) throw new Error(`writes are failing: ${failures.slice(0, 3).join(' | ')}`);
        }),
      ]);
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
    // Info logs on stdout: the server's own "incoming request" line is the event that says it has received a request.
    const server = spawn('node', ['bin/clearway.mjs', 'serve'], {
      env: { ...env(), PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', CLEARWAY_LOGIN_RATE_LIMIT: '1000' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((r) => server.once('exit', (c) => r(c)));
    const logged = watchLines(server.stdout!);
    try {
      await waitReady(base);
      const body = JSON.stringify({ email: 'nobody@drain.example', password: 'not-the-password-at-all' });
      // What the route answers when nothing is shutting down (a wrong login), for the drained requests to match.
      const control = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(control.status).toBeGreaterThanOrEqual(400);

      // Requests that are in flight when SIGTERM arrives: headers and half the body sent, the server has logged each one.
      const N = 8;
      const half = Math.floor(body.length / 2);
      const sockets = await Promise.all(Array.from({ length: N }, (_, i) => openRequest(port, `/api/auth/login?drain=${i}`, body, half)));
      await logged.until((lines) => lines.filter((l) => l.includes('incoming request') && l.includes('drain=')).length === N);

      server.kill('SIGTERM');
      await logged.until((lines) => lines.some((l) => l.includes('shutting down')));
      await refusesConnections(port); // the listener is closed: the server is draining now
      for (const s of sockets) s.finish(body.slice(half));
      const responses = await Promise.all(sockets.map((s) => s.response));

      // Every received request got a whole response (status line, headers and the full body), the route's own answer,
      // and the server closed each connection after it (so it exits 0 at once, not through the 15 s forced exit).
      expect(responses.map((r) => r.complete)).toEqual(Array(N).fill(true));
      expect(responses.map((r) => r.status)).toEqual(Array(N).fill(control.status));
      expect(await exited).toBe(0);
    } finally {
      if (server.exitCode === null) server.kill('SIGKILL');
    }
  }, SLOW);
});

/** Collects a stream's lines; `until(pred)` resolves on the first line that makes pred true (no fixed waits). */
function watchLines(stream: NodeJS.ReadableStream) {
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
    for (const w of [...waiters]) w();
  });
  const until = (pred: (l: string[]) => boolean) =>
    new Promise<void>((resolve, reject) => {
      if (pred(lines)) return resolve();
      const check = () => {
        if (!pred(lines)) return;
        waiters.splice(waiters.indexOf(check), 1);
        resolve();
      };
      waiters.push(check);
      stream.once('end', () => reject(new Error(`the server's output ended before the awaited line; last lines:\n${lines.slice(-5).join('\n')}`)));
    });
  return { until };
}

/** Opens a raw HTTP/1.1 request with only the first `sent` bytes of its body; `finish` sends the rest (no FIN: like a
 * browser, the client keeps the connection open; the response resolves when the server closes it). */
async function openRequest(port: number, path: string, body: string, sent: number) {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, sent)}`);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const response = new Promise<{ status: number | null; complete: boolean }>((resolve) => {
    const done = () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const head = split < 0 ? raw.toString() : raw.subarray(0, split).toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      const length = /\r\ncontent-length: *(\d+)/i.exec(head)?.[1];
      const complete = split >= 0 && length !== undefined && raw.length - split - 4 === Number(length);
      resolve({ status: status ? Number(status) : null, complete });
    };
    socket.on('close', done);
    socket.on('error', () => undefined); // a reset shows as an incomplete response
  });
  return { finish: (restOfBody: string) => socket.write(restOfBody), response };
}

/** Resolves once a new connection to the port is refused (the server stopped listening). */
async function refusesConnections(port: number) {
  for (;;) {
    const s = connect(port, '127.0.0.1');
    const refused = await new Promise<boolean>((r) => {
      s.once('connect', () => r(false));
      s.once('error', () => r(true));
    });
    s.destroy();
    if (refused) return;
    await new Promise((r) => setTimeout(r, 20)); // poll interval, not an assumption about timing
  }
}
