/**
 * Loads the full bundled lists (data/<source>/*.gz) into ListedParty[] with the product's own importers
 * (src/domains/screening/lists/), so the bench screens exactly what the product screens.
 */
import { readBundled } from '../../src/platform/data.js';
import type { ListedParty } from '../../src/domains/screening/model.js';
import { SOURCES, parseFeed } from '../../src/domains/screening/lists/sources.js';

export function loadCorpus(only?: string[]): { parties: ListedParty[]; bySource: Record<string, number> } {
  const parties: ListedParty[] = [];
  const bySource: Record<string, number> = {};
  for (const src of SOURCES) {
    if (only && !only.includes(src.name)) continue;
    if (!src.files.some((f) => f.bundled)) continue; // no bundled snapshot (eu_fsf)
    const files: Record<string, Buffer> = {};
    for (const f of src.files) {
      try {
        files[f.key] = readBundled(f.bundled);
      } catch {
        if (f.required) throw new Error(`bundled file ${f.bundled} missing`);
      }
    }
    const ps = parseFeed(src, files);
    bySource[src.name] = ps.length;
    parties.push(...ps);
  }
  return { parties, bySource };
}
