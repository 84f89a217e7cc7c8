import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { declaration, ok } from '../customs/customs.fixtures.js';
import { riskModule } from './index.js';

let t: TestApp;
let customs: TestUser;
let enforcement: TestUser;
let oversight: TestUser;
let exporter: TestUser;
const clock = new FixedClock(new Date('2026-03-10T09:00:00Z'));
const gl = { authorisation: { kind: 'general', reference: 'EU001' } };

beforeAll(async () => {
  t = await createTestApp({ clock });
  customs = await t.user('customs_officer');
  enforcement = await t.user('enforcement_officer');
  oversight = await t.user('oversight');
  exporter = await t.user('exporter');
}, 120_000);
afterAll(async () => t?.close());

const declare = async (over: Record<string, unknown>, item: Record<string, unknown> = gl) => (await ok(t.as(customs).post('/api/customs/declarations', declaration(over, item)))).declaration as { id: string; reference: string };
async function scan(body: Record<string, unknown> = {}) {
  const r = await t.as(customs).post('/api/risk/scan', body);
  expect(r.statusCode, r.body).toBe(202);
  await new JobRunner(t.deps, riskModule.jobs!, 10).runOnce();
  const job = await ok(t.as(customs).get(r.json().scan.statusUrl));
  expect(job.status, JSON.stringify(job)).toBe('succeeded');
  return (await ok(t.as(customs).get('/api/risk/scans'))).scans.find((s: { id: string }) => s.id === r.json().scan.id);
}
const alerts = async (q = '') => (await ok(t.as(customs).get(`/api/risk/alerts${q}`))).alerts as { id: string; kind: string; score: number; subject: { type: string; reference: string }; explanation: { signal: string; weight: number; detail: string }[]; status: string }[];

describe('risk scans and the alerts queue', () => {
  let hub: { id: string; reference: string };
  let clean: { id: string; reference: string };

  it('a full scan raises explained alerts for risky declarations, none for a clean one, and an incremental scan reads only what is new', async () => {
    clean = await declare({ reference: 'CLEAN-1' }, { ...gl, controlCode: '2B006' });
    hub = await declare({ reference: 'HUB-1', destination: 'AM', transit: ['TR'], consignee: { name: 'Yerevan Tech Supply', country: 'AM' }, endUser: { name: 'Ural Instrument Works', country: 'RU' } });
    await declare({ reference: 'NOAUTH-1' }, { authorisation: null });
    const s1 = await scan({ full: true });
    expect(s1).toMatchObject({ mode: 'full', status: 'done', total: 3, scanned: 3 });
    expect(await alerts('?subjectType=exporter')).toHaveLength(0);

    const all = await alerts();
    const a = all.find((x) => x.subject.reference === 'HUB-1')!;
    expect(a).toMatchObject({ kind: 'transshipment', subject: { type: 'declaration', reference: 'HUB-1' }, status: 'new' });
    expect(a.explanation.map((e) => e.signal)).toEqual(expect.arrayContaining(['transshipment', 'consignee_end_user_mismatch']));
    expect(a.score).toBe(a.explanation.reduce((s, e) => s + e.weight, 0));
    expect(a.explanation[0]!.detail).toMatch(/via TR toward RU/);
    expect(all.find((x) => x.subject.reference === 'NOAUTH-1')!.explanation.map((e) => e.signal)).toContain('controlled_without_authorisation');
    expect(all.some((x) => x.subject.reference === 'CLEAN-1')).toBe(false);
    expect((await alerts('?kind=transshipment')).map((x) => x.subject.reference)).toEqual(['HUB-1']);

    clock.set(new Date('2026-03-10T10:00:00Z'));
    await declare({ reference: 'LATE-1', destination: 'KZ', consignee: { name: 'Steppe Trade', country: 'KZ' }, endUser: { name: 'Minsk Optics', country: 'BY' } });
    const s2 = await scan();
    expect(s2).toMatchObject({ mode: 'incremental', scanned: 1, total: 1 });
    expect((await alerts('?kind=transshipment')).map((x) => x.subject.reference).sort()).toEqual(['HUB-1', 'LATE-1']);
    // The exporter now has three alerted declarations: the incremental scan profiles it, explained per signal.
    const [profile] = await alerts('?subjectType=exporter');
    expect(profile).toMatchObject({ kind: 'exporter_profile', subject: { type: 'exporter', reference: 'Exporter A Ltd (GB)' } });
    expect(profile!.explanation.map((e) => e.signal).sort()).toEqual(['controlled_without_authorisation', 'transshipment']);
    const s3 = await scan();
    expect(s3).toMatchObject({ mode: 'incremental', scanned: 0 });
  }, 120_000);

  it('moves an alert new → triaged → escalated with a label; dismissal needs a reason; the states are audited', async () => {
    const a = (await alerts()).find((x) => x.subject.reference === 'HUB-1')!;
    expect((await t.as(customs).post(`/api/risk/alerts/${a.id}/triage`, { note: 'looking' })).json().status).toBe('triaged');
    const esc = await t.as(enforcement).post(`/api/risk/alerts/${a.id}/escalate`, { to: 'investigation', reference: 'INV-7' });
    expect(esc.statusCode, esc.body).toBe(200);
    expect(esc.json()).toMatchObject({ status: 'escalated', escalatedTo: 'investigation', escalationReference: 'INV-7' });
    expect((await t.as(customs).post(`/api/risk/alerts/${a.id}/dismiss`, { reason: 'late' })).statusCode).toBe(409);

    const other = (await alerts('?status=new')).find((x) => x.subject.reference === 'NOAUTH-1')!;
    const bad = await t.as(customs).post(`/api/risk/alerts/${other.id}/dismiss`, { reason: '  ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.reason).toMatch(/reason/);
    expect((await t.as(customs).post(`/api/risk/alerts/${other.id}/dismiss`, { reason: 'Shipment covered by an open licence application' })).json().status).toBe('dismissed');

    const labels = await ok(t.as(oversight).get('/api/risk/labels'));
    expect(labels.bySignal.transshipment).toEqual({ confirmed: 1, dismissed: 0 });
    expect(labels.bySignal.controlled_without_authorisation.dismissed).toBe(1);
    const detail = await ok(t.as(oversight).get(`/api/risk/alerts/${a.id}`));
    expect(detail.labels[0]).toMatchObject({ label: 'confirmed', signals: expect.arrayContaining(['transshipment']) });
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', a.id).orderBy('seq').execute();
    expect(audit.map((x) => x.action)).toEqual(['risk.alert_triaged', 'risk.alert_escalated']);

    // A rescan keeps the state an officer gave.
    await scan({ full: true });
    expect((await ok(t.as(customs).get(`/api/risk/alerts/${a.id}`))).status).toBe('escalated');
  }, 120_000);

  it('draws a shipments list ranked by risk with a random deterrence share, each with reasons', async () => {
    const r = await t.as(customs).post('/api/risk/targeting', { list: 'shipments', size: 2, deterrenceShare: 0.5 });
    expect(r.statusCode, r.body).toBe(201);
    const items = r.json().items;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ rank: 1, random: false, subject: { type: 'declaration', reference: 'LATE-1' } });
    expect(items[0].reasons[0]).toMatch(/BY/);
    expect(items[1]).toMatchObject({ random: true, reasons: [expect.stringMatching(/deterrence/)] });
    expect((await ok(t.as(oversight).get('/api/risk/targeting?list=shipments'))).lists[0].id).toBe(r.json().id);
  }, 60_000);

  it('refuses bad input with the field, and keeps industry and read-only roles out', async () => {
    const bad = await t.as(customs).post('/api/risk/scan', { from: '2026-02-30' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().error.fields)).toMatch(/from/);
    const order = await t.as(customs).post('/api/risk/scan', { from: '2026-03-10', to: '2026-03-01' });
    expect(order.statusCode).toBe(400);
    expect(order.json().error.fields.to).toMatch(/on or after/);
    expect((await t.as(exporter).get('/api/risk/alerts')).statusCode).toBe(403);
    expect((await t.as(oversight).post('/api/risk/scan', {})).statusCode).toBe(403);
    const a = (await alerts('?status=new'))[0]!;
    expect((await t.as(oversight).post(`/api/risk/alerts/${a.id}/triage`, {})).statusCode).toBe(403);
    expect((await t.as(customs).get('/api/risk/alerts/nope')).statusCode).toBe(404);
    expect(clean.reference).toBe('CLEAN-1');
  }, 60_000);
});
