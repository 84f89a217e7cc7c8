/**
 * A policy pack compiled for fast evaluation: Sets instead of arrays, citations with the pack version, and trace
 * entries that depend only on the pack (and the destination or end use) built once and shared by every result.
 */
import { CodeMatcher } from './determination.codes.js';
import type { DestProfile } from './determination.destprofile.js';
import type { CatchAllDef, ControlEntry, EmbargoDef, ExemptionDef, GeneralLicenceDef, PartyRuleDef, PolicyPack, TraceEntry } from './determination.types.js';

export interface CompiledGl {
  def: GeneralLicenceDef;
  dest: Set<string> | null;
  excluded: CodeMatcher;
  items: CodeMatcher | null;
  cite: string;
  /** The trace entry when there is no list-based requirement to cover (the most common case). */
  noListEntry: TraceEntry;
}

export interface CompiledCatchAll {
  def: CatchAllDef;
  cite: string;
  /** Trace entries when the rule is not triggered, by declared end use. */
  notTriggered: Map<string, TraceEntry>;
}

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
  gls: CompiledGl[];
  catchAll: CompiledCatchAll[];
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
  /** Entry for an item that is not listed (no list-based requirement). */
  notListedEntry: TraceEntry;
  /** Per-destination facts and shared trace entries, built on first use. */
  byDest: Map<string, DestProfile>;
  /** Per code: whether and how it is listed, with its trace entry (the pack's own list; per release for the authority's list). */
  listings: Map<string, Listing>;
  listingsByRelease: WeakMap<object, Map<string, Listing>>;
}

/** Whether a (normalised) code is listed, under which heading, and the trace entry saying so. */
export interface Listing {
  top: string | null;
  entry: ControlEntry | undefined;
  listed: boolean;
  group: string | null;
  anc: string[];
  trace: TraceEntry;
}


const compiled = new WeakMap<PolicyPack, Map<number, CompiledPack>>();

export function entry(rule: string, applied: boolean, citation: string, detail: string, status?: string): TraceEntry {
  return status ? { rule, applied, citation, detail, status } : { rule, applied, citation, detail };
}

function compileGl(def: GeneralLicenceDef, cite: (c: string) => string, membership: Record<string, string[]>, sectionIcodes: string[]): CompiledGl {
  let dest: Set<string> | null = def.destinations ? new Set(def.destinations) : null;
  if (def.countryGroups) {
    dest = new Set(Object.entries(membership).filter(([, g]) => g.some((x) => def.countryGroups!.includes(x))).map(([c]) => c));
  }
  const excludedCodes: string[] = [];
  for (const e of def.excluded) {
    if (e === 'SECTION_I') excludedCodes.push(...sectionIcodes);
    else if (!/_ALL$/.test(e)) excludedCodes.push(e);
  }
  const c = cite(def.citation);
  return {
    def,
    dest,
    excluded: new CodeMatcher(excludedCodes),
    items: def.items.scope === 'list' ? new CodeMatcher(def.items.codes ?? []) : null,
    cite: c,
    noListEntry: entry(`general-licence:${def.id}`, false, c, `${def.id} not available: ${NO_LIST_REASON}.`, glStatus(def)),
  };
}

/** The reason a general licence is not offered for an item with no list-based requirement. */
export const NO_LIST_REASON = 'no list-based licence requirement to cover';
export const glStatus = (d: GeneralLicenceDef) => (d.flagged ? 'UNVERIFIED' : d.status !== 'V' ? d.status : undefined);

/** Compiles a pack for fast evaluation. Memoised per pack object and version. */
export function compilePack(pack: PolicyPack, version: number): CompiledPack {
  let byVersion = compiled.get(pack);
  if (!byVersion) compiled.set(pack, (byVersion = new Map()));
  const hit = byVersion.get(version);
  if (hit) return hit;
  const versionLabel = `${pack.key}@${version}`;
  const cite = (c: string) => `${c} [pack ${versionLabel}]`;
  const membership = pack.countryGroups?.membership ?? {};
  const sectionIcodes = pack.sectionI ? pack.sectionI.codes.filter((c) => c !== 'INTRA_UNION_ALL') : [];
  const licensingCite = cite(pack.licensing.citation);
  const cp: CompiledPack = {
    pack,
    version,
    versionLabel,
    cite,
    union: new Set(pack.licensing.kind === 'outside_union' ? pack.licensing.union : [pack.licensing.home]),
    intraUnion: pack.intraUnionList ? new CodeMatcher(pack.intraUnionList.codes) : null,
    sectionI: pack.sectionI ? new CodeMatcher(sectionIcodes) : null,
    embargoes: pack.embargoes.map((def) => ({ def, dest: new Set(def.destinations), cite: cite(def.citation) })),
    gls: pack.generalLicences.map((def) => compileGl(def, cite, membership, sectionIcodes)),
    catchAll: pack.catchAll.map((def) => ({ def, cite: cite(def.citation), notTriggered: new Map() })),
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
    licensingCite,
    listCite: cite(pack.controlList.citation),
    historical: pack.historical ? { rule: 'historical-pack', applied: true, citation: cite(pack.regulation), detail: pack.historicalNote ?? 'Historical pack: not current law.', status: 'historical' } : null,
    notListedEntry: entry('licence-requirement', false, licensingCite, 'The item is not listed: no list-based licence requirement.'),
    byDest: new Map(),
    listings: new Map(),
    listingsByRelease: new WeakMap(),
  };
  byVersion.set(version, cp);
  return cp;
}
