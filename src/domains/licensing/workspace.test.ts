import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inflateSync } from 'node:zlib';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedPacks } from '../determination/determination.service.js';
import { seedScreening } from '../screening/lists.service.js';
import { resetIndexCache } from '../screening/screening.index.js';

let t: TestApp;
let clock: FixedClock;
let exporter: TestUser, exporterB: TestUser, officer: TestUser, officer2: TestUser, senior: TestUser, senior2: TestUser, adviser: TestUser;

beforeAll(async () => {
  clock = new FixedClock(new Date('2026-11-02T09:00:00Z'));
  resetIndexCache();
  t = await createTestApp({ clock, config: { authorityPolicy: 'uk' } });
  await seedPacks(t.deps, ['uk']);
  await seedScreening(t.deps, ['un-sc']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  officer = await t.user('licensing_officer');
  officer2 = await t.user('licensing_officer');
  senior = await t.user('senior_officer');
  senior2 = await t.user('senior_officer');
  adviser = await t.user('adviser', { team: 'defence' });
});
afterAll(async () => {
  await t?.deps.db.destroy();
  await new Promise((r) => setTimeout(r, 300));
  await t?.close();
});

const body = (over: Record<string, unknown> = {}) => ({
  destination: 'AU',
  endUse: 'Integration into maritime patrol radar systems for a navy',
  declarations: { militaryEndUse: true, accepted: true },
  goods: [{ description: 'Military radar transceiver module', rating: 'ML5', quantity: 10, unit: 'items', value: 250000, currency: 'GBP' }],
  parties: [
    { role: 'consignee', name: 'Harbour Systems Pty', address: '1 Dock Road, Sydney', country: 'AU' },
    { role: 'end_user', name: 'Department of Defence Australia', address: 'Russell Offices, Canberra', country: 'AU' },
  ],
  ...over,
});
const ok = async (p: Promise<{ statusCode: number; body: string; json(): any }>, status = 200) => {
  const r = await p;
  expect(r.statusCode, r.body).toBe(status);
  return r.json();
};
const submitNew = async (over: Record<string, unknown> = {}, who = exporter) => {
  const c = await ok(t.as(who).post('/api/applications', body(over)), 201);
  return (await ok(t.as(who).post(`/api/applications/${c.id}/submit`))) as { id: string; reference: string };
};
const multipart = (filename: string, type: string, content: string, fields: Record<string, string> = {}) => {
  const b = 'wsboundary';
  const extra = Object.entries(fields).map(([k, v]) => `--${b}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`).join('');
  return { payload: `${extra}--${b}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n${content}\r\n--${b}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
};

describe('drafts that can be finished', () => {
  it('copies and deletes drafts; a submitted application cannot be deleted; other organisations get 404', async () => {
    const d = await ok(t.as(exporter).post('/api/applications', { destination: 'AU' }), 201);
    const edited = await ok(t.as(exporter).put(`/api/applications/${d.id}`, { endUse: 'Spare parts for civil harbour radar' }));
    expect(edited.endUse).toBe('Spare parts for civil harbour radar');
    expect((await t.as(exporterB).delete(`/api/applications/${d.id}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).post(`/api/applications/${d.id}/copy`)).statusCode).toBe(404);
    expect((await t.as(officer).delete(`/api/applications/${d.id}`)).statusCode).toBe(403);
    const del = await ok(t.as(exporter).delete(`/api/applications/${d.id}`));
    expect(del).toEqual({ id: d.id, deleted: true });
    expect((await t.as(exporter).get(`/api/applications/${d.id}`)).statusCode).toBe(404);

    const s = await submitNew();
    expect((await t.as(exporter).delete(`/api/applications/${s.id}`)).statusCode).toBe(409);
    const copy = await ok(t.as(exporter).post(`/api/applications/${s.id}/copy`), 201);
    const c = await ok(t.as(exporter).get(`/api/applications/${copy.id}`));
    expect(c).toMatchObject({ status: 'draft', destination: 'AU', declarations: { accepted: false, militaryEndUse: true } });
    expect(c.parties.map((p: { name: string }) => p.name).sort()).toEqual(['Department of Defence Australia', 'Harbour Systems Pty']);
    expect(c.goods[0]).toMatchObject({ rating: 'ML5', quantity: 10 });
    const list = await ok(t.as(exporter).get('/api/applications?status=draft&limit=1'));
    expect(list.applications).toHaveLength(1);
    expect(list.total).toBeGreaterThanOrEqual(1);
  });

  it('attaches a document to a party, and a rejected upload says why', async () => {
    const d = await ok(t.as(exporter).post('/api/applications', body()), 201);
    const app = await ok(t.as(exporter).get(`/api/applications/${d.id}`));
    const endUser = app.parties.find((p: { role: string }) => p.role === 'end_user');
    const up = await ok(t.as(exporter).inject({ method: 'POST', url: `/api/applications/${d.id}/documents?kind=end_user_undertaking&partyId=${endUser.id}`, ...multipart('euu.txt', 'text/plain', 'We undertake...') }), 201);
    expect(up.partyId).toBe(endUser.id);
    const again = await ok(t.as(exporter).get(`/api/applications/${d.id}`));
    expect(again.documents.find((x: { id: string }) => x.id === up.id).partyId).toBe(endUser.id);
    const wrongParty = await t.as(exporter).inject({ method: 'POST', url: `/api/applications/${d.id}/documents?partyId=nope`, ...multipart('euu.txt', 'text/plain', 'x') });
    expect(wrongParty.statusCode).toBe(400);
    expect(wrongParty.json().error.fields.partyId).toMatch(/not a party/);
    const exe = await t.as(exporter).inject({ method: 'POST', url: `/api/applications/${d.id}/documents`, ...multipart('x.exe', 'application/x-msdownload', 'MZ') });
    expect(exe.statusCode).toBe(400);
    expect(exe.json().error.fields.file).toMatch(/not accepted/);
  });

  it('saving the parties again keeps a party given by id (and its documents); a removed party documents stay on the application', async () => {
    const d = await ok(t.as(exporter).post('/api/applications', body()), 201);
    const app = await ok(t.as(exporter).get(`/api/applications/${d.id}`));
    const [consignee, endUser] = ['consignee', 'end_user'].map((r) => app.parties.find((p: { role: string }) => p.role === r));
    const euu = await ok(t.as(exporter).inject({ method: 'POST', url: `/api/applications/${d.id}/documents?kind=end_user_undertaking&partyId=${endUser.id}`, ...multipart('euu.txt', 'text/plain', 'We undertake...') }), 201);
    const cd = await ok(t.as(exporter).inject({ method: 'POST', url: `/api/applications/${d.id}/documents?kind=contract&partyId=${consignee.id}`, ...multipart('c.txt', 'text/plain', 'Contract') }), 201);
    const saved = await ok(t.as(exporter).put(`/api/applications/${d.id}`, {
      parties: [
        { id: endUser.id, role: 'end_user', name: 'Department of Defence (AU)', address: 'Canberra', country: 'AU' },
        { role: 'consignee', name: 'New Consignee Pty', address: 'Perth', country: 'AU' },
      ],
    }));
    const eu2 = saved.parties.find((p: { role: string }) => p.role === 'end_user');
    expect(eu2).toMatchObject({ id: endUser.id, name: 'Department of Defence (AU)' });
    expect(saved.parties.find((p: { role: string }) => p.role === 'consignee').id).not.toBe(consignee.id);
    const docs = saved.documents as { id: string; partyId: string | null }[];
    expect(docs.find((x) => x.id === euu.id)!.partyId).toBe(endUser.id);
    expect(docs.find((x) => x.id === cd.id)!.partyId).toBeNull();
    // Another application's party id is not taken over.
    const other = await ok(t.as(exporter).post('/api/applications', body()), 201);
    const o = await ok(t.as(exporter).put(`/api/applications/${other.id}`, { parties: [{ id: endUser.id, role: 'end_user', name: 'X', address: 'Y', country: 'AU' }] }));
    expect(o.parties[0].id).not.toBe(endUser.id);
  });
});

describe('no tipping-off and the screening panel', () => {
  it('the exporter never sees hits on its application parties; the officer decides hits and flag together', async () => {
    const s = await submitNew({ parties: [{ role: 'consignee', name: 'Harbour Systems Pty', address: '1 Dock Road', country: 'AU' }, { role: 'end_user', name: 'Eric Badege', address: 'Goma', country: 'CD', type: 'individual' }] });
    const notes = (await ok(t.as(exporter).get('/api/notifications'))).notifications;
    expect(JSON.stringify(notes)).not.toMatch(/badege/i);
    expect(notes.map((n: { kind: string }) => n.kind)).not.toContain('screening.hit');
    const hits = await t.as(exporter).get('/api/screening/hits');
    expect(JSON.stringify(hits.json())).not.toMatch(/badege/i);
    const app = await ok(t.as(exporter).get(`/api/applications/${s.id}`));
    expect(JSON.stringify(app)).not.toMatch(/BADEGE|un-sc|screening_hit/);
    expect((await t.as(exporter).get(`/api/cases/${s.id}/screening`)).statusCode).toBe(403);

    const panel = await ok(t.as(officer).get(`/api/cases/${s.id}/screening`));
    const eric = panel.parties.find((p: { name: string }) => p.name === 'Eric Badege');
    expect(eric.screened).toBe(true);
    expect(eric.hits[0]).toMatchObject({ source: 'un-sc', status: 'open' });
    expect(eric.hits[0].score).toBeGreaterThan(0.8);
    expect(eric.hits[0].entityName).toMatch(/BADEGE/i);
    expect(eric.hits[0].profile).toBeTruthy();
    expect(panel.flag.active).toBe(true);

    const bad = await t.as(officer).post(`/api/cases/${s.id}/screening/decisions`, { decisions: [{ hitId: 'not-on-case', decision: 'true_match', reason: 'listed' }] });
    expect(bad.statusCode).toBe(400);
    const decided = await ok(t.as(officer).post(`/api/cases/${s.id}/screening/decisions`, { decisions: eric.hits.map((h: { id: string }) => ({ hitId: h.id, decision: 'true_match', reason: 'Same person: name and location match the UN listing' })) }));
    expect(decided.flagOutcome).toMatch(/confirmed match kept/);
    const c = await ok(t.as(officer).get(`/api/cases/${s.id}`));
    expect(c.flags.find((f: { code: string }) => f.code === 'screening_hit').clearedAt).toBeTruthy();
    expect(c.flags.find((f: { code: string; clearedAt: string | null }) => f.code === 'confirmed_match' && !f.clearedAt)).toBeTruthy();
    // A confirmed match does not fall to a low-risk queue.
    expect(c.queue).toBe('sanctions-review');
    expect(c.riskTier).toBe('high');
  });
});

describe('caseworker workspace', () => {
  it('searches cases server-side with totals, allocates them, and shows each role its waiting work', async () => {
    const a = await submitNew({ destination: 'NZ', parties: [{ role: 'consignee', name: 'Kiwi Marine Traders', address: '1 Quay St, Auckland', country: 'NZ' }, { role: 'end_user', name: 'Royal New Zealand Navy', address: 'Devonport', country: 'NZ' }] });
    const b = await submitNew({ destination: 'NZ' }, exporterB);
    const byParty = await ok(t.as(officer).get('/api/cases?party=kiwi%20marine'));
    expect(byParty.cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    expect(byParty.total).toBe(1);
    const byRef = await ok(t.as(officer).get(`/api/cases?q=${encodeURIComponent(a.reference)}`));
    expect(byRef.cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const byExporter = await ok(t.as(officer).get('/api/cases?exporter=exporter%20b&destination=NZ'));
    expect(byExporter.cases.map((c: { id: string }) => c.id)).toEqual([b.id]);
    const nz = await ok(t.as(officer).get('/api/cases?destination=nz&rating=ml5&limit=1'));
    expect(nz.cases).toHaveLength(1);
    expect(nz.total).toBe(2);

    expect((await t.as(officer).post(`/api/cases/${a.id}/assign`, { userId: exporter.id })).statusCode).toBe(400);
    expect((await t.as(exporter).post(`/api/cases/${a.id}/assign`, { userId: officer2.id })).statusCode).toBe(403);
    await ok(t.as(officer).post(`/api/cases/${a.id}/assign`, { userId: officer2.id }));
    const mine = await ok(t.as(officer2).get('/api/cases?assignedTo=me'));
    expect(mine.cases.map((c: { id: string }) => c.id)).toEqual([a.id]);
    const home = await ok(t.as(officer2).get('/api/workspace'));
    expect(home.myCases.total).toBe(1);
    expect(home.unreadNotifications).toBeGreaterThanOrEqual(1); // told of the allocation
    expect(home.awaitingMyCountersignature).toBeUndefined();

    const teams = await ok(t.as(officer).get('/api/licensing/teams'));
    expect(teams.teams).toEqual([{ team: 'defence', advisers: 1 }]);
    await ok(t.as(officer).post(`/api/cases/${a.id}/referrals`, { team: 'defence' }), 201);
    const adviserHome = await ok(t.as(adviser).get('/api/workspace'));
    expect(adviserHome.referralsToMyTeam.items.map((x: { id: string }) => x.id)).toContain(a.id);

    // Countersignature requested: senior officers are told, and it waits on their home page.
    await ok(t.as(adviser).post(`/api/cases/${a.id}/advice`, { decision: 'approve' }), 201);
    await ok(t.as(officer).post(`/api/cases/${a.id}/advice`, { decision: 'approve' }), 201);
    await ok(t.as(officer).post(`/api/cases/${a.id}/request-countersignature`));
    const seniorNotes = (await ok(t.as(senior).get('/api/notifications'))).notifications;
    expect(seniorNotes.some((n: { kind: string; link: string }) => n.kind === 'case.countersignature_requested' && n.link === `/cases/${a.id}`)).toBe(true);
    const seniorHome = await ok(t.as(senior).get('/api/workspace'));
    expect(seniorHome.awaitingMyCountersignature.items.map((x: { id: string }) => x.id)).toContain(a.id);

    const timeline = await ok(t.as(officer).get(`/api/cases/${a.id}/timeline`));
    const actions = timeline.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['application.created', 'case.submit', 'case.assigned', 'case.advice_given']));
    expect((await t.as(exporter).get(`/api/cases/${a.id}/timeline`)).statusCode).toBe(403);
  });

  it('keeps internal notes from the exporter and carries correspondence with attachments both ways', async () => {
    const s = await submitNew();
    await ok(t.as(officer).post(`/api/cases/${s.id}/notes`, { text: 'Check the consignee with the embassy' }), 201);
    expect((await ok(t.as(officer).get(`/api/cases/${s.id}/notes`))).notes[0].text).toBe('Check the consignee with the embassy');
    expect((await t.as(exporter).get(`/api/cases/${s.id}/notes`)).statusCode).toBe(403);
    const doc = await ok(t.as(officer).inject({ method: 'POST', url: `/api/cases/${s.id}/documents`, ...multipart('questions.txt', 'text/plain', 'Please give the end-user certificate number') }), 201);
    await ok(t.as(officer).post(`/api/cases/${s.id}/messages`, { text: 'Please see the attached questions', documentIds: [doc.id] }), 201);
    const thread = await ok(t.as(exporter).get(`/api/applications/${s.id}/messages`));
    expect(thread.messages[0]).toMatchObject({ side: 'authority', author: 'Licensing authority', text: 'Please see the attached questions' });
    const att = thread.messages[0].attachments[0];
    expect((await t.as(exporter).get(att.url)).body).toBe('Please give the end-user certificate number');
    expect((await t.as(exporterB).get(`/api/applications/${s.id}/messages`)).statusCode).toBe(404);
    await ok(t.as(exporter).post(`/api/applications/${s.id}/messages`, { text: 'Certificate EUC-123 attached' }), 201);
    const officerNotes = (await ok(t.as(officer).get('/api/notifications'))).notifications;
    expect(officerNotes.some((n: { kind: string }) => n.kind === 'case.message')).toBe(true);
    const bad = await t.as(exporter).post(`/api/applications/${s.id}/messages`, { text: 'x', documentIds: ['nope'] });
    expect(bad.statusCode).toBe(400);
  });
});

describe('refusal, appeal and the licence document', () => {
  const decideCase = async (id: string, outcome: 'approved' | 'refused', extra: Record<string, unknown> = {}) => {
    await ok(t.as(officer).post(`/api/cases/${id}/advice`, outcome === 'refused' ? { decision: 'refuse', criteria: ['7'], rationale: 'Diversion risk' } : { decision: 'approve' }), 201);
    await ok(t.as(senior).post(`/api/cases/${id}/countersign`, {}), 201);
    return ok(t.as(officer).post(`/api/cases/${id}/decision`, { outcome, criteria: outcome === 'refused' ? ['7'] : undefined, rationale: 'Decision rationale', departureReason: 'test', ...extra }));
  };

  it('a refusal enters only the chosen parties in the denials register; the appeal goes to senior officers', async () => {
    const s = await submitNew({ parties: [{ role: 'consignee', name: 'Innocent Consignee Pty', address: '3 Wharf', country: 'AU' }, { role: 'end_user', name: 'Suspicious End User Ltd', address: '4 Hill', country: 'AU' }] });
    const c = await ok(t.as(officer).get(`/api/cases/${s.id}`));
    const endUser = c.parties.find((p: { role: string }) => p.role === 'end_user');
    await decideCase(s.id, 'refused', { denyPartyIds: [endUser.id] });
    const own = await ok(t.as(officer).get('/api/denials?source=own&search=innocent'));
    expect(own.total).toBe(0);
    const sus = await ok(t.as(officer).get('/api/denials?source=own&search=suspicious'));
    expect(sus.total).toBe(1);
    const ev = await ok(t.as(exporter).inject({ method: 'POST', url: `/api/applications/${s.id}/documents?kind=appeal_evidence`, ...multipart('evidence.txt', 'text/plain', 'New end-user certificate') }), 201);
    await ok(t.as(exporter).post(`/api/applications/${s.id}/appeal`, { grounds: 'The end user has been vetted again; see the evidence', documentIds: [ev.id] }), 201);
    const n2 = (await ok(t.as(senior2).get('/api/notifications'))).notifications;
    expect(n2.some((n: { kind: string; link: string }) => n.kind === 'case.appeal_received' && n.link === `/cases/${s.id}`)).toBe(true);
    const home = await ok(t.as(senior2).get('/api/workspace'));
    expect(home.appealsToDecide.items.map((x: { id: string }) => x.id)).toContain(s.id);
  });

  it('the licence PDF names every party (non-Latin too), the authority and signatory, and its code is verifiable publicly', async () => {
    const s = await submitNew({ parties: [{ role: 'consignee', name: 'ООО Морские Системы', address: 'ул. Ленина 1, Москва', country: 'AU' }, { role: 'end_user', name: 'Ναυτική Έρευνα ΑΕ', address: 'Πειραιάς', country: 'AU' }] });
    const d = await decideCase(s.id, 'approved');
    const lic = await ok(t.as(exporter).get(`/api/licences/${d.licenceId}`));
    expect(lic.verificationCode).toMatch(/^CW-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const pdf = await t.as(exporter).get(`/api/licences/${d.licenceId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    // Inflate every stream: the embedded font's ToUnicode map must carry the Cyrillic and Greek letters used.
    const raw = pdf.rawPayload.toString('latin1');
    expect(raw).toMatch(/DejaVuSans/);
    const streams = [...raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
      try {
        return inflateSync(Buffer.from(m[1], 'latin1')).toString('latin1');
      } catch {
        return '';
      }
    });
    const cmap = streams.filter((x) => x.includes('beginbfchar') || x.includes('beginbfrange')).join('\n').toUpperCase();
    for (const ch of ['О', 'М', 'Ν', 'Έ']) expect(cmap, ch).toContain(ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0'));

    expect((await t.as(null).get(`/api/licences/verify/${lic.verificationCode}`)).json()).toMatchObject({ valid: true, status: 'valid', reference: lic.reference });
    expect((await t.as(null).get(`/api/licences/verify/${lic.verificationCode.toLowerCase().replace(/-/g, ' ')}`)).json().status).toBe('valid');
    expect((await t.as(null).get('/api/licences/verify/CW-0000-0000-0000')).statusCode).toBe(404);
    expect((await t.as(null).get('/api/licences/verify/hello')).statusCode).toBe(400);
    await ok(t.as(officer).post(`/api/licences/${d.licenceId}/suspend`, { reason: 'Investigation' }));
    expect((await t.as(null).get(`/api/licences/verify/${lic.verificationCode}`)).json()).toMatchObject({ valid: false, status: 'suspended' });
    await ok(t.as(officer).post(`/api/licences/${d.licenceId}/revoke`, { reason: 'Diversion found' }));
    expect((await t.as(null).get(`/api/licences/verify/${lic.verificationCode}`)).json().status).toBe('revoked');

    const s2 = await submitNew();
    const d2 = await decideCase(s2.id, 'approved', { validTo: '2026-12-31' });
    const code2 = (await ok(t.as(officer).get(`/api/licences/${d2.licenceId}`))).verificationCode;
    clock.set('2027-01-05T09:00:00Z');
    expect((await t.as(null).get(`/api/licences/verify/${code2}`)).json()).toMatchObject({ valid: false, status: 'expired' });
    clock.set('2026-11-02T09:00:00Z');
    const lics = await ok(t.as(officer).get(`/api/licences?search=${encodeURIComponent(lic.reference)}`));
    expect(lics.total).toBe(1);
    expect(lics.licences[0].holder).toBe('Exporter A Ltd');
  });
});
