/**
 * Unverified parties (issue 17) over real HTTP and real screening data: a party on the authority's own Unverified List
 * (source clearway-unverified, published by the verification domain's screening source) or on the US Unverified List
 * (bundled Consolidated Screening List) takes general licences and licence exceptions away from the determination.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { ctxFor } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { importListVersion, seedScreening } from '../screening/lists.service.js';
import { getIndex, resetIndexCache } from '../screening/screening.index.js';
import { publishAuthorityList } from '../screening/authority-list.js';
import { seedPacks } from './determination.service.js';

let t: TestApp;
let exporter: TestUser;
let usUnverified: string;
const LISTED = 'Tarvoskaya Precision Instrument Works';
const CLEAN = 'Zzyzx Quartz Bakery Cooperative';

beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
  await seedPacks(t.deps, ['eu', 'us']);
  await seedScreening(t.deps, ['us-csl']);
  // No EU asset-freeze snapshot is bundled; without one every EU determination with parties is review_required. Load
  // the screening domain's small schema sample so the EU list counts as loaded (its two entries match none of our names).
  const fsf = readFileSync(new URL('../screening/lists/fixtures/eu-fsf-schema-sample.xml', import.meta.url));
  await importListVersion(ctxFor(t.deps, SYSTEM_ACTOR, 'test'), 'eu_fsf', { xml: fsf }, { kind: 'file', detail: 'eu-fsf-schema-sample.xml', dataDate: '2026-11-30' });
  const ctx = { ...t.deps, actor: SYSTEM_ACTOR, requestId: 'test' };
  await withTx(t.deps.db, (tx) => publishAuthorityList(tx, ctx, [{ id: 'uv-1', name: LISTED, country: 'CN', reason: 'post-shipment check refused', listedOn: '2026-12-01' }]));
  exporter = await t.user('exporter');
  await getIndex(t.deps.db); // build the screening index before the first request (slow on a loaded machine)
  usUnverified = (await t.deps.db.selectFrom('screening_entities').select('name').where('source', '=', 'us-csl').where('list', '=', 'Unverified List').orderBy('name').executeTakeFirstOrThrow()).name;
}, 600_000);
afterAll(async () => t?.close());

const determine = async (body: Record<string, unknown>) => {
  const res = await t.as(exporter).post('/api/determinations', { endUse: 'civil', ...body });
  expect(res.statusCode).toBe(200);
  return res.json();
};
const rule = (item: any, r: string) => item.trace.filter((x: any) => x.rule === r);

describe('a party on an Unverified List: no general licence or licence exception', () => {
  it('EU: 1A002 to Japan is EU001 with a clean end user, and an individual licence with one on the authority list (named, cited)', async () => {
    const base = { policy: 'eu', destination: 'JP', exporter: { establishedIn: 'DE' }, items: [{ code: '1A002' }] };
    const clean = await determine({ ...base, parties: [{ role: 'end_user', name: CLEAN, country: 'JP' }] });
    expect(clean.outcome, JSON.stringify(clean.items[0].notEvaluated)).toBe('general_licence');
    expect(clean.items[0].generalLicences.map((g: any) => g.id)).toContain('EU001');

    const r = await determine({ ...base, parties: [{ role: 'end_user', name: LISTED, country: 'CN' }] });
    expect(r.parties[0].matches.map((m: any) => m.source)).toContain('clearway-unverified');
    expect(r.outcome).toBe('individual_licence_required');
    const item = r.items[0];
    expect(item.generalLicences).toEqual([]);
    const [uv] = rule(item, 'unverified-party');
    expect(uv.applied).toBe(true);
    expect(uv.detail).toContain(`end_user "${LISTED}" is on the Unverified List (clearway-unverified`);
    expect(uv.detail).toMatch(/must be an individual licence/);
    expect(uv.citation).toMatch(/authority's Unverified List.*744\.15\(a\)/);
    expect(rule(item, 'general-licence:EU001')[0].detail).toMatch(/EU001 not available: not usable because of Unverified List/);
    expect(rule(item, 'party-screening')[0]).toMatchObject({ applied: true });
    expect(item.nextSteps[0]).toMatch(/Apply for an individual export authorisation/);
  });

  it('US: 3C005 to Brazil loses GBS when the consignee is on the authority list', async () => {
    const base = { policy: 'us', destination: 'BR', items: [{ code: '3C005' }] };
    const clean = await determine({ ...base, parties: [{ role: 'consignee', name: CLEAN, country: 'BR' }] });
    expect(clean.outcome).toBe('general_licence');
    const r = await determine({ ...base, parties: [{ role: 'consignee', name: LISTED, country: 'CN' }] });
    expect(r.outcome).toBe('individual_licence_required');
    expect(r.items[0].generalLicences).toEqual([]);
    const [uv] = rule(r.items[0], 'unverified-party');
    expect(uv.detail).toContain(`consignee "${LISTED}"`);
    expect(rule(r.items[0], 'general-licence:GBS')[0].applied).toBe(false);
  });

  it('EU: an entity on the US Unverified List (bundled CSL) also takes EU001 away, citing 15 CFR 744.15 as the authority policy', async () => {
    const r = await determine({ policy: 'eu', destination: 'JP', exporter: { establishedIn: 'DE' }, items: [{ code: '1A002' }], parties: [{ role: 'end_user', name: usUnverified }] });
    expect(r.parties[0].matches.some((m: any) => m.source === 'us-csl' && m.list === 'Unverified List')).toBe(true);
    expect(r.outcome).toBe('individual_licence_required');
    const [uv] = rule(r.items[0], 'unverified-party');
    expect(uv.detail).toContain(usUnverified);
    expect(uv.citation).toMatch(/15 CFR 744\.15\(a\).*applied by the authority/);
  });

  it('an item that needs no licence stays no_licence_required, with the listing stated in its trace', async () => {
    const r = await determine({ policy: 'eu', destination: 'JP', exporter: { establishedIn: 'DE' }, items: [{ description: 'office chairs' }], parties: [{ role: 'end_user', name: LISTED, country: 'CN' }] });
    expect(r.outcome, JSON.stringify(r.items[0].notEvaluated)).toBe('no_licence_required');
    const [uv] = rule(r.items[0], 'unverified-party');
    expect(uv.applied).toBe(true);
    expect(uv.detail).toMatch(/this item needs none/);
  });
});
