import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp } from '../../../test/helpers/app.js';
import { seedControls } from './controls.import.js';
import { loadThesaurus } from './search.thesaurus.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2026-11-26T10:00:00Z')) });
  await seedControls(t.deps, ['eu', 'uk', 'us']);
}, 120_000);
afterAll(async () => t?.close());

const find = async (q: string, extra = '') => {
  const res = await t.as(null).get(`/api/controls/search?q=${encodeURIComponent(q)}&limit=5${extra}`);
  expect(res.statusCode).toBe(200);
  return res.json();
};
const marked = (r: any) => r.highlights.map(([s, e]: [number, number]) => r.snippet.slice(s, e).toLowerCase());

describe('search in exporters\' words', () => {
  it.each([
    ['night vision goggles', 'eu', '6A002.a.2'],
    ['drone', 'eu', '9A012'],
    ['thermal camera', 'eu', '6A003.b'],
    ['5-axis milling machine', 'eu', '2B001'],
    ['radiation hardened chip', 'eu', '3A001.a.1'],
    ['spy software for phones', 'eu', '4D004'],
    ['drone', 'uk', 'ML10'],
  ])('"%s" finds %s %s in the top 3', async (q, list, code) => {
    const { results } = await find(q, `&list=${list}`);
    expect(results.slice(0, 3).map((r: any) => r.matched ?? r.code)).toContain(code);
  });

  it('every thesaurus code exists in the bundled lists', async () => {
    const codes = [...new Set(loadThesaurus().entries.flatMap((e) => e.codes))];
    expect(codes.length).toBeGreaterThan(50);
    const missing: string[] = [];
    for (const lc of codes) {
      const [list, code] = lc.split(':');
      const row = await t.deps.db.selectFrom('control_entries').select('id').where('list_id', '=', list).where('code', '=', code).executeTakeFirst();
      if (!row) missing.push(lc);
    }
    expect(missing).toEqual([]);
  });

  it('tolerates misspellings and says what it corrected', async () => {
    const vac = await find('vacum pump', '&list=eu');
    expect(vac.corrected).toEqual([{ from: 'vacum', to: 'vacuum' }]);
    expect(vac.results.slice(0, 3).map((r: any) => r.code)).toContain('2B231');
    const inter = await find('interferometre', '&list=eu');
    expect(marked(inter.results[0]).some((w: string) => w.startsWith('interferomet'))).toBe(true);
  });

  it('matches a thesaurus term as typed before correcting spelling, and leaves known words alone', async () => {
    const r = await find('thermal imager', '&list=eu');
    expect(r.corrected).toBeUndefined();
    expect(r.results[0]).toMatchObject({ code: '6A003', why: { kind: 'thesaurus', thesaurus: 'thermal imager' } });
  });

  it('folds US spellings and plurals to the list\'s British text', async () => {
    const { results } = await find('color camera', '&list=eu');
    const r = results.find((x: any) => x.code === '6A003');
    expect(r).toBeDefined();
    expect(marked(r)).toContain('colour');
    const vapour = await find('vapor deposition', '&list=eu');
    expect(vapour.results.some((x: any) => marked(x).includes('vapour'))).toBe(true);
  });

  it('highlights the matched words and says why (thesaurus or direct text)', async () => {
    const all = (await find('night vision goggles', '&list=eu')).results;
    // A text hit on the thesaurus' list words ("image intensifier tubes") is a confident match too.
    expect(all.find((r: any) => r.why.kind === 'text')).toMatchObject({ code: '6A203', confidence: 'high' });
    const nv = all[0];
    expect(nv).toMatchObject({ code: '6A002', matched: '6A002.a.2', why: { kind: 'thesaurus', thesaurus: 'night vision goggles' }, confidence: 'high' });
    expect(marked(nv)).toEqual(['image', 'intensifier', 'tubes']);
    const fc = (await find('frequency changers', '&list=eu')).results[0];
    expect(fc.why.kind).toBe('text');
    expect(fc.why.terms).toEqual(expect.arrayContaining(['frequency', 'changers']));
    expect(marked(fc)).toEqual(expect.arrayContaining(['frequency', 'changers']));
  });

  it('ranks equipment above software unless the query asks for software', async () => {
    const eq = (await find('information security', '&list=eu')).results;
    expect(eq[0].code[1]).toMatch(/[ABC]/);
    const sw = (await find('encryption software', '&list=eu')).results;
    expect(sw[0].code).toBe('5D002');
  });

  it('marks a query that nothing on the list fits as low confidence', async () => {
    const { results } = await find('coffee machine', '&list=eu');
    expect(results.every((r: any) => r.confidence === 'low')).toBe(true);
  });

  it('rejects an unknown list with the field and reason', async () => {
    const res = await t.as(null).get('/api/controls/search?q=drone&list=xx');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toHaveProperty('list');
  });
});
