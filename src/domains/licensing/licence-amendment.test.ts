import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedScreening } from '../screening/lists.service.js';
import { declaration, issueLicence, officers, ok, type Officers } from '../customs/customs.fixtures.js';

let t: TestApp;
let exporter: TestUser;
let exporterB: TestUser;
let customs: TestUser;
let o: Officers;

beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2026-03-10T09:00:00Z')) });
  await seedScreening(t.deps, ['bis-dpl']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  customs = await t.user('customs_officer');
  o = await officers(t);
}, 120_000);
afterAll(async () => t?.close());

describe('licence amendment', () => {
  it('a licence exhausted by three declarations, the fourth held, is amended by an officer and the held line released', async () => {
    const lic = await issueLicence(t, exporter, o); // one good: 10 items, 10,000 GBP
    const good = lic.goods[0];
    const use = (quantity: number, value: number) => t.as(exporter).post('/api/customs/declarations', declaration({}, { quantity, value, authorisation: { kind: 'individual', reference: lic.reference } }));
    for (const q of [3, 3, 4]) expect((await use(q, q * 1000)).json().declaration.lines[0].status).toBe('released');
    const fourth = (await use(2, 2000)).json().declaration.lines[0];
    expect(fourth.status).toBe('held');
    expect(fourth.reasons.map((r: { code: string }) => r.code)).toEqual(['licence_exhausted']);

    // Only licensing officers amend; the figures may not go below what was shipped; bad input names the field.
    const amend = (u: TestUser, body: unknown) => t.as(u).post(`/api/licences/${lic.id}/amendments`, body);
    expect((await amend(exporter, { goods: [{ id: good.id, quantity: 12 }], reason: 'more' })).statusCode).toBe(403);
    expect((await amend(customs, { goods: [{ id: good.id, quantity: 12 }], reason: 'more' })).statusCode).toBe(403);
    const below = await amend(o.officer, { goods: [{ id: good.id, quantity: 8 }], reason: 'less' });
    expect(below.statusCode).toBe(400);
    expect(below.json().error.fields['goods.0.quantity']).toMatch(/at least 10 items \(already shipped\)/);
    const noReason = await amend(o.officer, { goods: [{ id: good.id, quantity: 12 }], reason: ' ' });
    expect(noReason.json().error.fields.reason).toBe('is required');
    expect((await amend(o.officer, { goods: [{ id: 'nope', quantity: 12 }], reason: 'x' })).json().error.fields['goods.0.id']).toMatch(/not a good/);

    const r = await amend(o.officer, { goods: [{ id: good.id, quantity: 12, value: 12000 }], reason: 'Contract extended by two units (letter of 9 March)' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().amendment).toMatchObject({ version: 2, goods: [{ licenceGoodId: good.id, before: { quantity: 10, value: 10000 }, after: { quantity: 12, value: 12000 }, shipped: { quantity: 10, value: 10000 } }] });

    // The old version is kept; the holder reads the history, another exporter gets 404.
    const hist = await ok(t.as(exporter).get(`/api/licences/${lic.id}/amendments`));
    expect(hist.licence.version).toBe(2);
    expect(hist.amendments).toHaveLength(1);
    expect((await t.as(exporterB).get(`/api/licences/${lic.id}/amendments`)).statusCode).toBe(404);
    const audit = await t.deps.db.selectFrom('audit_events').select(['summary']).where('subject_id', '=', lic.id).where('action', '=', 'licence.amended').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({ before: { version: 1, goods: [{ quantity: 10 }] }, after: { version: 2, goods: [{ quantity: 12, value: 12000 }] } });

    // The customs officer now releases the held line against the new balance: nothing remains afterwards.
    const rel = await t.as(customs).post(`/api/customs/lines/${fourth.id}/decision`, { decision: 'release', reason: 'Licence amended to 12 items' });
    expect(rel.statusCode, rel.body).toBe(200);
    expect(rel.json().status).toBe('released');
    const bal = (await ok(t.as(exporter).get(`/api/customs/licences/${lic.id}`))).goods[0];
    expect([bal.authorisedQuantity, bal.shippedQuantity, bal.remainingQuantity, bal.remainingValue]).toEqual([12, 12, 0, 0]);
  }, 240_000);

  it('a revoked licence cannot be amended', async () => {
    const lic = await issueLicence(t, exporter, o);
    await ok(t.as(o.officer).post(`/api/licences/${lic.id}/revoke`, { reason: 'Revoked for the test' }));
    const r = await t.as(o.senior).post(`/api/licences/${lic.id}/amendments`, { goods: [{ id: lic.goods[0].id, quantity: 20 }], reason: 'more' });
    expect(r.statusCode).toBe(409);
    expect((await ok(t.as(o.officer).get(`/api/licences/${lic.id}`))).goods[0].quantity).toBe(10);
  }, 240_000);
});
