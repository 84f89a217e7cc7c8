/** Phases 5–7: catch-all (end-use) controls, national measures (EU Art 9), and the parties' restricted-list hits. */
import { entry as traceEntry, type CompiledCatchAll } from './determination.compile.js';
import { add, has, maxTier, raise, type ItemState } from './determination.item.js';
import { ancestryOf } from './determination.codes.js';
import type { Concern } from './determination.types.js';
import { unverifiedDetail } from './determination.unverified.js';

/** The shared trace entry of a catch-all rule that is not triggered (it depends only on the rule and the declared end use). */
function notTriggered(ca: CompiledCatchAll, endUse: string) {
  const d = ca.def;
  const key = d.trigger === 'end_use' ? endUse : '';
  let e = ca.notTriggered.get(key);
  if (!e) {
    const detail = `Not triggered: ${d.trigger === 'end_use' ? `declared end use is ${endUse}` : `not ${d.trigger} of a ${d.concern} concern`}.`;
    ca.notTriggered.set(key, (e = traceEntry(`catch-all:${d.id}`, false, ca.cite, detail, d.status !== 'V' ? d.status : undefined)));
  }
  return e;
}

export function catchAllPhase(s: ItemState) {
  const { cp, sh } = s;
  const endUseConcern: Concern | null = sh.endUse === 'wmd' ? 'wmd' : sh.endUse === 'military' ? 'military' : null;
  for (const ca of cp.catchAll) {
    const d = ca.def;
    const triggered = d.trigger === 'informed' ? has(sh.informed, d.concern) : d.trigger === 'aware' ? has(sh.aware, d.concern) : endUseConcern === d.concern;
    if (!triggered) {
      s.trace.push(notTriggered(ca, sh.endUse));
      continue;
    }
    const embargoOk = !d.embargo || sh.armsEmbargoed.has(d.embargo);
    const scopeOk = d.appliesTo === 'all' || !s.listed;
    const applies = embargoOk && scopeOk;
    let detail: string;
    if (!embargoOk) detail = `Triggered, but ${sh.destName} is not arms-embargoed, so this paragraph does not apply.`;
    else if (!scopeOk) detail = `Triggered; the item is listed, so the list-based requirement already applies and no general licence may be used.`;
    else detail = d.detail;
    add(s, `catch-all:${d.id}`, applies, ca.cite, detail, d.status !== 'V' ? d.status : undefined);
    if (embargoOk) {
      s.catchAllApplied = true;
      s.glBlockedBy.push(d.name);
      s.tier = 'high';
    }
    if (applies) raise(s, d.outcome);
  }
}

/** Member-state national measures (Art 9): for exporters established there, for the listed codes. */
export function nationalPhase(s: ItemState) {
  const { cp, sh, code } = s;
  for (const nm of cp.pack.nationalMeasures) {
    const estOk = sh.establishedIn === nm.memberState;
    let codeOk = false;
    if (code) {
      const anc = ancestryOf(code);
      for (const c of nm.codes) if (anc.includes(c) || c.startsWith(code + '.')) codeOk = true;
    }
    const destOk = nm.destinations ? nm.destinations.includes(sh.dest) : nm.outsideOf ? !nm.outsideOf.includes(sh.dest) : true;
    const applies = estOk && codeOk && destOk;
    if (!codeOk) continue;
    add(s, `national:${nm.id}`, applies, cp.cite(nm.citation), applies ? `${nm.name}: authorisation required for exporters established in ${nm.memberState}.` : `${nm.name} covers this code but ${!estOk ? `the exporter is not established in ${nm.memberState}` : `not for ${sh.destName}`}.`, nm.status);
    if (applies) {
      raise(s, nm.outcome);
      s.tier = maxTier(s.tier, 'medium');
    }
  }
}

/** Restricted-list hits of the parties: outcome floors, tiers, conditions, general licences they block, and unverified parties named. */
export function partiesPhase(s: ItemState) {
  for (const h of s.sh.partyHits) {
    const r = h.rule;
    s.tier = maxTier(s.tier, r.tier);
    if (r.blocksGeneralLicences) s.glBlockedBy.push(r.name);
    if (r.condition) s.conditions.push(r.condition);
    if (r.outcome && (r.allItems || s.listed)) raise(s, r.outcome);
  }
  if (s.sh.unscreened.length) s.tier = maxTier(s.tier, 'medium');
  for (const u of s.sh.unverified) add(s, 'unverified-party', true, u.cite, unverifiedDetail(u, s.listReasons.length > 0));
}
