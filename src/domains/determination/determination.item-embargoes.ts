/** Phase 3: embargoes and sanctions prohibitions (coverage was computed once per shipment). */
import { hsIn } from './determination.rules.js';
import { add, maxTier, raise, skipRule, type ItemState } from './determination.item.js';
import type { EmbargoDef } from './determination.types.js';

/** Embargoes lifted by an exemption that applies (e.g. a humanitarian exception). */
function liftedEmbargoes(s: ItemState): Set<string> | null {
  let lifted: Set<string> | null = null;
  for (const e of s.exemptions) {
    if (!e.applies) continue;
    for (const x of s.cp.exemptions) if (x.def.id === e.id) for (const em of x.def.embargoes ?? []) (lifted ??= new Set()).add(em);
  }
  return lifted;
}

export function embargoPhase(s: ItemState) {
  const { cp, sh } = s;
  const lifted = liftedEmbargoes(s);
  for (let ei = 0; ei < cp.embargoes.length; ei++) {
    const e = cp.embargoes[ei]!;
    const d = e.def;
    const cov = sh.cover[ei];
    if (!cov) {
      if (e.dest.has(sh.dest)) add(s, `embargo:${d.id}`, false, e.cite, `${d.name} is not in force on ${sh.date} (valid ${d.validFrom ?? '…'} to ${d.validTo ?? '…'}).`);
      continue;
    }
    if (!cov.covers) {
      s.trace.push(sh.profile.notCovered[ei]!);
      continue;
    }
    if (d.kind === 'arms') {
      const det = d.details?.[sh.dest];
      add(s, `embargo:${d.id}`, true, e.cite, `${sh.destName} is arms-embargoed (${det?.basis ?? d.name}${det?.scope ? `, ${det.scope}` : ''}): relevant to military end use.`, det?.status ?? d.status);
      s.tier = maxTier(s.tier, 'high');
      continue;
    }
    coveredSanctions(s, d, e.cite, cov.where || sh.destName, !!lifted?.has(d.id));
  }
}

/** A sanctions regime that covers this shipment: listed items (or all items), goods by customs code, lifted by an exemption. */
function coveredSanctions(s: ItemState, d: EmbargoDef, cite: string, where: string, liftedHere: boolean) {
  const { cp, sh } = s;
  const inScope = d.scope === 'all' || s.listed;
  const isLifted = inScope && liftedHere;
  if (!inScope && d.unlistedItems && !liftedHere) {
    // Sanctions annexes list further goods by customs code; without that item data we cannot clear the item.
    const u = d.unlistedItems;
    if (u.hsPrefixes && hsIn(u.hsPrefixes, s.hsCode)) {
      add(s, `embargo:${d.id}:goods`, true, cp.cite(u.citation), `HS ${s.hsCode} is in the goods listed by ${u.citation} for ${where}.`);
      raise(s, u.outcome === 'review_required' ? 'prohibited' : u.outcome);
      s.glBlockedBy.push(d.name);
    } else skipRule(s, `embargo:${d.id}:goods`, cp.cite(u.citation), `${where}: ${u.why}${s.hsCode ? ` (HS ${s.hsCode} given)` : ' (no control code and no HS code given)'}`);
  }
  add(
    s,
    `embargo:${d.id}`,
    inScope && !isLifted,
    cite,
    !inScope
      ? `${where} is covered by ${d.name}, whose list-based rule applies to listed items only; this item is not listed.`
      : isLifted
        ? `${d.name} covers ${where}, but an exception for the declared end use (${sh.endUse}) applies: the prohibition is lifted; the authorisation requirement still applies.`
        : `${d.name} covers ${where}: ${d.outcome === 'prohibited' || !d.outcome ? 'the export is prohibited' : 'a licence is required'}.`,
    d.status !== 'V' ? d.status : undefined,
  );
  s.tier = maxTier(s.tier, 'high');
  if (inScope && !isLifted) {
    raise(s, d.outcome ?? 'prohibited');
    s.glBlockedBy.push(d.name);
  }
}
