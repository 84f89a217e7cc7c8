import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp } from '../../../test/helpers/app.js';
import { seedControls } from './controls.import.js';
import { controlListAsOf, nearestCodes } from './lookup.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T10:00:00Z')) });
  await seedControls(t.deps, ['eu']);
}, 120_000);
afterAll(async () => t?.close());

describe('controlListAsOf / nearestCodes', () => {
  it('gives the EU list in force with its tree, and nothing before the release', async () => {
    const s = await controlListAsOf(t.deps.db, 'eu', '2026-01-01');
    expect(s.releaseId).not.toBe('');
    expect(s.codes.has('5A002')).toBe(true);
    expect(s.codes.has('5A002.a.1')).toBe(true);
    expect(s.children.get('5A002.a')).toContain('5A002.a.1');
    expect(s.entries.get('5A002.a.1')?.rootCode).toBe('5A002');
    const before = await controlListAsOf(t.deps.db, 'eu', '2000-01-01');
    expect(before.codes.size).toBe(0);
    expect(before.releaseId).toBe('');
  });

  it('suggests siblings and the parent for an unknown sub-item, and near codes for an unknown entry', async () => {
    const s = await controlListAsOf(t.deps.db, 'eu', '2026-01-01');
    const near = nearestCodes(s, '5A002.a.99', 4);
    expect(near.length).toBe(4);
    expect(near).toContain('5A002.a');
    expect(near.every((c) => c.startsWith('5A002.a'))).toBe(true);
    expect(nearestCodes(s, '5a002.A.1')).toEqual(['5A002.a.1']);
    const top = nearestCodes(s, '5A0O2', 3);
    expect(top).toContain('5A002');
  });
});

describe('the tree over HTTP', () => {
  it('serves 5A001.f and 5A001.j, and answers an unknown code 404 with the nearest real ones', async () => {
    const f = await t.as(null).get('/api/controls/entries/5A001.f?list=eu&asOf=2026-01-01');
    expect(f.statusCode).toBe(200);
    expect(f.json().children.map((c: any) => c.code)).toEqual(['5A001.f.1', '5A001.f.2']);
    const j = await t.as(null).get('/api/controls/entries/5a001.J?list=eu&asOf=2026-01-01');
    expect(j.json().title).toMatch(/Internet Protocol \(IP\) network communications surveillance/);
    const bad = await t.as(null).get('/api/controls/entries/5A001.b.9?list=eu&asOf=2026-01-01');
    expect(bad.statusCode).toBe(404);
    expect(bad.json().error.message).toMatch(/nearest existing codes: .*5A001\.b\.\d/);
    expect(bad.json().error.fields.code).toContain('5A001.b');
  });

  it('the import report lists the residual structural defects', async () => {
    const body = (await t.as(null).get('/api/controls/import-report?list=eu&unrepaired=true')).json();
    expect(body.summary.missing_text.unrepaired).toBeGreaterThan(50);
    expect(body.items.some((i: any) => i.code === '6A008.a' && i.kind === 'missing_text')).toBe(true);
    expect(body.items.some((i: any) => i.kind === 'merged_sibling')).toBe(true);
  });
});

describe('search in exporters words', () => {
  it('does not require every word of a multi-word query, and folds US spellings', async () => {
    // "goggles" is not in the list; the other words are: the search must still find 6A002's image intensifier items.
    const r = (await t.as(null).get('/api/controls/search?q=image%20intensifier%20goggles&list=eu&limit=5')).json().results;
    expect(r.map((x: any) => x.code)).toContain('6A002');
    // The list writes "vapour": the US spelling alone must find it.
    const vapor = (await t.as(null).get('/api/controls/search?q=vapor&list=eu&limit=10')).json().results;
    expect(vapor.length).toBeGreaterThan(0);
    expect(vapor.map((x: any) => x.code)).toContain('3B001');
  });
});
