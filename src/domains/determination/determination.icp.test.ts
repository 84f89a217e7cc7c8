/**
 * The exporter's ICP in determinations (issues 19 and 10): an exporter's own claim `exporter.icp` gives way to the
 * authority's compliance audit of it. Audits are made through the real enforcement endpoints; determinations over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { ELEMENT_IDS } from '../enforcement/icp.js';
import { seedPacks } from './determination.service.js';

let t: TestApp;
let audited: TestUser;
let notAudited: TestUser;
let enforcement: TestUser;
let officer: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  await seedPacks(t.deps, ['eu']);
  audited = await t.user('exporter', { org: 'Audited Exporter GmbH' });
  notAudited = await t.user('exporter', { org: 'Never Audited AG' });
  enforcement = await t.user('enforcement_officer');
  officer = await t.user('licensing_officer');
}, 120_000);
afterAll(async () => t?.close());

/** EU007 (intra-group technology) is available only with an internal compliance programme. */
const eu007 = (icp: boolean) => ({ policy: 'eu', destination: 'IN', endUse: 'civil', items: [{ code: '1E001' }], exporter: { establishedIn: 'DE', icp } });

async function outcome(user: TestUser, icp: boolean) {
  const r = await t.as(user).post('/api/determinations', eu007(icp));
  expect(r.statusCode, r.body).toBe(200);
  const item = r.json().items[0];
  return { outcome: item.outcome as string, gls: (item.generalLicences ?? []).map((g: { id: string }) => g.id) as string[], icpTrace: item.trace.find((x: { rule: string }) => x.rule === 'icp-assessment') as { detail: string } | undefined };
}

async function audit(organisationId: string, score: number) {
  const planned = await t.as(enforcement).post('/api/enforcement/audits', { organisationId, basis: 'Determination test audit', plannedOn: '2026-12-10' });
  expect(planned.statusCode, planned.body).toBe(201);
  const base = `/api/enforcement/audits/${planned.json().id}`;
  for (const element of ELEMENT_IDS) expect((await t.as(enforcement).post(`${base}/checklist`, { element, score })).statusCode).toBeLessThan(300);
  const done = await t.as(enforcement).post(`${base}/complete`);
  expect(done.statusCode, done.body).toBeLessThan(300);
  return done.json().currentRating.rating as string;
}

describe("the authority's ICP audit decides exporter.icp", () => {
  it('an unaudited exporter is taken at its word, and the trace does not claim an assessment', async () => {
    expect(await outcome(notAudited, true)).toMatchObject({ outcome: 'general_licence', gls: ['EU007'], icpTrace: undefined });
    expect((await outcome(notAudited, false)).outcome).toBe('individual_licence_required');
  });

  it('a poor audit takes EU007 away from an exporter that declares an ICP, and says why', async () => {
    expect(await audit(audited.organisationId, 0)).toBe('inadequate');
    const r = await outcome(audited, true);
    expect(r.outcome).toBe('individual_licence_required');
    expect(r.icpTrace?.detail).toMatch(/rates this exporter's internal compliance programme "inadequate", so it counts as not in place \(the exporter declared one\)/);
    // Another exporter is not affected by this audit.
    expect((await outcome(notAudited, true)).gls).toEqual(['EU007']);
    // An officer asking on no one's behalf is taken at the input's word (the audit is the exporter's).
    expect((await t.as(officer).post('/api/determinations', eu007(true))).json().items[0].outcome).toBe('general_licence');
  });

  it('a good later audit puts the ICP in place even when the exporter leaves the box unticked', async () => {
    expect(await audit(audited.organisationId, 3)).toBe('strong');
    const r = await outcome(audited, false);
    expect(r).toMatchObject({ outcome: 'general_licence', gls: ['EU007'] });
    expect(r.icpTrace?.detail).toMatch(/"strong", so it counts as in place \(the exporter declared none\)/);
  });
});
