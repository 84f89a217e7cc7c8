/** Licensing's seam to screening never assumes a clearance: with no list loaded a party is `screened: false`. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers/app.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { withTx } from '../../platform/db/index.js';
import { resetIndexCache } from '../screening/screening.index.js';
import { seedScreening } from '../screening/lists.service.js';
import { screenParty } from './integrations.js';

let t: TestApp;
beforeAll(async () => {
  resetIndexCache();
  t = await createTestApp();
});
afterAll(async () => t?.close());

const party = (orgId: string) => ({ organisationId: orgId, name: 'Harbour Freight Forwarding Ltd', country: 'AE', subjectType: 'application_party', subjectId: 'p-1' });

describe('screenParty on submission', () => {
  it('no screening list loaded → screened: false (the case gets the blocking flag "parties not screened")', async () => {
    const orgId = await t.org('Exporter A', 'exporter');
    const ctx = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    const r = await withTx(t.deps.db, (tx) => screenParty(tx, ctx, party(orgId)));
    expect(r).toMatchObject({ screened: false, hits: [] });
  });

  it('with a list loaded the same party is screened and the list version is recorded', async () => {
    await seedScreening(t.deps, ['bis-dpl']);
    resetIndexCache();
    const orgId = await t.org('Exporter A', 'exporter');
    const ctx = ctxFor(t.deps, SYSTEM_ACTOR, 'test');
    const r = await withTx(t.deps.db, (tx) => screenParty(tx, ctx, party(orgId)));
    expect(r.screened).toBe(true);
    expect(Object.keys(r.listVersions as object)).toContain('bis-dpl');
  });
});
