import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { seedScreening } from '../screening/lists.service.js';
import { declaration, ok } from './customs.fixtures.js';
import { generateReturnsAndRemind } from './gl-returns.service.js';
import { generalLicenceUseByDestination } from './stats.js';
import { buildReport, parsePeriod, reportToCsv, suppressReport } from '../transparency/report.js';
import { PublicReportSchema } from '../transparency/schema.js';

let t: TestApp;
let exporter: TestUser;
let exporterB: TestUser;
let customs: TestUser;
let officer: TestUser;
const clock = new FixedClock(new Date('2026-03-10T09:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedScreening(t.deps, ['un-sc', 'bis-dpl']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  customs = await t.user('customs_officer');
  officer = await t.user('licensing_officer');
}, 120_000);
afterAll(async () => t?.close());

const post = (u: TestUser, body: unknown) => t.as(u).post('/api/customs/declarations', body);
const codes = (line: { reasons: { code: string }[] }) => line.reasons.map((r) => r.code);
const gl = (reference: string, controlCode: string, over: Record<string, unknown> = {}) =>
  declaration({ consignee: { name: 'Maple Leaf Instruments Inc', country: 'CA' }, endUser: null, destination: 'CA', ...over }, { controlCode, authorisation: { kind: 'general', reference } });

describe('general licences', () => {
  it('lists the bundled UGEAs with their terms; EU001 must be registered before first use', async () => {
    const list = (await ok(t.as(exporter).get('/api/customs/general-licences'))).generalLicences;
    expect(list.map((g: { id: string }) => g.id)).toEqual(['EU001', 'EU002', 'EU003', 'EU004', 'EU005', 'EU006', 'EU007', 'EU008']);
    const eu001 = list[0];
    expect(eu001.registrationTiming).toBe('before_first_use');
    expect(eu001.destinations).toEqual(expect.arrayContaining(['CA', 'US', 'JP']));
    expect(eu001.excluded.length).toBeGreaterThan(5);
  });

  it('holds a use without registration; after registering the same use is released; conditions are checked', async () => {
    const first = await ok(post(exporter, gl('EU001', '3A001.a.1')));
    expect(first.declaration.lines[0].status).toBe('held');
    expect(codes(first.declaration.lines[0])).toEqual(['general_licence_not_registered']);
    expect((await t.as(customs).post('/api/customs/general-licences/EU001/registrations')).statusCode).toBe(403);
    const reg = await ok(t.as(exporter).post('/api/customs/general-licences/EU001/registrations'));
    expect(reg.status).toBe('registered');
    expect((await t.as(exporter).post('/api/customs/general-licences/EU001/registrations')).statusCode).toBe(409);
    const second = await ok(post(exporter, gl('EU001', '3A001.a.1')));
    expect(second.declaration.lines[0]).toMatchObject({ status: 'released', reasons: [], generalLicence: 'EU001' });

    // Destination outside the licence, and an item excluded from it (the first Annex II Section I code).
    const eu001 = (await ok(t.as(exporter).get('/api/customs/general-licences'))).generalLicences[0];
    const excluded = eu001.excluded.find((c: string) => /^\d[A-E]\d{3}/.test(c));
    const bad = await ok(post(exporter, gl('EU001', excluded, { destination: 'CN', consignee: { name: 'Great Wall Optics', country: 'CN' } })));
    expect(codes(bad.declaration.lines[0])).toEqual(expect.arrayContaining(['general_licence_destination', 'general_licence_item_excluded']));
    const unknown = await ok(post(exporter, gl('EU999', '3A001')));
    expect(unknown.declaration.lines[0]).toMatchObject({ status: 'rejected', reasons: [{ code: 'general_licence_unknown' }] });

    // Suspension of the registration holds further use until reinstated.
    const regs = (await ok(t.as(customs).get('/api/customs/registrations'))).registrations;
    const mine = regs.find((r: { organisationId: string; generalLicence: string }) => r.organisationId === exporter.organisationId && r.generalLicence === 'EU001');
    expect((await t.as(exporterB).post(`/api/customs/registrations/${mine.id}/suspend`, { reason: 'x' })).statusCode).toBe(403);
    await ok(t.as(customs).post(`/api/customs/registrations/${mine.id}/suspend`, { reason: 'Compliance audit failed' }));
    const suspended = await ok(post(exporter, gl('EU001', '3A001.a.1')));
    expect(codes(suspended.declaration.lines[0])).toEqual(['general_licence_registration_suspended']);
    await ok(t.as(customs).post(`/api/customs/registrations/${mine.id}/reinstate`, { reason: 'Audit passed' }));
    expect((await ok(post(exporter, gl('EU001', '3A001.a.1')))).declaration.lines[0].status).toBe('released');
    expect((await ok(t.as(exporterB).get('/api/customs/registrations'))).registrations).toHaveLength(0);
  });

  it('registration after first use: the first use opens a deadline, a use after it is held until the exporter registers', async () => {
    // EU005 (telecommunications; registration within 30 days of first use by default); an officer shortens it to 10 days.
    expect((await t.as(exporter).patch('/api/customs/general-licences/EU005', { registrationDeadlineDays: 10 })).statusCode).toBe(403);
    expect((await ok(t.as(officer).patch('/api/customs/general-licences/EU005', { registrationDeadlineDays: 10 }))).registrationDeadlineDays).toBe(10);
    const eu005 = (await ok(t.as(exporterB).get('/api/customs/general-licences'))).generalLicences.find((g: { id: string }) => g.id === 'EU005');
    expect(eu005).toMatchObject({ registrationTiming: 'after_first_use', listsComplete: true });
    const kr = { destination: 'KR', consignee: { name: 'Hangang Telecom Co', country: 'KR' } };
    const first = await ok(post(exporterB, gl('EU005', '5A001.c', kr)));
    expect(first.declaration.lines[0]).toMatchObject({ status: 'released', reasons: [] });
    const reg = (await ok(t.as(exporterB).get('/api/customs/registrations'))).registrations;
    expect(reg).toEqual([expect.objectContaining({ generalLicence: 'EU005', status: 'pending', firstUseAt: '2026-03-10', registerBy: '2026-03-20' })]);
    expect((await ok(post(exporterB, gl('EU005', '5A001.c', { ...kr, date: '2026-03-20' })))).declaration.lines[0].status).toBe('released');
    const late = await ok(post(exporterB, gl('EU005', '5A001.c', { ...kr, date: '2026-03-21' })));
    expect(codes(late.declaration.lines[0])).toEqual(['general_licence_registration_overdue']);
    // A code outside EU005's item list is not covered.
    expect(codes((await ok(post(exporterB, gl('EU005', '3A001', kr)))).declaration.lines[0])).toContain('general_licence_item_not_covered');
    await ok(t.as(exporterB).post('/api/customs/general-licences/EU005/registrations'));
    expect((await ok(post(exporterB, gl('EU005', '5A001.c', { ...kr, date: '2026-03-22' })))).declaration.lines[0].status).toBe('released');
  });

  it('opens periodic returns, reminds, lists the overdue ones for officers; the exporter files what customs recorded', async () => {
    clock.set('2026-08-15T09:00:00Z');
    const ctx = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    const r = await generateReturnsAndRemind(ctx);
    expect(r.opened).toBeGreaterThanOrEqual(1);
    const mine = (await ok(t.as(exporter).get('/api/customs/returns'))).returns;
    const ret = mine.find((x: { generalLicence: string }) => x.generalLicence === 'EU001');
    expect(ret).toMatchObject({ periodStart: '2026-01-01', periodEnd: '2026-06-30', dueOn: '2026-07-30', status: 'due', overdue: true });
    expect((await ok(t.as(exporter).get('/api/notifications'))).notifications.some((n: { kind: string }) => n.kind === 'customs.gl_return_due')).toBe(true);
    const overdue = (await ok(t.as(customs).get('/api/customs/returns/overdue'))).overdue;
    expect(overdue.some((x: { id: string; organisation: string }) => x.id === ret.id && x.organisation === 'Exporter A Ltd')).toBe(true);
    expect((await t.as(exporter).get('/api/customs/returns/overdue')).statusCode).toBe(403);
    expect((await t.as(exporterB).post(`/api/customs/returns/${ret.id}/file`, {})).statusCode).toBe(404);
    const filed = await ok(t.as(exporter).post(`/api/customs/returns/${ret.id}/file`, { note: 'As recorded' }));
    // Two released EU001 lines to Canada in the period (after registration, and after reinstatement).
    expect(filed.summary).toEqual([{ controlCode: '3A001.a.1', destination: 'CA', consignee: 'Maple Leaf Instruments Inc', unit: 'items', currency: 'GBP', lines: 2, quantity: 6, value: 6000 }]);
    expect((await ok(t.as(customs).get('/api/customs/returns/overdue'))).overdue.some((x: { id: string }) => x.id === ret.id)).toBe(false);
    // Second run: nothing new to open.
    expect((await generateReturnsAndRemind(ctx)).opened).toBe(0);
  });

  it('feeds transparency an aggregate of general-licence use by destination with small cells suppressed', async () => {
    const rows = await generalLicenceUseByDestination(t.deps.db, { from: '2026-01-01', to: '2026-12-31' });
    const ca = rows.find((r) => r.generalLicence === 'EU001' && r.destination === 'CA')!;
    expect(ca.suppressed).toBe(true);
    expect(ca.lines).toBeNull();
    const open = await generalLicenceUseByDestination(t.deps.db, { from: '2026-01-01', to: '2026-12-31', minCell: 1 });
    expect(open.find((r) => r.generalLicence === 'EU001' && r.destination === 'CA')).toMatchObject({ lines: 2, exporters: 1, value: 6000, suppressed: false });

    // Wired into the transparency report: officers see the figures, the public edition shows "<5" and no value.
    const full = await buildReport(t.deps.db, parsePeriod('2026'), new Date());
    expect(full.generalLicenceUse).toContainEqual({ generalLicence: 'EU001', destination: 'CA', currency: 'GBP', lines: 2, exporters: 1, value: 6000 });
    const pub = suppressReport(full);
    expect(pub.generalLicenceUse).toContainEqual({ generalLicence: 'EU001', destination: 'CA', currency: 'GBP', lines: '<5', exporters: '<5', value: null });
    expect(PublicReportSchema.safeParse({ ...pub, revision: 1, publishedAt: new Date().toISOString() }).success).toBe(true);
    expect(reportToCsv(pub)).toContain('general_licence_use,EU001,CA GBP,value,\r\n');
    expect((await buildReport(t.deps.db, parsePeriod('2025'), new Date())).generalLicenceUse).toEqual([]);
  });
});
