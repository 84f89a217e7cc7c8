/**
 * The screening domain's implementation of the platform's ScreenPartiesPort (src/platform/ports.ts), wired by the
 * composition root. Unavailable (→ screened: false) when no list is loaded or the index is empty or fails to build.
 */
import type { PartyToScreen, ScreenPartiesPort, ScreenPartiesResult } from '../../platform/ports.js';
import type { Ctx } from '../../platform/context.js';
import { getIndex } from './screening.index.js';
import { runSearch, toSearchQuery } from './screening.service.js';

export const screenPartiesAdapter: ScreenPartiesPort = async (ctx: Ctx, parties: readonly PartyToScreen[]): Promise<ScreenPartiesResult> => {
  const ix = await getIndex(ctx.db);
  if (!Object.keys(ix.versions).length) return { screened: false, listVersions: {}, hits: [], reason: 'no screening list is loaded' };
  const hits: ScreenPartiesResult['hits'] = [];
  parties.forEach((p, i) => {
    const q = toSearchQuery({ name: p.name, country: p.country });
    for (const m of runSearch(ix, q, { limit: 10 })) hits.push({ party: i, list: m.list ?? m.source, source: m.source, score: m.score, matchedName: m.matchedName });
  });
  return { screened: true, listVersions: { ...ix.versions }, hits };
};
