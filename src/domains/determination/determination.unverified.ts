/**
 * Unverified parties (issue 17): a party on the authority's own Unverified List (screening source
 * `clearway-unverified`, published by the verification domain) or on the US Unverified List (a sub-list of the US
 * Consolidated Screening List) makes general licences and licence exceptions unavailable for the whole determination,
 * as 15 CFR 744.15(a) does for the US list. Built into the engine (not pack data) so it holds in every pack and version.
 */
import type { CompiledPack } from './determination.compile.js';
import type { PartyMatch, PartyRuleDef } from './determination.types.js';

export const AUTHORITY_UNVERIFIED_SOURCE = 'clearway-unverified';
const UNVERIFIED_LIST = 'unverified list';
const AUTHORITY_CITATION = "The authority's Unverified List (an end-use or post-shipment check was unfavourable, could not verify the end use, or was refused): general licences and licence exceptions withheld, as under 15 CFR 744.15(a)";
const US_CITATION = '15 CFR 744.15(a) (US Unverified List: no licence exception may be used)';

/** The rule a match counts under when no pack rule already blocks general licences for it. */
export const UNVERIFIED_RULE: PartyRuleDef = {
  id: 'unverified-party',
  name: 'Unverified List (no general licence or licence exception)',
  outcome: null,
  blocksGeneralLicences: true,
  allItems: true,
  tier: 'high',
  citation: AUTHORITY_CITATION,
  detail: 'A party is on an Unverified List: general licences and licence exceptions are not available for this determination.',
};

/** A party's match on an Unverified List (the authority's, or the US one). */
export interface UnverifiedHit {
  party: string;
  role: string;
  list: string;
  source: string;
  score: number;
  cite: string;
}

export const isUnverified = (m: PartyMatch) => m.source === AUTHORITY_UNVERIFIED_SOURCE || (m.list ?? '').toLowerCase() === UNVERIFIED_LIST;

/** The citation for a match: the authority's own list, or 15 CFR 744.15 (applied by the authority as policy outside the US pack). */
export function unverifiedCite(cp: CompiledPack, m: PartyMatch): string {
  if (m.source === AUTHORITY_UNVERIFIED_SOURCE) return cp.cite(AUTHORITY_CITATION);
  return cp.cite(cp.pack.policy === 'us' ? US_CITATION : `${US_CITATION}, applied by the authority to its general licences as policy`);
}

/** The item's trace entry for one unverified party (the party and list named, with the consequence for this item). */
export function unverifiedDetail(u: UnverifiedHit, needsLicence: boolean): string {
  const head = `${u.role} "${u.party}" is on the ${u.list} (${u.source}, score ${u.score.toFixed(2)}): general licences and licence exceptions are not available for this determination`;
  return needsLicence ? `${head}, so the licence this item needs must be an individual licence.` : `${head} (this item needs none on the list-based rules).`;
}
