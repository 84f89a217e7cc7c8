import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedScreening } from './lists.service.js';
import { getIndex, resetIndexCache } from './screening.index.js';
import { linksOf } from './entities.service.js';

let t: TestApp;
let exporter: TestUser;
beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
  await seedScreening(t.deps, ['us-csl', 'ofac-sdn', 'un-sc', 'uk-sanctions']);
  exporter = await t.user('exporter');
  // build the index and its entity links before the first timed request (tens of seconds on a loaded machine)
  linksOf(await getIndex(t.deps.db));
}, 900_000);
afterAll(async () => t?.close());

describe('one entity across lists', () => {
  it('a search for KOMID returns one entity with its five listings (SDN, CSL SDN and ISN, UN, UK)', async () => {
    const res = await t.as(exporter).post('/api/screening/search', { name: 'KOMID' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    const komid = body.entities.filter((e: { listings: Array<{ entityId: string }> }) => e.listings.some((l) => l.entityId === 'un-sc:690735'));
    expect(komid).toHaveLength(1);
    expect(komid[0].listings.map((l: { entityId: string }) => l.entityId).sort()).toEqual(
      ['ofac-sdn:9345', 'uk-sanctions:DPR0157', 'un-sc:690735', 'us-csl:ISN:50723cae952f93ac4fa9a86dfadd78135fd95459', 'us-csl:SDN:9345'].sort(),
    );
    expect(komid[0].sources.sort()).toEqual(['ofac-sdn', 'uk-sanctions', 'un-sc', 'us-csl']);
    expect(komid[0].programmes).toEqual(expect.arrayContaining(['NPWMD', 'DPRK', 'E.O. 13382']));
    expect(komid[0].score).toBe(1);
  }, 120_000);

  it('the profile shows every name, address, identifier, programme, listing date and source link; an unknown id is 404', async () => {
    const res = await t.as(exporter).get(`/api/screening/profiles/${encodeURIComponent('un-sc:690735')}`);
    expect(res.statusCode, res.body).toBe(200);
    const p = res.json().profile;
    expect(p.listings).toHaveLength(5);
    expect(p.names.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(['KOMID', 'CHANGGWANG SINYONG CORPORATION']));
    expect(p.listings.find((l: { entityId: string }) => l.entityId === 'un-sc:690735')).toMatchObject({ listedOn: '2009-04-24', sourceFeed: expect.stringMatching(/^https:\/\/scsanctions\.un\.org/) });
    expect(p.countries).toContain('KP');
    const same = await t.as(exporter).get(`/api/screening/profiles/${encodeURIComponent(p.id)}`);
    expect(same.json().profile.listings).toHaveLength(5);
    expect((await t.as(exporter).get('/api/screening/profiles/un-sc%3A0')).statusCode).toBe(404);
    expect((await t.as(null).get('/api/screening/profiles/un-sc%3A690735')).statusCode).toBe(401);
  });

  it('different people who share a common name are not merged', async () => {
    const body = (await t.as(exporter).post('/api/screening/search', { name: 'MUHAMMAD, Muhammad', limit: 20 })).json();
    const exact = body.matches.filter((m: { score: number }) => m.score === 1);
    expect(exact.length).toBeGreaterThan(1);
    // listings on the same sub-list are different entries: never one entity
    for (const e of body.entities) {
      const keys = e.listings.map((l: { source: string; list: string | null }) => `${l.source}|${l.list}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});
