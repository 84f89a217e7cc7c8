import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedControls } from './controls.import.js';
import { findEntry, listCurrentEntries } from './controls.repository.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { flagReviewsDue, lapseSunsetEntries } from './controls.service.js';

let t: TestApp;
const clock = new FixedClock(new Date('2026-11-26T10:00:00Z'));
let officer: TestUser, oversight: TestUser, exporter: TestUser, adviser: TestUser;

beforeAll(async () => {
  t = await createTestApp({ clock });
  await seedControls(t.deps, ['eu', 'uk']);
  officer = await t.user('licensing_officer');
  oversight = await t.user('oversight');
  exporter = await t.user('exporter');
  adviser = await t.user('adviser');
}, 60_000);
afterAll(async () => t?.close());

describe('bundled EU Annex I', () => {
  it('holds all 382 top-level entries plus sub-items, with regime tags from the code grammar', async () => {
    const res = await t.as(null).get('/api/controls/entries?list=eu&limit=1000');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(382);
    expect(body.entries).toHaveLength(382);
    const all = await listCurrentEntries(t.deps.db, 'eu', { asOf: '2026-01-01', includeSubItems: true });
    expect(all.length).toBeGreaterThan(2000);
    expect(body.entries.find((e: any) => e.code === '1A102').regimes).toEqual(['MTCR']);
    expect(body.entries.find((e: any) => e.code === '0A001').regimes).toEqual(['NSG-TL']);
    expect(body.entries.find((e: any) => e.code === '1C350').regimes).toEqual(['AG']);
  });

  it('builds the sub-item tree and puts mis-filed Notes back on the right entry', async () => {
    const a1 = await findEntry(t.deps.db, 'eu', '5A002.a.1', '2026-01-01');
    expect(a1?.parent).toBe('5A002.a');
    expect(a1?.title).toMatch(/^Items having "information security" as a primary function/);
    // 0A001.i was a Note in the extraction; it is now a sub-item (heat exchangers) carrying that Note.
    const i = await findEntry(t.deps.db, 'eu', '0A001.i', '2026-01-01');
    expect(i?.title).toMatch(/^Heat exchangers/);
    expect(i?.notes.some((n) => /does not control heat exchangers for the supporting systems/.test(n.text))).toBe(true);
    const res = await t.as(null).get('/api/controls/entries/0B001?list=eu');
    const e = res.json();
    expect(e.children.map((c: any) => c.code)).toEqual(expect.arrayContaining(['0B001.a', '0B001.b', '0B001.c']));
    expect(e.release.version).toBe('2025-11');
    expect((await findEntry(t.deps.db, 'eu', '1C010', '2026-01-01'))?.text).toContain('exceeding 12,7 × 10^6 m'); // superscript repaired
    expect(e.notes.length + e.items.filter((x: any) => x.notes.length).length).toBeGreaterThan(0);
  });

  it('reports what it could not repair', async () => {
    const res = await t.as(null).get('/api/controls/import-report?list=eu&unrepaired=true');
    const body = res.json();
    expect(body.items.every((i: any) => i.repaired === false)).toBe(true);
    expect(body.items.some((i: any) => i.code === '2B001.a' && i.kind === 'missing_text')).toBe(true);
    expect(body.summary.placeholder.unrepaired).toBeGreaterThan(0);
  });
});

describe('read contracts', () => {
  it('ranks 0B001 first for "gas centrifuge"', async () => {
    const res = await t.as(null).get('/api/controls/search?q=gas%20centrifuge&limit=5');
    expect(res.statusCode).toBe(200);
    const r = res.json().results;
    expect(r[0]).toMatchObject({ code: '0B001', list: 'eu' });
    expect(r[0].score).toBeGreaterThanOrEqual(r[1].score);
  });

  it('matches phrases and stems', async () => {
    const phrase = (await t.as(null).get('/api/controls/search?q=%22nuclear%20reactors%22&list=eu&limit=3')).json().results;
    expect(phrase[0].code).toBe('0A001');
    const stem = (await t.as(null).get('/api/controls/search?q=centrifuges&list=eu&limit=3')).json().results;
    expect(stem.map((x: any) => x.code)).toContain('0B001');
  });

  it('finds by exact code and prefix', async () => {
    const exact = (await t.as(null).get('/api/controls/search?q=5A002.a.1&limit=3')).json().results;
    expect(exact[0].code).toBe('5A002.a.1');
    const prefix = (await t.as(null).get('/api/controls/entries?list=eu&q=0B0')).json();
    expect(prefix.entries.every((e: any) => e.code.startsWith('0B0'))).toBe(true);
    expect(prefix.total).toBeGreaterThan(3);
  });

  it('filters by category, regime and product group', async () => {
    const mt = (await t.as(null).get('/api/controls/entries?list=eu&regime=MTCR&category=9&limit=500')).json();
    expect(mt.total).toBeGreaterThan(5);
    expect(mt.entries.every((e: any) => e.code.startsWith('9') && e.code[2] === '1')).toBe(true);
    const sw = (await t.as(null).get('/api/controls/entries?list=eu&productGroup=D&limit=500')).json();
    expect(sw.entries.every((e: any) => e.code[1] === 'D')).toBe(true);
  });

  it('gives 404 with an error body for an unknown code, 400 for a bad date', async () => {
    const res = await t.as(null).get('/api/controls/entries/9Z999?list=eu');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
    const bad = await t.as(null).get('/api/controls/entries/0B001?asOf=2024-13-45');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.asOf).toBeTruthy();
    const before = await t.as(null).get('/api/controls/entries/0B001?list=eu&asOf=2024-01-01');
    expect(before.statusCode).toBe(404);
  });

  it('exports the database as JSON and CSV', async () => {
    const json = (await t.as(null).get('/api/controls/export?format=json')).json();
    expect(json.schemaVersion).toBe(1);
    expect(json.entries.filter((e: any) => e.list === 'eu' && e.depth === 0)).toHaveLength(382);
    const csv = await t.as(null).get('/api/controls/export?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('list,code,parent,depth,category,product_group,title,text,notes,regimes,reasons,sensitivity,status,valid_from,valid_to,sunset_date,next_review_date,release');
  });
});

describe('interoperability import', () => {
  it('rejects a file with one bad row as a whole and keeps the previous set', async () => {
    expect((await t.as(null).post('/api/controls/interop/import', { kind: 'hs', csv: 'x' })).statusCode).toBe(401);
    expect((await t.as(exporter).post('/api/controls/interop/import', { kind: 'hs', csv: 'x' })).statusCode).toBe(403);
    const good = await t.as(officer).post('/api/controls/interop/import', { kind: 'hs', csv: 'hs6,list,code,note\n840140,eu,0A001,reactor parts\n841480,eu,0B001,\n' });
    expect(good.statusCode).toBe(200);
    expect(good.json().imported).toBe(2);
    const bad = await t.as(officer).post('/api/controls/interop/import', { kind: 'hs', csv: 'hs6,list,code,note\n840140,eu,0A001,\n12345,eu,9Z999,\n' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields['row 3.hs6']).toMatch(/6-digit/);
    expect(bad.json().error.fields['row 3.code']).toMatch(/9Z999/);
    const look = (await t.as(null).get('/api/controls/hs/841480')).json();
    expect(look.entries.map((e: any) => e.code)).toEqual(['0B001']);
    const corr = await t.as(officer).post('/api/controls/interop/import', { kind: 'correspondence', csv: 'from_list,from_code,to_list,to_code,relation,note\neu,5A002,uk,5A002,equivalent,\neu,0B001,uk,ML1,sideways,\n' });
    expect(corr.statusCode).toBe(400);
    expect(corr.json().error.fields['row 3.relation']).toBeTruthy();
  });
});

describe('amendments, consultation, grace period and sunset', () => {
  let id: string;
  it('checks roles before drafting', async () => {
    const body = { list: 'eu', title: 'Tighten 0B001', changes: [{ action: 'modify', code: '0B001', text: 'Revised text for gas centrifuge plant.' }, { action: 'add', code: '0B099', title: 'Temporary control on widgets', text: 'Widgets.' }] };
    expect((await t.as(null).post('/api/controls/amendments', body)).statusCode).toBe(401);
    expect((await t.as(exporter).post('/api/controls/amendments', body)).statusCode).toBe(403);
    expect((await t.as(oversight).post('/api/controls/amendments', body)).statusCode).toBe(403);
    const invalidRes = await t.as(officer).post('/api/controls/amendments', { ...body, changes: [{ action: 'modify', code: '9Z999', text: 'x' }] });
    expect(invalidRes.statusCode).toBe(400);
    expect(invalidRes.json().error.fields['changes.0.code']).toMatch(/does not exist/);
    const res = await t.as(officer).post('/api/controls/amendments', body);
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('draft');
    id = res.json().id;
    expect((await t.as(oversight).get(`/api/controls/amendments/${id}`)).statusCode).toBe(200);
    expect((await t.as(null).get(`/api/controls/consultations/${id}`)).statusCode).toBe(404);
  });

  it('takes moderated comments from exporters and the public during consultation only', async () => {
    expect((await t.as(null).post(`/api/controls/consultations/${id}/comments`, { body: 'Too early', email: 'a@b.example' })).statusCode).toBe(404);
    const open = await t.as(officer).post(`/api/controls/amendments/${id}/consultation`, { closesOn: '2026-12-10' });
    expect(open.json().status).toBe('consultation');
    const noEmail = await t.as(null).post(`/api/controls/consultations/${id}/comments`, { body: 'I object' });
    expect(noEmail.statusCode).toBe(400);
    expect(noEmail.json().error.fields.email).toBeTruthy();
    expect((await t.as(adviser).post(`/api/controls/consultations/${id}/comments`, { body: 'Internal view' })).statusCode).toBe(403);
    const pub = await t.as(null).post(`/api/controls/consultations/${id}/comments`, { body: 'Please give us time to adapt.', email: 'citizen@example.org', name: 'A Citizen' });
    expect(pub.statusCode).toBe(201);
    const exp = await t.as(exporter).post(`/api/controls/consultations/${id}/comments`, { body: 'This affects our contracts.' });
    expect(exp.statusCode).toBe(201);
    // Not published until moderated.
    expect((await t.as(null).get(`/api/controls/consultations/${id}`)).json().comments).toHaveLength(0);
    expect((await t.as(exporter).post(`/api/controls/comments/${pub.json().id}/moderate`, { decision: 'approve' })).statusCode).toBe(403);
    expect((await t.as(officer).post(`/api/controls/comments/${pub.json().id}/moderate`, { decision: 'approve' })).statusCode).toBe(200);
    expect((await t.as(officer).post(`/api/controls/comments/${exp.json().id}/moderate`, { decision: 'reject' })).statusCode).toBe(400);
    expect((await t.as(officer).post(`/api/controls/comments/${exp.json().id}/moderate`, { decision: 'reject', reason: 'Off topic' })).statusCode).toBe(200);
    const published = (await t.as(null).get(`/api/controls/consultations/${id}`)).json().comments;
    expect(published).toEqual([expect.objectContaining({ authorName: 'A Citizen', body: 'Please give us time to adapt.' })]);
    expect(JSON.stringify(published)).not.toContain('citizen@example.org');
    // Cannot adopt while the comment period runs.
    expect((await t.as(officer).post(`/api/controls/amendments/${id}/adopt`, { effectiveDate: '2027-01-01' })).statusCode).toBe(409);
  });

  it('applies a future effective date, a grace period and a sunset only from their dates', async () => {
    clock.set('2026-12-15T09:00:00Z');
    expect((await t.as(null).post(`/api/controls/consultations/${id}/comments`, { body: 'Late', email: 'late@example.org' })).statusCode).toBe(409);
    const bad = await t.as(officer).post(`/api/controls/amendments/${id}/adopt`, { effectiveDate: '2027-01-01', graceUntil: '2026-12-31' });
    expect(bad.statusCode).toBe(400);
    const adopt = await t.as(officer).post(`/api/controls/amendments/${id}/adopt`, { effectiveDate: '2027-01-01', graceUntil: '2027-03-01', sunsetDate: '2027-06-01' });
    expect(adopt.statusCode).toBe(200);
    expect(adopt.json().status).toBe('adopted');

    const at = async (date: string, extra = '') => t.as(null).get(`/api/controls/entries/0B001?list=eu&asOf=${date}${extra}`);
    expect((await at('2026-12-31')).json().text).not.toContain('Revised text');
    const after = (await at('2027-01-02')).json();
    expect(after.text).toBe('Revised text for gas centrifuge plant.');
    expect(after.release.effectiveFrom).toBe('2027-01-01');
    // Grace: a contract from before the effective date still uses the old rule until the grace end.
    const grace = (await at('2027-02-01', '&contractedOn=2026-12-01')).json();
    expect(grace.grace).toEqual({ applied: true, until: '2027-03-01' });
    expect(grace.text).not.toContain('Revised text');
    expect((await at('2027-03-02', '&contractedOn=2026-12-01')).json().text).toContain('Revised text');
    // New entry exists only from the effective date; sunset ends it.
    expect((await t.as(null).get('/api/controls/entries/0B099?list=eu&asOf=2026-12-31')).statusCode).toBe(404);
    expect((await t.as(null).get('/api/controls/entries/0B099?list=eu&asOf=2027-05-31')).statusCode).toBe(200);
    expect((await t.as(null).get('/api/controls/entries/0B099?list=eu&asOf=2027-06-01')).statusCode).toBe(404);

    // Diff between the two releases shows the change word by word.
    const rels = (await t.as(null).get('/api/controls/releases?list=eu')).json().releases;
    expect(rels).toHaveLength(2);
    const diff = (await t.as(null).get(`/api/controls/diff?from=${rels[0].id}&to=${rels[1].id}`)).json();
    expect(diff.added.map((a: any) => a.code)).toEqual(['0B099']);
    const ch = diff.changed.find((c: any) => c.code === '0B001');
    expect(ch.changes.some((p: any) => p.type === 'added' && p.value.includes('Revised'))).toBe(true);
    expect(ch.changes.some((p: any) => p.type === 'removed')).toBe(true);
  });

  it('lapses sunset entries on their date unless renewed (job)', async () => {
    clock.set('2027-05-01T09:00:00Z');
    const renew = await t.as(officer).post('/api/controls/entries/0B099/renew', { list: 'eu', sunsetDate: '2027-09-01' });
    expect(renew.statusCode).toBe(200);
    clock.set('2027-06-02T09:00:00Z');
    const ctx = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    expect((await lapseSunsetEntries(ctx)).lapsed).not.toContain('eu:0B099');
    expect((await t.as(null).get('/api/controls/entries/0B099?list=eu&asOf=2027-06-02')).statusCode).toBe(200);
    clock.set('2027-09-01T09:00:00Z');
    expect((await lapseSunsetEntries(ctx)).lapsed).toContain('eu:0B099');
    expect((await t.as(null).get('/api/controls/entries/0B099?list=eu&asOf=2027-09-01')).statusCode).toBe(404);
    expect((await t.as(null).get('/api/controls/entries/0B099?list=eu&asOf=2027-08-31')).statusCode).toBe(200);
  });

  it('lists reviews due within 30 days for officers and flags them by job', async () => {
    clock.set('2026-11-26T10:00:00Z');
    expect((await t.as(exporter).get('/api/controls/reviews/due')).statusCode).toBe(403);
    const ctx = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    const job = await flagReviewsDue(ctx);
    expect(job.flagged).toBeGreaterThan(0);
    const due = (await t.as(oversight).get('/api/controls/reviews/due')).json();
    expect(due.reviews.length).toBe(job.due);
    expect(due.reviews.every((r: any) => r.nextReviewDate <= '2026-12-26' && r.flagged)).toBe(true);
    const first = due.reviews[0];
    expect((await t.as(oversight).post('/api/controls/reviews', { list: first.list, code: first.code, nextReviewDate: '2027-11-01' })).statusCode).toBe(403);
    expect((await t.as(officer).post('/api/controls/reviews', { list: first.list, code: first.code, nextReviewDate: '2027-11-01' })).statusCode).toBe(200);
    const after = (await t.as(officer).get('/api/controls/reviews/due')).json();
    expect(after.reviews.find((r: any) => r.code === first.code && r.list === first.list)).toBeUndefined();
  });
});
