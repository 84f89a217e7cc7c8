/** Phase 1: is the item listed (the authority's control list when given, else the pack's copy), and end-use exemptions. */
import { ancestryOf, normaliseCode } from './determination.codes.js';
import { entry as traceEntry, type CompiledPack, type Listing } from './determination.compile.js';
import { add, has, maxTier, type ItemState } from './determination.item.js';
import type { ControlEntry, EvaluationContext } from './determination.types.js';

type ListView = NonNullable<EvaluationContext['controlList']>;

function computeListing(cp: CompiledPack, code: string | null, cl: ListView | undefined, description: string | undefined): Listing {
  const pack = cp.pack;
  const top = code && code !== 'EAR99' ? (code.startsWith('ML') || code.startsWith('PL') ? code.split('.')[0]! : code.slice(0, 5)) : null;
  let entry: ControlEntry | undefined = top ? pack.controlList.entries[top] : undefined;
  let listed = !!entry;
  if (cl && top && !top.startsWith('ML') && !top.startsWith('PL')) {
    // The control list maintained by the authority decides what is listed (one source of truth); the pack adds rules.
    listed = cl.heads.has(top);
    if (listed && !entry) entry = { label: cl.titles?.get(top) ?? top };
    if (!listed) entry = undefined;
  }
  if (!listed && top && pack.controlList.extraPrefixes) {
    const x = pack.controlList.extraPrefixes.find((p) => p.prefix === top);
    if (x) {
      listed = true;
      entry = { label: x.label };
    }
  }
  const group = code && /^\d[A-E]/.test(code) ? code[1]! : null;
  const detail = listed
    ? `${code} is listed (${top}: ${entry!.label.slice(0, 140)})${cl ? ` in control list release ${cl.releaseId}` : ''}.`
    : code
      ? code === 'EAR99'
        ? 'EAR99: subject to the EAR but not on the Commerce Control List.'
        : `${code} is not in ${pack.controlList.name}; treated as an unlisted item.`
      : `No control code given${description ? ` ("${description.slice(0, 80)}")` : ''}: treated as an unlisted item.`;
  return { top, entry, listed, group, anc: code ? ancestryOf(code) : [], trace: traceEntry('control-list', listed, cp.listCite, detail, pack.controlList.status) };
}

/** The listing of a code, memoised per pack (and per control-list release); items without a code are not cached. */
function listingOf(cp: CompiledPack, code: string | null, cl: ListView | undefined, description: string | undefined): Listing {
  if (!code) return computeListing(cp, code, cl, description);
  let cache = cp.listings;
  if (cl) {
    let c = cp.listingsByRelease.get(cl);
    if (!c) cp.listingsByRelease.set(cl, (c = new Map()));
    cache = c;
  }
  let l = cache.get(code);
  if (!l) {
    if (cache.size > 20_000) cache.clear();
    l = computeListing(cp, code, cl, undefined);
    cache.set(code, l);
  }
  return l;
}

export function listing(s: ItemState) {
  s.code = normaliseCode(s.it.code);
  const cl = s.context.controlList?.heads ? s.context.controlList : undefined;
  const l = listingOf(s.cp, s.code, cl, s.it.description);
  s.top = l.top;
  s.entry = l.entry;
  s.listed = l.listed;
  s.group = l.group;
  s.anc = l.anc;
  s.trace.push(l.trace);
}

/** Exemptions by end use or by facts about the information (research decontrol etc.). */
export function exemptionsPhase(s: ItemState) {
  const { cp, sh } = s;
  for (const ex of cp.exemptions) {
    const d = ex.def;
    if (d.facts ? !d.facts.some((f) => sh.exporter[f] === true) : !has(d.endUses, sh.endUse)) continue;
    const destExcluded = has(d.excludedDestinations, sh.dest);
    let applies = false;
    let detail = d.detail;
    if (destExcluded) detail = `Not available for ${sh.destName}. ${d.detail}`;
    else if (d.effect === 'decontrol_groups') {
      applies = s.listed && !!s.group && has(d.groups, s.group);
      if (!applies) detail = `Only for product group(s) ${d.groups?.join(', ')} of the control list. ${d.detail}`;
    } else if (d.effect === 'lift_embargo') {
      applies = sh.destEmbargoes.some((e) => has(d.embargoes, e.def.id));
      if (!applies) detail = `Relevant only where ${d.embargoes?.join(', ')} applies to the destination. ${d.detail}`;
    } else detail = `Not evaluated. ${d.detail}`;
    s.exemptions.push({ id: d.id, name: d.name, applies, evidence: d.evidence, citation: ex.cite, detail });
    add(s, `exemption:${d.id}`, applies, ex.cite, detail, d.effect === 'not_evaluated' ? 'not_evaluated' : d.status !== 'V' ? d.status : undefined);
    if (applies && d.effect === 'decontrol_groups') {
      s.listed = false;
      s.tier = maxTier(s.tier, 'medium');
    }
  }
}
