import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { withTx } from '../../src/platform/db/index.js';
import { GENESIS_HASH, hashEvent, recordAudit, verifyAuditChain, type AuditRow } from '../../src/platform/audit/audit.js';
import { checkpointNow, loadOrCreateSigningKey, parseCheckpoints, readCheckpointFile, takeCheckpoint, verifyWithCheckpoints } from '../../src/platform/audit/checkpoint.js';

/**
 * The audit trail against someone who can write to the database (issue 13): each forgery below passes the plain
 * chain check, and each is caught by `verifyWithCheckpoints` against checkpoints signed with a key kept outside it.
 */
let t: TestApp | null = null;
afterEach(async () => {
  await t?.close();
  t = null;
});

async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-audit-'));
  const keyFile = join(dir, 'keys', 'audit.pem');
  const cpFile = join(dir, 'export', 'checkpoints.jsonl');
  t = await createTestApp({ config: { auditKeyFile: keyFile, auditCheckpointFile: cpFile } });
  const app = t;
  const events = async (n: number) => {
    for (let i = 0; i < n; i++)
      await withTx(app.deps.db, (tx) => recordAudit(tx, { actor: null, requestId: null, clock: app.clock }, { action: 'test.event', subjectType: 'thing', subjectId: `t${i}`, details: { i } }));
  };
  const checkpoint = () => checkpointNow(app.deps.db, keyFile, cpFile, new Date());
  const verify = () => verifyWithCheckpoints(app.deps.db, readCheckpointFile(cpFile), loadOrCreateSigningKey(keyFile).publicKey);
  const rows = async () => (await app.deps.db.selectFrom('audit_events').selectAll().orderBy('seq').execute()).map((r) => ({ ...r, seq: Number(r.seq) }) as AuditRow);
  /** What an attacker with database access does: rewrite the rows, recompute every hash, move the head. */
  const rechain = async (edit: (rows: AuditRow[]) => AuditRow[]) => {
    const next = edit(await rows());
    let prev = GENESIS_HASH;
    const rebuilt = next.map((r, i) => {
      const base = { ...r, seq: i + 1, prev_hash: prev };
      delete (base as Partial<AuditRow>).hash;
      const row = { ...base, hash: hashEvent(base) } as AuditRow;
      prev = row.hash;
      return row;
    });
    await app.deps.db.deleteFrom('audit_events').execute();
    for (const r of rebuilt) await app.deps.db.insertInto('audit_events').values(r).execute();
    await app.deps.db.updateTable('audit_head').set({ seq: rebuilt.length, hash: prev }).where('id', '=', 1).execute();
    expect((await verifyAuditChain(app.deps.db)).ok, 'the forgery passes the plain chain check').toBe(true);
  };
  return { app, keyFile, cpFile, events, checkpoint, verify, rows, rechain };
}

describe('signed audit checkpoints', () => {
  it('creates the signing key on first use, outside the database, and verifies an honest trail', async () => {
    const s = await setup();
    await s.events(3);
    const c1 = await s.checkpoint();
    expect(c1).toMatchObject({ v: 1, seq: 3 });
    expect(readFileSync(s.keyFile, 'utf8')).toMatch(/BEGIN PRIVATE KEY/);
    // No new checkpoint while the head has not moved.
    expect(await s.checkpoint()).toBeNull();
    await s.events(2);
    expect((await s.checkpoint())!.seq).toBe(5);
    await s.events(1); // newer than the latest checkpoint: covered by the chain
    expect(await s.verify()).toEqual({ ok: true, events: 6, checkpoints: 2, latest: { seq: 5, at: expect.any(String) } });
    const tables = await s.app.deps.db.introspection.getTables();
    const stored = JSON.stringify(await Promise.all(tables.map((tb) => s.app.deps.db.selectFrom(tb.name as 'app_state').selectAll().execute())));
    expect(stored).not.toContain(readFileSync(s.keyFile, 'utf8').split('\n')[1]);
  });

  it('detects deletion of the whole trail', async () => {
    const s = await setup();
    await s.events(4);
    await s.checkpoint();
    await s.app.deps.db.deleteFrom('audit_events').execute();
    await s.app.deps.db.deleteFrom('audit_head').execute();
    expect(await verifyAuditChain(s.app.deps.db)).toEqual({ ok: true, events: 0 });
    expect(await s.verify()).toMatchObject({ ok: false, problem: 'trail_deleted' });
  });

  it('detects truncation with the head moved back', async () => {
    const s = await setup();
    await s.events(6);
    await s.checkpoint();
    const keep = (await s.rows()).slice(0, 4);
    await s.app.deps.db.deleteFrom('audit_events').where('seq', '>', 4).execute();
    await s.app.deps.db.updateTable('audit_head').set({ seq: 4, hash: keep[3].hash }).where('id', '=', 1).execute();
    expect((await verifyAuditChain(s.app.deps.db)).ok).toBe(true);
    expect(await s.verify()).toMatchObject({ ok: false, problem: 'truncated', events: 4 });
  });

  it('detects an edit re-chained to pass the hash check', async () => {
    const s = await setup();
    await s.events(5);
    await s.checkpoint();
    await s.events(2);
    await s.rechain((rows) => rows.map((r) => (r.seq === 2 ? { ...r, summary: JSON.stringify({ details: { i: 'forged' } }) } : r)));
    expect(await s.verify()).toMatchObject({ ok: false, problem: 'rechained' });
  });

  it('detects a delete re-chained to pass the hash check', async () => {
    const s = await setup();
    await s.events(5);
    await s.checkpoint();
    await s.events(3);
    await s.rechain((rows) => rows.filter((r) => r.seq !== 2));
    expect(await s.verify()).toMatchObject({ ok: false, problem: 'rechained' });
  });

  it('detects a rollback of the database to an earlier checkpoint', async () => {
    const s = await setup();
    await s.events(4);
    await s.checkpoint();
    const atFirst = (await s.rows()).at(-1)!;
    await s.events(4);
    await s.checkpoint();
    await s.app.deps.db.deleteFrom('audit_events').where('seq', '>', 4).execute();
    await s.app.deps.db.updateTable('audit_head').set({ seq: 4, hash: atFirst.hash }).where('id', '=', 1).execute();
    expect(await s.verify()).toMatchObject({ ok: false, problem: 'rolled_back', events: 4 });
  });

  it('rejects checkpoints not signed by the audit key, and a missing set', async () => {
    const s = await setup();
    await s.events(2);
    const { privateKey } = generateKeyPairSync('ed25519');
    const impostor = loadOrCreateSigningKey(s.keyFile); // the real key, to take its id
    const forged = await takeCheckpoint(s.app.deps.db, { ...impostor, privateKey }, new Date());
    expect(await verifyWithCheckpoints(s.app.deps.db, [forged], impostor.publicKey)).toMatchObject({ ok: false, problem: 'bad_signature' });
    expect(await verifyWithCheckpoints(s.app.deps.db, [], impostor.publicKey)).toMatchObject({ ok: false, problem: 'no_checkpoints' });
  });

  it('publishes the checkpoints and the public key on the portal, and `clearway audit verify --checkpoints <url>` checks them', async () => {
    const s = await setup();
    await s.events(3);
    await s.checkpoint();
    const res = await s.app.app.inject({ method: 'GET', url: '/api/public/audit/checkpoints' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ algorithm: 'ed25519', total: 1, keyId: expect.stringMatching(/^[0-9a-f]{16}$/), publicKey: expect.stringMatching(/BEGIN PUBLIC KEY/) });
    expect(res.body).not.toMatch(/PRIVATE/);
    expect(parseCheckpoints(res.body).checkpoints).toEqual(readCheckpointFile(s.cpFile));

    await s.app.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (s.app.app.server.address() as { port: number }).port;
    const pubKeyFile = join(s.keyFile, '..', 'public.pem');
    writeFileSync(pubKeyFile, body.publicKey);
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const p = spawn('node', ['bin/clearway.mjs', ...args], { env: { ...process.env, DATABASE_URL: s.app.deps.config.databaseUrl, LOG_LEVEL: 'silent', CLEARWAY_AUDIT_KEY_FILE: join(s.keyFile, '..', 'absent.pem') } });
        let out = '';
        let err = '';
        p.stdout.on('data', (d) => (out += d));
        p.stderr.on('data', (d) => (err += d));
        p.on('close', (code) => resolve({ code, out, err }));
      });
    const good = await run(['audit', 'verify', '--checkpoints', `http://127.0.0.1:${port}/api/public/audit/checkpoints`, '--public-key', pubKeyFile]);
    expect(good.code, good.err).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ ok: true, events: 3, checkpoints: 1 });
    await s.app.deps.db.deleteFrom('audit_events').execute();
    await s.app.deps.db.deleteFrom('audit_head').execute();
    const bad = await run(['audit', 'verify', '--checkpoints', s.cpFile, '--public-key', pubKeyFile]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out)).toMatchObject({ ok: false, problem: 'trail_deleted' });
    expect(bad.err).toMatch(/trail was deleted/);
  }, 120_000);
});
