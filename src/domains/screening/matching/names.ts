import type { ListedParty } from '../model.js';
import { DEFAULT_THRESHOLD, MatchIndex } from './index.js';

/**
 * The screening matcher over an ad-hoc list of names (e.g. licensing's partner denials), so every name comparison in
 * Clearway scores alike: same normalisation, transliteration, exact-name guarantee and threshold.
 */
export function nameMatcher(names: Array<{ id: string; name: string }>) {
  const index = MatchIndex.build(
    names.map((n): ListedParty => ({ id: n.id, source: 'names', sourceId: n.id, schema: 'LegalEntity', names: [{ full: n.name, type: 'primary' }], addresses: [], countries: [], birthDates: [], identifiers: [], programmes: [] })),
  );
  return (query: string, threshold = DEFAULT_THRESHOLD): Array<{ id: string; score: number }> =>
    index.search({ name: query }, { threshold, limit: 100 }).map((m) => ({ id: m.partyId, score: m.score }));
}
