/** Why a general licence / licence exception cannot be used for this item (null when it can). Checks in order, cheapest first. */
import { NO_LIST_REASON, type CompiledGl } from './determination.compile.js';
import { has, type ItemState } from './determination.item.js';
import { OUTCOME_RANK } from './determination.types.js';

/** Marks a general-licence problem that only missing facts cause (→ review_required, not "no general licence"). */
export const REVIEW = 'REVIEW:';

export function glProblem(s: ItemState, g: CompiledGl, gi: number): string | null {
  const { sh, code } = s;
  const d = g.def;
  if (!s.listReasons.length || !code) return NO_LIST_REASON;
  if (OUTCOME_RANK[s.outcome] > OUTCOME_RANK.individual_licence_required) return `the outcome is already ${s.outcome}`;
  if (s.glBlockedBy.length) return `not usable because of ${s.glBlockedBy.join('; ')}`;
  if (s.catchAllApplied) return 'a catch-all concern applies';
  // destination and end use first (cheapest, and the most common reason)
  if (!g.dest || !g.dest.has(sh.dest)) return sh.profile.glDestWhy[gi]!;
  if (d.endUses && !d.endUses.includes(sh.endUse)) return `only for end use ${d.endUses.join(', ')}`;
  const group = s.group;
  if (d.notForGroups && group && d.notForGroups.includes(group)) return `not usable for product group ${group} (${group === 'E' ? 'technology' : group === 'D' ? 'software' : group})`;
  return itemProblem(s, g, code) ?? exporterProblem(s, g) ?? exceptionProblem(s, g, code);
}

/** The item against the licence's item list and exclusions. */
function itemProblem(s: ItemState, g: CompiledGl, code: string): string | null {
  const d = g.def;
  const { cp, group } = s;
  if (d.items.scope === 'list') {
    const m = g.items!.match(code);
    if (m === 'no') return `${code} is not in its item list${d.flagged ? ' (item list UNVERIFIED or incomplete)' : ''}`;
    if (m === 'possibly') return `${code} is a parent of its listed items: give the exact sub-item`;
  } else if (d.items.scope === 'groups') {
    if (!group || !has(d.items.groups, group)) return `only product group(s) ${d.items.groups?.join(', ')}`;
  }
  for (const e of d.excluded) {
    if (e === 'INTRA_UNION_ALL' && cp.intraUnion) {
      const m = cp.intraUnion.match(code);
      if (m !== 'no') return `${code} ${m === 'yes' ? 'is' : 'may be'} in Annex IV (excluded)`;
    }
    if (e === 'SECTION_I' && cp.intraUnion) {
      const m = cp.intraUnion.match(code);
      if (m !== 'no') return `${code} ${m === 'yes' ? 'is' : 'may be'} in Annex II Section I through Annex IV (excluded)`;
    }
    if (e === 'GROUP_D_ALL' && group === 'D') return 'software (Section D) is excluded';
    if (e === 'GROUP_E_ALL' && group === 'E') return 'technology (Section E) is excluded';
  }
  const ex = g.excluded.match(code);
  if (ex === 'yes') return `${code} is excluded (${d.excluded.includes('SECTION_I') ? 'Annex II Section I or a listed exclusion' : 'listed exclusion'})`;
  if (ex === 'possibly') return `${code} contains an excluded sub-item: give the exact sub-item (fail closed)`;
  return null;
}

/** The exporter's facts: compliance programme, establishment, what it was informed of or is aware of. */
function exporterProblem(s: ItemState, g: CompiledGl): string | null {
  const d = g.def;
  const { cp, sh } = s;
  if (d.requiresIcp && !sh.icp) return 'requires an internal compliance programme';
  if (d.requiresEstablishedInUnion && cp.pack.licensing.kind === 'outside_union' && sh.establishedIn && !cp.union.has(sh.establishedIn)) return `the exporter must be established in the Union (not ${sh.establishedIn})`;
  for (const c of d.notIfInformedOrAware) {
    if (c === 'military') {
      const mil = has(sh.informed, 'military') || has(sh.aware, 'military') || sh.endUse === 'military';
      if (mil && sh.armsEmbargoed.size) return 'military end use in an arms-embargoed destination (Art 4(1)(b) use)';
    } else if (has(sh.informed, c) || has(sh.aware, c) || (c === 'wmd' && sh.endUse === 'wmd')) return `the exporter is informed or aware of a ${c} use`;
  }
  return null;
}

/** US: reasons for control, the ECCN's exception field and value limit, §740.2; EU003: the original authorisation. */
function exceptionProblem(s: ItemState, g: CompiledGl, code: string): string | null {
  const d = g.def;
  const { cp, sh, entry, it } = s;
  if (d.onlyForReasons) {
    const other = s.listReasons.filter((r) => !d.onlyForReasons!.includes(r));
    if (other.length) return `the licence requirement is also for ${[...new Set(other)].join(', ')} reasons (only ${d.onlyForReasons.join(', ')} allowed)`;
  }
  if (d.exceptionField) {
    const st = entry?.exceptions?.[d.exceptionField];
    if (!st || st.status === 'no') return `the ECCN says ${d.exceptionField}: N/A`;
    if (st.status === 'value' && d.valueLimitField) {
      if (st.valueLimit == null) return `the ECCN's ${d.exceptionField} value limit could not be read`;
      if (it.value == null) return `give the item value: ${d.exceptionField} is limited to $${st.valueLimit} per shipment`;
      if (it.value > st.valueLimit) return `the value ${it.value} exceeds the ${d.exceptionField} limit of $${st.valueLimit}`;
    } else if (st.status !== 'yes') return `not evaluated: the ECCN allows ${d.exceptionField} only for some items ("${st.text.slice(0, 120)}")`;
  }
  const r = cp.pack.exceptionRestrictions;
  if (r) {
    if (cp.exceptionNoCodes && cp.exceptionNoCodes.match(code) !== 'no') return `§740.2(a)(3): ${code} is a surreptitious-interception item`;
    const bad = s.listReasons.filter((x) => r.noExceptionReasons.includes(x));
    if (bad.length) return `§740.2(a)(5): the item is controlled for ${bad.join(', ')} reasons`;
    if (entry?.reasons?.some((x) => r.noExceptionReasons.includes(x))) return `§740.2(a)(5): the ECCN is controlled for ${r.noExceptionReasons.join(', ')} reasons`;
  }
  if (d.requiresOriginalAuthorisationYears) {
    const granted = sh.exporter.originalAuthorisation?.grantedOn;
    if (!granted) return `${REVIEW}the original export authorisation (reference and date granted) was not given`;
    if (sh.date && addYears(granted, d.requiresOriginalAuthorisationYears) < sh.date) return `the original authorisation was granted on ${granted}, more than ${d.requiresOriginalAuthorisationYears} years ago`;
  }
  return null;
}

/** "2021-03-01" + 5 years → "2026-03-01" (UTC calendar; 29 February rolls to 1 March as Date does). */
function addYears(isoDate: string, years: number): string {
  const limit = new Date(isoDate + 'T00:00:00Z');
  limit.setUTCFullYear(limit.getUTCFullYear() + years);
  return limit.toISOString().slice(0, 10);
}
