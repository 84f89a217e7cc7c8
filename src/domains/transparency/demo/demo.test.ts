import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp } from '../../../../test/helpers/app.js';
import { runDemoSeed } from './demo.js';
import { planYear } from './generator.js';
import { caseProfiles } from '../stats-data.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2026-03-01T00:00:00Z')) });
});
afterAll(async () => t?.close());

describe('demo year', () => {
  it('plans destinations and outcomes in the real proportions', () => {
    const plans = planYear(2025, 4000, 7);
    const refusedShare = plans.filter((p) => p.outcome === 'refused').length / plans.length;
    const profiles = caseProfiles().filter((p) => p.iso2 && p.iso2 !== 'GB');
    const total = profiles.reduce((s, p) => s + p.cases, 0);
    const realRefused = profiles.filter((p) => p.outcome === 'refused').reduce((s, p) => s + p.cases, 0) / total;
    expect(Math.abs(refusedShare - realRefused)).toBeLessThan(0.01);
    const us = plans.filter((p) => p.destination === 'US').length / plans.length;
    const realUs = profiles.filter((p) => p.iso2 === 'US').reduce((s, p) => s + p.cases, 0) / total;
    expect(Math.abs(us - realUs)).toBeLessThan(0.02);
    for (const p of plans) {
      expect(p.decideAt.getTime()).toBeGreaterThan(p.submitAt.getTime());
      if (p.outcome === 'refused') expect(p.criteria.length).toBeGreaterThan(0);
    }
  });

  it('rejects bad options with the field and the reason', async () => {
    await expect(runDemoSeed(t.deps, { year: 1800, cases: 5 })).rejects.toMatchObject({ status: 400, fields: { year: expect.any(String) } });
    await expect(runDemoSeed(t.deps, { year: 2025, cases: 0 })).rejects.toMatchObject({ status: 400, fields: { cases: expect.any(String) } });
  });

  it('runs cases through the real licensing services and publishes the year', async () => {
    const res = await runDemoSeed(t.deps, { year: 2025, cases: 12, seed: 3 });
    expect(res.submitted).toBe(12);
    expect(res.failed).toEqual([]);
    expect(res.published).toEqual(['2025', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    const apps = await t.deps.db.selectFrom('lic_applications').select(['id', 'status', 'outcome', 'reference']).execute();
    expect(apps).toHaveLength(12);
    expect(apps.every((a) => a.reference && a.outcome)).toBe(true);
    // The audit trail holds the real workflow events.
    const actions = new Set((await t.deps.db.selectFrom('audit_events').select('action').execute()).map((a) => a.action));
    for (const a of ['case.submit', 'case.decide']) expect(actions).toContain(a);
    const facts = await t.deps.db.selectFrom('stats_case_facts').selectAll().execute();
    expect(facts).toHaveLength(12);
    const pub = (await t.as(null).get('/api/public/reports/2025')).json();
    const decided = typeof pub.applications.decided === 'number' ? pub.applications.decided : 0;
    expect(decided + (pub.applications.decided === '<5' ? 1 : 0)).toBeGreaterThan(0);
    await expect(runDemoSeed(t.deps, { year: 2025, cases: 3 })).rejects.toMatchObject({ status: 409 });
  });
});
