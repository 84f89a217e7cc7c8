import { describe, expect, it } from 'vitest';
import { PROPOSE_AT, scoreRisk } from './risk.js';

const base = { ratings: ['6A008'], destination: 'AU', transit: [], pastOutcomes: [], listed: false, lastCheckOn: null, today: '2026-03-10' };
const points = (r: ReturnType<typeof scoreRisk>, f: string) => r.factors.find((x) => x.factor === f)!.points;

describe('post-shipment risk score', () => {
  it('explains every factor and sums them', () => {
    const r = scoreRisk(base);
    expect(r.factors.map((f) => f.factor)).toEqual(['sensitivity', 'destination', 'diversion_hub', 'party_history', 'time_since_check']);
    expect(r.score).toBe(r.factors.reduce((s, f) => s + f.points, 0));
    expect(r.score).toBeLessThan(PROPOSE_AT); // dual-use to Australia, never checked: 15 + 15
  });

  it('raises the score for military items, embargoed destinations, hubs in transit and adverse history', () => {
    const r = scoreRisk({ ...base, ratings: ['ML4'], destination: 'RU', transit: ['TR'], pastOutcomes: ['refused', 'unfavourable'], listed: true });
    expect(points(r, 'sensitivity')).toBe(30);
    expect(points(r, 'destination')).toBe(25);
    expect(r.factors.find((f) => f.factor === 'diversion_hub')!.detail).toContain('TR');
    expect(points(r, 'party_history')).toBe(70);
    expect(r.score).toBeGreaterThan(PROPOSE_AT);
  });

  it('lowers it for a recent favourable check', () => {
    const r = scoreRisk({ ...base, pastOutcomes: ['verified'], lastCheckOn: '2026-01-10' });
    expect(points(r, 'party_history')).toBe(-10);
    expect(points(r, 'time_since_check')).toBe(-20);
  });
});
