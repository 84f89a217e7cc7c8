import { describe, expect, it } from 'vitest';
import type { RiskDeclaration, RiskLine } from '../customs/risk.port.js';
import { ScanEngine, scoreOf, type PartyState } from './engine.js';
import { consigneeEndUserMismatch, controlledWithoutAuthorisation, localHits, routeInconsistent, splitRuns, transshipment } from './signals.js';

let n = 0;
const line = (o: Partial<RiskLine> = {}): RiskLine => ({ lineNo: 1, hsCode: '851762', description: 'Radio equipment', controlCode: '5A002', quantity: 10, unit: 'items', value: 5000, currency: 'GBP', authKind: 'individual', authReference: 'GBSIEL/2026/0001', status: 'released', reasons: [], ...o });
const decl = (o: Partial<RiskDeclaration> = {}, l: Partial<RiskLine> = {}): RiskDeclaration => ({
  id: `d${++n}`,
  reference: `REF-${String(n).padStart(5, '0')}`,
  date: '2026-03-01',
  createdAt: '2026-03-01T10:00:00Z',
  organisationId: null,
  procedure: 'export',
  exporter: { name: 'Acme Ltd', country: 'GB', eori: 'GB123456789000' },
  consignee: { name: 'Outback Systems', country: 'AU', address: '1 George Street, Sydney' },
  endUser: { name: 'Outback Systems', country: 'AU' },
  destination: 'AU',
  dispatchCountry: 'GB',
  transit: [],
  status: 'active',
  lines: [line(l)],
  ...o,
});
const engine = (parties = new Map<string, PartyState>(), full = true) => new ScanEngine({ full, parties, baselines: new Map(), priorSplit: new Map() });
const signalsOf = (e: ScanEngine, ref: string) => e.recs.find((r) => r.reference === ref)!.hits.map((h) => h.signal);

describe('declaration rules', () => {
  it('transshipment: via a hub toward an embargoed end user fires; a hub toward an ordinary destination does not', () => {
    expect(transshipment(decl({ destination: 'AM', transit: ['TR'], consignee: { name: 'X', country: 'AM' }, endUser: { name: 'Y', country: 'RU' } }))).toMatch(/toward RU/);
    expect(transshipment(decl({ destination: 'KZ', endUser: { name: 'Y', country: 'BY' } }))).toMatch(/diversion hub/);
    expect(transshipment(decl({ destination: 'AU', transit: ['AE', 'SG'] }))).toBeNull();
  });

  it('consignee/end-user country mismatch fires across borders, not inside a single-market group', () => {
    expect(consigneeEndUserMismatch(decl({ consignee: { name: 'A', country: 'AE' }, endUser: { name: 'B', country: 'PK' } }))).toMatch(/AE but the end user .* PK/);
    expect(consigneeEndUserMismatch(decl({ consignee: { name: 'A', country: 'DE' }, endUser: { name: 'B', country: 'FR' } }))).toBeNull();
    expect(consigneeEndUserMismatch(decl({ endUser: null }))).toBeNull();
  });

  it('route: a Latin American transit on the way from GB to Australia is off route; the Gulf is not', () => {
    expect(routeInconsistent(decl({ transit: ['PA'] }))).toMatch(/PA is off any plausible route/);
    expect(routeInconsistent(decl({ transit: ['AE', 'SG'] }))).toBeNull();
  });

  it('controlled goods without authorisation: a control code or a controlled heading with no licence fires; a licensed line does not', () => {
    expect(controlledWithoutAuthorisation(decl({}, { authReference: null, authKind: null }))).toEqual({ detail: expect.stringMatching(/control code 5A002 .*released by customs/), held: false });
    expect(controlledWithoutAuthorisation(decl({}, { authReference: null, controlCode: null, hsCode: '930190' }))?.detail).toMatch(/HS 930190/);
    expect(controlledWithoutAuthorisation(decl({}, { authReference: null, controlCode: null, hsCode: '940310' }))).toBeNull();
    expect(controlledWithoutAuthorisation(decl())).toBeNull();
  });

  it('controlled goods already held by customs weigh less than released ones', () => {
    const held = localHits(decl({}, { authReference: null, status: 'held' })).find((h) => h.signal === 'controlled_without_authorisation')!;
    const released = localHits(decl({}, { authReference: null })).find((h) => h.signal === 'controlled_without_authorisation')!;
    expect(held.weight).toBeLessThan(released.weight);
    expect(held.detail).toMatch(/customs holds it already/);
  });
});

describe('window rules (through the engine)', () => {
  it('new consignee with sensitive items: the first shipment fires, the second and a non-sensitive first do not', () => {
    const e = engine();
    const first = decl({ date: '2026-03-01', consignee: { name: 'Fresh Trading FZE', country: 'AE' }, destination: 'AE' });
    const second = decl({ date: '2026-03-05', consignee: { name: 'Fresh Trading FZE', country: 'AE' }, destination: 'AE' });
    const plain = decl({ consignee: { name: 'Paper Co', country: 'AE' }, destination: 'AE' }, { controlCode: null });
    const early = decl({ date: '2025-12-01', consignee: { name: 'Early Bird', country: 'AE' }, destination: 'AE' });
    for (const d of [early, second, first, plain]) e.add(d);
    e.finish();
    // Without 30 days of history before it, a first sighting is not judged (and the scan says so).
    expect(signalsOf(e, early.reference)).not.toContain('new_consignee_sensitive');
    expect(e.skipped.new_consignee_sensitive).toMatch(/before 2025-12-31/);
    expect(signalsOf(e, first.reference)).toContain('new_consignee_sensitive');
    expect(signalsOf(e, second.reference)).not.toContain('new_consignee_sensitive');
    expect(signalsOf(e, plain.reference)).not.toContain('new_consignee_sensitive');
  });

  it('a consignee already known before the scan is not new', () => {
    const known: PartyState = { key: 'fresh trading fze|AE', name: 'Fresh Trading FZE', country: 'AE', address: null, addressNorm: null, eori: null, roles: ['consignee'], firstDate: '2025-01-01', firstReference: 'OLD-1', declarations: 4, listed: false, listedDetail: null };
    const e = engine(new Map([[known.key, known]]), false);
    const d = decl({ consignee: { name: 'Fresh Trading FZE', country: 'AE' }, destination: 'AE' });
    e.add(d);
    e.finish();
    expect(signalsOf(e, d.reference)).not.toContain('new_consignee_sensitive');
  });

  it('split shipments: three just under 10,000 GBP within 14 days fire; spread over months or well under they do not', () => {
    expect(splitRuns([{ date: '2026-03-01' }, { date: '2026-03-05' }, { date: '2026-03-12' }]).size).toBe(3);
    expect(splitRuns([{ date: '2026-01-01' }, { date: '2026-02-01' }, { date: '2026-03-01' }]).size).toBe(0);
    const e = engine();
    const c = { name: 'Split Buyer', country: 'TR' };
    const near = ['2026-03-01', '2026-03-04', '2026-03-09'].map((date) => decl({ date, consignee: c, destination: 'TR' }, { value: 9600, controlCode: null, authReference: null }));
    const low = decl({ date: '2026-03-02', consignee: c, destination: 'TR' }, { value: 3000 });
    for (const d of [...near, low]) e.add(d);
    e.finish();
    for (const d of near) expect(signalsOf(e, d.reference)).toContain('split_shipment');
    expect(signalsOf(e, low.reference)).not.toContain('split_shipment');
  });

  it('outliers: a unit value 50 times the median for the HS code and destination fires; ordinary values do not', () => {
    const e = engine();
    const normal = Array.from({ length: 40 }, (_, i) => decl({}, { hsCode: '903089', quantity: 10, value: 1000 + ((i * 37) % 200) }));
    const odd = decl({}, { hsCode: '903089', quantity: 10, value: 50_000 });
    for (const d of [...normal, odd]) e.add(d);
    e.finish();
    expect(signalsOf(e, odd.reference)).toContain('value_outlier');
    expect(normal.filter((d) => signalsOf(e, d.reference).includes('value_outlier'))).toHaveLength(0);
    expect(e.recs.find((r) => r.reference === odd.reference)!.hits.find((h) => h.signal === 'value_outlier')!.detail).toMatch(/Unit value 5,000 against a median of 1\d\d for HS 903089 to AU/);
  });

  it('outliers are not evaluated (and said so) when a group is too small', () => {
    const e = engine();
    e.add(decl({}, { hsCode: '840120', value: 1e9 }));
    e.finish();
    expect(e.skipped.value_outlier).toMatch(/fewer than 30 lines/);
    expect(e.recs[0]!.hits.map((h) => h.signal)).not.toContain('value_outlier');
  });

  it('linked to listed: a consignee at the address of a party customs screening matched fires; a different address does not', () => {
    const e = engine();
    const listed = decl({ consignee: { name: 'Shadow Procurement', country: 'AE', address: 'Office 12, Al Maktoum Road, Dubai' } }, { status: 'held', reasons: [{ code: 'party_screening_hit', message: 'The consignee "Shadow Procurement" matches "SHADOW PROCUREMENT LLC" on us-csl (Entity List), score 0.97' }] });
    const front = decl({ consignee: { name: 'Bright Star General Trading', country: 'AE', address: 'office 12 al maktoum rd, DUBAI' } });
    const other = decl({ consignee: { name: 'Harbour Logistics', country: 'AE', address: 'Warehouse 4, Jebel Ali Free Zone' } });
    for (const d of [listed, front, other]) e.add(d);
    e.finish();
    expect(signalsOf(e, front.reference)).toContain('linked_to_listed');
    expect(signalsOf(e, other.reference)).not.toContain('linked_to_listed');
    expect(signalsOf(e, listed.reference)).not.toContain('linked_to_listed');
    expect([...e.linked.keys()]).toEqual(['bright star general trading|AE']);
  });
});

describe('score', () => {
  it('adds the weights (capped at 100) and names the strongest signal as the kind', () => {
    const s = scoreOf([
      { signal: 'route_inconsistent', version: 1, weight: 20, detail: 'a' },
      { signal: 'transshipment', version: 1, weight: 40, detail: 'b' },
    ]);
    expect(s).toMatchObject({ score: 60, kind: 'transshipment' });
    expect(scoreOf(Array.from({ length: 5 }, () => ({ signal: 'linked_to_listed' as const, version: 1, weight: 45, detail: '' }))).score).toBe(100);
  });
});
