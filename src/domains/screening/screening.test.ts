import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { ctxFor } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { JobRunner } from '../../platform/jobs/jobs.js';
import { seedScreening } from './lists.service.js';
import { screenAndStoreParty, screenName } from './screening.service.js';
import { resetIndexCache } from './screening.index.js';
import { screeningModule } from './index.js';

let t: TestApp;
let exporter: TestUser;
let exporterB: TestUser;
let officer: TestUser;
let adviser: TestUser;
let unVersion = '';

beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
  await seedScreening(t.deps, ['un-sc', 'bis-dpl', 'ofac-cons']);
  exporter = await t.user('exporter');
  exporterB = await t.user('exporter', { org: 'Exporter B GmbH' });
  officer = await t.user('licensing_officer');
  adviser = await t.user('adviser');
  const v = await t.deps.db.selectFrom('screening_list_versions').selectAll().where('source', '=', 'un-sc').where('is_current', '=', 1).executeTakeFirstOrThrow();
  unVersion = v.id;
});
afterAll(async () => t?.close());

describe('POST /api/screening/search', () => {
  it('401 anonymous, 400 with the field for bad input', async () => {
    expect((await t.as(null).post('/api/screening/search', { name: 'x' })).statusCode).toBe(401);
    const noName = await t.as(exporter).post('/api/screening/search', { name: '   ' });
    expect(noName.statusCode).toBe(400);
    expect(noName.json().error.fields.name).toBe('is required');
    const badDob = await t.as(exporter).post('/api/screening/search', { name: 'Eric Badege', dateOfBirth: '1971-13' });
    expect(badDob.json().error.fields.dateOfBirth).toMatch(/YYYY/);
    const badType = await t.as(exporter).post('/api/screening/search', { name: 'Eric Badege', type: 'spaceship' });
    expect(badType.json().error.fields.type).toMatch(/person/);
    const badThreshold = await t.as(exporter).post('/api/screening/search', { name: 'Eric Badege', threshold: 2 });
    expect(badThreshold.statusCode).toBe(400);
    expect(Object.keys(badThreshold.json().error.fields)).toContain('threshold');
  });

  it('finds a listed person through a typo and reordering, best first, with explanation and list version', async () => {
    const res = await t.as(exporter).post('/api/screening/search', { name: 'Badege Erik', type: 'person', dateOfBirth: '1971' });
    expect(res.statusCode, res.body).toBe(200);
    const { matches } = res.json();
    expect(matches.length).toBeGreaterThan(0);
    const top = matches[0];
    expect(top).toMatchObject({ source: 'un-sc', schema: 'Person', name: 'ERIC BADEGE', list: 'UN DRC', listVersion: unVersion });
    expect(Object.keys(top).sort()).toEqual(['entityId', 'explanation', 'list', 'listVersion', 'matchedName', 'name', 'schema', 'score', 'source'].sort());
    expect(top.explanation.tokens.map((x: { query: string; matched: string }) => [x.query, x.matched])).toEqual(expect.arrayContaining([['BADEGE', 'BADEGE']]));
    expect(top.explanation.features.some((f: { feature: string }) => f.feature === 'dateOfBirth')).toBe(true);
    for (let i = 1; i < matches.length; i++) expect(matches[i - 1].score).toBeGreaterThanOrEqual(matches[i].score);
  });

  it('the threshold and limit are per request', async () => {
    const loose = (await t.as(exporter).post('/api/screening/search', { name: 'Al Qaida', threshold: 0.3, limit: 50 })).json().matches;
    const strict = (await t.as(exporter).post('/api/screening/search', { name: 'Al Qaida', threshold: 0.9, limit: 50 })).json().matches;
    expect(loose.length).toBeGreaterThan(strict.length);
    expect(loose.every((m: { score: number }) => m.score >= 0.3)).toBe(true);
    const two = (await t.as(exporter).post('/api/screening/search', { name: 'Al Qaida', threshold: 0.3, limit: 2 })).json().matches;
    expect(two.length).toBe(2);
  });

  it('screenName (for other domains) returns the same shape and checks the caller', async () => {
    const ctx = ctxFor(t.deps, { userId: officer.id, email: officer.email, role: 'licensing_officer', team: null, organisationId: officer.organisationId, organisationName: 'Authority', organisationKind: 'authority', via: 'token' });
    const m = await screenName(ctx, { name: 'Butembo Airlines' });
    expect(m[0]).toMatchObject({ source: 'un-sc', name: 'BUTEMBO AIRLINES (BAL)' });
    await expect(screenName(ctxFor(t.deps, null), { name: 'x' })).rejects.toMatchObject({ status: 401 });
  });
});

describe('POST /api/screening/batch', () => {
  it('rejects a bad row whole, naming the row and field', async () => {
    const res = await t.as(exporter).post('/api/screening/batch', [{ id: '1', name: 'Eric Badege' }, { id: '2', name: '' }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields['rows[1].name']).toBe('is required');
    const csv = await t.as(exporter).inject({ method: 'POST', url: '/api/screening/batch', payload: 'id,name\n1,Eric Badege\n2,Foo,extra\n', headers: { 'content-type': 'text/csv' } });
    expect(csv.statusCode).toBe(400);
    const noCols = await t.as(exporter).inject({ method: 'POST', url: '/api/screening/batch', payload: 'ident,fullname\n1,x\n', headers: { 'content-type': 'text/csv' } });
    expect(noCols.statusCode).toBe(400);
    expect(noCols.json().error.fields.file).toMatch(/id,name/);
  });

  it('answers small JSON and CSV inputs at once, one result per row in order', async () => {
    const res = await t.as(exporter).post('/api/screening/batch', [{ id: 'a', name: 'Eric Badege' }, { id: 'b', name: 'Jane Plainname Nobody' }]);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.results.map((r: { id: string }) => r.id)).toEqual(['a', 'b']);
    expect(body.results[0].matches[0].name).toBe('ERIC BADEGE');
    expect(body.results[1].matches).toEqual([]);
    const csv = await t.as(exporter).inject({ method: 'POST', url: '/api/screening/batch?threshold=0.7', payload: 'id,name,type,country,dob\nx1,Butembo Airlines,organization,CD,\n', headers: { 'content-type': 'text/csv' } });
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.json().results[0].matches[0].source).toBe('un-sc');
  });

  it('accepts a multipart CSV upload (field "file")', async () => {
    const boundary = '----cwtest';
    const csv = 'id,name,type\nu1,Eric Badege,person\nu2,Plain Nobody Bakery,\n';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="parties.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
    const res = await t.as(exporter).inject({ method: 'POST', url: '/api/screening/batch', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().results.map((r: { id: string; matches: unknown[] }) => [r.id, r.matches.length > 0])).toEqual([
      ['u1', true],
      ['u2', false],
    ]);
    const empty = await t.as(exporter).inject({ method: 'POST', url: '/api/screening/batch', payload: `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="e.csv"\r\nContent-Type: text/csv\r\n\r\n\r\n--${boundary}--\r\n`, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.file).toBe('is empty');
  });

  it('runs a large input as a job with progress for its creator and downloadable results', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => ({ id: `r${i}`, name: i % 3 === 0 ? 'Eric Badege' : `Harmless Trading Partner ${i}` }));
    const res = await t.as(exporter).post('/api/screening/batch', { rows });
    expect(res.statusCode, res.body).toBe(202);
    const { batch } = res.json();
    expect(batch.status).toBe('queued');
    expect((await t.as(exporter).get(`/api/screening/batch/${batch.id}/results`)).statusCode).toBe(400);
    await new JobRunner(t.deps, screeningModule.jobs!).runOnce();
    const job = await t.as(exporter).get(batch.statusUrl);
    expect(job.statusCode).toBe(200);
    expect(job.json()).toMatchObject({ status: 'succeeded', progress: 1 });
    expect((await t.as(exporterB).get(batch.statusUrl)).statusCode).toBe(404);
    expect((await t.as(exporterB).get(`/api/screening/batch/${batch.id}`)).statusCode).toBe(404);
    const dl = await t.as(exporter).get(`/api/screening/batch/${batch.id}/results`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toMatch(/ndjson/);
    const lines = dl.body.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBe(150);
    expect(lines[0]).toMatchObject({ id: 'r0' });
    expect(lines[0].matches[0].name).toBe('ERIC BADEGE');
    expect(lines.filter((l: { matches: unknown[] }) => l.matches.length).length).toBe(50);
  });
});

describe('stored parties and the review queue', () => {
  let partyId = '';
  let hitId = '';

  it('401, 403 for roles without parties, 400 for bad input', async () => {
    expect((await t.as(null).get('/api/screening/parties')).statusCode).toBe(401);
    expect((await t.as(adviser).post('/api/screening/parties', { name: 'x' })).statusCode).toBe(403);
    const bad = await t.as(exporter).post('/api/screening/parties', { name: 'ACME', country: 'Narnia' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.country).toBeTruthy();
  });

  it('a counterparty is screened when entered; the hit waits for review; audited with the list versions', async () => {
    const res = await t.as(exporter).post('/api/screening/parties', { name: 'Allied Democratic Forces', type: 'organization' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    partyId = body.party.id;
    expect(body.party.status).toBe('review');
    const hit = body.hits.find((h: { source: string }) => h.source === 'un-sc');
    expect(hit).toMatchObject({ status: 'open', name: 'ADF', listVersion: unVersion });
    hitId = hit.id;
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'screening.party_screened').where('subject_id', '=', partyId).executeTakeFirstOrThrow();
    expect(JSON.parse(audit.summary).details.listVersions['un-sc']).toBe(unVersion);
  });

  it('another organisation cannot see or change it (404); officers see every organisation', async () => {
    expect((await t.as(exporterB).get(`/api/screening/parties/${partyId}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).patch(`/api/screening/parties/${partyId}`, { name: 'x' })).statusCode).toBe(404);
    expect((await t.as(exporterB).delete(`/api/screening/parties/${partyId}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).get(`/api/screening/hits/${hitId}`)).statusCode).toBe(404);
    expect((await t.as(exporterB).post(`/api/screening/hits/${hitId}/decision`, { decision: 'false_positive', reason: 'not ours' })).statusCode).toBe(404);
    expect((await t.as(exporterB).get('/api/screening/parties')).json().parties).toEqual([]);
    expect((await t.as(exporterB).get('/api/screening/hits?status=pending')).json().hits).toEqual([]);
    expect((await t.as(officer).get('/api/screening/hits?status=pending')).json().hits.map((h: { id: string }) => h.id)).toContain(hitId);
  });

  it('a decision needs a reason; an exporter may escalate, then only officers decide', async () => {
    const noReason = await t.as(exporter).post(`/api/screening/hits/${hitId}/decision`, { decision: 'false_positive', reason: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.fields.reason).toBeTruthy();
    const esc = await t.as(exporter).post(`/api/screening/hits/${hitId}/decision`, { decision: 'escalate', reason: 'Unsure whether this is the same group' });
    expect(esc.statusCode, esc.body).toBe(200);
    expect(esc.json().hit.status).toBe('escalated');
    const again = await t.as(exporter).post(`/api/screening/hits/${hitId}/decision`, { decision: 'false_positive', reason: 'changed my mind' });
    expect(again.statusCode).toBe(403);
    const notes = await t.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', officer.id).where('kind', '=', 'screening.escalated').execute();
    expect(notes.length).toBe(1);
    const dec = await t.as(officer).post(`/api/screening/hits/${hitId}/decision`, { decision: 'true_match', reason: 'Same armed group (CDe.001)' });
    expect(dec.statusCode, dec.body).toBe(200);
    const detail = (await t.as(exporter).get(`/api/screening/hits/${hitId}`)).json();
    expect(detail.decisions.map((d: { decision: string }) => d.decision)).toEqual(['escalate', 'true_match']);
    expect(detail.decisions[1].listVersion).toBe(unVersion);
    expect((await t.as(exporter).get(`/api/screening/parties/${partyId}`)).json().party.status).toBe('match');
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'screening.hit_decided').where('subject_id', '=', hitId).execute();
    expect(audit.length).toBe(2);
    expect(JSON.parse(audit[1]!.summary).details).toMatchObject({ decision: 'true_match', listVersion: unVersion });
  });

  it('a false positive stays cleared on re-screening while the listing is unchanged', async () => {
    const p = (await t.as(exporter).post('/api/screening/parties', { name: 'Eric Badeghe', type: 'person' })).json();
    const hit = p.hits.find((h: { name: string }) => h.name === 'ERIC BADEGE');
    expect(hit).toBeTruthy();
    await t.as(exporter).post(`/api/screening/hits/${hit.id}/decision`, { decision: 'false_positive', reason: 'Our contact is a Belgian engineer born 1990' });
    const r = (await t.as(exporter).post(`/api/screening/parties/${p.party.id}/rescreen`)).json();
    expect(r.party.status).toBe('clear');
    expect(r.hits.find((h: { id: string }) => h.id === hit.id)).toBeUndefined();
    const upd = await t.as(exporter).patch(`/api/screening/parties/${p.party.id}`, { country: 'BE' });
    expect(upd.statusCode).toBe(200);
    expect(upd.json().party).toMatchObject({ country: 'BE', status: 'clear' });
    expect((await t.as(exporter).delete(`/api/screening/parties/${p.party.id}`)).statusCode).toBe(204);
    expect((await t.as(exporter).get(`/api/screening/parties/${p.party.id}`)).statusCode).toBe(404);
  });

  it('correcting the name of a party withdraws the pending hit that no longer matches', async () => {
    const p = (await t.as(exporter).post('/api/screening/parties', { name: 'Butembo Airlines' })).json();
    const hit = p.hits.find((h: { name: string }) => h.name === 'BUTEMBO AIRLINES (BAL)');
    expect(hit.status).toBe('open');
    const upd = (await t.as(exporter).patch(`/api/screening/parties/${p.party.id}`, { name: 'Quiet Meadow Bakery Cooperative' })).json();
    expect(upd.party.status).toBe('clear');
    const detail = (await t.as(exporter).get(`/api/screening/hits/${hit.id}`)).json();
    expect(detail.hit.status).toBe('withdrawn');
    const pending = (await t.as(exporter).get('/api/screening/hits?status=pending')).json().hits.map((h: { id: string }) => h.id);
    expect(pending).not.toContain(hit.id);
    const back = (await t.as(exporter).patch(`/api/screening/parties/${p.party.id}`, { name: 'Butembo Airlines' })).json();
    expect(back.party.status).toBe('review');
    expect(back.hits.find((h: { id: string }) => h.id === hit.id)?.status).toBe('open');
  });

  it('screenAndStoreParty stores an application party in the caller transaction and returns hits with list versions', async () => {
    const ctx = ctxFor(t.deps, { userId: exporter.id, email: exporter.email, role: 'exporter', team: null, organisationId: exporter.organisationId, organisationName: 'Exporter A Ltd', organisationKind: 'exporter', via: 'token' });
    const res = await withTx(t.deps.db, (tx) => screenAndStoreParty(tx, ctx, { organisationId: exporter.organisationId, name: 'Butembo Airlines', type: 'end_user', country: 'Congo (Kinshasa)', subjectType: 'application', subjectId: 'app-1' }));
    expect(res.hits[0]).toMatchObject({ source: 'un-sc', list: 'UN DRC', name: 'BUTEMBO AIRLINES (BAL)' });
    expect(res.listVersions['un-sc']).toBe(unVersion);
    const stored = (await t.as(officer).get('/api/screening/parties?subjectType=application')).json().parties;
    expect(stored.map((p: { subjectId: string }) => p.subjectId)).toContain('app-1');
    // Exporters cannot decide hits on application parties.
    const hit = (await t.as(exporter).get('/api/screening/hits?status=open')).json().hits.find((h: { partySubjectType: string }) => h.partySubjectType === 'application');
    expect((await t.as(exporter).post(`/api/screening/hits/${hit.id}/decision`, { decision: 'false_positive', reason: 'not them' })).statusCode).toBe(403);
  });
});

describe('list versions', () => {
  it('lists sources with their env vars and versions; admin-only update trigger', async () => {
    const res = await t.as(exporter).get('/api/screening/lists');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.sources.find((s: { name: string }) => s.name === 'ofac-sdn').files[0].env).toBe('CLEARWAY_LIST_OFAC_SDN_URL');
    expect(body.versions.map((v: { source: string }) => v.source).sort()).toEqual(['bis-dpl', 'ofac-cons', 'un-sc']);
    expect((await t.as(exporter).post('/api/screening/lists/update', {})).statusCode).toBe(403);
    expect((await t.as(exporter).post('/api/screening/lists/update', { source: 'nope' })).statusCode).toBe(400);
    expect((await t.as(exporter).get('/api/screening/entities/un-sc:6907993')).json().entity.names[0].full).toBe('ERIC BADEGE');
    expect((await t.as(exporter).get('/api/screening/entities/un-sc:0')).statusCode).toBe(404);
  });
});
