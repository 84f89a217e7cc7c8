/**
 * Licence determination: public types.
 *
 * A policy pack is data (JSON stored in the database, versioned); the evaluator is a pure function over a pack,
 * the caller's facts and the facts the service resolved beforehand (party screening results).
 * Other domains (licensing) import `DeterminationInput` / `DeterminationResult` from here and call
 * `determine()` from determination.service.ts.
 */

export const POLICIES = ['eu', 'us', 'uk'] as const;
export type Policy = (typeof POLICIES)[number];

export const END_USES = ['civil', 'military', 'wmd', 'humanitarian', 'disaster_relief', 'research', 'repair_return', 'exhibition'] as const;
export type EndUse = (typeof END_USES)[number];

export const CONCERNS = ['wmd', 'military', 'cyber'] as const;
export type Concern = (typeof CONCERNS)[number];

export const OUTCOMES = ['no_licence_required', 'general_licence', 'individual_licence_required', 'notify_authority', 'prohibited'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Higher = more restrictive. `notify_authority` holds the shipment until the authority decides, so it ranks above a licence requirement. */
export const OUTCOME_RANK: Record<Outcome, number> = {
  no_licence_required: 0,
  general_licence: 1,
  individual_licence_required: 2,
  notify_authority: 3,
  prohibited: 4,
};

export type Tier = 'low' | 'medium' | 'high';
export const TIER_RANK: Record<Tier, number> = { low: 0, medium: 1, high: 2 };

export interface ExporterFacts {
  /** ISO 3166-1 alpha-2 of the state the exporter is established in. */
  establishedIn?: string;
  /** The authority informed the exporter of a concern. */
  informed?: Concern[];
  /** The exporter is aware of a concern (its own due diligence). */
  aware?: Concern[];
  /** General licences the exporter has registered for (e.g. "EU001", "GBS"). */
  registeredGeneralLicences?: string[];
  /** Has an internal compliance programme. */
  icp?: boolean;
}

export interface ItemInput {
  /** Control entry code (EU Annex I code, ECCN, EAR99, ML…); absent for an unlisted item described in words. */
  code?: string;
  description?: string;
  quantity?: number;
  /** Value in the shipment's currency (EUR for EU, USD for US). */
  value?: number;
}

export interface PartyInput {
  role: string;
  name: string;
  country?: string;
}

/** The body of `POST /api/determinations`. */
export interface DeterminationInput {
  policy: Policy;
  /** YYYY-MM-DD; defaults to today. Chooses the pack version in force. */
  date?: string;
  exporter?: ExporterFacts;
  destination: string;
  transit?: string[];
  endUse: EndUse;
  items: ItemInput[];
  parties?: PartyInput[];
}

/** One restricted-list hit for a party, resolved by the service (screening) before evaluation. */
export interface PartyMatch {
  /** Sub-list, e.g. "Entity List", "Denied Persons List", "Unverified List", "SDN". */
  list: string;
  /** Source, e.g. us-csl, ofac-sdn, un-sc, uk-sanctions, bis-dpl. */
  source: string;
  score: number;
  matchedName?: string;
}

export interface ResolvedParty extends PartyInput {
  /** Whether screening ran for this party (false when the screening service was unavailable). */
  screened: boolean;
  matches: PartyMatch[];
}

/** Facts resolved by the service before the pure evaluation. */
export interface EvaluationContext {
  parties: ResolvedParty[];
  /** Minimum match score that counts as a hit (0–1). */
  partyMatchThreshold?: number;
}

export interface TraceEntry {
  rule: string;
  applied: boolean;
  citation: string;
  detail: string;
  /** Verification status of the underlying fact (V, V-nat, V-pred, S, UNVERIFIED). Present when not plainly verified. */
  status?: string;
}

export interface GeneralLicenceResult {
  id: string;
  name?: string;
  conditions: string[];
  /** Registered by the exporter already. */
  registered?: boolean;
  /** Some fact behind it is UNVERIFIED in the pack. */
  flagged?: boolean;
}

export interface ExemptionResult {
  id: string;
  name: string;
  applies: boolean;
  /** Evidence the exporter must hold or file. */
  evidence: string[];
  citation: string;
  detail: string;
}

export interface ItemResult {
  code: string | null;
  description?: string;
  listed: boolean;
  outcome: Outcome;
  generalLicences: GeneralLicenceResult[];
  tier: Tier;
  exemptions: ExemptionResult[];
  trace: TraceEntry[];
  /** What the exporter should do next, in plain words. */
  nextSteps: string[];
}

export interface DeterminationResult {
  /** Stored determination id (absent when not stored). */
  id?: string;
  outcome: Outcome;
  tier: Tier;
  items: ItemResult[];
  /** e.g. "eu-2021-821@1". */
  policyVersion: string;
  policy: Policy;
  date: string;
  historical?: boolean;
  /** Trace entries that concern the whole shipment (destination, parties, transit). Also copied into every item's trace. */
  parties?: { role: string; name: string; country?: string; screened: boolean; matches: PartyMatch[] }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Policy pack (data). Every list here is editable by officers through drafts; nothing jurisdiction-specific is code.
// ---------------------------------------------------------------------------------------------------------------

/** A set of control codes with parent-chain matching: "9A009.a" covers "9A009.a.1"; a bare "9A009" is "possibly" in it. */
export interface CodeSet {
  codes: string[];
  status?: string;
  note?: string;
}

export interface ControlRow {
  reason: string;
  columns: string[];
  mode: 'entire' | 'only' | 'except';
  paragraphs: string[];
  conditional: boolean;
  special: boolean;
  scope: string;
  chart: string;
}

export interface ControlEntry {
  label: string;
  reasons?: string[];
  controls?: ControlRow[];
  /** US: licence exceptions on the ECCN: code → status (yes | partial | value | no) and text. */
  exceptions?: Record<string, { status: string; text: string; valueLimit?: number }>;
}

export interface GeneralLicenceDef {
  id: string;
  name: string;
  citation: string;
  status: string;
  /** Some fact (items, destinations, exclusions) is UNVERIFIED: the pack flags it and results carry `flagged`. */
  flagged: boolean;
  flaggedFacts?: string[];
  /** all_listed | list (codes) | groups (product groups, e.g. D/E). */
  items: { scope: 'all_listed' | 'list' | 'groups'; codes?: string[]; groups?: string[] };
  /** Codes excluded; pseudo-codes: SECTION_I (pack.sectionI), INTRA_UNION_ALL (pack.intraUnionList), GROUP_D_ALL, GROUP_E_ALL. */
  excluded: string[];
  /** Destinations (ISO2); or `countryGroups` for the US. */
  destinations?: string[];
  countryGroups?: string[];
  /** End uses the licence is limited to (e.g. EU003 repair_return, EU004 exhibition). */
  endUses?: EndUse[];
  requiresIcp?: boolean;
  requiresEstablishedInUnion?: boolean;
  /** US GBS: usable only when every reason requiring a licence is one of these. */
  onlyForReasons?: string[];
  /** US: the ECCN's licence-exception field this depends on (e.g. GBS). */
  exceptionField?: string;
  /** Not usable when the exporter is informed or aware of these concerns. */
  notIfInformedOrAware: Concern[];
  conditions: string[];
  registration?: string;
}

export interface EmbargoDef {
  id: string;
  name: string;
  /** arms: matters for military end use (catch-all); sanctions: prohibition for listed items; comprehensive: every item. */
  kind: 'arms' | 'sanctions' | 'comprehensive';
  destinations: string[];
  /** For sanctions: listed (Annex I / CCL) items only, or all items. */
  scope?: 'listed' | 'all';
  outcome?: Outcome;
  citation: string;
  status: string;
  details?: Record<string, { basis?: string; scope?: string; status?: string }>;
}

export interface CatchAllDef {
  id: string;
  name: string;
  citation: string;
  status: string;
  /** informed | aware | end_use: what triggers it. */
  trigger: 'informed' | 'aware' | 'end_use';
  concern: Concern;
  /** Only when the destination is in this embargo (id) — e.g. Art 4(1)(b). */
  embargo?: string;
  /** Applies to non-listed items only (EU) or to every item (US part 744). */
  appliesTo: 'unlisted' | 'all';
  outcome: Outcome;
  detail: string;
}

export interface NationalMeasureDef {
  id: string;
  memberState: string;
  name: string;
  codes: string[];
  /** Destinations where it applies; `outsideOf` = everywhere except these. */
  destinations?: string[];
  outsideOf?: string[];
  outcome: Outcome;
  citation: string;
  status: string;
}

export interface PartyRuleDef {
  id: string;
  name: string;
  /** Match by sub-list name (case-insensitive) or by source. */
  lists?: string[];
  sources?: string[];
  /** Floor for the outcome (null = no change to the outcome). */
  outcome: Outcome | null;
  blocksGeneralLicences: boolean;
  /** Applies to items that otherwise need no licence too. */
  allItems: boolean;
  tier: Tier;
  citation: string;
  detail: string;
  condition?: string;
}

export interface ExemptionDef {
  id: string;
  name: string;
  endUses: EndUse[];
  /** What it does: lift a sanctions prohibition (id of an embargo), or decontrol items of these product groups. */
  effect: 'lift_embargo' | 'decontrol_groups' | 'not_evaluated';
  embargoes?: string[];
  groups?: string[];
  /** Destinations excluded from the exemption (narrowing). */
  excludedDestinations?: string[];
  evidence: string[];
  citation: string;
  status: string;
  detail: string;
}

export interface PolicyPack {
  policy: Policy;
  /** Stable pack family key, e.g. "eu-2021-821". */
  key: string;
  name: string;
  regulation: string;
  historical?: boolean;
  historicalNote?: string;
  /** How a listed item needs a licence: any destination outside `union`, or by country chart. */
  licensing: { kind: 'outside_union'; union: string[]; citation: string } | { kind: 'country_chart'; citation: string; home: string };
  controlList: { name: string; citation: string; entries: Record<string, ControlEntry>; extraPrefixes?: { prefix: string; label: string }[]; status?: string };
  /** EU: Annex IV (intra-Union transfers need authorisation; excluded from general authorisations). */
  intraUnionList?: CodeSet & { citation: string };
  /** EU: Annex II Section I (excluded from EU001 etc.). */
  sectionI?: CodeSet & { citation: string };
  countryChart?: { citation: string; rows: Record<string, { name: string; x: string[]; footnotes: number[] }>; footnotes: Record<string, string> };
  countryGroups?: { citation: string; labels: Record<string, string>; membership: Record<string, string[]> };
  generalLicences: GeneralLicenceDef[];
  embargoes: EmbargoDef[];
  catchAll: CatchAllDef[];
  nationalMeasures: NationalMeasureDef[];
  partyRules: PartyRuleDef[];
  exemptions: ExemptionDef[];
  /** US §740.2: restrictions on all licence exceptions. */
  exceptionRestrictions?: { citation: string; noExceptionCodes: string[]; noExceptionReasons: string[]; notEvaluated: string[] };
  /** Rules the engine reports as "not evaluated" (listed in every trace so nobody mistakes silence for a pass). */
  notEvaluated: { rule: string; citation: string; detail: string }[];
  countries: Record<string, string>;
  /** Paths of facts marked UNVERIFIED in the sources, kept as editable data. */
  unverified: string[];
  sources: string[];
}

/** A stored pack version (what `GET /api/determination/packs` lists). */
export interface PackVersionInfo {
  id: string;
  policy: Policy;
  key: string;
  version: number;
  status: 'active' | 'draft' | 'superseded';
  effectiveFrom: string;
  effectiveTo: string | null;
  checksum: string;
  createdAt: string;
  note: string | null;
}
