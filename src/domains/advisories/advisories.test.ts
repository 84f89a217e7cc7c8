import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedPacks } from '../determination/determination.service.js';
import { seedScreening } from '../screening/lists.service.js';
import { resetIndexCache } from '../screening/screening.index.js';

let t: TestApp;
let clock: FixedClock;
let exporter: TestUser, otherExporter: TestUser, officer: TestUser, oversight: TestUser;
const CONCERN = 'Harbin Orient Precision Instruments Co';

beforeAll(async () => {
  resetIndexCache();
  clock = new FixedClock(new Date('2026-11-02T09:00:00Z'));
  t = await createTestApp({ clock, config: { authorityPolicy: 'uk' } });
  await seedPacks(t.deps, ['uk']);
  await seedScreening(t.deps, ['un-sc']);
  exporter = await t.user('exporter');
  otherExporter = await t.user('exporter', { org: 'Exporter B GmbH' });
  officer = await t.user('licensing_officer');
  oversight = await t.user('oversight');
}, 240_000);
afterAll(async () => t?.close());

const application = (endUser: string, country = 'CN') => ({
  exportType: 'permanent',
  destination: country,
  endUse: 'Calibration of laboratory instruments',
  declarations: { militaryEndUse: false, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
  goods: [{ description: 'Frequency synthesiser', rating: '3A002', quantity: 2, unit: 'items', value: 40000, currency: 'GBP' }],
  parties: [
    { role: 'consignee', name: 'Pacific Freight Forwarding Ltd', address: '1 Harbour Road', country },
    { role: 'end_user', name: endUser, address: '8 Science Road', country },
  ],
});

async function submit(endUser: string, country = 'CN') {
  const c = await t.as(exporter).post('/api/applications', application(endUser, country));
  expect(c.statusCode, c.body).toBe(201);
  const s = await t.as(exporter).post(`/api/applications/${c.json().id}/submit`);
  expect(s.statusCode, s.body).toBe(200);
  const flags = (await t.as(officer).get(`/api/cases/${c.json().id}`)).json().flags as { code: string; blocking: boolean; label: string }[];
  return flags.find((f) => f.code === 'end_user_advisory');
}

describe('end-user advisories', () => {
  let id: string;

  it('an exporter asks; bad input is refused field by field; other exporters cannot see it', async () => {
    const bad = await t.as(exporter).post('/api/advisories', { endUser: { name: '', country: 'China' }, items: 'x', endUse: '' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['endUse', 'endUser.country', 'endUser.name', 'items']);
    const r = await t.as(exporter).post('/api/advisories', { endUser: { name: CONCERN, country: 'cn', address: null }, items: '3A002 frequency synthesisers', endUse: 'Calibration' });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({ status: 'open', endUser: { name: CONCERN, country: 'CN' } });
    expect(r.json().reference).toMatch(/^EUA-20261102-/);
    id = r.json().id;
    expect((await t.as(otherExporter).get(`/api/advisories/${id}`)).statusCode).toBe(404);
    expect((await t.as(otherExporter).get('/api/advisories')).json().total).toBe(0);
    expect((await t.as(exporter).post(`/api/advisories/${id}/answer`, { answer: 'no_concern', reasonCode: 'no_known_concern', reason: 'Nothing known' })).statusCode).toBe(403);
  });

  it('the officer sees screening and answers "of concern"; the exporter reads the reason, never the internal note', async () => {
    const seen = (await t.as(officer).get(`/api/advisories/${id}`)).json();
    expect(seen.screening).toMatchObject({ screened: true });
    expect(seen.earlier).toEqual([]);
    const a = await t.as(officer).post(`/api/advisories/${id}/answer`, { answer: 'of_concern', reasonCode: 'diversion_risk', reason: 'Risk of diversion to a military end user', validDays: 180, internalNote: 'Linked to a refused case in 2025' });
    expect(a.statusCode, a.body).toBe(200);
    expect(a.json().validUntil).toBe('2027-05-01');
    expect((await t.as(officer).post(`/api/advisories/${id}/answer`, { answer: 'no_concern', reasonCode: 'no_known_concern', reason: 'Changed my mind' })).statusCode).toBe(409);
    const mine = (await t.as(exporter).get(`/api/advisories/${id}`)).json();
    expect(mine).toMatchObject({ answer: 'of_concern', reasonCode: 'diversion_risk', reason: 'Risk of diversion to a military end user' });
    expect(JSON.stringify(mine)).not.toContain('refused case');
    expect((await t.as(oversight).post(`/api/advisories/${id}/answer`, { answer: 'of_concern', reasonCode: 'other', reason: 'reads only' })).statusCode).toBe(403);
  });

  it('flags the next application naming that end user (however the name is written), and not others', async () => {
    const flag = await submit('HARBIN ORIENT PRECISION INSTRUMENTS CO.');
    expect(flag?.blocking).toBe(true);
    expect(flag?.label).toMatch(/end user advised as of concern: .*EUA-20261102-/);
    expect(await submit('Nordic Calibration Laboratories AB', 'SE')).toBeUndefined();
    // The same name in another country is another end user.
    expect(await submit(CONCERN, 'SG')).toBeUndefined();
  });

  it('an advisory past its validity no longer flags', async () => {
    clock.advance(200 * 86_400_000);
    expect(await submit(CONCERN)).toBeUndefined();
  });
});
