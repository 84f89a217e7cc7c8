/** Screening decisions about a party, for the verification domain's reliability record (read side only). */
import type { Executor } from '../../platform/db/index.js';

export interface PartyScreeningDecision {
  hitId: string;
  source: string;
  list: string | null;
  entityName: string;
  status: string;
  reason: string | null;
  decidedAt: string | null;
}

/** Decided screening hits on stored parties with this name (normalised by the caller's `same`) and country. */
export async function screeningDecisionsForParty(db: Executor, name: string, country: string, same: (a: string, b: string) => boolean): Promise<PartyScreeningDecision[]> {
  const parties = await db.selectFrom('screening_parties').select(['id', 'name', 'country']).where('deleted_at', 'is', null).where('country', '=', country.toUpperCase()).execute();
  const ids = parties.filter((p) => same(p.name, name)).map((p) => p.id);
  if (!ids.length) return [];
  const hits = await db.selectFrom('screening_hits').select(['id', 'source', 'list', 'entity_name', 'status', 'reason', 'decided_at']).where('party_id', 'in', ids.slice(0, 500)).where('decided_at', 'is not', null).execute();
  return hits.map((h) => ({ hitId: h.id, source: h.source, list: h.list, entityName: h.entity_name, status: h.status, reason: h.reason, decidedAt: h.decided_at }));
}
