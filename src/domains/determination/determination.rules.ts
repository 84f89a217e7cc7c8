/**
 * Small pure helpers the evaluator uses to decide whether a data-defined rule applies to an input:
 * rule conditions, destination rules of prose licence rows, and code-prefix matching.
 */
import type { Concern, DestinationRule, EndUse, RuleCondition } from './determination.types.js';

/** The facts of a shipment a rule condition looks at. */
export interface ConditionFacts {
  dest: string;
  partyCountries: ReadonlySet<string>;
  transit: readonly string[];
  endUse: EndUse;
  concerns: ReadonlySet<Concern>;
  informed: ReadonlySet<Concern>;
  hasParties: boolean;
}

/** The item facts a rule condition looks at. */
export interface ItemFacts {
  code: string | null;
  ancestry: readonly string[];
  listed: boolean;
  hsCode?: string;
}

/** True when `code` (with its ancestry) is covered by one of `prefixes` (parent-chain), or is a bare parent of one (fail closed). */
export function codeIn(prefixes: readonly string[], code: string | null, anc: readonly string[]): boolean {
  if (!code) return false;
  for (const p of prefixes) if (anc.includes(p) || p.startsWith(code + '.')) return true;
  return false;
}

/** HS code prefix match ("8542" covers "85423190"). */
export const hsIn = (prefixes: readonly string[] | undefined, hs: string | undefined) => !!hs && !!prefixes && prefixes.some((p) => hs.startsWith(p.replace(/\D/g, '')));

function anyIn(set: ReadonlySet<string>, list: readonly string[]): boolean {
  for (const x of set) if (list.includes(x)) return true;
  return false;
}

/** Whether every condition given holds for this shipment and item. */
export function conditionHolds(c: RuleCondition, s: ConditionFacts, it: ItemFacts): boolean {
  if (c.destinations && !(c.destinations.includes(s.dest) || (c.partyCountries && anyIn(s.partyCountries, c.partyCountries)))) return false;
  if (!c.destinations && c.partyCountries && !anyIn(s.partyCountries, c.partyCountries)) return false;
  if (c.notDestinations?.includes(s.dest)) return false;
  if (c.hsPrefixes && !hsIn(c.hsPrefixes, it.hsCode)) return false;
  if (c.transit && !s.transit.some((t) => c.transit!.includes(t))) return false;
  if (c.endUses && !c.endUses.includes(s.endUse)) return false;
  if (c.concerns && !c.concerns.some((x) => s.concerns.has(x))) return false;
  if (c.informed && !c.informed.some((x) => s.informed.has(x))) return false;
  if (c.listed !== undefined && c.listed !== it.listed) return false;
  if (c.codes && !codeIn(c.codes, it.code, it.ancestry)) return false;
  if (c.noItemData && !(!it.hsCode && (!it.code || it.code === 'EAR99' || !it.listed))) return false;
  if (c.hasParties !== undefined && c.hasParties !== s.hasParties) return false;
  return true;
}

/** Whether a prose licence row's destination rule covers `dest`. */
export function destinationCovered(r: DestinationRule, dest: string, groupsOf: (iso: string) => readonly string[]): boolean {
  if (r.none) return false;
  const g = groupsOf(dest);
  if (r.excludeGroups?.some((x) => g.includes(x))) return false;
  if (r.except?.includes(dest)) return false;
  if (r.worldwide) return true;
  if (r.countries?.includes(dest)) return true;
  return !!r.groups?.some((x) => g.includes(x));
}

/** Plain words for a destination rule (trace). */
export function describeDestinationRule(r: DestinationRule): string {
  if (r.none) return 'no licence requirement';
  const parts: string[] = [];
  if (r.worldwide) parts.push('every destination');
  if (r.countries?.length) parts.push(r.countries.join(', '));
  if (r.groups?.length) parts.push(`Country Group ${r.groups.join(', ')}`);
  let s = parts.join(' or ');
  if (r.except?.length) s += ` except ${r.except.join(', ')}`;
  if (r.excludeGroups?.length) s += ` (excluding Country Group ${r.excludeGroups.join(', ')})`;
  return s;
}
