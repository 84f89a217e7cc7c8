import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { createTestApp, type TestApp, type TestUser } from '../helpers/app.js';
import { verifyAuditChain } from '../../src/platform/audit/audit.js';
import { sql } from '../../src/platform/db/index.js';

let t: TestApp | undefined;
let admin: TestUser;

beforeEach(async () => {
  await t?.close();
  t = await createTestApp();
  admin = await t.user('admin');
  // A few real state changes, each audited in its own transaction.
  for (const name of ['Org One', 'Org Two', 'Org Three']) expect((await t.as(admin).post('/api/organisations', { name, kind: 'exporter' })).statusCode).toBe(201);
});
afterAll(async () => t?.close());

const verifyApi = async () => (await t!.as(admin).get('/api/audit/verify')).json();

describe('hash-chained audit trail', () => {
  it('verifies an untouched chain and counts every event', async () => {
    const n = Number((await t!.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(n).toBeGreaterThanOrEqual(5); // user + token creations + 3 organisations
    expect(await verifyApi()).toEqual({ ok: true, events: n });
  });

  it('records actor, organisation, subject, before/after and the request id', async () => {
    const res = await t!.as(admin).inject({ method: 'POST', url: '/api/organisations', payload: { name: 'Traced', kind: 'research' }, headers: { 'x-request-id': 'req-123' } });
    const org = res.json();
    const e = await t!.deps.db.selectFrom('audit_events').selectAll().where('subject_id', '=', org.id).executeTakeFirstOrThrow();
    expect(e).toMatchObject({ actor_id: admin.id, actor_email: admin.email, organisation_id: admin.organisationId, action: 'organisation.created', subject_type: 'organisation', request_id: 'req-123' });
    expect(JSON.parse(e.summary).after).toMatchObject({ name: 'Traced', kind: 'research' });
  });

  it('detects an edited row', async () => {
    await t!.deps.db.updateTable('audit_events').set({ summary: '{"after":{"name":"Forged"}}' }).where('seq', '=', 3).execute();
    const res = await verifyApi();
    expect(res.ok).toBe(false);
    expect(res.brokenAt.seq).toBe(3);
    expect(res.brokenAt.reason).toMatch(/edited/);
  });

  it('detects a deleted row in the middle', async () => {
    await t!.deps.db.deleteFrom('audit_events').where('seq', '=', 2).execute();
    const res = await verifyApi();
    expect(res).toMatchObject({ ok: false, brokenAt: { seq: 2 } });
    expect(res.brokenAt.reason).toMatch(/missing/);
  });

  it('detects the last row being deleted', async () => {
    const last = await t!.deps.db.selectFrom('audit_events').select('seq').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    await t!.deps.db.deleteFrom('audit_events').where('seq', '=', last.seq).execute();
    const res = await verifyChain();
    expect(res.ok).toBe(false);
  });

  it('detects a row whose hash was recomputed after an edit (the next link breaks)', async () => {
    const { hashEvent } = await import('../../src/platform/audit/audit.js');
    const row = await t!.deps.db.selectFrom('audit_events').selectAll().where('seq', '=', 2).executeTakeFirstOrThrow();
    const forged = { ...row, seq: Number(row.seq), action: 'organisation.deleted' };
    const { hash: _h, ...rest } = forged;
    await t!.deps.db.updateTable('audit_events').set({ action: forged.action, hash: hashEvent(rest) }).where('seq', '=', 2).execute();
    const res = await verifyChain();
    expect(res).toMatchObject({ ok: false, brokenAt: { seq: 3 } });
  });

  it('lets admin and oversight search by actor, subject and time; others get 403', async () => {
    const oversight = await t!.user('oversight');
    const byActor = (await t!.as(oversight).get(`/api/audit/events?actor=${encodeURIComponent(admin.email)}`)).json();
    expect(byActor.total).toBe(3);
    expect(byActor.events.every((e: { actorEmail: string }) => e.actorEmail === admin.email)).toBe(true);
    const bySubject = (await t!.as(admin).get('/api/audit/events?subjectType=organisation')).json();
    expect(bySubject.events.map((e: { summary: { after: { name: string } } }) => e.summary.after.name)).toEqual(expect.arrayContaining(['Org One', 'Org Two', 'Org Three']));
    const future = (await t!.as(admin).get('/api/audit/events?from=2999-01-01')).json();
    expect(future.total).toBe(0);
    expect((await t!.as(admin).get('/api/audit/events?from=yesterday')).statusCode).toBe(400);
    const officer = await t!.user('licensing_officer');
    expect((await t!.as(officer).get('/api/audit/events')).statusCode).toBe(403);
  });

  it('`clearway audit verify` exits 0 on an intact chain and 1 naming the broken link', async () => {
    const cli = () => spawnSync('node', ['bin/clearway.mjs', 'audit', 'verify'], { env: { ...process.env, DATABASE_URL: t!.deps.config.databaseUrl, LOG_LEVEL: 'silent' }, encoding: 'utf8' });
    const ok = cli();
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true });
    await sql`update audit_events set action = 'x' where seq = 4`.execute(t!.deps.db);
    const bad = cli();
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/broken at event 4/);
  });
});

const verifyChain = () => verifyAuditChain(t!.deps.db);
