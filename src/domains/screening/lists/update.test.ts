import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestApp, type TestApp, type TestUser } from '../../../../test/helpers/app.js';
import { readBundled } from '../../../platform/data.js';
import { ctxFor } from '../../../platform/context.js';
import { SYSTEM_ACTOR } from '../../../platform/auth/roles.js';
import { JobRunner } from '../../../platform/jobs/jobs.js';
import { updateLists } from './fetch.js';
import { screeningModule } from '../index.js';
import { resetIndexCache } from '../screening.index.js';

/**
 * A real update sequence: the three dated OFAC SDN snapshots served by a loopback HTTP server, then the real 0-byte download.
 */
let t: TestApp;
let server: Server;
let base = '';
const served = new Map<string, Buffer>();
const hits: string[] = [];
let admin: TestUser;
let exporter: TestUser;

const env = (path: string) => ({ CLEARWAY_LIST_OFAC_SDN_URL: `${base}${path}`, CLEARWAY_LIST_OFAC_SDN_ALT_URL: '', CLEARWAY_LIST_OFAC_SDN_ADD_URL: '', CLEARWAY_LIST_OFAC_SDN_COMMENTS_URL: '' });

beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
  admin = await t.user('admin');
  exporter = await t.user('exporter');
  served.set('/2022-02-23/SDN.CSV', readBundled('ofac-sdn-snapshots/sdn-2022-02-23.csv.gz'));
  served.set('/2024-04-26/SDN.CSV', readBundled('ofac-sdn-snapshots/sdn-2024-04-26.csv.gz'));
  served.set('/2024-05-03/SDN.CSV', readBundled('ofac-sdn-snapshots/sdn-2024-05-03.csv.gz'));
  served.set('/2024-05-04/SDN.CSV', Buffer.alloc(0));
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    const body = served.get(req.url ?? '');
    if (!body) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.close();
});

const ctx = () => ctxFor(t.deps, SYSTEM_ACTOR, 'test');
const runJobs = () => new JobRunner(t.deps, screeningModule.jobs!).runOnce();

describe('clearway lists update against a loopback server', () => {
  let v2 = '';
  let v3 = '';
  let partyId = '';

  it('stores the first snapshot as version 1', async () => {
    const [r] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/2022-02-23/SDN.CSV') });
    expect(r).toMatchObject({ source: 'ofac-sdn', status: 'created' });
    expect(r!.version!.seq).toBe(1);
    expect(r!.version!.counts.entities).toBe(9121);
    expect(hits).toContain('/2022-02-23/SDN.CSV');
  });

  it('stores 2024-04-26 as version 2 with its diff, and the same feed again is unchanged', async () => {
    const [r] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/2024-04-26/SDN.CSV') });
    expect(r!.status).toBe('created');
    expect(r!.version!.counts.entities).toBe(14668);
    expect(r!.version!.counts.added).toBeGreaterThan(5000);
    expect(r!.version!.counts.removed).toBeGreaterThan(0);
    v2 = r!.version!.id;
    const [again] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/2024-04-26/SDN.CSV') });
    expect(again).toMatchObject({ status: 'unchanged' });
    expect(again!.version!.id).toBe(v2);
  });

  it('a counterparty entered now (not yet listed) is clear', async () => {
    const res = await t.as(exporter).post('/api/screening/parties', { name: 'Wuhan Global Sensor Technology Co Ltd', type: 'organization', country: 'CN' });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.party.status).toBe('clear');
    expect(body.hits).toEqual([]);
    expect(body.listVersions['ofac-sdn'].versionId).toBe(v2);
    partyId = body.party.id;
  });

  it('2024-05-03 adds 305 and removes 8 entities (the real weekly delta); re-screening raises the new hit with an alert', async () => {
    const [r] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/2024-05-03/SDN.CSV') });
    expect(r!.status).toBe('created');
    expect(r!.version!.counts).toMatchObject({ entities: 14965, added: 305, removed: 8, changed: 0 });
    v3 = r!.version!.id;
    const diff = await t.as(exporter).get(`/api/screening/lists/versions/${v3}?change=added&limit=1000`);
    expect(diff.statusCode).toBe(200);
    expect(diff.json().changes.map((c: { entityId: string }) => c.entityId)).toContain('ofac-sdn:46633');
    const removed = await t.as(exporter).get(`/api/screening/lists/versions/${v3}?change=removed`);
    expect(removed.json().changes.map((c: { name: string }) => c.name)).toContain('EMPEROR AVIATION LTD');

    const ran = await runJobs();
    expect(ran).toBeGreaterThanOrEqual(1);
    const party = (await t.as(exporter).get(`/api/screening/parties/${partyId}`)).json();
    expect(party.party.status).toBe('review');
    const hit = party.hits.find((h: { entityId: string }) => h.entityId === 'ofac-sdn:46633');
    expect(hit).toMatchObject({ status: 'open', listVersion: v3, name: 'WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.' });
    expect(party.screenings[0].trigger).toBe('rescreen');
    const notes = await t.deps.db.selectFrom('notifications').selectAll().where('organisation_id', '=', exporter.organisationId).where('kind', '=', 'screening.hit').execute();
    expect(notes.length).toBe(1);
    expect(notes[0]!.body).toContain('WUHAN GLOBAL SENSOR');
  });

  it('the real 0-byte download is rejected whole: version 3 stays current, admins are alerted, the rejection is audited', async () => {
    const [r] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/2024-05-04/SDN.CSV') });
    expect(r!.status).toBe('rejected');
    expect(r!.error).toMatch(/ofac-sdn\/sdn: file is empty \(0 bytes\)/);
    const cur = await t.deps.db.selectFrom('screening_list_versions').selectAll().where('source', '=', 'ofac-sdn').where('is_current', '=', 1).execute();
    expect(cur.map((v) => v.id)).toEqual([v3]);
    expect(Number((await t.deps.db.selectFrom('screening_entities').select((eb) => eb.fn.countAll().as('n')).where('source', '=', 'ofac-sdn').executeTakeFirstOrThrow()).n)).toBe(14965);
    const notes = await t.deps.db.selectFrom('notifications').selectAll().where('user_id', '=', admin.id).where('kind', '=', 'screening.list_rejected').execute();
    expect(notes.length).toBe(1);
    expect(notes[0]!.body).toMatch(/0 bytes/);
    const audit = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'screening.list_rejected').execute();
    expect(audit.length).toBe(1);
    // search still answers from version 3
    const s = await t.as(exporter).post('/api/screening/search', { name: 'Wuhan Global Sensor Technology' });
    expect(s.json().matches[0]).toMatchObject({ entityId: 'ofac-sdn:46633', listVersion: v3 });
  });

  it('a truncated download (half the file) and an HTTP error are rejected too', async () => {
    const full = served.get('/2024-05-03/SDN.CSV')!;
    served.set('/cut/SDN.CSV', full.subarray(0, Math.floor(full.length * 0.9)));
    const [cut] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/cut/SDN.CSV') });
    expect(cut!.status).toBe('rejected');
    expect(cut!.error).toMatch(/ofac-sdn\/sdn: (truncated|malformed)/);
    // Well-formed but cut at a line boundary, with the end marker re-added: caught by the size check.
    const lines = full.toString('latin1').split('\r\n');
    served.set('/short/SDN.CSV', Buffer.from(lines.slice(0, 3000).join('\r\n') + '\r\n\x1a', 'latin1'));
    const [short] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/short/SDN.CSV') });
    expect(short!.status).toBe('rejected');
    expect(short!.error).toMatch(/truncated: 3000 entities where the version in force has 14965/);
    const [missing] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/nothing-here') });
    expect(missing!.status).toBe('rejected');
    expect(missing!.error).toMatch(/HTTP 404/);
    const cur = await t.deps.db.selectFrom('screening_list_versions').select('id').where('source', '=', 'ofac-sdn').where('is_current', '=', 1).executeTakeFirstOrThrow();
    expect(cur.id).toBe(v3);
  });

  it('a cleared hit stays cleared until the listing changes, then reopens', async () => {
    const party = (await t.as(exporter).get(`/api/screening/parties/${partyId}`)).json();
    const hit = party.hits.find((h: { entityId: string }) => h.entityId === 'ofac-sdn:46633');
    const d = await t.as(exporter).post(`/api/screening/hits/${hit.id}/decision`, { decision: 'false_positive', reason: 'Different company: our supplier is in Shenzhen' });
    expect(d.statusCode, d.body).toBe(200);
    expect(d.json().hit.status).toBe('false_positive');
    const again = (await t.as(exporter).post(`/api/screening/parties/${partyId}/rescreen`)).json();
    expect(again.party.status).toBe('clear');
    expect(again.hits).toEqual([]);
    // The listing of 46633 changes (its programme is amended) in the next feed.
    const text = served.get('/2024-05-03/SDN.CSV')!.toString('latin1').replace('46633,"WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",-0- ,"RUSSIA-EO14024"', '46633,"WUHAN GLOBAL SENSOR TECHNOLOGY CO., LTD.",-0- ,"RUSSIA-EO14024] [IRAN-EO13846"');
    expect(text).toContain('IRAN-EO13846');
    served.set('/amended/SDN.CSV', Buffer.from(text, 'latin1'));
    const [r] = await updateLists(ctx(), { source: 'ofac-sdn', env: env('/amended/SDN.CSV') });
    expect(r!.version!.counts).toMatchObject({ added: 0, removed: 0, changed: 1 });
    await runJobs();
    const after = (await t.as(exporter).get(`/api/screening/parties/${partyId}`)).json();
    expect(after.party.status).toBe('review');
    expect(after.hits.find((h: { entityId: string }) => h.entityId === 'ofac-sdn:46633').status).toBe('open');
  });
});
