import { describe, expect, it } from 'vitest';
import { STATUSES, TRANSITIONS, findTransition } from './workflow.js';
import { riskTier, ruleMatches } from './routing.js';
import { DEFAULT_ROUTING_RULES } from './licensing.migrations.js';
import { nameSimilarity, normaliseName } from './licensing.repository.js';
import { redact } from './cases.service.js';

describe('workflow table', () => {
  it('only names known statuses and has no duplicate moves', () => {
    const known = new Set(STATUSES.map((s) => s.code));
    const seen = new Set<string>();
    for (const t of TRANSITIONS) {
      expect(known.has(t.to), t.to).toBe(true);
      for (const f of t.from) {
        expect(known.has(f), f).toBe(true);
        expect(seen.has(`${f}>${t.to}`), `${f}>${t.to} twice`).toBe(false);
        seen.add(`${f}>${t.to}`);
      }
    }
  });

  it('allows the journeys and refuses shortcuts', () => {
    expect(findTransition('draft', 'submitted')?.roles).toEqual(['exporter', 'exporter_admin']);
    expect(findTransition('under_final_review', 'finalised')?.roles).toEqual(['licensing_officer', 'senior_officer']);
    expect(findTransition('under_appeal', 'appeal_decided')?.roles).toEqual(['senior_officer']);
    expect(findTransition('draft', 'finalised')).toBeUndefined();
    expect(findTransition('finalised', 'finalised')).toBeUndefined();
    expect(findTransition('withdrawn', 'under_review')).toBeUndefined();
    expect(findTransition('referred', 'finalised')).toBeUndefined(); // outstanding advice first
  });
});

describe('routing rules', () => {
  const rules = [...DEFAULT_ROUTING_RULES].sort((a, b) => a.priority - b.priority);
  const route = (c: { caseType?: string; destination?: string; ratings?: string[]; flags?: string[]; riskTier?: string }) =>
    rules.find((r) => ruleMatches(r, { caseType: 'standard', destination: 'AU', ratings: [], flags: [], riskTier: 'low', ...c }))?.queue;

  it('first matching rule by priority wins', () => {
    expect(route({ ratings: ['ML5'], flags: ['screening_hit'] })).toBe('sanctions-review');
    expect(route({ ratings: ['ML5'] })).toBe('military');
    expect(route({ ratings: ['0B001'] })).toBe('nuclear');
    expect(route({ ratings: ['5A002'], riskTier: 'high' })).toBe('high-risk');
    expect(route({ ratings: ['5A002'] })).toBe('general');
  });

  it('destination lists and inactive rules', () => {
    const r = { ...rules[0], flag: null, destinations: 'RU, BY', queue: 'embargo', active: 1 };
    expect(ruleMatches(r, { caseType: 'standard', destination: 'by', ratings: [], flags: [], riskTier: 'low' })).toBe(true);
    expect(ruleMatches(r, { caseType: 'standard', destination: 'FR', ratings: [], flags: [], riskTier: 'low' })).toBe(false);
    expect(ruleMatches({ ...r, active: 0 }, { caseType: 'standard', destination: 'RU', ratings: [], flags: [], riskTier: 'low' })).toBe(false);
  });

  it('risk tier', () => {
    const base = { ratings: '', military_end_use: 0, wmd_informed: 0, wmd_suspected: 0 };
    expect(riskTier(base, [])).toBe('low');
    expect(riskTier({ ...base, ratings: ',ML10,' }, [])).toBe('medium');
    expect(riskTier(base, ['denial_match'])).toBe('high');
    expect(riskTier({ ...base, wmd_suspected: 1 }, [])).toBe('high');
  });
});

describe('denial name matching and redaction', () => {
  it('ignores case, punctuation, accents and company suffixes', () => {
    expect(normaliseName('The Widget Company Ltd.')).toBe('widget');
    expect(normaliseName('Société Générale S.A.')).toBe('societe generale');
    expect(nameSimilarity(normaliseName('Organisation Name XYZ'), normaliseName('ORGANISATION NAME'))).toBeCloseTo(2 / 3);
    expect(nameSimilarity(normaliseName('Acme Optics'), normaliseName('Widget Company'))).toBe(0);
  });

  it('redacts names, addresses and contact details', () => {
    const out = redact('Harbour Systems Pty (1 Dock Road) — call +44 20 7946 0958 or mail a.b@harbour.example, see https://x.example/a', ['Harbour Systems Pty', '1 Dock Road']);
    expect(out).toBe('[redacted] ([redacted]) — call [redacted] or mail [redacted], see [redacted]');
  });
});
