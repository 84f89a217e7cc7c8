/**
 * Fail closed, over real HTTP: unknown codes are 422 with the nearest real codes (read from the controls domain's list
 * as of the determination date), and every screening fallback (port not wired, no list loaded, an error) makes a
 * determination with parties review_required with the reason, never a clearance.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedControls } from '../controls/controls.import.js';
import { resetIndexCache } from '../screening/screening.index.js';
import { screenPartiesAdapter } from '../screening/port.js';
import { provideScreenParties } from '../../platform/ports.js';
import { seedPacks } from './determination.service.js';

let t: TestApp;
let exporter: TestUser;

beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
  await seedPacks(t.deps, ['eu', 'us']);
  await seedControls(t.deps, ['eu']);
  exporter = await t.user('exporter');
});
afterAll(async () => {
  provideScreenParties(screenPartiesAdapter);
  await t?.close();
});

const post = (body: Record<string, unknown>) => t.as(exporter).post('/api/determinations', { policy: 'eu', destination: 'JP', endUse: 'civil', ...body });

describe('unknown control codes', () => {
  it('a code not in Annex I on the determination date is 422 with the nearest real codes (2B099)', async () => {
    const res = await post({ items: [{ code: '2B099' }] });
    expect(res.statusCode).toBe(422);
    const f = res.json().error.fields['items.0.code'];
    expect(f).toMatch(/2B099 is not in the EU control list/);
    expect(f).toMatch(/nearest real codes: .*2B0\d\d/);
  });

  it('a sub-item that does not exist (2B001.zz.9) is 422 naming real 2B001 sub-items', async () => {
    const res = await post({ items: [{ code: '1A002' }, { code: '2B001.zz.9' }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields['items.1.code']).toMatch(/nearest real codes: .*2B001\./);
    expect(res.json().error.fields['items.0.code']).toBeUndefined();
  });

  it('a real code is listed from the control list release, whose id is in policyVersion', async () => {
    const res = await post({ items: [{ code: '1A002' }] });
    expect(res.statusCode).toBe(200);
    const release = await t.deps.db.selectFrom('control_releases').select('id').where('list_id', '=', 'eu').orderBy('effective_from', 'desc').executeTakeFirstOrThrow();
    expect(res.json().policyVersion).toBe(`eu-2021-821@1+list:${release.id}`);
    expect(res.json().items[0].listed).toBe(true);
  });

  it('without the controls list the pack headings still reject an unknown entry (US ECCN 9E099)', async () => {
    const res = await t.as(exporter).post('/api/determinations', { policy: 'us', destination: 'JP', endUse: 'civil', items: [{ code: '2A991' }, { code: '9E099' }] });
    expect(res.statusCode).toBe(422);
    expect(Object.keys(res.json().error.fields)).toEqual(['items.1.code']);
  });
});

describe('screening unavailable → review_required', () => {
  const withParty = { items: [{ code: '1A002' }], parties: [{ role: 'end_user', name: 'Yokohama Precision KK', country: 'JP' }] };
  const expectReview = (r: any, why: RegExp) => {
    expect(r.outcome).toBe('review_required');
    expect(r.parties[0].screened).toBe(false);
    const ne = r.items[0].notEvaluated.find((n: any) => n.rule === 'party-screening');
    expect(ne.why).toMatch(why);
    expect(r.items[0].nextSteps[0]).toMatch(/^We could not determine this: check .*could not be screened/);
    expect(r.items[0].generalLicences).toEqual([]);
  };

  it('no list loaded: the same shipment without parties is a general licence, with a party it is review_required', async () => {
    provideScreenParties(screenPartiesAdapter);
    expect((await post({ items: [{ code: '1A002' }] })).json().outcome).toBe('general_licence');
    const res = await post(withParty);
    expect(res.statusCode).toBe(200);
    expectReview(res.json(), /could not be screened/);
  });

  it('the screening port throws: review_required', async () => {
    provideScreenParties(async () => {
      throw new Error('index build failed');
    });
    expectReview((await post(withParty)).json(), /could not be screened/);
  });

  it('no screening port wired: review_required', async () => {
    provideScreenParties(null);
    expectReview((await post(withParty)).json(), /could not be screened/);
  });

  it('screened, but the EU asset-freeze list (eu_fsf) is not loaded: review_required with a visible coverage warning', async () => {
    provideScreenParties(async (_ctx, parties) => ({ screened: true, listVersions: { 'un-sc': 'v1' }, hits: parties.length ? [] : [] }));
    const r = (await post(withParty)).json();
    expect(r.outcome).toBe('review_required');
    expect(r.warnings.join(' ')).toMatch(/financial-sanctions list .* not loaded/);
    expect(r.items[0].notEvaluated.map((n: any) => n.rule)).toContain('party-list:eu_fsf');
  });

  it('screened with eu_fsf loaded and no hit: the general licence stands, no warning', async () => {
    provideScreenParties(async () => ({ screened: true, listVersions: { eu_fsf: 'v1', 'un-sc': 'v1' }, hits: [] }));
    const r = (await post(withParty)).json();
    expect(r.outcome).toBe('general_licence');
    expect(r.warnings).toBeUndefined();
  });

  it('an eu_fsf hit makes an EU determination prohibited (Reg 269/2014 Art 2(2))', async () => {
    provideScreenParties(async () => ({ screened: true, listVersions: { eu_fsf: 'v1' }, hits: [{ party: 0, list: 'EU financial sanctions', source: 'eu_fsf', score: 0.98 }] }));
    const r = (await post(withParty)).json();
    expect(r.outcome).toBe('prohibited');
    expect(r.items[0].trace.find((x: any) => x.rule === 'party-screening').citation).toContain('269/2014, Art 2(2)');
  });
});
