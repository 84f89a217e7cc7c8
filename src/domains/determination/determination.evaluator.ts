/**
 * The determination engine: a pure function over a compiled policy pack, the exporter's facts and the facts the
 * service resolved beforehand (party screening). No I/O, no clock, no database: same input, same output.
 *
 * Every rule considered is written to the item's trace with whether it applied, why, and its citation
 * (regulation, article or annex, and the pack version).
 */
import {
  OUTCOME_RANK,
  TIER_RANK,
  type CatchAllDef,
  type Concern,
  type DeterminationInput,
  type DeterminationResult,
  type EmbargoDef,
  type ExemptionDef,
  type ExemptionResult,
  type GeneralLicenceDef,
  type GeneralLicenceResult,
  type ItemInput,
  type ItemResult,
  type Outcome,
  type PartyRuleDef,
  type EvaluationContext,
  type PolicyPack,
  type Tier,
  type TraceEntry,
  type ControlEntry,
  type NotEvaluatedItem,
} from './determination.types.js';
import { codeIn, conditionHolds, describeDestinationRule, destinationCovered, hsIn, type ConditionFacts } from './determination.rules.js';

// ------------------------------------------------------------------------------------------ codes

const HEAD_RE = /^(\d)([A-Ea-e])(\d{3})(.*)$/;
const ML_HEAD_RE = /^(ML|PL)(\d{1,4})(.*)$/i;

/** "a.1.b" | "a1b" | ".a.1" → "a.1.b"; null when the rest is not sub-item notation. */
function subItems(rest: string): string | null {
  const r = rest.replace(/^\./, '').replace(/\.$/, '');
  if (!r) return '';
  if (!/^[A-Za-z0-9.]+$/.test(r)) return null;
  const parts = r.split('.').flatMap((seg) => seg.match(/[A-Za-z]+|\d+/g) ?? []);
  return parts.length ? '.' + parts.join('.').toLowerCase() : '';
}

/** Normalises a control code ("1a002.A.1" or "1A002a1" → "1A002.a.1", "ear99" → "EAR99", "ML10a" → "ML10.a"); null when it is not a control code. */
export function normaliseCode(raw: string | undefined | null): string | null {
  if (raw == null) return null;
  const s = raw.trim().replace(/\s+/g, '');
  if (!s) return null;
  if (/^EAR99$/i.test(s)) return 'EAR99';
  const m = HEAD_RE.exec(s);
  if (m) {
    const sub = subItems(m[4]!);
    return sub === null ? null : `${m[1]}${m[2]!.toUpperCase()}${m[3]}${sub}`;
  }
  const ml = ML_HEAD_RE.exec(s);
  if (ml) {
    const sub = subItems(ml[3]!);
    return sub === null ? null : `${ml[1]!.toUpperCase()}${ml[2]}${sub}`;
  }
  return null;
}

/** "9A009.a.1" → ["9A009.a.1", "9A009.a", "9A009"]. */
export function ancestry(code: string): string[] {
  const out = [code];
  let c = code;
  for (let i = c.lastIndexOf('.'); i > 0; i = c.lastIndexOf('.')) {
    c = c.slice(0, i);
    out.push(c);
  }
  return out;
}

const ancCache = new Map<string, string[]>();
/** `ancestry` memoised (codes repeat a lot; the cache is bounded). */
export function ancestryOf(code: string): string[] {
  let a = ancCache.get(code);
  if (!a) {
    if (ancCache.size > 50_000) ancCache.clear();
    a = ancestry(code);
    ancCache.set(code, a);
  }
  return a;
}

/** A code set with parent-chain matching. `yes`: the item or a parent is in the set; `possibly`: the item is a bare parent of a listed branch (fail closed). */
export class CodeMatcher {
  private exact: Set<string>;
  private parents = new Set<string>();
  constructor(codes: Iterable<string>) {
    this.exact = new Set(codes);
    for (const c of this.exact) for (const a of ancestry(c).slice(1)) this.parents.add(a);
  }
  match(code: string, anc: string[] = ancestryOf(code)): 'yes' | 'possibly' | 'no' {
    if (this.exact.size === 0) return 'no';
    for (let i = 0; i < anc.length; i++) if (this.exact.has(anc[i]!)) return 'yes';
    return this.parents.has(code) ? 'possibly' : 'no';
  }
  get size() {
    return this.exact.size;
  }
}

// ------------------------------------------------------------------------------------------ compiled pack

export interface CompiledPack {
  pack: PolicyPack;
  version: number;
  /** "eu-2021-821@1" */
  versionLabel: string;
  cite: (c: string) => string;
  union: Set<string>;
  intraUnion: CodeMatcher | null;
  sectionI: CodeMatcher | null;
  embargoes: { def: EmbargoDef; dest: Set<string>; cite: string }[];
  gls: { def: GeneralLicenceDef; dest: Set<string> | null; excluded: CodeMatcher; items: CodeMatcher | null; cite: string }[];
  catchAll: { def: CatchAllDef; cite: string }[];
  groupsOf: (iso: string) => string[];
  exemptions: { def: ExemptionDef; cite: string }[];
  partyRules: { def: PartyRuleDef; lists: Set<string>; sources: Set<string>; cite: string }[];
  /** Assumptions stated in every trace (pack rules without a `when`). */
  notEvaluated: TraceEntry[];
  /** Pack rules not evaluated that apply to matching inputs (→ review_required). */
  conditionalNotEvaluated: { def: PolicyPack['notEvaluated'][number]; cite: string }[];
  exceptionNoCodes: CodeMatcher | null;
  licensingCite: string;
  listCite: string;
  historical: TraceEntry | null;
}

const compiled = new WeakMap<PolicyPack, Map<number, CompiledPack>>();

/** Compiles a pack for fast evaluation (Sets instead of arrays, citations with the pack version). Memoised per pack object and version. */
export function compilePack(pack: PolicyPack, version: number): CompiledPack {
  let byVersion = compiled.get(pack);
  if (!byVersion) compiled.set(pack, (byVersion = new Map()));
  const hit = byVersion.get(version);
  if (hit) return hit;
  const versionLabel = `${pack.key}@${version}`;
  const cite = (c: string) => `${c} [pack ${versionLabel}]`;
  const union = new Set(pack.licensing.kind === 'outside_union' ? pack.licensing.union : [pack.licensing.home]);
  const membership = pack.countryGroups?.membership ?? {};
  const intraUnion = pack.intraUnionList ? new CodeMatcher(pack.intraUnionList.codes) : null;
  const sectionIcodes = pack.sectionI ? pack.sectionI.codes.filter((c) => c !== 'INTRA_UNION_ALL') : [];
  const sectionI = pack.sectionI ? new CodeMatcher(sectionIcodes) : null;
  const cp: CompiledPack = {
    pack,
    version,
    versionLabel,
    cite,
    union,
    intraUnion,
    sectionI,
    embargoes: pack.embargoes.map((def) => ({ def, dest: new Set(def.destinations), cite: cite(def.citation) })),
    gls: pack.generalLicences.map((def) => {
      let dest: Set<string> | null = def.destinations ? new Set(def.destinations) : null;
      if (def.countryGroups) {
        dest = new Set(Object.entries(membership).filter(([, g]) => g.some((x) => def.countryGroups!.includes(x))).map(([c]) => c));
      }
      const excludedCodes: string[] = [];
      for (const e of def.excluded) {
        if (e === 'SECTION_I') excludedCodes.push(...sectionIcodes);
        else if (!/_ALL$/.test(e)) excludedCodes.push(e);
      }
      return {
        def,
        dest,
        excluded: new CodeMatcher(excludedCodes),
        items: def.items.scope === 'list' ? new CodeMatcher(def.items.codes ?? []) : null,
        cite: cite(def.citation),
      };
    }),
    catchAll: pack.catchAll.map((def) => ({ def, cite: cite(def.citation) })),
    groupsOf: (iso) => membership[iso] ?? [],
    exemptions: pack.exemptions.map((def) => ({ def, cite: cite(def.citation) })),
    partyRules: pack.partyRules.map((def) => ({
      def,
      lists: new Set((def.lists ?? []).map((l) => l.toLowerCase())),
      sources: new Set(def.sources ?? []),
      cite: cite(def.citation),
    })),
    notEvaluated: pack.notEvaluated.filter((n) => !n.when).map((n) => ({ rule: n.rule, applied: false, citation: cite(n.citation), detail: `Assumption: ${n.detail}`, status: 'assumption' })),
    conditionalNotEvaluated: pack.notEvaluated.filter((n) => n.when).map((def) => ({ def, cite: cite(def.citation) })),
    exceptionNoCodes: pack.exceptionRestrictions ? new CodeMatcher(pack.exceptionRestrictions.noExceptionCodes) : null,
    licensingCite: cite(pack.licensing.citation),
    listCite: cite(pack.controlList.citation),
    historical: pack.historical ? { rule: 'historical-pack', applied: true, citation: cite(pack.regulation), detail: pack.historicalNote ?? 'Historical pack: not current law.', status: 'historical' } : null,
  };
  byVersion.set(version, cp);
  return cp;
}

// ------------------------------------------------------------------------------------------ evaluation

const maxOutcome = (a: Outcome, b: Outcome): Outcome => (OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a);
const maxTier = (a: Tier, b: Tier): Tier => (TIER_RANK[b] > TIER_RANK[a] ? b : a);
const has = <T>(arr: readonly T[] | undefined, v: T) => !!arr && arr.includes(v);

interface Shipment {
  dest: string;
  destName: string;
  endUse: DeterminationInput['endUse'];
  informed: Concern[];
  aware: Concern[];
  registered: Set<string>;
  icp: boolean;
  establishedIn: string | undefined;
  /** Embargoes (ids) that cover the destination. */
  destEmbargoes: { def: EmbargoDef; cite: string }[];
  armsEmbargoed: Set<string>;
  partyHits: { rule: PartyRuleDef; cite: string; party: string; list: string; score: number }[];
  unscreened: string[];
  shipmentTrace: TraceEntry[];
  /** Not-evaluated rules that concern the whole shipment (parties not screened, lists not loaded). */
  shipmentNotEvaluated: NotEvaluatedItem[];
  facts: ConditionFacts;
  /** Per sanctions regime in force (by id): whether it covers this shipment and where (destination, for use in, transit). */
  cover: ({ covers: boolean; where: string } | null)[];
  date: string;
  exporter: NonNullable<DeterminationInput['exporter']>;
  warnings: string[];
}

/**
 * Evaluates a determination. `input` must already be validated (codes may be raw; they are normalised here).
 * `context` carries the party screening results resolved by the service.
 */
export function evaluate(cp: CompiledPack, input: DeterminationInput, context: EvaluationContext): DeterminationResult {
  const pack = cp.pack;
  const dest = input.destination.toUpperCase();
  const threshold = context.partyMatchThreshold ?? 0.9;
  const sh: Shipment = {
    dest,
    destName: pack.countries[dest] ? `${pack.countries[dest]} (${dest})` : dest,
    endUse: input.endUse,
    informed: input.exporter?.informed ?? [],
    aware: input.exporter?.aware ?? [],
    registered: new Set((input.exporter?.registeredGeneralLicences ?? []).map((s) => s.toUpperCase())),
    icp: !!input.exporter?.icp,
    establishedIn: input.exporter?.establishedIn?.toUpperCase(),
    destEmbargoes: [],
    armsEmbargoed: new Set(),
    partyHits: [],
    unscreened: [],
    shipmentTrace: [],
    shipmentNotEvaluated: [],
    facts: {
      dest,
      partyCountries: new Set(context.parties.map((p) => p.country?.toUpperCase()).filter((c): c is string => !!c && c !== dest)),
      transit: (input.transit ?? []).map((t) => t.toUpperCase()),
      endUse: input.endUse,
      concerns: new Set<Concern>([...(input.exporter?.informed ?? []), ...(input.exporter?.aware ?? []), ...(input.endUse === 'wmd' ? ['wmd' as const] : input.endUse === 'military' ? ['military' as const] : [])]),
      informed: new Set<Concern>(input.exporter?.informed ?? []),
      hasParties: context.parties.length > 0,
    },
    cover: [],
    date: input.date ?? '',
    exporter: input.exporter ?? {},
    warnings: [],
  };
  // Sanctions coverage once per shipment (not per item): destination, "for use in" (a party there) and transit.
  for (const e of cp.embargoes) {
    const d = e.def;
    if (!inValidity(d, sh.date)) {
      sh.cover.push(null);
      continue;
    }
    let where = '';
    if (e.dest.has(dest)) where = sh.destName;
    else if (d.forUseIn && sh.facts.partyCountries.size) {
      const there = [...sh.facts.partyCountries].filter((c) => e.dest.has(c));
      if (there.length) where = `a party in ${there.join(', ')} (for use there, via ${sh.destName})`;
    }
    if (!where && d.transitProhibited && sh.facts.transit.length) {
      const via = sh.facts.transit.filter((t) => e.dest.has(t));
      if (via.length) where = `transit through ${via.join(', ')}`;
    }
    sh.cover.push(where ? { covers: true, where } : NOT_COVERED);
  }
  for (const e of cp.embargoes) {
    if (!inValidity(e.def, sh.date)) continue;
    if (e.dest.has(dest)) {
      sh.destEmbargoes.push({ def: e.def, cite: e.cite });
      if (e.def.kind === 'arms') sh.armsEmbargoed.add(e.def.id);
    }
  }
  // Parties (resolved by the service): which rules they trigger.
  for (const p of context.parties) {
    if (!p.screened) sh.unscreened.push(p.name);
    for (const m of p.matches) {
      if (m.score < threshold) continue;
      const list = (m.list ?? '').toLowerCase();
      for (const r of cp.partyRules) {
        if ((list && r.lists.has(list)) || r.sources.has(m.source)) sh.partyHits.push({ rule: r.def, cite: r.cite, party: p.name, list: m.list || m.source, score: m.score });
      }
    }
  }
  if (sh.unscreened.length) {
    sh.shipmentNotEvaluated.push({ rule: 'party-screening', citation: cp.cite('Party screening against the restricted-party lists'), why: `${sh.unscreened.map((n) => `"${n}"`).join(', ')} could not be screened (screening unavailable): screen the parties before export` });
  }
  if (context.parties.length && context.listVersions) {
    for (const req of pack.requiredPartySources ?? []) {
      if (req.sources.some((src) => context.listVersions![src])) continue;
      sh.shipmentNotEvaluated.push({ rule: `party-list:${req.sources.join('|')}`, citation: cp.cite(req.citation), why: req.why });
      sh.warnings.push(`Coverage: ${req.why}`);
    }
  }
  // Shipment-level trace entries (shared by every item).
  if (cp.historical) sh.shipmentTrace.push(cp.historical);
  for (const t of input.transit ?? []) {
    const T = t.toUpperCase();
    const hits = cp.embargoes.filter((e) => e.dest.has(T));
    sh.shipmentTrace.push({
      rule: 'transit',
      applied: hits.length > 0,
      citation: cp.cite(pack.policy === 'eu' ? 'Regulation (EU) 2021/821, Art 7' : pack.regulation),
      detail: hits.length ? `Transit through ${T} which is under: ${hits.map((h) => h.def.name).join('; ')}. The transit state may stop the goods.` : `Transit through ${T}: no embargo in this pack.`,
    });
  }
  for (const p of context.parties) {
    const hits = sh.partyHits.filter((h) => h.party === p.name);
    sh.shipmentTrace.push({
      rule: 'party-screening',
      applied: hits.length > 0,
      citation: hits.length ? hits.map((h) => h.cite).join('; ') : cp.cite('Party screening against the restricted-party lists'),
      detail: !p.screened
        ? `${p.role} "${p.name}" could not be screened (screening unavailable): screen before export.`
        : hits.length
          ? `${p.role} "${p.name}" matches ${hits.map((h) => `${h.list} (score ${h.score.toFixed(2)}): ${h.rule.name}`).join('; ')}.`
          : `${p.role} "${p.name}" has no match at or above ${threshold} on the screened lists.`,
    });
  }

  const items = input.items.map((it) => evaluateItem(cp, sh, it, context));
  let outcome: Outcome = 'no_licence_required';
  let tier: Tier = 'low';
  for (const r of items) {
    outcome = maxOutcome(outcome, r.outcome);
    tier = maxTier(tier, r.tier);
  }
  return {
    outcome,
    tier,
    items,
    policyVersion: context.controlList?.releaseId ? `${cp.versionLabel}+list:${context.controlList.releaseId}` : cp.versionLabel,
    policy: pack.policy,
    date: input.date ?? '',
    ...(pack.historical ? { historical: true } : {}),
    ...(sh.warnings.length ? { warnings: sh.warnings } : {}),
    parties: context.parties.map((p) => ({ role: p.role, name: p.name, country: p.country, screened: p.screened, matches: p.matches })),
  };
}

const NOT_COVERED = { covers: false, where: '' };

function inValidity(d: { validFrom?: string; validTo?: string }, date: string): boolean {
  if (!date) return true;
  return (!d.validFrom || d.validFrom <= date) && (!d.validTo || date < d.validTo);
}

function evaluateItem(cp: CompiledPack, sh: Shipment, it: ItemInput, context: EvaluationContext): ItemResult {
  const pack = cp.pack;
  const trace: TraceEntry[] = sh.shipmentTrace.slice();
  const add = (rule: string, applied: boolean, citation: string, detail: string, status?: string) => {
    trace.push(status ? { rule, applied, citation, detail, status } : { rule, applied, citation, detail });
  };
  const notEvaluated: NotEvaluatedItem[] = sh.shipmentNotEvaluated.slice();
  const code = normaliseCode(it.code);
  const hsCode = it.hsCode?.replace(/\D/g, '') || undefined;
  const anc = code ? ancestryOf(code) : [];
  const exemptions: ExemptionResult[] = [];
  let outcome: Outcome = 'no_licence_required';
  let tier: Tier = 'low';
  let glBlockedBy: string[] = [];
  const listReasons: string[] = [];
  let catchAllApplied = false;

  // 1. Is the item listed?
  const top = code && code !== 'EAR99' ? (code.startsWith('ML') || code.startsWith('PL') ? code.split('.')[0]! : code.slice(0, 5)) : null;
  let entry: ControlEntry | undefined = top ? pack.controlList.entries[top] : undefined;
  let listed = !!entry;
  const cl = context.controlList?.heads ? context.controlList : undefined;
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
  add(
    'control-list',
    listed,
    cp.listCite,
    listed
      ? `${code} is listed (${top}: ${entry!.label.slice(0, 140)})${cl ? ` in control list release ${cl.releaseId}` : ''}.`
      : code
        ? code === 'EAR99'
          ? 'EAR99: subject to the EAR but not on the Commerce Control List.'
          : `${code} is not in ${pack.controlList.name}; treated as an unlisted item.`
        : `No control code given${it.description ? ` ("${it.description.slice(0, 80)}")` : ''}: treated as an unlisted item.`,
    pack.controlList.status,
  );

  // Exemptions by end use (research decontrol etc.).
  for (const ex of cp.exemptions) {
    const d = ex.def;
    if (d.facts ? !d.facts.some((f) => sh.exporter[f] === true) : !has(d.endUses, sh.endUse)) continue;
    const destExcluded = has(d.excludedDestinations, sh.dest);
    let applies = false;
    let detail = d.detail;
    if (destExcluded) detail = `Not available for ${sh.destName}. ${d.detail}`;
    else if (d.effect === 'decontrol_groups') {
      applies = listed && !!group && has(d.groups, group);
      if (!applies) detail = `Only for product group(s) ${d.groups?.join(', ')} of the control list. ${d.detail}`;
    } else if (d.effect === 'lift_embargo') {
      applies = sh.destEmbargoes.some((e) => has(d.embargoes, e.def.id));
      if (!applies) detail = `Relevant only where ${d.embargoes?.join(', ')} applies to the destination. ${d.detail}`;
    } else detail = `Not evaluated. ${d.detail}`;
    exemptions.push({ id: d.id, name: d.name, applies, evidence: d.evidence, citation: ex.cite, detail });
    add(`exemption:${d.id}`, applies, ex.cite, detail, d.effect === 'not_evaluated' ? 'not_evaluated' : d.status !== 'V' ? d.status : undefined);
    if (applies && d.effect === 'decontrol_groups') {
      listed = false;
      tier = maxTier(tier, 'medium');
    }
  }
  const lifted = new Set<string>();
  for (const e of exemptions) if (e.applies) for (const x of cp.exemptions) if (x.def.id === e.id) for (const em of x.def.embargoes ?? []) lifted.add(em);

  // 2. Destination inside the customs union / home country.
  const inUnion = cp.union.has(sh.dest);
  if (pack.licensing.kind === 'outside_union') {
    if (inUnion) {
      const iu = code && cp.intraUnion ? cp.intraUnion.match(code) : 'no';
      add(
        'intra-union-transfer',
        iu !== 'no',
        cp.intraUnion ? cp.cite(pack.intraUnionList!.citation) : cp.licensingCite,
        iu === 'yes'
          ? `${sh.destName} is inside the customs union and ${code} is in Annex IV: the intra-Union transfer needs an authorisation.`
          : iu === 'possibly'
            ? `${sh.destName} is inside the customs union and ${code} contains an Annex IV branch: treated as needing a transfer authorisation (fail closed).`
            : `${sh.destName} is inside the customs union: a transfer, not an export; no authorisation needed for items outside Annex IV.`,
        cp.intraUnion ? pack.intraUnionList!.status : undefined,
      );
      if (iu !== 'no' && listed) {
        outcome = 'individual_licence_required';
        tier = 'high';
      }
      for (const h of sh.partyHits) if (h.rule.outcome && (h.rule.allItems || listed)) outcome = maxOutcome(outcome, h.rule.outcome);
      return closeItem(cp, sh, it, code, anc, listed, hsCode, exemptions, trace, notEvaluated, outcome, tier, [], []);
    }
  } else if (inUnion) {
    add('home-country', false, cp.licensingCite, `${sh.destName} is the exporting country: not an export.`);
    for (const h of sh.partyHits) if (h.rule.outcome && (h.rule.allItems || listed)) outcome = maxOutcome(outcome, h.rule.outcome);
    return closeItem(cp, sh, it, code, anc, listed, hsCode, exemptions, trace, notEvaluated, outcome, tier, [], []);
  }

  // 3. Embargoes and sanctions prohibitions.
  for (let ei = 0; ei < cp.embargoes.length; ei++) {
    const e = cp.embargoes[ei]!;
    const d = e.def;
    const cov = sh.cover[ei];
    if (!cov) {
      if (e.dest.has(sh.dest)) add(`embargo:${d.id}`, false, e.cite, `${d.name} is not in force on ${sh.date} (valid ${d.validFrom ?? '…'} to ${d.validTo ?? '…'}).`);
      continue;
    }
    const covers = cov.covers;
    if (d.kind === 'arms') {
      const det = d.details?.[sh.dest];
      add(`embargo:${d.id}`, covers, e.cite, covers ? `${sh.destName} is arms-embargoed (${det?.basis ?? d.name}${det?.scope ? `, ${det.scope}` : ''}): relevant to military end use.` : `${sh.destName} is not on the arms-embargo list.`, covers ? det?.status ?? d.status : undefined);
      if (covers) tier = maxTier(tier, 'high');
      continue;
    }
    const inScope = d.scope === 'all' || listed;
    const applies = covers && inScope;
    const isLifted = applies && lifted.has(d.id);
    const where = cov.where || sh.destName;
    if (covers && !inScope && d.unlistedItems && !lifted.has(d.id)) {
      // Sanctions annexes list further goods by customs code; without that item data we cannot clear the item.
      const u = d.unlistedItems;
      if (u.hsPrefixes && hsIn(u.hsPrefixes, hsCode)) {
        add(`embargo:${d.id}:goods`, true, cp.cite(u.citation), `HS ${hsCode} is in the goods listed by ${u.citation} for ${where}.`);
        outcome = maxOutcome(outcome, u.outcome === 'review_required' ? 'prohibited' : u.outcome);
        glBlockedBy.push(d.name);
      } else skipRule(trace, notEvaluated, `embargo:${d.id}:goods`, cp.cite(u.citation), `${where}: ${u.why}${hsCode ? ` (HS ${hsCode} given)` : ' (no control code and no HS code given)'}`);
    }
    add(
      `embargo:${d.id}`,
      applies && !isLifted,
      e.cite,
      !covers
        ? `${sh.destName} is not covered by ${d.name}.`
        : !inScope
          ? `${where} is covered by ${d.name}, whose list-based rule applies to listed items only; this item is not listed.`
          : isLifted
            ? `${d.name} covers ${where}, but an exception for the declared end use (${sh.endUse}) applies: the prohibition is lifted; the authorisation requirement still applies.`
            : `${d.name} covers ${where}: ${d.outcome === 'prohibited' || !d.outcome ? 'the export is prohibited' : 'a licence is required'}.`,
      d.status !== 'V' ? d.status : undefined,
    );
    if (covers) tier = maxTier(tier, 'high');
    if (applies && !isLifted) {
      outcome = maxOutcome(outcome, d.outcome ?? 'prohibited');
      glBlockedBy.push(d.name);
    }
  }

  // 4. List-based licence requirement.
  if (listed) {
    if (pack.licensing.kind === 'outside_union') {
      add('licence-requirement', true, cp.licensingCite, `${code} is listed and ${sh.destName} is outside the customs union: an export authorisation is required.`);
      outcome = maxOutcome(outcome, 'individual_licence_required');
      listReasons.push('listed');
    } else if (entry?.controls) {
      const row = pack.countryChart?.rows[sh.dest];
      if (!row) {
        add('country-chart', true, cp.licensingCite, `${sh.destName} is not in the Country Chart: treated as requiring a licence (fail closed).`);
        outcome = maxOutcome(outcome, 'individual_licence_required');
        tier = maxTier(tier, 'medium');
        listReasons.push('unknown-destination');
      } else {
        const para = code!.length > 5 ? code!.slice(6) : '';
        const xs = new Set(row.x);
        for (const c of entry.controls) {
          const scope = rowApplies(c.mode, c.paragraphs, para);
          const label = `${c.reason} (${c.scope.slice(0, 120)})`;
          if (c.special || c.columns.length === 0) {
            const rule = `ccl:${top}:${c.reason}`;
            if (scope === 'no') {
              add(rule, false, cp.licensingCite, `${label} does not cover ${code}.`);
              continue;
            }
            const dr = c.destRule;
            if (!dr) {
              skipRule(trace, notEvaluated, rule, cp.licensingCite, `${label}: the licence requirement is written as prose ("${(c.chart || 'no chart text').slice(0, 200)}") and this pack cannot evaluate it`);
              tier = maxTier(tier, 'medium');
              continue;
            }
            const hedge = scope === 'possibly' ? ' (the item paragraph was not given or is a parent of the controlled paragraphs: applied conservatively)' : '';
            if (destinationCovered(dr, sh.dest, cp.groupsOf)) {
              add(rule, true, `${cp.licensingCite}; ${dr.citation}`, `${label}: a licence is required to ${describeDestinationRule(dr)}, which includes ${sh.destName}${hedge}.`);
              outcome = maxOutcome(outcome, 'individual_licence_required');
              listReasons.push(c.reason);
            } else add(rule, false, `${cp.licensingCite}; ${dr.citation}`, `${label}: the requirement covers ${describeDestinationRule(dr)}, not ${sh.destName}.`);
            continue;
          }
          if (scope === 'no') {
            add(`ccl:${top}:${c.reason}`, false, cp.licensingCite, `${label} does not cover ${code}.`);
            continue;
          }
          const marked = c.columns.filter((col) => xs.has(col));
          const hedge = scope === 'possibly' ? ' (the item paragraph was not given or is a parent of the controlled paragraphs: applied conservatively)' : c.conditional ? ' (conditional control: applied conservatively)' : '';
          if (marked.length) {
            add(`ccl:${top}:${c.reason}`, true, cp.licensingCite, `${label}: ${marked.join(', ')} has an X for ${sh.destName}: licence required${hedge}.`);
            outcome = maxOutcome(outcome, 'individual_licence_required');
            listReasons.push(c.reason);
            if (hedge) tier = maxTier(tier, 'medium');
          } else {
            const at = c.columns.some((col) => col.startsWith('AT'));
            add(`ccl:${top}:${c.reason}`, false, cp.licensingCite, `${label}: no X in ${c.columns.join(', ')} for ${sh.destName}${at ? ' (anti-terrorism controls bite only for E:1/E:2 destinations, handled by the embargo rules)' : ''}.`);
          }
        }
        for (const f of row.footnotes) {
          const text = (pack.countryChart!.footnotes[String(f)] ?? '').slice(0, 200);
          const fr = pack.footnoteRules?.[String(f)];
          const rule = `country-chart-footnote:${f}`;
          const cite = cp.cite(`${pack.countryChart!.citation}, footnote ${f}`);
          if (!fr) {
            skipRule(trace, notEvaluated, rule, cite, `Country Chart footnote ${f} for ${sh.destName} is not modelled: "${text}"`);
            continue;
          }
          const concerns = fr.allItems || !fr.codes || codeIn(fr.codes, code, anc);
          if (!concerns || fr.effect === 'none') {
            add(rule, false, cite, concerns ? fr.why : `Footnote ${f} concerns ${fr.codes!.join(', ')}, not ${code}.`);
            continue;
          }
          if (fr.effect === 'licence') {
            add(rule, true, cite, fr.why);
            outcome = maxOutcome(outcome, 'individual_licence_required');
            listReasons.push(`footnote-${f}`);
          } else skipRule(trace, notEvaluated, rule, cite, fr.why);
        }
      }
    } else {
      add('licence-requirement', true, cp.licensingCite, `${code} is listed: licence required.`);
      outcome = maxOutcome(outcome, 'individual_licence_required');
      listReasons.push('listed');
    }
  } else {
    add('licence-requirement', false, cp.licensingCite, 'The item is not listed: no list-based licence requirement.');
  }

  // 5. Catch-all (end-use) controls.
  const endUseConcern: Concern | null = sh.endUse === 'wmd' ? 'wmd' : sh.endUse === 'military' ? 'military' : null;
  for (const ca of cp.catchAll) {
    const d = ca.def;
    const triggered = d.trigger === 'informed' ? has(sh.informed, d.concern) : d.trigger === 'aware' ? has(sh.aware, d.concern) : endUseConcern === d.concern;
    const embargoOk = !d.embargo || sh.armsEmbargoed.has(d.embargo);
    const scopeOk = d.appliesTo === 'all' || !listed;
    const applies = triggered && embargoOk && scopeOk;
    let detail: string;
    if (!triggered) detail = `Not triggered: ${d.trigger === 'end_use' ? `declared end use is ${sh.endUse}` : `not ${d.trigger} of a ${d.concern} concern`}.`;
    else if (!embargoOk) detail = `Triggered, but ${sh.destName} is not arms-embargoed, so this paragraph does not apply.`;
    else if (!scopeOk) detail = `Triggered; the item is listed, so the list-based requirement already applies and no general licence may be used.`;
    else detail = d.detail;
    add(`catch-all:${d.id}`, applies, ca.cite, detail, d.status !== 'V' ? d.status : undefined);
    if (triggered && embargoOk) {
      catchAllApplied = true;
      glBlockedBy.push(d.name);
      tier = 'high';
    }
    if (applies) outcome = maxOutcome(outcome, d.outcome);
  }

  // 6. National measures (Art 9).
  for (const nm of pack.nationalMeasures) {
    const estOk = sh.establishedIn === nm.memberState;
    const codeOk = !!code && nm.codes.some((c) => ancestryOf(code).includes(c) || c.startsWith(code + '.'));
    const destOk = nm.destinations ? nm.destinations.includes(sh.dest) : nm.outsideOf ? !nm.outsideOf.includes(sh.dest) : true;
    const applies = estOk && codeOk && destOk;
    if (codeOk || applies) {
      add(`national:${nm.id}`, applies, cp.cite(nm.citation), applies ? `${nm.name}: authorisation required for exporters established in ${nm.memberState}.` : `${nm.name} covers this code but ${!estOk ? `the exporter is not established in ${nm.memberState}` : `not for ${sh.destName}`}.`, nm.status);
      if (applies) {
        outcome = maxOutcome(outcome, nm.outcome);
        tier = maxTier(tier, 'medium');
      }
    }
  }

  // 7. Parties.
  const conditions: string[] = [];
  for (const h of sh.partyHits) {
    const r = h.rule;
    tier = maxTier(tier, r.tier);
    if (r.blocksGeneralLicences) glBlockedBy.push(r.name);
    if (r.condition) conditions.push(r.condition);
    if (r.outcome && (r.allItems || listed)) outcome = maxOutcome(outcome, r.outcome);
  }
  if (sh.unscreened.length) tier = maxTier(tier, 'medium');

  // 8. General licences / licence exceptions.
  const gls: GeneralLicenceResult[] = [];
  const glReview: { id: string; cite: string; why: string }[] = [];
  const needsListLicence = listReasons.length > 0;
  if (cp.gls.length) {
    for (const g of cp.gls) {
      let why = glProblem(cp, sh, g, code, group, entry, listReasons, glBlockedBy, outcome, catchAllApplied, it);
      if (why?.startsWith(REVIEW)) {
        // Usable only if facts we were not given hold: not offered, and the item cannot be cleared without them.
        why = why.slice(REVIEW.length);
        if (needsListLicence && OUTCOME_RANK[outcome] <= OUTCOME_RANK.individual_licence_required) glReview.push({ id: g.def.id, cite: g.cite, why: `${g.def.id} may cover this export, but ${why}` });
      }
      const flaggedNote = g.def.flagged ? ` Flagged: ${g.def.flaggedFacts?.join('; ')}` : '';
      add(`general-licence:${g.def.id}`, !why, g.cite, why ? `${g.def.id} not available: ${why}.` : `${g.def.id} covers ${code} to ${sh.destName}${sh.registered.has(g.def.id) ? ' (registered)' : ''}.${flaggedNote}`, g.def.flagged ? 'UNVERIFIED' : g.def.status !== 'V' ? g.def.status : undefined);
      if (!why) {
        gls.push({
          id: g.def.id,
          name: g.def.name,
          conditions: [...g.def.conditions, ...(g.def.registration && !sh.registered.has(g.def.id) ? [g.def.registration] : [])],
          registered: sh.registered.has(g.def.id),
          ...(g.def.flagged ? { flagged: true } : {}),
        });
      }
    }
    if (pack.exceptionRestrictions && needsListLicence) {
      // Restrictions the input holds no facts for: they become conditions of any exception offered (confirmed by the exporter).
      add('exception-restrictions', false, cp.cite(pack.exceptionRestrictions.citation), `Conditions of any licence exception (confirm before use): ${pack.exceptionRestrictions.notEvaluated.join('; ')}.`, 'condition');
      for (const g of gls) g.conditions.push(`Confirm that none of these restrictions applies: ${pack.exceptionRestrictions.notEvaluated.join('; ')} (${pack.exceptionRestrictions.citation}).`);
    }
  }
  if (gls.length && outcome === 'individual_licence_required' && needsListLicence) {
    outcome = 'general_licence';
    tier = maxTier(tier, gls.every((g) => !g.flagged) ? 'low' : 'medium');
  }
  if (outcome === 'general_licence' && conditions.length) for (const g of gls) g.conditions.push(...conditions);

  for (const g of glReview) skipRule(trace, notEvaluated, `general-licence:${g.id}`, g.cite, g.why);
  // A general licence that may cover the item if facts we lack hold: the answer is "review", not the licence requirement.
  if (glReview.length && !gls.length && outcome === 'individual_licence_required' && !catchAllApplied && !glBlockedBy.length && listReasons.every((r) => r === 'listed')) outcome = 'review_required';
  return closeItem(cp, sh, it, code, anc, listed, hsCode, exemptions, trace, notEvaluated, outcome, tier, gls, conditions);
}

/** A rule that applies to this input but that we could not evaluate: recorded, and the item is at least review_required. */
function skipRule(trace: TraceEntry[], notEvaluated: NotEvaluatedItem[], rule: string, citation: string, why: string) {
  notEvaluated.push({ rule, citation, why });
  trace.push({ rule, applied: false, citation, detail: `Not evaluated: ${why}`, status: 'not_evaluated' });
}

/** 9. Rules the pack knows it does not evaluate (where they apply), fail closed, next steps and provisos. */
function closeItem(
  cp: CompiledPack,
  sh: Shipment,
  it: ItemInput,
  code: string | null,
  anc: string[],
  listed: boolean,
  hsCode: string | undefined,
  exemptions: ExemptionResult[],
  trace: TraceEntry[],
  notEvaluated: NotEvaluatedItem[],
  outcome: Outcome,
  tier: Tier,
  gls: GeneralLicenceResult[],
  conditions: string[],
): ItemResult {
  const pack = cp.pack;
  const itemFacts = { code, ancestry: anc, listed, hsCode };
  for (const n of cp.conditionalNotEvaluated) if (conditionHolds(n.def.when!, sh.facts, itemFacts)) skipRule(trace, notEvaluated, n.def.rule, n.cite, n.def.detail);
  for (const n of cp.notEvaluated) trace.push(n);
  // Fail closed: an applicable rule that was not evaluated means nobody may rely on a clearance.
  if (notEvaluated.length && OUTCOME_RANK[outcome] < OUTCOME_RANK.review_required) {
    outcome = 'review_required';
    tier = maxTier(tier, 'medium');
  }
  const result = finish(cp, sh, it, code, listed, outcome, tier, outcome === 'general_licence' ? gls : [], exemptions, trace, notEvaluated);
  if (conditions.length) result.nextSteps.push(...conditions);
  if (OUTCOME_RANK[outcome] < OUTCOME_RANK.prohibited) {
    for (const p of pack.provisos ?? []) if (conditionHolds(p.when, sh.facts, itemFacts) && !cp.union.has(sh.dest)) {
      result.nextSteps.push(`${p.text} (${p.citation})`);
      trace.push({ rule: `proviso:${p.id}`, applied: true, citation: cp.cite(p.citation), detail: p.text });
    }
  }
  return result;
}

function rowApplies(mode: string, paragraphs: string[], para: string): 'yes' | 'possibly' | 'no' {
  if (mode === 'entire' || paragraphs.length === 0) return 'yes';
  const within = (p: string) => para === p || para.startsWith(p + '.');
  const parentOf = (p: string) => para === '' || p.startsWith(para + '.');
  if (mode === 'only') {
    if (paragraphs.some(within)) return 'yes';
    if (paragraphs.some(parentOf)) return 'possibly';
    return 'no';
  }
  // except
  if (paragraphs.some(within)) return 'no';
  return 'yes';
}

function glProblem(
  cp: CompiledPack,
  sh: Shipment,
  g: CompiledPack['gls'][number],
  code: string | null,
  group: string | null,
  entry: ControlEntry | undefined,
  listReasons: string[],
  blockedBy: string[],
  outcome: Outcome,
  catchAllApplied: boolean,
  it: ItemInput,
): string | null {
  const d = g.def;
  if (!listReasons.length || !code) return 'no list-based licence requirement to cover';
  if (OUTCOME_RANK[outcome] > OUTCOME_RANK.individual_licence_required) return `the outcome is already ${outcome}`;
  if (blockedBy.length) return `not usable because of ${blockedBy.join('; ')}`;
  if (catchAllApplied) return 'a catch-all concern applies';
  // destination and end use first (cheapest, and the most common reason)
  if (!g.dest || !g.dest.has(sh.dest)) return `${sh.destName} is not a covered destination${d.countryGroups ? ` (Country Group ${d.countryGroups.join(', ')})` : ''}`;
  if (d.endUses && !d.endUses.includes(sh.endUse)) return `only for end use ${d.endUses.join(', ')}`;
  if (d.notForGroups && group && d.notForGroups.includes(group)) return `not usable for product group ${group} (${group === 'E' ? 'technology' : group === 'D' ? 'software' : group})`;
  // items
  if (d.items.scope === 'list') {
    const m = g.items!.match(code);
    if (m === 'no') return `${code} is not in its item list${d.flagged ? ' (item list UNVERIFIED or incomplete)' : ''}`;
    if (m === 'possibly') return `${code} is a parent of its listed items: give the exact sub-item`;
  } else if (d.items.scope === 'groups') {
    if (!group || !has(d.items.groups, group)) return `only product group(s) ${d.items.groups?.join(', ')}`;
  }
  // exclusions
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
  if (d.requiresIcp && !sh.icp) return 'requires an internal compliance programme';
  if (d.requiresEstablishedInUnion && cp.pack.licensing.kind === 'outside_union' && sh.establishedIn && !cp.union.has(sh.establishedIn)) return `the exporter must be established in the Union (not ${sh.establishedIn})`;
  for (const c of d.notIfInformedOrAware) {
    if (c === 'military') {
      const mil = has(sh.informed, 'military') || has(sh.aware, 'military') || sh.endUse === 'military';
      if (mil && sh.armsEmbargoed.size) return 'military end use in an arms-embargoed destination (Art 4(1)(b) use)';
    } else if (has(sh.informed, c) || has(sh.aware, c) || (c === 'wmd' && sh.endUse === 'wmd')) return `the exporter is informed or aware of a ${c} use`;
  }
  // US: reasons and the ECCN's exception field
  if (d.onlyForReasons) {
    const other = listReasons.filter((r) => !d.onlyForReasons!.includes(r));
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
    const bad = listReasons.filter((x) => r.noExceptionReasons.includes(x));
    if (bad.length) return `§740.2(a)(5): the item is controlled for ${bad.join(', ')} reasons`;
    if (entry?.reasons?.some((x) => r.noExceptionReasons.includes(x))) return `§740.2(a)(5): the ECCN is controlled for ${r.noExceptionReasons.join(', ')} reasons`;
  }
  if (d.requiresOriginalAuthorisationYears) {
    const granted = sh.exporter.originalAuthorisation?.grantedOn;
    if (!granted) return `${REVIEW}the original export authorisation (reference and date granted) was not given`;
    const limit = new Date(granted + 'T00:00:00Z');
    limit.setUTCFullYear(limit.getUTCFullYear() + d.requiresOriginalAuthorisationYears);
    if (sh.date && limit.toISOString().slice(0, 10) < sh.date) return `the original authorisation was granted on ${granted}, more than ${d.requiresOriginalAuthorisationYears} years ago`;
  }
  return null;
}

/** Marks a general-licence problem that only missing facts cause (→ review_required, not "no general licence"). */
const REVIEW = 'REVIEW:';

function finish(
  cp: CompiledPack,
  sh: Shipment,
  it: ItemInput,
  code: string | null,
  listed: boolean,
  outcome: Outcome,
  tier: Tier,
  gls: GeneralLicenceResult[],
  exemptions: ExemptionResult[],
  trace: TraceEntry[],
  notEvaluated: NotEvaluatedItem[] = [],
): ItemResult {
  if (outcome === 'prohibited' || outcome === 'notify_authority') tier = 'high';
  else if (outcome === 'individual_licence_required') tier = maxTier(tier, 'medium');
  if (gls.some((g) => g.flagged)) tier = maxTier(tier, 'medium');
  const pack = cp.pack;
  const eu = pack.licensing.kind === 'outside_union';
  const nextSteps: string[] = [];
  switch (outcome) {
    case 'prohibited':
      nextSteps.push('Do not export. The shipment is prohibited; contact the competent authority if you believe an exception applies.');
      break;
    case 'notify_authority':
      nextSteps.push('Notify the competent authority now and hold the shipment until it decides whether an authorisation is required.');
      break;
    case 'individual_licence_required':
      nextSteps.push(
        eu
          ? `Apply for an individual export authorisation to the competent authority of ${sh.establishedIn ?? 'the Member State where you are established'} (Art 12(2)).`
          : pack.policy === 'us'
            ? 'Apply for a BIS export licence (15 CFR Part 748).'
            : 'Apply for an individual export licence.',
      );
      break;
    case 'review_required':
      nextSteps.push(`We could not determine this: check ${notEvaluated.map((n) => n.why).join('; ')}. Do not export until the competent authority (or your export-control adviser) has confirmed whether a licence is needed.`);
      break;
    case 'general_licence':
      for (const g of gls) nextSteps.push(`${g.registered ? 'Use' : 'Register for and use'} ${g.id} (${g.name ?? ''}) and meet its conditions.`);
      break;
    default:
      nextSteps.push(listed ? 'No licence is needed for this destination; keep records of the export.' : 'No licence is needed: the item is not listed and no catch-all applies. Keep records and stay alert to red flags.');
  }
  for (const e of exemptions) if (e.applies) nextSteps.push(`Keep the evidence for "${e.name}": ${e.evidence.join('; ')}.`);
  if (pack.historical) nextSteps.push('This is a historical pack: do not rely on it for a current export.');
  return {
    code,
    ...(it.description ? { description: it.description } : {}),
    listed,
    outcome,
    generalLicences: gls,
    tier,
    exemptions,
    trace,
    nextSteps,
    notEvaluated,
  };
}
