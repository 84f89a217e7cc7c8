import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedPacks } from './determination.service.js';

let t: TestApp;
let exporter: TestUser;
let exporterB: TestUser;
let officer: TestUser;
let senior: TestUser;

const body = (over: Record<string, unknown> = {}) => ({
  policy: 'eu',
  exporter: { establishedIn: 'DE' },
  destination: 'JP',
  endUse: 'civil',
  items: [{ code: '1A002', quantity: 10, value: 12000 }],
  ...over,
});

beforeAll(async () => {
  t = await createTestApp();
  await seedPacks(t.deps, ['eu', 'us']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  officer = await t.user('licensing_officer');
  senior = await t.user('senior_officer');
});
afterAll(async () => t?.close());

describe('POST /api/determinations', () => {
  it('rejects anonymous callers with 401', async () => {
    const res = await t.as(null).post('/api/determinations', body());
    expect(res.statusCode).toBe(401);
  });

  it('rejects bad input with 400 naming the field and the reason', async () => {
    const a = await t.as(exporter).post('/api/determinations', body({ destination: 'JAPAN' }));
    expect(a.statusCode).toBe(400);
    expect(a.json().error.fields.destination).toMatch(/two-letter/);
    const b = await t.as(exporter).post('/api/determinations', body({ items: [{ code: 'not-a-code' }] }));
    expect(b.statusCode).toBe(400);
    expect(b.json().error.fields['items.0.code']).toMatch(/control code/);
    const c = await t.as(exporter).post('/api/determinations', body({ policy: 'xx' }));
    expect(c.statusCode).toBe(400);
    expect(Object.keys(c.json().error.fields)).toContain('policy');
    const d = await t.as(exporter).post('/api/determinations', body({ items: [] }));
    expect(d.statusCode).toBe(400);
    const e = await t.as(exporter).post('/api/determinations', body({ endUse: 'fun' }));
    expect(e.json().error.fields.endUse).toBeTruthy();
    const f = await t.as(exporter).post('/api/determinations', body({ date: '2026-02-31' }));
    expect(f.json().error.fields.date).toMatch(/real date/);
    const g = await t.as(exporter).post('/api/determinations', body({ items: [{}] }));
    expect(g.json().error.fields['items.0']).toMatch(/description/);
  });

  it('returns the contract shape: outcome, items with general licences, tier, exemptions, trace; and policyVersion', async () => {
    const res = await t.as(exporter).post('/api/determinations', body());
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.outcome).toBe('general_licence');
    expect(r.policyVersion).toBe('eu-2021-821@1');
    expect(r.id).toMatch(/[0-9a-f-]{36}/);
    const item = r.items[0];
    expect(item.code).toBe('1A002');
    expect(item.tier).toBe('low');
    expect(item.generalLicences[0].id).toBe('EU001');
    expect(item.generalLicences[0].conditions.length).toBeGreaterThan(2);
    expect(Array.isArray(item.exemptions)).toBe(true);
    for (const tr of item.trace) {
      expect(typeof tr.rule).toBe('string');
      expect(typeof tr.applied).toBe('boolean');
      expect(tr.citation).toContain('eu-2021-821@1');
      expect(typeof tr.detail).toBe('string');
    }
    expect(item.trace.find((x: any) => x.rule === 'general-licence:EU001').applied).toBe(true);
  });

  it('uses the US pack: Iran is embargoed, GBS to Brazil', async () => {
    const a = (await t.as(exporter).post('/api/determinations', body({ policy: 'us', destination: 'IR', items: [{ code: 'EAR99' }] }))).json();
    expect(a.outcome).toBe('prohibited');
    expect(a.policyVersion).toBe('us-ear@1');
    const b = (await t.as(exporter).post('/api/determinations', body({ policy: 'us', destination: 'BR', items: [{ code: '3C005' }] }))).json();
    expect(b.items[0].generalLicences.map((g: any) => g.id)).toEqual(['GBS']);
  });

  it('a policy with no pack in force on the date is 422, not a 500', async () => {
    const res = await t.as(exporter).post('/api/determinations', body({ policy: 'uk' }));
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.date).toBeTruthy();
  });
});

describe('GET /api/determination/options', () => {
  it('needs sign-in and lists the packs in force with countries', async () => {
    expect((await t.as(null).get('/api/determination/options')).statusCode).toBe(401);
    const o = (await t.as(exporter).get('/api/determination/options')).json();
    expect(o.policies.map((p: any) => p.policy)).toEqual(['eu', 'us']);
    expect(o.policies[0].generalLicences.map((g: any) => g.id)).toContain('EU008');
    expect(o.countries.find((c: any) => c.code === 'JP')?.name).toBe('Japan');
  });

  it('seeding again is idempotent (one version per bundled pack)', async () => {
    await seedPacks(t.deps, ['eu', 'us']);
    const packs = (await t.as(exporter).get('/api/determination/packs')).json().packs;
    expect(packs.map((p: any) => p.versionLabel).sort()).toEqual(['eu-2021-821@1', 'us-ear@1']);
  });
});

describe('stored determinations', () => {
  let id: string;
  beforeAll(async () => {
    id = (await t.as(exporter).post('/api/determinations', body({ destination: 'CN' }))).json().id;
  });

  it('the owner organisation and authority readers can read it; another organisation gets 404', async () => {
    const own = await t.as(exporter).get(`/api/determinations/${id}`);
    expect(own.statusCode).toBe(200);
    expect(own.json().result.outcome).toBe('individual_licence_required');
    expect(own.json().input.destination).toBe('CN');
    expect((await t.as(officer).get(`/api/determinations/${id}`)).statusCode).toBe(200);
    expect((await t.as(exporterB).get(`/api/determinations/${id}`)).statusCode).toBe(404);
    expect((await t.as(exporter).get('/api/determinations/00000000-0000-0000-0000-000000000000')).statusCode).toBe(404);
  });

  it('lists only the caller organisation\'s determinations', async () => {
    await t.as(exporterB).post('/api/determinations', body({ destination: 'NO' }));
    const mine = (await t.as(exporter).get('/api/determinations')).json().determinations;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((d: any) => d.organisationId === exporter.organisationId)).toBe(true);
    const all = (await t.as(officer).get('/api/determinations?limit=500')).json().determinations;
    expect(all.some((d: any) => d.organisationId === exporterB.organisationId)).toBe(true);
  });

  it('records an audit event for each stored determination', async () => {
    const ev = await t.deps.db.selectFrom('audit_events').select(['action']).where('subject_id', '=', id).execute();
    expect(ev.map((e) => e.action)).toEqual(['determination.created']);
  });
});

describe('what-if replay and adoption', () => {
  let draftId: string;
  beforeAll(async () => {
    // A humanitarian shipment to Russia (the Art 2(3) exception applies) and a research one.
    await t.as(exporter).post('/api/determinations', body({ destination: 'RU', endUse: 'humanitarian', items: [{ code: '1A002', value: 5000 }] }));
    await t.as(exporter).post('/api/determinations', body({ destination: 'JP', endUse: 'research', exporter: { basicScientificResearch: true }, items: [{ code: '1E001', value: 700 }] }));
  });

  it('only officers may draft; bad changes are 400 with the change named', async () => {
    const change = [{ op: 'add_embargo_destination', embargo: 'ru-833', destination: 'JP' }];
    expect((await t.as(exporter).post('/api/determination/drafts', { policy: 'eu', changes: change })).statusCode).toBe(403);
    const bad = await t.as(officer).post('/api/determination/drafts', { policy: 'eu', changes: [{ op: 'add_embargo_destination', embargo: 'nope', destination: 'JP' }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields['changes.0.embargo']).toMatch(/no such embargo/);
    const badOp = await t.as(officer).post('/api/determination/drafts', { policy: 'eu', changes: [{ op: 'explode' }] });
    expect(badOp.statusCode).toBe(400);
  });

  it('replays a draft: how many outcomes change, which, trade value, humanitarian and research shipments', async () => {
    const res = await t.as(officer).post('/api/determination/drafts', {
      policy: 'eu',
      note: 'Sanction Japan (test) and narrow the humanitarian exception',
      changes: [
        { op: 'add_embargo_destination', embargo: 'ru-833', destination: 'JP' },
        { op: 'narrow_exemption', exemption: 'ru-833-humanitarian', excludeDestinations: ['RU'] },
      ],
    });
    expect(res.statusCode).toBe(201);
    draftId = res.json().id;
    const rep = await t.as(officer).post(`/api/determination/drafts/${draftId}/replay`);
    expect(rep.statusCode).toBe(200);
    const r = rep.json();
    const stored = (await t.deps.db.selectFrom('determinations').select(['id', 'destination', 'end_use', 'total_value', 'input']).where('policy', '=', 'eu').execute());
    // Every stored EU determination to JP changes (listed items become prohibited; the research technology decontrolled by
    // the General Technology Note becomes review_required, since the regime's goods annexes are not held), and the humanitarian one to RU.
    const decontrolled = (d: { input: string }) => JSON.parse(d.input).exporter?.basicScientificResearch === true;
    const expected = stored.filter((d) => d.destination === 'JP' || (d.destination === 'RU' && d.end_use === 'humanitarian'));
    expect(r.total).toBe(stored.length);
    expect(r.changed).toBe(expected.length);
    expect(r.tradeValueAffected).toBe(expected.reduce((s, d) => s + Number(d.total_value), 0));
    expect(r.humanitarianAffected).toBe(1);
    expect(r.researchAffected).toBe(1);
    expect(r.stricter).toBe(r.changed);
    expect(new Set(r.changes.map((c: any) => c.after))).toEqual(new Set(['prohibited', 'review_required']));
    expect(r.changes.find((c: any) => c.after === 'review_required')?.determinationId).toBe(stored.find(decontrolled)!.id);
    expect(r.transitions['general_licence→prohibited']).toBeGreaterThan(0);
    const again = await t.as(officer).get(`/api/determination/replays/${r.id}`);
    expect(again.json().changed).toBe(r.changed);
    expect((await t.as(exporter).get(`/api/determination/replays/${r.id}`)).statusCode).toBe(403);
  });

  it('adopting needs a senior officer and creates a new version from its effective date (audited)', async () => {
    expect((await t.as(officer).post(`/api/determination/drafts/${draftId}/adopt`, { effectiveFrom: '2030-01-01' })).statusCode).toBe(403);
    const res = await t.as(senior).post(`/api/determination/drafts/${draftId}/adopt`, { effectiveFrom: '2030-01-01' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ version: 2, effectiveFrom: '2030-01-01', versionLabel: 'eu-2021-821@2' });
    const before = (await t.as(exporter).post('/api/determinations', body({ date: '2029-12-31' }))).json();
    expect(before).toMatchObject({ policyVersion: 'eu-2021-821@1', outcome: 'general_licence' });
    const after = (await t.as(exporter).post('/api/determinations', body({ date: '2030-01-02' }))).json();
    expect(after).toMatchObject({ policyVersion: 'eu-2021-821@2', outcome: 'prohibited' });
    expect((await t.as(senior).post(`/api/determination/drafts/${draftId}/adopt`, { effectiveFrom: '2030-02-01' })).statusCode).toBe(409);
    const packs = (await t.as(exporter).get('/api/determination/packs?policy=eu')).json().packs;
    expect(packs.map((p: any) => [p.version, p.effectiveFrom, p.effectiveTo])).toEqual([
      [2, '2030-01-01', null],
      [1, '2021-09-09', '2030-01-01'],
    ]);
    const ev = await t.deps.db.selectFrom('audit_events').select('action').where('action', 'like', 'determination.pack%').execute();
    expect(ev.map((e) => e.action)).toEqual(expect.arrayContaining(['determination.pack_draft.created', 'determination.pack_draft.replayed', 'determination.pack.adopted']));
  });

  it('exporters read published packs but not drafts', async () => {
    expect((await t.as(exporter).get('/api/determination/packs/eu')).json().content.key).toBe('eu-2021-821');
    expect((await t.as(exporter).get(`/api/determination/packs/${draftId}`)).statusCode).toBe(404);
    expect((await t.as(exporter).get(`/api/determination/drafts/${draftId}`)).statusCode).toBe(403);
  });
});

describe('sample shipments for what-if demos', () => {
  it('loads real UK licence records once, and a Section I change replays over them', async () => {
    const { loadSampleDeterminations } = await import('./determination.service.js');
    const first = await loadSampleDeterminations(t.deps, { count: 300 });
    expect(first).toMatchObject({ stored: 300, skipped: false });
    expect((await loadSampleDeterminations(t.deps, { count: 300 })).skipped).toBe(true);
    const samples = await t.deps.db.selectFrom('determinations').select(['input', 'outcome']).where('source', '=', 'sample').execute();
    const eu001With5A002 = samples.filter((s) => JSON.parse(s.input).items[0].code === '5A002' && s.outcome === 'general_licence').length;
    expect(eu001With5A002).toBeGreaterThan(0);
    const draft = (await t.as(officer).post('/api/determination/drafts', { policy: 'eu', changes: [{ op: 'add_section_i_code', code: '5A002' }] })).json();
    const r = (await t.as(officer).post(`/api/determination/drafts/${draft.id}/replay`)).json();
    expect(r.changed).toBe(eu001With5A002);
    expect(Object.keys(r.transitions)).toEqual(['general_licence→individual_licence_required']);
  });
});
