import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';

// No policy pack is loaded here, so the determination engine fails: nothing may be cleared automatically.
let t: TestApp;
let exporter: TestUser;
let officer: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  exporter = await t.user('exporter');
  officer = await t.user('licensing_officer');
});
afterAll(async () => t?.close());

describe('when determination is unavailable', () => {
  it('sends an unlisted export to an embargoed destination to an officer with a blocking flag, never "no licence required"', async () => {
    const c = await t.as(exporter).post('/api/applications', {
      exportType: 'permanent',
      destination: 'KP',
      endUse: 'Replacement valves for a water treatment plant',
      declarations: { militaryEndUse: false, wmdInformed: false, wmdSuspected: false, humanitarian: false, accepted: true },
      goods: [{ description: 'Stainless steel gate valves', quantity: 20, unit: 'items', value: 4000, currency: 'GBP' }],
      parties: [
        { role: 'consignee', name: 'Pyongyang Water Works', address: '1 River Road, Pyongyang', country: 'KP' },
        { role: 'end_user', name: 'Pyongyang Water Works', address: '1 River Road, Pyongyang', country: 'KP' },
      ],
    });
    expect(c.statusCode, c.body).toBe(201);
    const s = await t.as(exporter).post(`/api/applications/${c.json().id}/submit`);
    expect(s.statusCode, s.body).toBe(200);
    expect(s.json().status).not.toBe('finalised');
    expect(s.json().determination.outcome).toBe('individual_licence_required');
    expect(s.json().determination.policyVersion).toBe('fallback@1');
    const kase = (await t.as(officer).get(`/api/cases/${c.json().id}`)).json();
    const flag = kase.flags.find((f: { code: string }) => f.code === 'determination_unavailable');
    expect(flag).toBeTruthy();
    expect(flag.blocking).toBeTruthy();
  });
});
