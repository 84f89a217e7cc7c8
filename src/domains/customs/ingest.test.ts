import { describe, expect, it } from 'vitest';
import { canonical, canonicalDeclaration, declarationHash } from './ingest.js';
import { timeOrderedId } from './ingest.store.js';
import { Declaration } from './customs.schema.js';
import { declaration } from './customs.fixtures.js';

/** Keys of every object in reverse order, so a serialiser that keeps insertion order would differ. */
const reversed = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(reversed) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reversed(x)])) : v;

describe('declaration hash (idempotency of re-posted references)', () => {
  const variants = [
    declaration({ reference: 'H-1' }),
    declaration({ reference: 'H-2', endUser: null, transit: ['DE', 'FR'] }, { controlCode: null, authorisation: { kind: 'general', reference: 'EU001' } }),
    declaration({ reference: 'H-3', declarant: { name: 'Agent "Quoted" \\ Ltd', country: 'gb', eori: null }, items: [
      { line: 2, hsCode: '8526.91', description: 'Radar — ünïcode', quantity: 1.5, unit: 'kg', value: 0, currency: 'eur' },
      { line: 1, hsCode: '852691', description: 'Second', quantity: 2, unit: 'items', value: 10, currency: 'GBP', authorisation: { kind: 'individual', reference: 'GBSIEL/2026/0000001/L1' } },
    ] }),
  ];

  it('is the sorted-key canonical JSON, whatever the order or nulls of the submitted members', () => {
    for (const raw of variants) {
      const d = Declaration.parse(raw);
      expect(canonicalDeclaration(d)).toBe(canonical(d));
      expect(declarationHash(Declaration.parse(reversed(raw)))).toBe(declarationHash(d));
    }
    expect(canonicalDeclaration(Declaration.parse(variants[1]))).not.toContain('null');
  });

  it('changes when any member changes', () => {
    const d = Declaration.parse(variants[0]);
    const other = Declaration.parse({ ...variants[0], items: [{ ...variants[0]!.items[0]!, quantity: 4 }] });
    expect(declarationHash(other)).not.toBe(declarationHash(d));
  });
});

describe('time-ordered row ids', () => {
  it('are UUIDs in the version 7 layout, unique, and ascend across milliseconds', async () => {
    const a = Array.from({ length: 20_000 }, timeOrderedId);
    expect(new Set(a).size).toBe(a.length);
    for (const id of a) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    await new Promise((r) => setTimeout(r, 3));
    const later = timeOrderedId();
    expect(a.every((x) => x.slice(0, 13) <= later.slice(0, 13))).toBe(true);
    expect(a[0]!.slice(0, 13) < later.slice(0, 13)).toBe(true);
  });
});
