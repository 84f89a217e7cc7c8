import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { declaration, issueLicence, officers, ok, type Officers } from '../customs/customs.fixtures.js';
import { seedScreening } from '../screening/lists.service.js';
import { runDeadlines } from './deadlines.service.js';

let t: TestApp;
let exporter: TestUser;
let agent: TestUser;
let otherAgent: TestUser;
let oversight: TestUser;
let o: Officers;
const clock = new FixedClock(new Date('2026-03-10T09:00:00Z'));
const END_USER = { name: 'Falcon Dunes Trading LLC', country: 'AE' };

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedScreening(t.deps, ['bis-dpl']);
  exporter = await t.user('exporter');
  agent = await t.user('adviser', { org: 'Embassy Abu Dhabi', orgKind: 'partner_agency' });
  otherAgent = await t.user('adviser', { org: 'Partner Authority B', orgKind: 'partner_agency' });
  oversight = await t.user('oversight');
  o = await officers(t);
}, 180_000);
afterAll(async () => t?.close());

/** An application naming the end user, submitted (an open case). */
async function submitCase(endUser = END_USER) {
  const ex = t.as(exporter);
  const body = {
    destination: 'AE',
    endUse: 'Port security surveillance for a civil harbour authority',
    declarations: { militaryEndUse: false, accepted: true },
    goods: [{ description: 'Marine radar transceiver', rating: '6A008', quantity: 2, unit: 'items', value: 2000, currency: 'GBP' }],
    parties: [
      { role: 'consignee', name: 'Gulf Harbour Logistics FZE', address: '1 Port Road, Jebel Ali', country: 'AE' },
      { role: 'end_user', name: endUser.name, address: '9 Creek Street, Dubai', country: endUser.country },
    ],
  };
  const id = (await ok(ex.post('/api/applications', body))).id as string;
  await ok(ex.post(`/api/applications/${id}/submit`));
  return id;
}

const flagsOf = (appId: string) => t.deps.db.selectFrom('lic_flags').selectAll().where('application_id', '=', appId).where('cleared_at', 'is', null).execute();

describe('end-use checks: proposal → report → Unverified List → screening → removal', () => {
  let licence: any;
  let checkId: string;
  let listingId: string;
  let openCase: string;

  it('proposes a post-shipment check for a shipped licence to a diversion hub, with the score explained', async () => {
    licence = await issueLicence(t, exporter, o, { destination: 'AE', consignee: { name: 'Gulf Harbour Logistics FZE', country: 'AE' }, endUser: END_USER });
    const dec = declaration({ destination: 'AE', consignee: { name: 'Gulf Harbour Logistics FZE', country: 'AE', address: '1 Port Road' }, endUser: END_USER }, { authorisation: { kind: 'individual', reference: licence.reference } });
    const d = await t.as(exporter).post('/api/customs/declarations', dec);
    expect(d.json().declaration.lines[0].status, d.body).toBe('released');
    expect((await t.as(exporter).post('/api/verifications/proposals/run')).statusCode).toBe(403);
    const run = await ok(t.as(o.officer).post('/api/verifications/proposals/run'));
    expect(run.proposed).toBeGreaterThanOrEqual(1);
    const list = await ok(t.as(o.officer).get('/api/verifications/proposals'));
    const p = list.proposals.find((x: any) => x.party.name === END_USER.name);
    expect(p.score).toBeGreaterThanOrEqual(40);
    expect(p.explanation.map((f: any) => f.factor)).toEqual(expect.arrayContaining(['sensitivity', 'diversion_hub', 'time_since_check']));
    expect(p.explanation.find((f: any) => f.factor === 'diversion_hub').detail).toContain('AE');
    // Running again proposes nothing new for the same licence and party.
    const again = await ok(t.as(o.officer).post('/api/verifications/proposals/run'));
    expect(again.proposed).toBe(0);
    const acc = await ok(t.as(o.officer).post(`/api/verifications/proposals/${p.id}/decide`, { decision: 'accept' }));
    checkId = acc.checkId;
    expect(checkId).toBeTruthy();
  });

  it('assigns to a partner agency user, who alone sees it; another agency gets 404', async () => {
    const bad = await t.as(o.officer).post(`/api/verifications/${checkId}/assign`, { userId: exporter.id });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.userId).toMatch(/partner agency/);
    await ok(t.as(o.officer).post(`/api/verifications/${checkId}/assign`, { userId: agent.id }));
    expect((await ok(t.as(agent).get('/api/verifications'))).checks.map((c: any) => c.id)).toEqual([checkId]);
    expect((await ok(t.as(otherAgent).get('/api/verifications'))).checks).toHaveLength(0);
    expect((await t.as(otherAgent).get(`/api/verifications/${checkId}`)).statusCode).toBe(404);
    expect((await t.as(otherAgent).post(`/api/verifications/${checkId}/report`, { visitedOn: '2026-03-09', outcome: 'verified', findings: 'All goods seen in place.' })).statusCode).toBe(404);
    expect((await t.as(agent).post('/api/verifications/proposals/run')).statusCode).toBe(403);
    expect((await t.as(exporter).get(`/api/verifications/${checkId}`)).statusCode).toBe(403);
  });

  it('takes the report with serial numbers against the licence and evidence; an unfavourable outcome proposes listing', async () => {
    openCase = await submitCase();
    const view = await ok(t.as(agent).get(`/api/verifications/${checkId}`));
    const good = view.licence.goods[0];
    const future = await t.as(agent).post(`/api/verifications/${checkId}/report`, { visitedOn: '2027-01-01', outcome: 'verified', findings: 'x' });
    expect(future.statusCode).toBe(400);
    expect(Object.keys(future.json().error.fields)).toEqual(expect.arrayContaining(['visitedOn']));
    const badFile = await t.as(agent).post(`/api/verifications/${checkId}/report`, { visitedOn: '2026-03-09', outcome: 'unfavourable', findings: 'Two radars missing at the end user.', evidence: [{ filename: 'a.pdf', contentType: 'application/pdf', contentBase64: Buffer.from('MZ not a pdf').toString('base64') }] });
    expect(badFile.statusCode).toBe(400);
    expect(badFile.json().error.fields['evidence.0']).toMatch(/does not look like/);
    const r = await ok(
      t.as(agent).post(`/api/verifications/${checkId}/report`, {
        visitedOn: '2026-03-09',
        outcome: 'unfavourable',
        findings: 'One radar seen; the end user could not account for the other two.',
        items: [{ goodId: good.id, description: good.description, serialNumbers: ['SN-001'], quantitySeen: 1 }],
        evidence: [{ filename: 'photo.txt', contentType: 'text/plain', contentBase64: Buffer.from('site photo notes').toString('base64') }],
      }),
    );
    expect(r.report.items[0]).toMatchObject({ quantitySeen: 1, quantityShipped: 3, difference: -2, serialNumbers: ['SN-001'] });
    const file = await t.as(o.officer).get(`/api/verifications/${checkId}/evidence/${r.report.evidenceFileIds[0]}`);
    expect(file.body).toBe('site photo notes');
    const again = await t.as(agent).post(`/api/verifications/${checkId}/report`, { visitedOn: '2026-03-09', outcome: 'verified', findings: 'Second report attempt.' });
    expect(again.statusCode).toBe(409);
    const props = await ok(t.as(o.officer).get('/api/verifications/unverified?status=proposed'));
    const l = props.listings.find((x: any) => x.party.name === END_USER.name);
    expect(l.checkId).toBe(checkId);
    listingId = l.id;
  });

  it('on confirmation lists the party in screening, flags the open case and a new application naming it', async () => {
    const noDate = await t.as(o.officer).post(`/api/verifications/unverified/${listingId}/confirm`, { reason: 'Goods unaccounted for' });
    expect(noDate.statusCode).toBe(400);
    const c = await ok(t.as(o.officer).post(`/api/verifications/unverified/${listingId}/confirm`, { reason: 'Two radars unaccounted for at the end user', reviewOn: '2027-03-10' }));
    expect(c.flaggedCases.map((x: any) => x.applicationId)).toContain(openCase);
    expect((await flagsOf(openCase)).some((f) => f.code === 'unverified_list' && f.blocking === 1)).toBe(true);
    const s = await ok(t.as(o.officer).post('/api/screening/search', { name: 'Falcon Dunes Trading', country: 'AE' }));
    const hit = (s.matches ?? s.results ?? []).find((m: any) => m.source === 'clearway-unverified');
    expect(hit?.list).toBe('Unverified List');
    const fresh = await submitCase();
    const flag = (await flagsOf(fresh)).find((f) => f.code === 'screening_hit');
    expect(flag?.details).toContain('clearway-unverified');
    const rel = await ok(t.as(oversight).get(`/api/parties/${licence.parties?.[1]?.id ?? (await endUserPartyId())}/reliability`));
    expect(rel.score).toBeLessThan(100);
    expect(rel.computation.components.map((x: any) => x.what)).toEqual(expect.arrayContaining(['end-use checks unfavourable', 'on the Unverified List']));
    expect(rel.checks[0].report.outcome).toBe('unfavourable');
    expect(rel.licences.map((x: any) => x.reference)).toContain(licence.reference);
  });

  it('removes the party after a later favourable check (audited), and screening no longer shows it', async () => {
    const early = await t.as(o.officer).post(`/api/verifications/unverified/${listingId}/remove`, { reason: 'No longer needed', checkId });
    expect(early.statusCode).toBe(400);
    const partyId = await endUserPartyId();
    const second = await ok(t.as(o.officer).post('/api/verifications', { kind: 'post_shipment', subject: { licenceId: licence.id }, partyId, reason: 'Follow-up visit after listing' }));
    await ok(t.as(o.officer).post(`/api/verifications/${second.id}/assign`, { userId: agent.id }));
    await ok(t.as(agent).post(`/api/verifications/${second.id}/report`, { visitedOn: '2026-03-10', outcome: 'verified', findings: 'All three radars seen installed at the harbour.' }));
    const told = await t.deps.db.selectFrom('notifications').select('kind').where('user_id', '=', o.officer.id).where('kind', '=', 'verification.removal_possible').execute();
    expect(told).toHaveLength(1);
    await ok(t.as(o.officer).post(`/api/verifications/unverified/${listingId}/remove`, { reason: 'Favourable follow-up check', checkId: second.id }));
    const s = await ok(t.as(o.officer).post('/api/screening/search', { name: 'Falcon Dunes Trading', country: 'AE' }));
    expect((s.matches ?? s.results ?? []).some((m: any) => m.source === 'clearway-unverified')).toBe(false);
    const audit = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', listingId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['verification.listing_proposed', 'verification.party_listed', 'verification.party_removed']));
  });

  it('escalates an overdue check once and lists it as overdue', async () => {
    const partyId = await endUserPartyId();
    const c = await ok(t.as(o.officer).post('/api/verifications', { kind: 'post_shipment', subject: { licenceId: licence.id }, partyId, reason: 'Deadline test', dueOn: '2026-03-11' }));
    clock.set(new Date('2026-03-20T09:00:00Z'));
    const ctx = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    expect((await runDeadlines(ctx)).escalated).toBe(1);
    expect((await runDeadlines(ctx)).escalated).toBe(0);
    // A listing whose review date has come: its confirming officer is told once.
    await t.deps.db.updateTable('ver_unverified').set({ status: 'listed', review_on: '2026-03-15', confirmed_by: o.officer.id }).where('id', '=', listingId).execute();
    expect((await runDeadlines(ctx)).reviews).toBe(1);
    expect((await runDeadlines(ctx)).reviews).toBe(0);
    const told = await t.deps.db.selectFrom('notifications').select('kind').where('user_id', '=', o.officer.id).where('kind', '=', 'verification.review_due').execute();
    expect(told).toHaveLength(1);
    const overdue = await ok(t.as(o.officer).get('/api/verifications?overdue=true'));
    expect(overdue.checks.map((x: any) => x.id)).toContain(c.id);
    expect(overdue.checks.find((x: any) => x.id === c.id).escalatedAt).toBeTruthy();
  });
});

async function endUserPartyId() {
  const lic = await t.deps.db.selectFrom('lic_parties').select('id').where('name', '=', END_USER.name).orderBy('id').execute();
  // The licence's application was the first to name the end user.
  const apps = await t.deps.db.selectFrom('lic_licences').select('application_id').execute();
  const appIds = new Set(apps.map((a) => a.application_id));
  const rows = await t.deps.db.selectFrom('lic_parties').select(['id', 'application_id']).where('name', '=', END_USER.name).execute();
  return (rows.find((r) => appIds.has(r.application_id)) ?? lic[0])!.id;
}

describe('end-use check statistics', () => {
  it('counts reported checks by kind, destination and outcome, small cells shown as <5, for anyone', async () => {
    const s = await ok(t.as(null).get('/api/public/reports/2026/end-use-checks'));
    const reported = await t.deps.db.selectFrom('ver_checks').select('id').where('status', '=', 'reported').execute();
    expect(reported.length).toBeGreaterThan(0);
    expect(reported.length).toBeLessThan(5);
    expect(s.reported).toBe('<5');
    expect(s.byOutcome.map((x: any) => x.value).sort()).toEqual(['unfavourable', 'verified']);
    expect(s.byOutcome.every((x: any) => x.count === '<5')).toBe(true);
    expect(s.byDestination).toEqual([{ value: 'AE', count: '<5' }]);
    expect((await t.as(null).get('/api/public/reports/20x6/end-use-checks')).statusCode).toBe(400);
    // Five more reported checks in the period: the kind cell shows its real count.
    const rows = Array.from({ length: 5 }, (_, i) => ({ ...base, id: `00000000-0000-0000-0000-00000000000${i}`, reference: `EUC-STAT-${i}` }));
    await t.deps.db.insertInto('ver_checks').values(rows).execute();
    const s2 = await ok(t.as(null).get('/api/public/reports/2026/end-use-checks'));
    expect(s2.byKind.find((x: any) => x.value === 'pre_licence').count).toBe(5);
  });
});

const base = {
  kind: 'pre_licence', status: 'reported', application_id: null, licence_id: null, declaration_reference: null, party_id: 'p', party_name: 'Stat Party', party_country: 'FR', party_key: 'stat party|FR', destination: 'FR', reason: 'statistics fixture',
  requested_by: 'system', assigned_org_id: null, assigned_user_id: null, assigned_at: null, due_on: '2026-04-01', reminded_at: null, escalated_at: null, outcome: 'verified', visited_on: '2026-03-01', findings: 'fine', items_seen: '[]',
  evidence_file_ids: '[]', reported_by: null, reported_at: '2026-03-02T00:00:00.000Z', proposal_id: null, created_at: '2026-03-01T00:00:00.000Z', updated_at: '2026-03-02T00:00:00.000Z',
};

describe('races', () => {
  it('two reports on one check at once: one is stored, the other is a 409', async () => {
    const partyId = await endUserPartyId();
    const lic = await t.deps.db.selectFrom('lic_licences').select('id').orderBy('issued_at').executeTakeFirstOrThrow();
    const c = await ok(t.as(o.officer).post('/api/verifications', { kind: 'post_shipment', subject: { licenceId: lic.id }, partyId, reason: 'Race test check' }));
    await ok(t.as(o.officer).post(`/api/verifications/${c.id}/assign`, { userId: agent.id }));
    const body = (outcome: string) => ({ visitedOn: '2026-03-19', outcome, findings: `Race report saying ${outcome}.` });
    const res = await Promise.all([t.as(agent).post(`/api/verifications/${c.id}/report`, body('verified')), t.as(agent).post(`/api/verifications/${c.id}/report`, body('refused'))]);
    expect(res.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const audits = await t.deps.db.selectFrom('audit_events').select('action').where('subject_id', '=', c.id).where('action', '=', 'verification.check_reported').execute();
    expect(audits).toHaveLength(1);
  });
});

describe('requesting a check', () => {
  it('accepts the party as named on another case (same name and country), and refuses a party not on the licence', async () => {
    const lic = await t.deps.db.selectFrom('lic_licences').select('id').orderBy('issued_at').executeTakeFirstOrThrow();
    const other = await submitCase();
    const sameParty = await t.deps.db.selectFrom('lic_parties').select('id').where('application_id', '=', other).where('role', '=', 'end_user').executeTakeFirstOrThrow();
    const c = await ok(t.as(o.officer).post('/api/verifications', { kind: 'post_shipment', subject: { licenceId: lic.id }, partyId: sameParty.id, reason: 'Named on another case' }));
    expect(c.party.id).toBe(await endUserPartyId());
    expect(c.subject.licenceId).toBe(lic.id);
    const stranger = await submitCase({ name: 'Unrelated Souk Imports', country: 'AE' });
    const sp = await t.deps.db.selectFrom('lic_parties').select('id').where('application_id', '=', stranger).where('role', '=', 'end_user').executeTakeFirstOrThrow();
    const bad = await t.as(o.officer).post('/api/verifications', { kind: 'post_shipment', subject: { licenceId: lic.id }, partyId: sp.id, reason: 'Not on the licence' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.partyId).toMatch(/not named on the licence/);
    const both = await t.as(o.officer).post('/api/verifications', { kind: 'post_shipment', subject: { licenceId: lic.id, declarationReference: 'X' }, partyId: sp.id, reason: 'Two subjects' });
    expect(both.json().error.fields.subject).toMatch(/exactly one/);
  });
});

describe('deciding proposals', () => {
  it('defers until a date (skipped by the scheduler until then) and rejects with a reason; each only once', async () => {
    const partyId = await endUserPartyId();
    const lic = await t.deps.db.selectFrom('lic_licences').select(['id', 'reference']).orderBy('issued_at').executeTakeFirstOrThrow();
    const row = (id: string) => ({ id, licence_id: lic.id, licence_reference: lic.reference, party_id: partyId, party_name: END_USER.name, party_country: 'AE', party_key: 'x', destination: 'AE', score: 45, explanation: '[]', random_pick: 0, status: 'proposed', decided_by: null, decided_at: null, decision_reason: null, defer_until: null, check_id: null, created_at: '2026-03-20T00:00:00.000Z' });
    await t.deps.db.insertInto('ver_proposals').values([row('00000000-0000-0000-0000-0000000000d1'), row('00000000-0000-0000-0000-0000000000d2')]).execute();
    const noDate = await t.as(o.officer).post('/api/verifications/proposals/00000000-0000-0000-0000-0000000000d1/decide', { decision: 'defer', reason: 'Embassy busy this month' });
    expect(noDate.json().error.fields.deferUntil).toMatch(/after today/);
    const d = await ok(t.as(o.officer).post('/api/verifications/proposals/00000000-0000-0000-0000-0000000000d1/decide', { decision: 'defer', reason: 'Embassy busy this month', deferUntil: '2026-06-01' }));
    expect(d.proposal).toMatchObject({ status: 'deferred', deferUntil: '2026-06-01' });
    const noReason = await t.as(o.officer).post('/api/verifications/proposals/00000000-0000-0000-0000-0000000000d2/decide', { decision: 'reject' });
    expect(noReason.json().error.fields.reason).toBeTruthy();
    await ok(t.as(o.officer).post('/api/verifications/proposals/00000000-0000-0000-0000-0000000000d2/decide', { decision: 'reject', reason: 'Checked last quarter by the partner' }));
    expect((await t.as(o.officer).post('/api/verifications/proposals/00000000-0000-0000-0000-0000000000d2/decide', { decision: 'accept' })).statusCode).toBe(409);
    expect((await ok(t.as(oversight).get('/api/verifications/proposals?status=deferred'))).proposals.map((p: any) => p.id)).toContain('00000000-0000-0000-0000-0000000000d1');
  });
});
