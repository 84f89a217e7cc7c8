import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createTestApp, FixedClock, type TestApp } from '../../../test/helpers/app.js';
import { withTx } from '../../platform/db/index.js';
import { readBundledText } from '../../platform/data.js';
import { insertCaseFacts, type CaseFact } from './facts.js';
import { buildReport, parsePeriod, suppressReport } from './report.js';

/**
 * Golden test: every UK licence decision of 2014 Q4 (CAAT compilation of the official UK strategic export licensing
 * statistics, data/stats/uk-siel-2014q4.csv.gz) is loaded as facts; the report's outcomes by destination and refusal
 * criteria must equal the published totals counted straight from the source rows (…-published-*.csv.gz).
 */
let t: TestApp;
const rows = (f: string): Record<string, string>[] => parse(readBundledText(f), { columns: true });

beforeAll(async () => {
  t = await createTestApp({ clock: new FixedClock(new Date('2015-03-01T00:00:00Z')) });
  const facts: CaseFact[] = rows('stats/uk-siel-2014q4.csv.gz').map((r) => ({
    caseId: `uk-${r.licence_group}`,
    reference: `UK/${r.licence_group}`,
    caseType: 'siel',
    receivedAt: r.date,
    decidedAt: `${r.date}T12:00:00Z`,
    outcome: r.outcome,
    destination: r.destination!,
    destinationName: r.destination!,
    goods: r.ratings!.split(';').map((rating) => ({ rating })),
    refusalCriteria: r.criteria ? r.criteria.split(';') : [],
    licenceType: r.outcome === 'approved' ? 'individual' : null,
    licenceValue: Number(r.value_gbp) || 0,
  }));
  await withTx(t.deps.db, (tx) => insertCaseFacts(tx, facts));
});
afterAll(async () => t?.close());

describe('golden: UK SIELs 2014 Q4', () => {
  it('rebuilds the published totals by destination and decision', async () => {
    const report = await buildReport(t.deps.db, parsePeriod('2014-Q4'), new Date());
    const published = rows('stats/uk-siel-2014q4-published-by-destination.csv.gz');
    expect(published.length).toBeGreaterThan(100);
    const got = new Map(report.outcomes.map((o) => [`${o.destination}|${o.outcome}`, o.count]));
    let issued = 0;
    let refused = 0;
    for (const p of published) {
      expect(got.get(`${p.destination}|approved`) ?? 0, `${p.destination} issued`).toBe(Number(p.issued));
      expect(got.get(`${p.destination}|refused`) ?? 0, `${p.destination} refused`).toBe(Number(p.refused));
      issued += Number(p.issued);
      refused += Number(p.refused);
    }
    expect(report.outcomes).toHaveLength(published.reduce((n, p) => n + (Number(p.issued) ? 1 : 0) + (Number(p.refused) ? 1 : 0), 0));
    expect(report.applications.decided).toBe(issued + refused);
    expect(report.outcomeTotals).toEqual([
      { outcome: 'approved', count: issued },
      { outcome: 'refused', count: refused },
    ]);
    // Known published figures for the quarter (UK SIELs, Oct–Dec 2014, in the CAAT compilation).
    expect(issued + refused).toBe(2310);
    expect(got.get('Russia|refused')).toBe(17);
  });

  it('rebuilds the published refusal-criteria citations', async () => {
    const report = await buildReport(t.deps.db, parsePeriod('2014-Q4'), new Date());
    const published = rows('stats/uk-siel-2014q4-published-criteria.csv.gz');
    expect(report.refusalCriteria.map((c) => ({ criterion: c.criterion, cited: c.count }))).toEqual(published.map((p) => ({ criterion: p.criterion, cited: Number(p.cited) })));
  });

  it('suppresses the small cells of the same table in the public version', async () => {
    const pub = suppressReport(await buildReport(t.deps.db, parsePeriod('2014-Q4'), new Date()));
    const published = rows('stats/uk-siel-2014q4-published-by-destination.csv.gz');
    const got = new Map(pub.outcomes.map((o) => [`${o.destination}|${o.outcome}`, o.count]));
    for (const p of published) {
      const n = Number(p.refused);
      if (n > 0) expect(got.get(`${p.destination}|refused`)).toBe(n < 5 ? '<5' : n);
    }
    expect(got.get('China|refused')).toBe(10);
    expect(got.get('Pakistan|refused')).toBe('<5');
  });
});
