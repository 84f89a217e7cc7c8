import { beforeAll, describe, expect, it } from 'vitest';
import { bundledFiles } from '../lists.service.js';
import { SOURCES, parseFeed } from '../lists/sources.js';
import type { ListedParty } from '../model.js';
import { DEFAULT_THRESHOLD, MatchIndex, normalizeName } from './index.js';

/** Every bundled list, read by the product's importers (the index the product screens against). */
let parties: ListedParty[] = [];
let ix: MatchIndex;
beforeAll(() => {
  for (const s of SOURCES) if (s.files.some((f) => f.bundled)) parties.push(...parseFeed(s, bundledFiles(s.name)));
  ix = MatchIndex.build(parties);
}, 600_000);

const key = (n: string) => {
  const t = normalizeName(n);
  const core = t.filter((x) => x.kind !== 'legal');
  return (core.length ? core : t).map((x) => x.text).join(' ');
};
const best = (name: string, extra: Record<string, unknown> = {}) => ix.search({ name, ...extra }, { threshold: 0, limit: 5 })[0];

describe('exact-name guarantee on the bundled lists', () => {
  it('every indexed name, screened as written, finds a listing of that name with score 1 at the default threshold', () => {
    const seen = new Set<string>();
    const misses: string[] = [];
    for (const p of parties) {
      for (const n of p.names) {
        const k = key(n.full);
        if (!k || seen.has(k)) continue;
        seen.add(k);
        const r = ix.search({ name: n.full }, { threshold: DEFAULT_THRESHOLD, limit: 100 });
        if (!r.some((m) => m.score === 1 && key(m.matchedName) === k)) misses.push(`${p.id}: ${n.full}`);
      }
    }
    expect(seen.size).toBeGreaterThan(40_000);
    expect(misses).toEqual([]);
  }, 1_800_000);

  it('single common names and legal-form variants alert (Gazprom, Sberbank, PJSC SBERBANK…)', () => {
    for (const q of ['Gazprom', 'Sberbank', 'PJSC SBERBANK', 'JOINT STOCK COMPANY SBERBANK']) {
      const m = best(q);
      expect(m?.score, q).toBe(1);
      expect(m?.explanation.features.some((f) => f.feature === 'exactName'), q).toBe(true);
    }
  });

  it('a listed name of another type is not guaranteed (the type is evidence)', () => {
    const asOrg = ix.search({ name: 'KOMID' }, { threshold: 0, limit: 20 }).filter((m) => m.party.schema === 'Organization');
    expect(asOrg.some((m) => m.score === 1)).toBe(true);
    const asPerson = ix.search({ name: 'KOMID', type: 'person' }, { threshold: 0, limit: 20 }).filter((m) => m.party.schema === 'Organization');
    expect(asPerson.length).toBeGreaterThan(0);
    for (const m of asPerson) expect(m.score).toBeLessThan(1);
  });

  it('repeated words and dotted acronyms find their listing', () => {
    expect(best('MUHAMMAD, Muhammad')).toMatchObject({ score: 1, matchedName: expect.stringMatching(/^MUHAMMAD, Muhammad$/i) });
    expect(key('K.O.M.I.D.')).toBe('KOMID');
    expect(best('K.O.M.I.D.')?.matchedName.replace(/[^A-Z]/gi, '').toUpperCase()).toBe('KOMID');
  });

  it('joined and split tokens: PROVENHONOUR finds PROVEN HONOUR', () => {
    const m = best('PROVENHONOUR');
    expect(key(m!.matchedName)).toBe('PROVEN HONOUR');
    expect(m!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('original Korean and Chinese script reach the listed romanisation', () => {
    const kim = best('김정은');
    expect(key(kim!.matchedName)).toBe('KIM JONG UN');
    expect(kim!.score).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });

  it('the false-positive mechanisms of issue 12 stay under the threshold', () => {
    // lenient phonetic pairing (DIANE ≈ DIN) and a listed letter taken as the initial of a long word (JAK-A)
    expect(best('Diane Harris')?.score ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
    expect(best('Jake Auchincloss')?.score ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
    // a Chinese name is not one run-together token that collides
    expect(key('杨伟')).toBe('YANG WEI');
    expect(best('杨伟')?.score ?? 0).toBeLessThan(DEFAULT_THRESHOLD);
  });
});
