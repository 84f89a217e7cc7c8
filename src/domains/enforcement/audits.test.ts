import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { icpRating } from './icp.port.js';
import { ELEMENT_IDS } from './icp.js';

const DAY = 86_400_000;
let t: TestApp;
let clock: FixedClock;
let officer: TestUser;
let exporter: TestUser;
let otherExporter: TestUser;

beforeAll(async () => {
  clock = new FixedClock(new Date('2026-12-07T10:00:00Z'));
  t = await createTestApp({ clock });
  officer = await t.user('enforcement_officer');
  exporter = await t.user('exporter');
  otherExporter = await t.user('exporter', { org: 'Exporter B GmbH' });
});
afterAll(async () => t?.close());

describe('ICP compliance audits', () => {
  it('scores the seven elements, rates the exporter, and findings move the rating', async () => {
    const org = exporter.organisationId;
    expect(await icpRating(t.deps.db, org, clock.now())).toBeNull();
    expect((await t.as(officer).get('/api/enforcement/exporters?q=exporter b')).json().exporters.map((x: { id: string }) => x.id)).toEqual([otherExporter.organisationId]);
    const planned = await t.as(officer).post('/api/enforcement/audits', { organisationId: org, basis: 'Risk targeting list: rank 3 (new dual-use exporter)', plannedOn: '2026-12-10' });
    expect(planned.statusCode, planned.body).toBe(201);
    const base = `/api/enforcement/audits/${planned.json().id}`;
    expect(planned.json().checklist.map((c: { element: string }) => c.element)).toEqual(ELEMENT_IDS);
    for (const element of ELEMENT_IDS.slice(0, 6)) await t.as(officer).post(`${base}/checklist`, { element, score: 3 });
    const early = await t.as(officer).post(`${base}/complete`);
    expect(early.statusCode).toBe(400);
    expect(early.json().error.fields.checklist).toMatch(/physical_information_security/);
    await t.as(officer).post(`${base}/checklist`, { element: 'physical_information_security', score: 2, note: 'Visitor log kept on paper' });
    const major = (await t.as(officer).post(`${base}/findings`, { element: 'transaction_screening', severity: 'major', description: 'End users not screened on re-exports', action: 'Screen every end user before shipment', dueOn: '2027-01-15' })).json().findings[0];
    const done = (await t.as(officer).post(`${base}/complete`)).json();
    // Mean 20/7 = 2.86 → strong, one open major finding → adequate.
    expect([done.status, done.ratingAtCompletion, done.currentRating.rating, done.currentRating.score]).toEqual(['completed', 'adequate', 'adequate', 2.86]);

    // Past the deadline the open finding costs one more level; closing it restores the scores' rating.
    clock.advance(45 * DAY);
    expect((await icpRating(t.deps.db, org, clock.now()))!.rating).toBe('weak');
    const closed = (await t.as(officer).post(`${base}/findings/${major.id}/close`, { note: 'Screening procedure and logs reviewed on site' })).json();
    expect(closed.currentRating).toMatchObject({ rating: 'strong', openFindings: { critical: 0, major: 0, minor: 0 } });
    expect((await t.as(officer).post(`${base}/checklist`, { element: 'recordkeeping', score: 0 })).statusCode).toBe(409);

    // The exporter sees its own rating; another exporter gets 404; a never-audited exporter is "not assessed" (null).
    expect((await t.as(exporter).get(`/api/enforcement/icp/${org}`)).json().icp.rating).toBe('strong');
    expect((await t.as(otherExporter).get(`/api/enforcement/icp/${org}`)).statusCode).toBe(404);
    expect((await t.as(otherExporter).get(`/api/enforcement/icp/${otherExporter.organisationId}`)).json().icp).toBeNull();
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', planned.json().id).orderBy('seq').execute();
    expect(audit.map((a) => a.action).filter((a, i, all) => all.indexOf(a) === i)).toEqual([
      'enforcement.icp_audit_planned', 'enforcement.icp_element_scored', 'enforcement.icp_finding_added', 'enforcement.icp_audit_completed', 'enforcement.icp_finding_closed',
    ]);
  });

  it('caps the rating at weak while a critical finding is open', async () => {
    const planned = (await t.as(officer).post('/api/enforcement/audits', { organisationId: otherExporter.organisationId, basis: 'Hotline report', plannedOn: '2027-01-25' })).json();
    const base = `/api/enforcement/audits/${planned.id}`;
    for (const element of ELEMENT_IDS) await t.as(officer).post(`${base}/checklist`, { element, score: 3 });
    await t.as(officer).post(`${base}/findings`, { element: 'management_commitment', severity: 'critical', description: 'No one is responsible for export control', action: 'Appoint an export control officer', dueOn: '2027-06-01' });
    expect((await t.as(officer).post(`${base}/complete`)).json().currentRating.rating).toBe('weak');
  });

  it('refuses a non-exporter and bad input with the field', async () => {
    const agency = await t.org('Some Agency', 'partner_agency');
    expect((await t.as(officer).post('/api/enforcement/audits', { organisationId: agency, basis: 'x'.repeat(5), plannedOn: '2027-01-01' })).json().error.fields.organisationId).toBeTruthy();
    expect(Object.keys((await t.as(officer).post('/api/enforcement/audits', { organisationId: exporter.organisationId, basis: 'ok basis', plannedOn: '1/1/27' })).json().error.fields)).toEqual(['plannedOn']);
    expect((await t.as(exporter).post('/api/enforcement/audits', { organisationId: exporter.organisationId, basis: 'self', plannedOn: '2027-01-01' })).statusCode).toBe(403);
  });
});
