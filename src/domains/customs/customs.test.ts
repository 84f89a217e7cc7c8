import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedScreening } from '../screening/lists.service.js';
import { declaration, issueLicence, officers, ok, type Officers } from './customs.fixtures.js';

let t: TestApp;
let exporter: TestUser;
let exporterB: TestUser;
let customs: TestUser;
let oversight: TestUser;
let o: Officers;
const clock = new FixedClock(new Date('2026-03-10T09:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedScreening(t.deps, ['un-sc', 'bis-dpl']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  customs = await t.user('customs_officer');
  oversight = await t.user('oversight');
  o = await officers(t);
}, 120_000);
afterAll(async () => t?.close());

const post = (u: TestUser, body: unknown) => t.as(u).post('/api/customs/declarations', body);
const codes = (line: { reasons: { code: string }[] }) => line.reasons.map((r) => r.code);

describe('declarations against an individual licence', () => {
  it('rejects a malformed declaration whole with the field and the reason', async () => {
    const bad = declaration({ destination: 'Australia' }, { hsCode: '85A' });
    const r = await post(exporter, bad);
    expect(r.statusCode).toBe(400);
    const f = r.json().error.fields;
    expect(f.destination).toMatch(/ISO 3166/);
    expect(f['items.0.hsCode']).toMatch(/6 to 10 digits/);
    expect((await t.as(customs).get(`/api/customs/declarations?reference=${bad.reference}`)).json().declarations).toHaveLength(0);
  });

  it('uses a licence in three declarations until exhausted; the fourth is held; a cancellation restores the balance; an officer releases', async () => {
    const lic = await issueLicence(t, exporter, o);
    const ref = lic.reference as string;
    const use = (quantity: number, value: number) => declaration({}, { quantity, value, authorisation: { kind: 'individual', reference: ref } });
    const d1 = use(3, 3000);
    const r1 = await post(exporter, d1);
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json().declaration.lines[0].status).toBe('released');
    const r2 = await post(exporter, use(3, 3000));
    expect(r2.json().declaration.lines[0].status).toBe('released');
    const d3 = use(4, 4000);
    const r3 = await post(exporter, d3);
    expect(r3.json().declaration.lines[0].status).toBe('released');
    const r4 = await post(exporter, use(1, 500));
    const held = r4.json().declaration.lines[0];
    expect(held.status).toBe('held');
    expect(codes(held)).toEqual(['licence_exhausted']);

    // Balance as the exporter sees it; another exporter cannot see this licence or these declarations.
    const bal = (await ok(t.as(exporter).get(`/api/customs/licences/${lic.id}`))).goods[0];
    expect([bal.shippedQuantity, bal.remainingQuantity, bal.remainingValue]).toEqual([10, 0, 0]);
    expect((await t.as(exporterB).get(`/api/customs/licences/${lic.id}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).get(`/api/customs/declarations/${r1.json().declaration.id}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).get('/api/customs/declarations')).json().declarations).toHaveLength(0);

    // Idempotent re-post: same content → the stored result; other content under the same reference → 409.
    const again = await post(exporter, d1);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, declaration: { id: r1.json().declaration.id, lines: [{ status: 'released' }] } });
    expect((await post(exporter, { ...d1, items: [{ ...d1.items[0], quantity: 2 }] })).statusCode).toBe(409);

    // Nothing remains: the officer cannot release the held line.
    const queue = (await ok(t.as(customs).get('/api/customs/holds'))).holds;
    const inQueue = queue.find((h: { id: string; declarationId: string }) => h.declarationId === r4.json().declaration.id);
    expect(inQueue.licence.reference).toBe(ref);
    expect(inQueue.licence.goods[0].remainingQuantity).toBe(0);
    expect((await t.as(customs).post(`/api/customs/lines/${inQueue.id}/decision`, { decision: 'release', reason: 'checked' })).statusCode).toBe(409);

    // The exporter cancels the third declaration: 4 items and 4000 GBP come back.
    const c = await t.as(exporter).post(`/api/customs/declarations/${r3.json().declaration.id}/cancel`, { reason: 'Shipment did not leave' });
    expect(c.statusCode, c.body).toBe(200);
    expect(c.json().status).toBe('cancelled');
    const after = (await ok(t.as(customs).get(`/api/customs/licences?reference=${encodeURIComponent(ref)}`))).licences[0].goods[0];
    expect([after.remainingQuantity, after.remainingValue]).toEqual([4, 4000]);
    expect((await t.as(exporter).post(`/api/customs/declarations/${r3.json().declaration.id}/cancel`, { reason: 'again' })).statusCode).toBe(409);

    // Only customs officers decide; oversight reads but changes nothing.
    expect((await t.as(oversight).post(`/api/customs/lines/${inQueue.id}/decision`, { decision: 'release', reason: 'x' })).statusCode).toBe(403);
    const rel = await t.as(customs).post(`/api/customs/lines/${inQueue.id}/decision`, { decision: 'release', reason: 'Balance restored by the cancellation' });
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json()).toMatchObject({ status: 'released', consumed: true });
    const final = (await ok(t.as(exporter).get(`/api/customs/licences/${lic.id}`))).goods[0];
    expect([final.shippedQuantity, final.remainingQuantity]).toEqual([7, 3]);

    const audit = await t.deps.db.selectFrom('audit_events').select(['action', 'subject_id']).where('action', 'like', 'customs.%').orderBy('seq').execute();
    expect(audit.filter((a) => a.subject_id === r3.json().declaration.id).map((a) => a.action)).toEqual(['customs.declaration_submitted', 'customs.declaration_cancelled']);
    expect(audit.some((a) => a.action === 'customs.line_released' && a.subject_id === inQueue.id)).toBe(true);

    // Reconciliation: authorised vs shipped vs remaining, as JSON and CSV.
    const rec = await ok(t.as(oversight).get(`/api/customs/reconciliation/licences/${lic.id}`));
    expect(rec.licence.goods[0]).toMatchObject({ authorisedQuantity: 10, shippedQuantity: 7, remainingQuantity: 3, lines: { released: 3, cancelled: 1 } });
    const csv = await t.as(exporter).get(`/api/customs/reconciliation/licences/${lic.id}?format=csv`);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[1]).toMatch(new RegExp(`^good,${ref.replace(/\//g, '\\/')},active,Marine radar transceiver,6A008,items,GBP,10,7,3,10000,6500,3500,3,0,0`));
    expect((await t.as(exporterB).get(`/api/customs/reconciliation/licences/${lic.id}`)).statusCode).toBe(404);
  });

  it('holds or rejects each line with the reason the licence does not cover it', async () => {
    const lic = await issueLicence(t, exporter, o, { goods: [{ description: 'Thermal camera', rating: '6A003', quantity: 100, unit: 'items', value: 100000, currency: 'GBP' }] });
    const otherLic = await issueLicence(t, exporterB, o, { consignee: { name: 'Wallaby Harbour Systems Pty', country: 'AU' } });
    const auth = { kind: 'individual', reference: lic.reference };
    const d = declaration(
      { destination: 'NZ' },
      { controlCode: '6A003.b.4', authorisation: auth },
    );
    d.items.push({ line: 2, hsCode: '852691', description: 'Radar', controlCode: '6A008', quantity: 1, unit: 'items', value: 10, currency: 'GBP', authorisation: auth });
    d.items.push({ line: 3, hsCode: '852691', description: 'Camera', controlCode: '6A003', quantity: 1, unit: 'items', value: 10, currency: 'GBP', authorisation: { kind: 'individual', reference: 'GBSIEL/2026/9999999/L1' } });
    d.items.push({ line: 4, hsCode: '852691', description: 'Camera', controlCode: '6A008', quantity: 1, unit: 'items', value: 10, currency: 'GBP', authorisation: { kind: 'individual', reference: otherLic.reference } });
    d.items.push({ line: 5, hsCode: '852691', description: 'Camera', controlCode: '6A003', quantity: 1, unit: 'kg', value: 10, currency: 'EUR', authorisation: auth });
    const res = await ok(post(exporter, { ...d, consignee: { name: 'Kiwi Optics Ltd', country: 'NZ' } }));
    const [l1, l2, l3, l4, l5] = res.declaration.lines;
    expect(l1.status).toBe('held');
    expect(codes(l1)).toEqual(expect.arrayContaining(['destination_not_on_licence', 'consignee_not_on_licence']));
    expect(codes(l2)).toContain('control_code_not_on_licence');
    expect(l3.status).toBe('rejected');
    expect(codes(l3)).toEqual(['licence_unknown']);
    // Another exporter's licence answers exactly like an unknown one.
    expect(l4.status).toBe('rejected');
    expect(l4.reasons).toEqual([{ code: 'licence_unknown', message: `No licence has the reference ${otherLic.reference}` }]);
    expect(codes(l5)).toEqual(expect.arrayContaining(['unit_mismatch', 'currency_mismatch']));
    // Held lines consumed nothing.
    expect((await ok(t.as(exporter).get(`/api/customs/licences/${lic.id}`))).goods[0].shippedQuantity).toBe(0);

    // A suspended licence holds; a revoked one rejects.
    await ok(t.as(o.officer).post(`/api/licences/${lic.id}/suspend`, { reason: 'Investigation' }));
    const s = await ok(post(exporter, declaration({}, { controlCode: '6A003', quantity: 1, value: 10, authorisation: auth })));
    expect(s.declaration.lines[0].status).toBe('held');
    expect(codes(s.declaration.lines[0])).toContain('licence_suspended');
    await ok(t.as(o.officer).post(`/api/licences/${lic.id}/revoke`, { reason: 'Breach' }));
    const rv = await ok(post(exporter, declaration({}, { controlCode: '6A003', quantity: 1, value: 10, authorisation: auth })));
    expect(rv.declaration.lines[0]).toMatchObject({ status: 'rejected', reasons: [{ code: 'licence_revoked' }] });
  });

  it('holds a line whose party is on a restricted-party list, and an unauthorised line it cannot correlate', async () => {
    const listed = await t.deps.db.selectFrom('screening_entities').select(['name']).where('source', '=', 'bis-dpl').orderBy('id').executeTakeFirstOrThrow();
    const res = await ok(post(exporter, declaration({ consignee: { name: listed.name, country: 'AU' } }, { authorisation: null })));
    const line = res.declaration.lines[0];
    expect(line.status).toBe('held');
    expect(codes(line)).toEqual(expect.arrayContaining(['party_screening_hit', 'dual_use_unchecked']));
    expect(line.reasons.find((r: { code: string }) => r.code === 'party_screening_hit').message).toContain('bis-dpl');
    // Refused by the officer with a reason; the exporter is told.
    const refused = await ok(t.as(customs).post(`/api/customs/lines/${line.id}/decision`, { decision: 'refuse', reason: 'Denied party' }));
    expect(refused.status).toBe('refused');
    const notes = (await ok(t.as(exporter).get('/api/notifications'))).notifications;
    expect(notes.some((n: { kind: string }) => n.kind === 'customs.line_refused')).toBe(true);
  });
});
