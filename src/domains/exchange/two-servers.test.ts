// Two Clearway authorities on loopback, each with its own database and keys, talking only over HTTP:
// a denial in A reaches B and shows on a new application in B; B's officer is blocked until A answers a
// consultation; A is stopped while B sends, and everything arrives once and in order when A returns;
// forged, replayed, tampered, stale and unknown-sender messages are refused and audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type Server } from '../../server/runtime.js';
import { createTestDatabase, type TestDatabase } from '../../../test/helpers/db.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR, type Role } from '../../platform/auth/roles.js';
import { withTx } from '../../platform/db/index.js';
import { newId } from '../../platform/ids.js';
import { createApiToken, insertUser } from '../identity/identity.service.js';
import { seedPacks } from '../determination/determination.service.js';
import { seedScreening } from '../screening/lists.service.js';
import { resetIndexCache } from '../screening/screening.index.js';
import { keyIdOf } from '../../platform/audit/checkpoint.js';
import { signEnvelope } from './envelope.js';
import { exchangeKey } from './keys.js';
import { queueMessage } from './outbox.js';
import Ajv2020 from 'ajv/dist/2020.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

interface Authority {
  name: string;
  port: number;
  db: TestDatabase;
  dir: string;
  server: Server;
  tokens: Partial<Record<Role, string>>;
}

async function boot(a: Omit<Authority, 'server' | 'tokens'> & { tokens?: Authority['tokens'] }): Promise<Authority> {
  const server = await startServer({
    port: a.port,
    host: '127.0.0.1',
    databaseUrl: a.db.url,
    logLevel: 'silent',
    seedOnStart: false,
    runJobs: true,
    authorityPolicy: 'uk',
    authorityName: a.name,
    adminPassword: 'correct-horse-battery-staple',
    adminEmail: `admin@${a.name.toLowerCase().replace(/\W+/g, '-')}.example`,
    exchangeKeyFile: join(a.dir, 'exchange.pem'),
    auditKeyFile: join(a.dir, 'audit.pem'),
    auditCheckpointFile: join(a.dir, 'checkpoints.jsonl'),
    exchangeRetryBaseMs: 200,
    uploadDir: join(a.dir, 'uploads'),
  });
  return { ...a, server, tokens: a.tokens ?? {} };
}

async function addUsers(a: Authority) {
  const ctx = ctxFor(a.server.deps, SYSTEM_ACTOR, 'test');
  const orgs: Record<string, string> = {};
  for (const [name, kind] of [['Authority', 'authority'], ['Exporter Ltd', 'exporter']] as const) {
    orgs[name] = newId();
    await a.server.deps.db.insertInto('organisations').values({ id: orgs[name]!, name, kind, country: 'GB', created_at: new Date().toISOString() }).execute();
  }
  for (const role of ['admin', 'licensing_officer', 'senior_officer', 'exporter'] as Role[]) {
    const u = await withTx(a.server.deps.db, (tx) => insertUser(tx, ctx, { email: `${role}.${newId().slice(0, 6)}@test.example`, role, organisationId: orgs[role === 'exporter' ? 'Exporter Ltd' : 'Authority']!, password: 'correct-horse-battery-staple', team: null }));
    a.tokens[role] = (await createApiToken(ctx, 'test', u.id)).token;
  }
}

async function call(a: Authority, role: Role | null, method: string, path: string, body?: unknown) {
  const res = await fetch(`http://127.0.0.1:${a.port}${path}`, {
    method,
    headers: { ...(role ? { authorization: `Bearer ${a.tokens[role]}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any, text };
}

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const application = (endUser: string) => ({
  exportType: 'permanent',
  destination: 'AU',
  endUse: 'Integration into maritime patrol radar systems for a naval customer',
  declarations: { militaryEndUse: true, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
  goods: [{ description: 'Military radar transceiver module', rating: 'ML5', quantity: 10, unit: 'items', value: 250000, currency: 'GBP' }],
  parties: [
    { role: 'consignee', name: 'Harbour Systems Pty', address: '1 Dock Road, Sydney', country: 'AU' },
    { role: 'end_user', name: endUser, address: '12 Ridge Street, Perth', country: 'AU' },
  ],
});

async function submit(a: Authority, endUser: string) {
  const c = await call(a, 'exporter', 'POST', '/api/applications', application(endUser));
  expect(c.status, c.text).toBe(201);
  const s = await call(a, 'exporter', 'POST', `/api/applications/${c.json.id}/submit`);
  expect(s.status, s.text).toBe(200);
  return c.json.id as string;
}

async function adviseAndCountersign(a: Authority, id: string, decision: 'refuse' | 'approve_with_provisos') {
  const adv = await call(a, 'licensing_officer', 'POST', `/api/cases/${id}/advice`, decision === 'refuse' ? { decision, criteria: ['7'], rationale: 'Risk of diversion to an unauthorised end user' } : { decision, provisos: 'No re-export without consent' });
  expect(adv.status, adv.text).toBe(201);
  const cs = await call(a, 'senior_officer', 'POST', `/api/cases/${id}/countersign`, { comment: 'Agreed' });
  expect(cs.status, cs.text).toBe(201);
}

let A: Authority;
let B: Authority;
const DENIED = 'Southern Cross Avionics Pty';

beforeAll(async () => {
  resetIndexCache();
  const [pa, pb] = [await freePort(), await freePort()];
  A = await boot({ name: 'Authority A', port: pa, db: await createTestDatabase(), dir: mkdtempSync(join(tmpdir(), 'cw-ex-a-')) });
  B = await boot({ name: 'Authority B', port: pb, db: await createTestDatabase(), dir: mkdtempSync(join(tmpdir(), 'cw-ex-b-')) });
  for (const x of [A, B]) {
    await seedPacks(x.server.deps, ['uk']);
    await seedScreening(x.server.deps, ['un-sc']);
    await addUsers(x);
  }
  const keyA = await call(A, null, 'GET', '/api/public/exchange/key');
  const keyB = await call(B, null, 'GET', '/api/public/exchange/key');
  expect((await call(A, 'admin', 'POST', '/api/exchange/peers', { name: 'Authority B', url: `http://127.0.0.1:${B.port}`, publicKey: keyB.json.publicKey })).status).toBe(201);
  expect((await call(B, 'admin', 'POST', '/api/exchange/peers', { name: 'Authority A', url: `http://127.0.0.1:${A.port}`, publicKey: keyA.json.publicKey })).status).toBe(201);
}, 240_000);

afterAll(async () => {
  for (const x of [A, B]) {
    await x?.server.close().catch(() => undefined);
    await x?.db.drop().catch(() => undefined);
  }
});

describe('two authorities exchanging denials and consultations', () => {
  it("a denial refused in A reaches B's register and blocks B's identical case until A answers a consultation", async () => {
    // A refuses; only the end user goes to the denials register; the officer shares it with B.
    const idA = await submit(A, DENIED);
    await adviseAndCountersign(A, idA, 'refuse');
    const appA = await call(A, 'licensing_officer', 'GET', `/api/applications/${idA}`);
    const endUserId = appA.json.parties.find((p: { role: string }) => p.role === 'end_user').id;
    const dec = await call(A, 'senior_officer', 'POST', `/api/cases/${idA}/decision`, { outcome: 'refused', criteria: ['7'], rationale: 'Diversion risk', denyPartyIds: [endUserId] });
    expect(dec.status, dec.text).toBe(200);
    const own = await call(A, 'licensing_officer', 'GET', '/api/exchange/denials');
    expect(own.json.denials.map((d: { name: string }) => d.name)).toEqual([DENIED]);
    const share = await call(A, 'licensing_officer', 'POST', '/api/exchange/denials/share', { denialIds: [own.json.denials[0].id] });
    expect(share.status, share.text).toBe(200);

    const received = await until('the denial in B', async () => {
      const r = await call(B, 'licensing_officer', 'GET', '/api/denials?source=partner');
      return r.json.denials?.find((d: { name: string }) => d.name === DENIED);
    });
    expect(received.notifyingGovernment ?? received.notifying_government).toBe('Authority A');

    // B: the same transaction to the same end user is flagged and cannot be decided.
    const idB = await submit(B, DENIED);
    await adviseAndCountersign(B, idB, 'approve_with_provisos');
    const flags = (await call(B, 'licensing_officer', 'GET', `/api/cases/${idB}`)).json.flags as { code: string; blocking: boolean; clearedAt: string | null }[];
    expect(flags.find((f) => f.code === 'peer_consultation' && !f.clearedAt)?.blocking).toBe(true);
    const blocked = await call(B, 'senior_officer', 'POST', `/api/cases/${idB}/decision`, { outcome: 'approved_with_provisos', provisos: 'No re-export', rationale: 'Acceptable' });
    expect(blocked.status, blocked.text).toBeGreaterThanOrEqual(400);
    expect(blocked.text).toMatch(/consult Authority A/);

    // The officer confirms the resemblance: it is the denied party, so the consultation is needed.
    const caseB = (await call(B, 'licensing_officer', 'GET', `/api/cases/${idB}`)).json;
    for (const m of caseB.denialMatches) expect((await call(B, 'licensing_officer', 'POST', `/api/cases/${idB}/denial-matches/${m.id}`, { result: 'exact', comment: 'Same end user as the denial notified by Authority A' })).status).toBe(200);
    const stillBlocked = await call(B, 'senior_officer', 'POST', `/api/cases/${idB}/decision`, { outcome: 'approved_with_provisos', provisos: 'No re-export', rationale: 'Acceptable' });
    expect(stillBlocked.text).toMatch(/consult Authority A/);

    const must = await call(B, 'licensing_officer', 'GET', `/api/exchange/cases/${idB}/consultations`);
    expect(must.json.mustConsult).toHaveLength(1);
    const asked = await call(B, 'licensing_officer', 'POST', '/api/exchange/consultations', { applicationId: idB, denialReference: must.json.mustConsult[0].denialReference, question: 'Do you object to a licence for the same radar modules to this end user?' });
    expect(asked.status, asked.text).toBe(201);

    // A sees the question (its own denial reference, no exporter detail) and answers.
    const inbound = await until('the consultation in A', async () => (await call(A, 'licensing_officer', 'GET', '/api/exchange/consultations?direction=inbound')).json.consultations[0]);
    expect(inbound.summary).toMatchObject({ destination: 'AU', endUser: DENIED });
    expect((await call(A, 'licensing_officer', 'POST', `/api/exchange/consultations/${inbound.id}/answer`, { answer: 'no_objection', comment: 'Circumstances changed' })).status).toBe(200);

    await until('the flag cleared in B', async () => {
      const f = (await call(B, 'licensing_officer', 'GET', `/api/cases/${idB}`)).json.flags as { code: string; clearedAt: string | null }[];
      return f.find((x) => x.code === 'peer_consultation')?.clearedAt;
    });
    const decided = await call(B, 'senior_officer', 'POST', `/api/cases/${idB}/decision`, { outcome: 'approved_with_provisos', provisos: 'No re-export', rationale: 'Acceptable after consulting Authority A' });
    expect(decided.status, decided.text).toBe(200);
    const answered = (await call(B, 'licensing_officer', 'GET', `/api/exchange/cases/${idB}/consultations`)).json.consultations[0];
    expect(answered).toMatchObject({ status: 'answered', answer: 'no_objection', answerComment: 'Circumstances changed' });
  }, 120_000);

  it('a peer that is down receives every message once and in order when it comes back', async () => {
    await A.server.close();
    const ctx = ctxFor(B.server.deps, SYSTEM_ACTOR, 'test');
    const peerA = await B.server.deps.db.selectFrom('exch_peers').select('id').where('name', '=', 'Authority A').executeTakeFirstOrThrow();
    const refs = ['OFFLINE-1', 'OFFLINE-2', 'OFFLINE-3', 'OFFLINE-4', 'OFFLINE-5'];
    for (const ref of refs) await withTx(B.server.deps.db, (tx) => queueMessage(tx, ctx, peerA.id, 'denial.notify', { reference: ref, name: `Offline Party ${ref}`, country: 'AU', controlEntry: 'ML5', destination: 'AU', reasonCategory: 'Criterion 7' }));
    // B keeps trying while A is down (the first message fails and backs off; nothing overtakes it).
    await until('a failed attempt', async () => {
      const r = await B.server.deps.db.selectFrom('exch_outbox').select(['attempts', 'status']).where('body', 'like', '%OFFLINE-1%').executeTakeFirst();
      return r && r.attempts >= 2 && r.status === 'pending';
    });
    A = await boot({ name: A.name, port: A.port, db: A.db, dir: A.dir, tokens: A.tokens });
    await until('all five in A', async () => (await A.server.deps.db.selectFrom('exch_received_denials').select('reference').where('reference', 'like', '%OFFLINE-%').execute()).length === 5, 30_000);
    const inbox = await A.server.deps.db.selectFrom('exch_inbox').select(['seq', 'body']).where('body', 'like', '%OFFLINE-%').orderBy('received_at').orderBy('seq').execute();
    expect(inbox.map((m) => JSON.parse(m.body).reference)).toEqual(refs);
    const denials = await A.server.deps.db.selectFrom('lic_denials').select('name').where('name', 'like', 'Offline Party%').execute();
    expect(denials).toHaveLength(5);
    await until('B marks all five delivered', async () => (await B.server.deps.db.selectFrom('exch_outbox').select(['status']).where('body', 'like', '%OFFLINE-%').execute()).every((o) => o.status === 'delivered'));
  }, 90_000);

  it('refuses forged, tampered, replayed, stale and unknown-sender messages, and audits each', async () => {
    const keyA = exchangeKey(A.server.deps.config);
    const toB = exchangeKey(B.server.deps.config).keyId;
    const peerOnB = await B.server.deps.db.selectFrom('exch_peers').select('last_seq_in').where('name', '=', 'Authority A').executeTakeFirstOrThrow();
    const base = { v: 1 as const, id: newId(), type: 'denial.notify' as const, from: { keyId: keyA.keyId, name: 'Authority A' }, to: toB, seq: Number(peerOnB.last_seq_in) + 1, body: { reference: 'DIRECT-1', name: 'Direct Party', country: 'AU' } };
    const post = (m: unknown) => call(B, null, 'POST', '/api/exchange/inbox', m);
    const before = await B.server.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'exchange.message_rejected').execute();

    const good = signEnvelope(base, keyA.privateKey, new Date());
    expect((await post({ ...good, body: { ...good.body, name: 'Someone Else' } })).status).toBe(403); // tampered
    const stranger = generateKeyPairSync('ed25519');
    expect((await post(signEnvelope(base, stranger.privateKey, new Date()))).status).toBe(403); // forged: A's key id, another key
    expect((await post(signEnvelope({ ...base, from: { keyId: keyIdOf(stranger.publicKey), name: 'Nobody' } }, stranger.privateKey, new Date()))).status).toBe(403); // unknown sender
    expect((await post(signEnvelope(base, keyA.privateKey, new Date(Date.now() - 3_600_000)))).status).toBe(400); // stale
    const ok = await post(good);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.status).toBe('accepted');
    expect((await post(good)).status).toBe(409); // the same bytes again: replay
    const again = await post(signEnvelope(base, keyA.privateKey, new Date())); // a retry of the same message: idempotent
    expect(again.json.status).toBe('duplicate');

    const after = await B.server.deps.db.selectFrom('audit_events').select('id').where('action', '=', 'exchange.message_rejected').execute();
    expect(after.length - before.length).toBe(5);

    // A batch stops at its first refused message: what comes before applies, nothing after it does.
    const seq = base.seq + 1;
    const m = (i: number) => signEnvelope({ ...base, id: newId(), seq: seq + i, body: { reference: `BATCH-${i}`, name: `Batch Party ${i}`, country: 'AU' } }, keyA.privateKey, new Date());
    const second = m(1);
    const batch = await post({ messages: [m(0), { ...second, body: { ...second.body, name: 'Changed' } }, m(2)] });
    expect(batch.status, batch.text).toBe(200);
    expect(batch.json.results.map((r: { status: string }) => r.status)).toEqual(['accepted']);
    expect(batch.json.stopped).toMatchObject({ index: 1, code: 'forbidden' });
    expect((await B.server.deps.db.selectFrom('lic_denials').select('name').where('name', 'like', 'Batch Party%').execute()).map((r) => r.name)).toEqual(['Batch Party 0']);
    expect(await B.server.deps.db.selectFrom('lic_denials').select('name').where('name', 'in', ['Direct Party', 'Someone Else']).execute()).toEqual([{ name: 'Direct Party' }]);
  }, 60_000);

  it('a ruling A publishes is open data B can load and search; the document matches its JSON Schema, a tampered one is refused whole', async () => {
    const filed = await call(A, 'exporter', 'POST', '/api/classification/requests', { productName: 'Dry scroll pump', description: 'Dry scroll vacuum pump for semiconductor fabs.', manufacturer: 'Edwards', parameters: [{ name: 'Pumping speed', value: '35', unit: 'm3/h' }] });
    expect(filed.status, filed.text).toBe(201);
    expect((await call(A, 'senior_officer', 'POST', `/api/classification/requests/${filed.json.id}/ruling`, { notListed: true, rationale: 'Pumping speed well below the 2B231 threshold.' })).status).toBe(200);
    const pub = await call(A, 'senior_officer', 'POST', `/api/classification/requests/${filed.json.id}/publication`, { publicSummary: 'A dry vacuum pump below the 2B231 pumping-speed threshold: not listed.', parameters: ['pumping speed'] });
    expect(pub.status, pub.text).toBe(201);

    const doc = (await call(A, null, 'GET', '/api/public/exchange/classification')).json;
    const schema = (await call(A, null, 'GET', '/api/public/exchange/classification.schema.json')).json;
    // ajv is CommonJS: its class is the default export under Node's ESM interop.
    const Ajv = (Ajv2020 as unknown as { default?: typeof Ajv2020 }).default ?? Ajv2020;
    const validate = new Ajv({ strict: false }).compile(schema);
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...doc, rulings: [{ reference: 'x' }] })).toBe(false);

    const peerA = (await call(B, 'licensing_officer', 'GET', '/api/exchange/peers')).json.peers.find((p: { name: string }) => p.name === 'Authority A');
    const tampered = { ...doc, rulings: doc.rulings.map((r: { publicSummary: string }) => ({ ...r, publicSummary: `${r.publicSummary} (edited)` })) };
    expect((await call(B, 'licensing_officer', 'POST', '/api/exchange/classification/import', { document: tampered })).status).toBe(403);
    const broken = await call(B, 'licensing_officer', 'POST', '/api/exchange/classification/import', { document: { ...doc, version: 2 } });
    expect(broken.status).toBe(400);
    expect(Object.keys(broken.json.error.fields)).toContain('document.version');
    expect((await call(B, 'licensing_officer', 'GET', '/api/exchange/classification/rulings')).json.rulings).toEqual([]);

    const fetched = await call(B, 'licensing_officer', 'POST', `/api/exchange/peers/${peerA.id}/classification/fetch`);
    expect(fetched.status, fetched.text).toBe(200);
    expect(fetched.json).toMatchObject({ peer: 'Authority A', rulings: 1 });
    const found = (await call(B, 'licensing_officer', 'GET', '/api/exchange/classification/rulings?q=vacuum')).json.rulings;
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ peer: 'Authority A', reference: filed.json.reference, rating: { notListed: true } });
    expect(JSON.stringify(found)).not.toContain('Edwards');
  }, 60_000);
});
