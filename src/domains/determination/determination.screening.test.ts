/** Integration with the screening domain: parties are screened by the service before the pure evaluation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestUser } from '../../../test/helpers/app.js';
import { seedScreening } from '../screening/lists.service.js';
import { resetIndexCache } from '../screening/screening.index.js';
import { seedPacks } from './determination.service.js';

let t: TestApp;
let exporter: TestUser;
let denied: { name: string };

beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
  await seedPacks(t.deps, ['us']);
  await seedScreening(t.deps, ['bis-dpl']);
  exporter = await t.user('exporter');
  denied = await t.deps.db.selectFrom('screening_entities').select('name').where('source', '=', 'bis-dpl').where('list', '=', 'Denied Persons List').orderBy('name').executeTakeFirstOrThrow();
});
afterAll(async () => t?.close());

describe('party screening inside a determination', () => {
  it('a denied person as end user makes an otherwise licence-free US export prohibited, citing General Prohibition Four', async () => {
    const res = await t.as(exporter).post('/api/determinations', {
      policy: 'us',
      destination: 'JP',
      endUse: 'civil',
      items: [{ code: 'EAR99' }],
      parties: [{ role: 'end_user', name: denied.name }],
    });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.outcome).toBe('prohibited');
    const tr = r.items[0].trace.find((x: any) => x.rule === 'party-screening');
    expect(tr.applied).toBe(true);
    expect(tr.citation).toContain('736.2(b)(4)');
    // The screening result is stored with the determination, so replay does not re-screen.
    const stored = await t.deps.db.selectFrom('determinations').select('context').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.context).parties[0].matches[0].list).toBe('Denied Persons List');
  });

  it('a clean party screened only against the DPL is not a clearance: the Consolidated Screening List is not loaded', async () => {
    const r = (await t.as(exporter).post('/api/determinations', { policy: 'us', destination: 'JP', endUse: 'civil', items: [{ code: 'EAR99' }], parties: [{ role: 'end_user', name: 'Zzyzx Quartz Bakery Cooperative' }] })).json();
    expect(r.parties[0]).toMatchObject({ screened: true, matches: [] });
    expect(r.outcome).toBe('review_required');
    expect(r.items[0].notEvaluated.map((n: any) => n.rule)).toEqual(['party-list:us-csl']);
    expect(r.warnings[0]).toMatch(/Consolidated Screening List is not loaded/);
    // The stored context keeps the list versions used, so a replay evaluates against the same coverage.
    const stored = await t.deps.db.selectFrom('determinations').select('context').where('id', '=', r.id).executeTakeFirstOrThrow();
    expect(Object.keys(JSON.parse(stored.context).listVersions)).toEqual(['bis-dpl']);
  });
});
