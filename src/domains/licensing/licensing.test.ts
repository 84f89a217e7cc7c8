import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { listFinalisedCases } from './licensing.repository.js';
import { flagOverdueCases } from './cases.service.js';
import { expireLicences } from './licences.service.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { seedPacks } from '../determination/determination.service.js';
import { seedScreening } from '../screening/lists.service.js';
import { resetIndexCache } from '../screening/screening.index.js';

const here = dirname(fileURLToPath(import.meta.url));
const DENIAL_CSV = readFileSync(join(here, 'fixtures/denial_valid_fixture.csv'), 'utf8');

let t: TestApp;
let clock: FixedClock;
let exporter: TestUser, exporterB: TestUser, officer: TestUser, officer2: TestUser, senior: TestUser, senior2: TestUser, adviser: TestUser, adviserOther: TestUser, admin: TestUser, customs: TestUser;

beforeAll(async () => {
  clock = new FixedClock(new Date('2026-11-02T09:00:00Z')); // a Monday
  resetIndexCache();
  t = await createTestApp({ clock, config: { authorityPolicy: 'uk' } });
  // Real determination (UK policy pack) and real screening (UN Security Council list) on submission.
  await seedPacks(t.deps, ['uk']);
  await seedScreening(t.deps, ['un-sc']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  officer = await t.user('licensing_officer');
  officer2 = await t.user('licensing_officer');
  senior = await t.user('senior_officer');
  senior2 = await t.user('senior_officer');
  adviser = await t.user('adviser', { team: 'defence' });
  adviserOther = await t.user('adviser', { team: 'intelligence' });
  admin = await t.user('admin');
  customs = await t.user('customs_officer');
});
afterAll(async () => {
  // Let PostgreSQL finish closing pooled connections before the throwaway database is dropped.
  await t?.deps.db.destroy();
  await new Promise((r) => setTimeout(r, 300));
  await t?.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  exportType: 'permanent',
  destination: 'AU',
  transit: ['SG'],
  endUse: 'Integration into maritime patrol radar systems for the Royal Australian Navy',
  declarations: { militaryEndUse: true, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
  goods: [{ description: 'Military radar transceiver module', rating: 'ML5', quantity: 10, unit: 'items', value: 250000, currency: 'GBP' }],
  parties: [
    { role: 'consignee', name: 'Harbour Systems Pty', address: '1 Dock Road, Sydney', country: 'AU' },
    { role: 'end_user', name: 'Department of Defence Australia', address: 'Russell Offices, Canberra', country: 'AU' },
    { role: 'third_party', subRole: 'freight_forwarder', name: 'Swift Freight Ltd', address: '9 Cargo Way, Singapore', country: 'SG' },
  ],
  ...over,
});

async function submitNew(over: Record<string, unknown> = {}, who = exporter) {
  const c = await t.as(who).post('/api/applications', body(over));
  expect(c.statusCode, c.body).toBe(201);
  const s = await t.as(who).post(`/api/applications/${c.json().id}/submit`);
  expect(s.statusCode, s.body).toBe(200);
  return s.json() as { id: string; reference: string; status: string; determination: { outcome: string } };
}

/** Officer advice + senior countersignature, ready to decide. */
async function readyForDecision(id: string, decision = 'approve_with_provisos') {
  const adv = await t.as(officer).post(`/api/cases/${id}/advice`, decision === 'refuse' ? { decision, criteria: ['7'], rationale: 'Risk of diversion via the stated consignee' } : { decision, provisos: 'No re-export without consent' });
  expect(adv.statusCode, adv.body).toBe(201);
  const cs = await t.as(senior).post(`/api/cases/${id}/countersign`, { comment: 'Agreed' });
  expect(cs.statusCode, cs.body).toBe(201);
}

describe('access and validation', () => {
  it('documents every licensing request body in the OpenAPI document', async () => {
    const res = await t.as(null).get('/docs/json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    for (const p of ['/api/applications', '/api/applications/{id}', '/api/applications/{id}/submit', '/api/cases', '/api/cases/{id}/questions', '/api/cases/{id}/advice', '/api/cases/{id}/countersign', '/api/cases/{id}/decision', '/api/licences/{id}', '/api/applications/{id}/appeal'])
      expect(paths[p], p).toBeTruthy();
    const decision = paths['/api/cases/{id}/decision'].post.requestBody.content['application/json'].schema;
    expect(decision.properties.outcome.enum).toEqual(['approved', 'approved_with_provisos', 'refused']);
    expect(decision.required).toEqual(expect.arrayContaining(['outcome', 'rationale']));
  });


  it('rejects anonymous, wrong roles and bad input before doing anything', async () => {
    expect((await t.as(null).post('/api/applications', body())).statusCode).toBe(401);
    expect((await t.as(officer).post('/api/applications', body())).statusCode).toBe(403);
    const bad = await t.as(exporter).post('/api/applications', { destination: 'Australia', goods: [{ quantity: -1, unit: 'x', value: 1, currency: 'GBP' }] });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).join(' ')).toMatch(/destination/);
    expect((await t.as(exporter).post('/api/cases/x/decision', { outcome: 'approved', rationale: 'x' })).statusCode).toBe(403);
    expect((await t.as(officer).get('/api/cases?limit=0')).statusCode).toBe(400);
  });

  it('an incomplete draft cannot be submitted and every missing part is named', async () => {
    const c = await t.as(exporter).post('/api/applications', { destination: 'AU' });
    expect(c.json()).toMatchObject({ status: 'draft' });
    const s = await t.as(exporter).post(`/api/applications/${c.json().id}/submit`);
    expect(s.statusCode).toBe(400);
    expect(Object.keys(s.json().error.fields).sort()).toEqual(['declarations.accepted', 'endUse', 'goods', 'parties.consignee', 'parties.end_user']);
  });

  it("exporter B gets 404 for exporter A's application; officers do not see drafts", async () => {
    const c = await t.as(exporter).post('/api/applications', body());
    const id = c.json().id;
    expect((await t.as(exporterB).get(`/api/applications/${id}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).put(`/api/applications/${id}`, { destination: 'FR' })).statusCode).toBe(404);
    expect((await t.as(exporterB).post(`/api/applications/${id}/submit`)).statusCode).toBe(404);
    expect((await t.as(officer).get(`/api/applications/${id}`)).statusCode).toBe(404);
    expect((await t.as(exporter).get(`/api/applications/${id}`)).json().goods[0]).toMatchObject({ rating: 'ML5', quantity: 10, currency: 'GBP' });
  });

  it('uses catalogue products for goods', async () => {
    const p = await t.as(exporter).post('/api/products', { name: 'Thermal camera core', description: 'Uncooled microbolometer 640x512', rating: '6A003' });
    expect(p.statusCode).toBe(201);
    expect((await t.as(exporterB).post('/api/applications', body({ goods: [{ productId: p.json().id, quantity: 1, unit: 'items', value: 1, currency: 'EUR' }] }))).statusCode).toBe(400);
    const c = await t.as(exporter).post('/api/applications', body({ goods: [{ productId: p.json().id, quantity: 2, unit: 'items', value: 9000, currency: 'eur' }] }));
    const g = (await t.as(exporter).get(`/api/applications/${c.json().id}`)).json().goods[0];
    expect(g).toMatchObject({ description: 'Uncooled microbolometer 640x512', rating: '6A003', currency: 'EUR' });
  });
});

const multipart = (filename: string, type: string, content: Buffer | string) => {
  const boundary = 'testboundary42';
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nend_user_undertaking\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
};

describe('documents', () => {
  it('stores a checked upload and rejects a file whose content does not match its type', async () => {
    const c = await t.as(exporter).post('/api/applications', body());
    const id = c.json().id;
    const fake = multipart('euu.pdf', 'application/pdf', 'MZ this is not a pdf');
    const bad = await t.as(exporter).inject({ method: 'POST', url: `/api/applications/${id}/documents`, ...fake });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.file).toMatch(/does not look like/);
    const exe = await t.as(exporter).inject({ method: 'POST', url: `/api/applications/${id}/documents`, ...multipart('x.exe', 'application/x-msdownload', 'MZ') });
    expect(exe.statusCode).toBe(400);
    const other = await t.as(exporterB).inject({ method: 'POST', url: `/api/applications/${id}/documents`, ...multipart('euu.pdf', 'application/pdf', '%PDF-1.4 x') });
    expect(other.statusCode).toBe(404);
    const ok = await t.as(exporter).inject({ method: 'POST', url: `/api/applications/${id}/documents`, ...multipart('euu.pdf', 'application/pdf', '%PDF-1.4 undertaking') });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ kind: 'end_user_undertaking', filename: 'euu.pdf', contentType: 'application/pdf' });
    const dl = await t.as(exporter).get(`/api/applications/${id}/documents/${ok.json().id}`);
    expect(dl.body).toBe('%PDF-1.4 undertaking');
    expect((await t.as(exporterB).get(`/api/applications/${id}/documents/${ok.json().id}`)).statusCode).toBe(404);
  });
});

describe('submission', () => {
  it('is idempotent with the same Idempotency-Key, and gives a case reference', async () => {
    const c = await t.as(exporter).post('/api/applications', body());
    const id = c.json().id;
    const h = { 'idempotency-key': `k-${id}` };
    const [a, b] = await Promise.all([t.as(exporter).post(`/api/applications/${id}/submit`, {}, h), t.as(exporter).post(`/api/applications/${id}/submit`, {}, h)]);
    expect(a.statusCode, a.body).toBe(200);
    expect(b.statusCode, b.body).toBe(200);
    expect(a.json().reference).toMatch(/^GBSIEL\/2026\/\d{7}$/);
    expect(b.json()).toEqual(a.json());
    const again = await t.as(exporter).post(`/api/applications/${id}/submit`, {}, h);
    expect(again.json()).toEqual(a.json());
    const count = await t.deps.db.selectFrom('lic_applications').select('id').where('reference', '=', a.json().reference).execute();
    expect(count).toHaveLength(1);
    // Without the key a resubmission is a conflict, not a second case.
    expect((await t.as(exporter).post(`/api/applications/${id}/submit`)).statusCode).toBe(409);
    expect(a.json().determination.outcome).not.toBe('no_licence_required');
    expect(a.json().status).toBe('initial_checks');
    expect(a.json().determination.policyVersion).not.toMatch(/fallback/);
  });

  it('creating a draft twice with the same Idempotency-Key returns the same draft, even concurrently', async () => {
    const h = { 'idempotency-key': `create-${Date.now()}` };
    const [a, b] = await Promise.all([t.as(exporter).post('/api/applications', body(), h), t.as(exporter).post('/api/applications', body(), h)]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(b.json().id).toBe(a.json().id);
    const bad = await t.as(exporter).post('/api/applications', body(), { 'idempotency-key': 'x'.repeat(300) });
    expect(bad.statusCode).toBe(400);
  });

  it('tells the exporter at once when no licence is needed, with reasons', async () => {
    const s = await submitNew({
      destination: 'FR',
      transit: [],
      endUse: 'Office furniture for a civilian company headquarters',
      declarations: { militaryEndUse: false, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
      goods: [{ description: 'Oak office desks, not specially designed for any military use', quantity: 5, unit: 'items', value: 4000, currency: 'GBP' }],
    });
    expect(s.determination.outcome).toBe('no_licence_required');
    expect(s.status).toBe('finalised');
    const app = (await t.as(exporter).get(`/api/applications/${s.id}`)).json();
    expect(app.outcome).toBe('no_licence_required');
    expect(app.determination.reasons.length).toBeGreaterThan(0);
  });

  it('raises catch-all and humanitarian flags and routes by rules', async () => {
    const s = await submitNew({
      goods: [{ description: 'Industrial centrifuge parts, unlisted', quantity: 3, unit: 'items', value: 1000, currency: 'GBP' }],
      declarations: { militaryEndUse: false, wmdInformed: true, wmdSuspected: false, humanitarian: true, accepted: true },
    });
    const c = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    const codes = c.flags.map((f: { code: string }) => f.code).sort();
    expect(codes).toEqual(['catch_all', 'humanitarian']);
    expect(c.queue).toBe('catch-all');
    expect(c.riskTier).toBe('high');
    const military = await submitNew();
    expect((await t.as(officer).get(`/api/cases/${military.id}`)).json().queue).toBe('military');
    const q = (await t.as(officer).get('/api/cases?queue=military')).json();
    expect(q.cases.map((x: { id: string }) => x.id)).toContain(military.id);
    expect(q.cases.find((x: { id: string }) => x.id === military.id).daysRemaining).toBe(20);
  });
});

describe('screening on submission', () => {
  it('a party on a sanctions list raises a blocking flag that must be cleared before a decision', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew({ parties: [{ role: 'consignee', name: 'Harbour Systems Pty', address: '1 Dock Road', country: 'AU' }, { role: 'end_user', name: 'Eric Badege', address: 'Goma', country: 'CD', type: 'individual' }] });
    const c = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    const flag = c.flags.find((f: { code: string }) => f.code === 'screening_hit');
    expect(flag).toMatchObject({ blocking: true });
    expect(JSON.stringify(flag.details)).toMatch(/BADEGE/i);
    expect(c.queue).toBe('sanctions-review');
    expect(c.screening.find((x: { name: string }) => x.name === 'Eric Badege').hits.length).toBeGreaterThan(0);
    await readyForDecision(s.id, 'approve');
    const blocked = await t.as(officer).post(`/api/cases/${s.id}/decision`, { outcome: 'approved', rationale: 'ok' });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.fields.flags).toMatch(/restricted-party/);
    // The flag is decided together with the hits: not while any hit is undecided.
    const early = await t.as(officer).post(`/api/cases/${s.id}/flags/${flag.id}/clear`, { reason: 'Different person: date of birth differs' });
    expect(early.statusCode).toBe(422);
    const panel = (await t.as(officer).get(`/api/cases/${s.id}/screening`)).json();
    const hitIds = panel.parties.flatMap((p: { hits: { id: string }[] }) => p.hits.map((h) => h.id));
    const decided = await t.as(officer).post(`/api/cases/${s.id}/screening/decisions`, { decisions: hitIds.map((hitId: string) => ({ hitId, decision: 'false_positive', reason: 'Different person: date of birth differs' })) });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().flagOutcome).toBe('cleared');
    expect((await t.as(officer).get(`/api/cases/${s.id}`)).json().queue).toBe('military');
  });
});

describe('journey 1: question → answer → advice → countersign → approve with provisos → licence PDF', () => {
  it('runs end to end with the clock paused while the question is open', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew();
    const id = s.id;
    // Question on Wednesday 4 Nov; clock stops.
    clock.set('2026-11-04T10:00:00Z');
    expect((await t.as(exporter).post(`/api/cases/${id}/questions`, { text: 'x' })).statusCode).toBe(403);
    const q = await t.as(officer).post(`/api/cases/${id}/questions`, { text: 'Please provide the end-user undertaking signed by the Department.' });
    expect(q.statusCode, q.body).toBe(201);
    const notes = (await t.as(exporter).get('/api/notifications')).json().notifications;
    expect(notes.some((n: { kind: string; link: string }) => n.kind === 'application.question' && n.link.includes(id))).toBe(true);
    let app = (await t.as(exporter).get(`/api/applications/${id}`)).json();
    expect(app.clock.paused).toBe(true);
    expect(app.questions[0].open).toBe(true);
    // Decision not possible while a question is open.
    // Answered Monday 9 Nov: 3 working days paused (5, 6, 9 Nov), so the due date moves from 30 Nov to 3 Dec.
    clock.set('2026-11-09T15:00:00Z');
    const ans = await t.as(exporter).post(`/api/applications/${id}/questions/${q.json().id}/answer`, { answer: 'Undertaking attached.' });
    expect(ans.statusCode, ans.body).toBe(200);
    expect(ans.json()).toMatchObject({ clockPaused: false, dueDate: '2026-12-03' });
    app = (await t.as(exporter).get(`/api/applications/${id}`)).json();
    expect(app.clock).toMatchObject({ paused: false, dueDate: '2026-12-03', daysRemaining: 18 });

    // Referral to defence advisers; the other team's adviser cannot see the case.
    const ref = await t.as(officer).post(`/api/cases/${id}/referrals`, { team: 'defence', note: 'Please advise on ML5 to AU' });
    expect(ref.statusCode, ref.body).toBe(201);
    expect((await t.as(adviserOther).get(`/api/cases/${id}`)).statusCode).toBe(404);
    expect((await t.as(adviserOther).get('/api/cases')).json().cases.map((c: { id: string }) => c.id)).not.toContain(id);
    expect((await t.as(adviser).get('/api/cases')).json().cases.map((c: { id: string }) => c.id)).toContain(id);
    const goods = (await t.as(adviser).get(`/api/cases/${id}`)).json().goods;
    const adv = await t.as(adviser).post(`/api/cases/${id}/advice`, { goodId: goods[0].id, destination: 'AU', decision: 'approve_with_provisos', provisos: 'End-use monitoring visit within 12 months' });
    expect(adv.statusCode, adv.body).toBe(201);
    expect(adv.json().caseStatus).toBe('under_review');

    // Consolidated advice, countersigned, then edited (invalidates), then countersigned again.
    expect((await t.as(officer).post(`/api/cases/${id}/advice`, { decision: 'approve_with_provisos' })).statusCode).toBe(400);
    await t.as(officer).post(`/api/cases/${id}/advice`, { decision: 'approve_with_provisos', provisos: 'No re-export without consent' });
    const earlyDecision = await t.as(officer).post(`/api/cases/${id}/decision`, { outcome: 'approved_with_provisos', provisos: 'No re-export without consent', rationale: 'Meets criteria' });
    expect(earlyDecision.statusCode).toBe(422);
    expect(earlyDecision.json().error.fields.countersignature).toBeTruthy();
    expect((await t.as(officer).post(`/api/cases/${id}/countersign`, {})).statusCode).toBe(403);
    expect((await t.as(senior).post(`/api/cases/${id}/countersign`, { comment: 'Agreed' })).statusCode).toBe(201);
    await t.as(officer).post(`/api/cases/${id}/advice`, { decision: 'approve_with_provisos', provisos: 'No re-export without written consent' });
    let c = (await t.as(officer).get(`/api/cases/${id}`)).json();
    expect(c.countersignatures.map((x: { valid: boolean }) => x.valid)).toEqual([false]);
    expect(c.status).toBe('under_review');
    expect((await t.as(senior).post(`/api/cases/${id}/countersign`, { comment: 'Agreed again' })).statusCode).toBe(201);

    // Final decision.
    clock.set('2026-11-16T09:00:00Z');
    const d = await t.as(officer).post(`/api/cases/${id}/decision`, {
      outcome: 'approved_with_provisos',
      provisos: 'No re-export without written consent',
      rationale: 'Harbour Systems Pty and the Department of Defence Australia are established users; contact ops@harbour.example.',
    });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toMatchObject({ caseId: id, outcome: 'approved_with_provisos' });
    const licenceId = d.json().licenceId;
    expect(licenceId).toBeTruthy();
    c = (await t.as(officer).get(`/api/cases/${id}`)).json();
    expect(c.decision.publicRationale).not.toMatch(/Harbour Systems|Department of Defence Australia|ops@harbour/);
    expect(c.decision.publicRationale).toMatch(/\[redacted\]/);

    const lic = await t.as(exporter).get(`/api/licences/${licenceId}`);
    expect(lic.statusCode).toBe(200);
    expect(lic.json()).toMatchObject({ status: 'active', validFrom: '2026-11-16', validTo: '2028-11-16' });
    expect(lic.json().provisos).toContain('No re-export without written consent');
    expect(lic.json().goods[0]).toMatchObject({ quantity: 10, value: 250000, currency: 'GBP', rating: 'ML5' });
    expect((await t.as(exporterB).get(`/api/licences/${licenceId}`)).statusCode).toBe(404);
    const pdf = await t.as(exporter).get(`/api/licences/${licenceId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const issued = (await t.as(exporter).get('/api/notifications')).json().notifications;
    expect(issued.some((n: { kind: string }) => n.kind === 'licence.issued')).toBe(true);

    // The decision reached the statistics facts in the same transaction (transparency subscribes to case changes).
    const fact = await t.deps.db.selectFrom('stats_case_facts').selectAll().where('case_id', '=', id).executeTakeFirstOrThrow();
    expect(fact).toMatchObject({ outcome: 'approved_with_provisos', destination: 'AU' });
    expect(Number(fact.licence_value)).toBe(250000);
    expect(fact.decided_at?.slice(0, 10)).toBe('2026-11-16');

    // Lifecycle: suspend → reinstate → usage → exhausted; each audited and notified.
    expect((await t.as(exporter).post(`/api/licences/${licenceId}/suspend`, { reason: 'x' })).statusCode).toBe(403);
    expect((await t.as(officer).post(`/api/licences/${licenceId}/suspend`, { reason: 'Investigation' })).json().status).toBe('suspended');
    expect((await t.as(customs).post(`/api/licences/${licenceId}/usage`, { licenceGoodId: lic.json().goods[0].id, quantity: 1 })).statusCode).toBe(409);
    expect((await t.as(officer).post(`/api/licences/${licenceId}/reinstate`, { reason: 'Cleared' })).json().status).toBe('active');
    expect((await t.as(customs).post(`/api/licences/${licenceId}/usage`, { licenceGoodId: lic.json().goods[0].id, quantity: 11 })).statusCode).toBe(422);
    const used = await t.as(customs).post(`/api/licences/${licenceId}/usage`, { licenceGoodId: lic.json().goods[0].id, quantity: 10, value: 250000 });
    expect(used.json().status).toBe('exhausted');
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', licenceId).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['licence.issued', 'licence.suspend', 'licence.reinstate', 'licence.usage_recorded', 'licence.exhaust']);

    // Transparency reads finalised cases as columns.
    const fin = await listFinalisedCases(t.deps.db);
    expect(fin.find((x) => x.id === id)).toMatchObject({ outcome: 'approved_with_provisos', destination: 'AU', ratings: ['ML5'], caseType: 'standard' });
  });

  it('exactly one of two concurrent decisions lands; the other gets 409', async () => {
    const s = await submitNew();
    await readyForDecision(s.id);
    const dec = (who: TestUser) => t.as(who).post(`/api/cases/${s.id}/decision`, { outcome: 'approved_with_provisos', provisos: 'No re-export', rationale: 'Consistent with policy' });
    const res = await Promise.all([dec(officer), dec(officer2)]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const lics = await t.deps.db.selectFrom('lic_licences').select('id').where('application_id', '=', s.id).execute();
    expect(lics).toHaveLength(1);
  });
});

describe('journey 2: refuse → appeal → overturned', () => {
  it('refuses with criteria, records the denial, and an independent senior officer overturns on appeal', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew({ destination: 'NZ', goods: [{ description: 'Night vision weapon sight', rating: 'ML15', quantity: 4, unit: 'items', value: 40000, currency: 'GBP' }] });
    const id = s.id;
    await readyForDecision(id, 'refuse');
    const noCriteria = await t.as(senior).post(`/api/cases/${id}/decision`, { outcome: 'refused', rationale: 'Diversion risk' });
    expect(noCriteria.statusCode).toBe(400);
    const badCriteria = await t.as(senior).post(`/api/cases/${id}/decision`, { outcome: 'refused', criteria: ['12'], rationale: 'Diversion risk' });
    expect(badCriteria.statusCode).toBe(400);
    const d = await t.as(senior).post(`/api/cases/${id}/decision`, { outcome: 'refused', criteria: ['7'], rationale: 'Risk of diversion via Swift Freight Ltd.' });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json()).toEqual({ caseId: id, outcome: 'refused' });

    const app = (await t.as(exporter).get(`/api/applications/${id}`)).json();
    expect(app.decision.criteria).toEqual([{ code: '7', title: expect.stringMatching(/diversion/i) }]);
    expect(app.decision.rationale).not.toContain('Swift Freight');
    const letter = await t.as(exporter).get(`/api/applications/${id}/refusal-letter`);
    expect(letter.statusCode).toBe(200);
    expect(letter.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const own = (await t.as(officer).get('/api/denials?source=own')).json().denials.filter((x: { applicationId: string }) => x.applicationId === id);
    expect(own).toHaveLength(3);
    expect(own[0]).toMatchObject({ readyForSharing: true, reference: s.reference });
    const csv = (await t.as(officer).get('/api/denials/export.csv')).body;
    expect(csv.split('\n')[0]).toBe('reference,regime_reg_ref,name,address,notifying_government,country,denial_cle,item_description,end_use,reason_for_refusal,entity_type');
    expect(csv).toContain('Swift Freight Ltd');

    // Appeal: exporter B cannot; grounds too short is 400; the original decider cannot decide it.
    expect((await t.as(exporterB).post(`/api/applications/${id}/appeal`, { grounds: 'We disagree strongly with this.' })).statusCode).toBe(404);
    expect((await t.as(exporter).post(`/api/applications/${id}/appeal`, { grounds: 'short' })).statusCode).toBe(400);
    clock.set('2026-11-20T09:00:00Z');
    const ap = await t.as(exporter).post(`/api/applications/${id}/appeal`, { grounds: 'The freight forwarder has been replaced by a direct shipment; see new undertaking.' });
    expect(ap.statusCode, ap.body).toBe(201);
    // The appeal is for a senior officer who did not decide the case: senior2 is told, the decider (senior) is not.
    const received = (await t.as(senior2).get('/api/notifications')).json().notifications;
    expect(received.some((n: { kind: string; link: string }) => n.kind === 'case.appeal_received' && n.link === `/cases/${id}`)).toBe(true);
    const toDecider = (await t.as(senior).get('/api/notifications')).json().notifications;
    expect(toDecider.some((n: { kind: string; link: string }) => n.kind === 'case.appeal_received' && n.link === `/cases/${id}`)).toBe(false);
    expect((await t.as(senior).post(`/api/cases/${id}/appeal-decision`, { outcome: 'overturned', rationale: 'x' })).statusCode).toBe(403);
    const ov = await t.as(senior2).post(`/api/cases/${id}/appeal-decision`, { outcome: 'overturned', rationale: 'New shipping arrangements remove the diversion risk.' });
    expect(ov.statusCode, ov.body).toBe(200);
    expect(ov.json()).toMatchObject({ outcome: 'overturned', caseOutcome: 'approved' });
    const lic = (await t.as(exporter).get(`/api/licences/${ov.json().licenceId}`)).json();
    expect(lic).toMatchObject({ onAppeal: true, status: 'active' });
    const after = (await t.as(exporter).get(`/api/applications/${id}`)).json();
    expect(after).toMatchObject({ status: 'appeal_decided', outcome: 'approved' });
    expect(after.appeals[0]).toMatchObject({ status: 'overturned' });
    const ownAfter = (await t.as(officer).get('/api/denials?source=own')).json().denials.filter((x: { applicationId: string }) => x.applicationId === id);
    expect(ownAfter.every((x: { active: boolean }) => !x.active)).toBe(true);
  });

  it('closes the appeal window after 28 days, and precedent departures need a reason', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew({ destination: 'NZ', goods: [{ description: 'Night vision weapon sight', rating: 'ML15', quantity: 1, unit: 'items', value: 100, currency: 'GBP' }] });
    await readyForDecision(s.id);
    const c = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    expect(c.precedents.length).toBeGreaterThan(0);
    // An adviser to whom this case is referred still does not see other cases through its precedents.
    expect((await t.as(officer).post(`/api/cases/${s.id}/referrals`, { team: 'defence' })).statusCode).toBeLessThan(300);
    const asAdviser = await t.as(adviser).get(`/api/cases/${s.id}`);
    expect(asAdviser.statusCode).toBe(200);
    expect(asAdviser.json().precedents).toEqual([]);
    const advGoods = asAdviser.json().goods;
    expect((await t.as(adviser).post(`/api/cases/${s.id}/advice`, { goodId: advGoods[0].id, destination: 'NZ', decision: 'approve' })).statusCode).toBe(201);
    const cs = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    if (!cs.countersignatures.some((x: { valid: boolean }) => x.valid)) expect((await t.as(senior).post(`/api/cases/${s.id}/countersign`, { comment: 'Agreed' })).statusCode).toBe(201);
    // The NZ/ML15 precedent was overturned to "approved"; an earlier one is needed to differ. Refusing now departs from approval.
    const dep = await t.as(officer).post(`/api/cases/${s.id}/decision`, { outcome: 'refused', criteria: ['7'], rationale: 'Diversion' });
    expect(dep.statusCode).toBe(422);
    expect(dep.json().error.fields.departureReason).toMatch(/departs/);
    const ok = await t.as(officer).post(`/api/cases/${s.id}/decision`, { outcome: 'refused', criteria: ['7'], rationale: 'Diversion', departureReason: 'New intelligence on the consignee' });
    expect(ok.statusCode, ok.body).toBe(200);
    clock.set('2026-12-01T09:00:00Z');
    const late = await t.as(exporter).post(`/api/applications/${s.id}/appeal`, { grounds: 'We would like to appeal this decision please.' });
    expect(late.statusCode).toBe(422);
  });
});

describe('denials register', () => {
  it('imports the partner CSV, rejects a broken file whole, matches parties and lets the officer record the match', async () => {
    expect((await t.as(exporter).post('/api/denials/import', { csv: DENIAL_CSV })).statusCode).toBe(403);
    const broken = DENIAL_CSV.replace('end_user\n', 'not_a_type\n');
    const b = await t.as(officer).post('/api/denials/import', { csv: broken });
    expect(b.statusCode).toBe(400);
    expect(Object.keys(b.json().error.fields)[0]).toMatch(/row 2\.entity_type/);
    expect((await t.as(officer).get('/api/denials?source=partner')).json().denials).toHaveLength(0);
    const ok = await t.as(officer).inject({ method: 'POST', url: '/api/denials/import', payload: DENIAL_CSV, headers: { 'content-type': 'text/csv' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ rows: 7, added: 7 });
    expect((await t.as(officer).post('/api/denials/import', { csv: DENIAL_CSV })).json()).toMatchObject({ added: 0, updated: 7 });

    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew({ parties: [{ role: 'consignee', name: 'The Widget Company Ltd', address: '2 Example Road', country: 'AU' }, { role: 'end_user', name: 'Department of Defence Australia', address: 'Canberra', country: 'AU' }] });
    let c = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    expect(c.flags.find((f: { code: string }) => f.code === 'denial_match')).toMatchObject({ blocking: true });
    expect(c.queue).toBe('sanctions-review');
    const m = c.denialMatches.find((x: { denialName: string }) => x.denialName === 'The Widget Company');
    expect(m).toMatchObject({ score: 1, status: 'pending' });
    for (const x of c.denialMatches) {
      const r = await t.as(officer).post(`/api/cases/${s.id}/denial-matches/${x.id}`, { result: x.id === m.id ? 'exact' : 'not_a_match', comment: 'Checked against registration numbers' });
      expect(r.statusCode, r.body).toBe(200);
    }
    c = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    expect(c.flags.find((f: { code: string }) => f.code === 'denial_match').clearedAt).toBeTruthy();
    expect(c.denialMatches.find((x: { id: string }) => x.id === m.id)).toMatchObject({ status: 'exact', comment: 'Checked against registration numbers' });
  });
});

describe('scheduled jobs, withdrawal and amendment', () => {
  it('flags overdue cases and expires licences', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew();
    clock.set('2026-12-01T09:00:00Z'); // 21 working days later
    const sys = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    expect(await flagOverdueCases(sys)).toBeGreaterThan(0);
    const c = (await t.as(officer).get(`/api/cases/${s.id}`)).json();
    expect(c.flags.some((f: { code: string }) => f.code === 'overdue')).toBe(true);
    expect((await t.as(officer).get('/api/cases?overdue=true')).json().cases.map((x: { id: string }) => x.id)).toContain(s.id);
    const summary = (await t.as(officer).get('/api/cases/summary')).json().queues;
    const military = summary.find((q: { queue: string }) => q.queue === 'military');
    expect(military.overdue).toBeGreaterThan(0);
    expect(military.open).toBeGreaterThanOrEqual(military.overdue + military.dueSoon);
    expect((await t.as(adviser).get('/api/cases/summary')).statusCode).toBe(403);
    clock.set('2029-01-01T09:00:00Z');
    expect(await expireLicences(sys)).toBeGreaterThan(0);
    const active = await t.deps.db.selectFrom('lic_licences').select('id').where('status', '=', 'active').where('valid_to', '<', '2029-01-01').execute();
    expect(active).toHaveLength(0);
  });

  it('withdraws, and a major amendment supersedes the old version', async () => {
    clock.set('2026-11-02T09:00:00Z');
    const s = await submitNew();
    const am = await t.as(exporter).post(`/api/applications/${s.id}/amend`);
    expect(am.statusCode, am.body).toBe(201);
    const newId = am.json().id;
    await t.as(exporter).put(`/api/applications/${newId}`, { declarations: { accepted: true }, goods: [{ description: 'Military radar transceiver module', rating: 'ML5', quantity: 12, unit: 'items', value: 300000, currency: 'GBP' }] });
    const sub = await t.as(exporter).post(`/api/applications/${newId}/submit`);
    expect(sub.statusCode, sub.body).toBe(200);
    const old = (await t.as(exporter).get(`/api/applications/${s.id}`)).json();
    expect(old).toMatchObject({ status: 'superseded', supersededById: newId });
    expect((await t.as(exporter).get(`/api/applications/${newId}`)).json()).toMatchObject({ version: 2, supersedesId: s.id });
    const w = await t.as(exporter).post(`/api/applications/${newId}/withdraw`, { reason: 'Contract cancelled' });
    expect(w.json().status).toBe('withdrawn');
    expect((await t.as(exporter).post(`/api/applications/${newId}/withdraw`, {})).statusCode).toBe(409);
  });
});
