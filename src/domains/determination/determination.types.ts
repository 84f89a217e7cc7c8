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

export const OUTCOMES = ['no_licence_required', 'general_licence', 'notify_authority', 'review_required', 'individual_licence_required', 'prohibited'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Higher = more restrictive; the overall outcome is the highest rank. `review_required` means a rule that applies was
 * not evaluated (fail closed): it outranks a notification, but a licence requirement the engine did establish stands
 * (so an authority's informing under Art 4(1) is not replaced by the Art 4(2) notification duty).
 */
export const OUTCOME_RANK: Record<Outcome, number> = {
  no_licence_required: 0,
  general_licence: 1,
  notify_authority: 2,
  review_required: 3,
  individual_licence_required: 4,
  prohibited: 5,
};

/** A rule that applies to this input but could not be evaluated: the item is at least `review_required`. */
export interface NotEvaluatedItem {
  rule: string;
  citation: string;
  why: string;
}

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
  /** General Technology Note: the information is basic scientific research (a fact about the information, not an end use). */
  basicScientificResearch?: boolean;
  /** The information is in the public domain (General Technology Note / General Software Note). */
  publicDomain?: boolean;
  /** EU003: the original export authorisation (individual or general) under which the items first left the Union. */
  originalAuthorisation?: { reference?: string; grantedOn?: string };
}

export interface ItemInput {
  /** Control entry code (EU Annex I code, ECCN, EAR99, ML…); absent for an unlisted item described in words. */
  code?: string;
  description?: string;
  quantity?: number;
  /** Value in the shipment's currency (EUR for EU, USD for US). */
  value?: number;
  /** HS / CN / HTS customs code, 4–8 digits (sanctions annexes list goods by customs code). */
  hsCode?: string;
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
  /** Screening sources loaded when the parties were screened (source → list version); absent = not known. */
  listVersions?: Record<string, string>;
  /** The control list as it stood on the determination date (controls domain); absent = the pack's own copy. */
  controlList?: { releaseId: string; heads: ReadonlySet<string>; titles?: ReadonlyMap<string, string> };
  /** Minimum match score that counts as a hit (0–1). */
  partyMatchThreshold?: number;
  /** The authority's last audit of the exporter's ICP; when present it decides `exporter.icp` instead of the claim. */
  icpAssessment?: { rating: string; auditCompletedAt: string; reasons: string[] };
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
  /** Rules that apply but were not evaluated (present, possibly empty; non-empty ⇒ at least review_required). */
  notEvaluated: NotEvaluatedItem[];
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
  /** Coverage problems the user must see (e.g. a screening list that is not loaded). */
  warnings?: string[];
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

/** Where a prose License Requirements row applies (parsed from its text at build time); absent = not evaluated. */
export interface DestinationRule {
  worldwide?: boolean;
  except?: string[];
  countries?: string[];
  groups?: string[];
  excludeGroups?: string[];
  /** The row sets no requirement (e.g. "N/A"). */
  none?: boolean;
  citation: string;
}

export interface ControlRow {
  /** Prose rows: the destinations the requirement covers, when the text could be read. */
  destRule?: DestinationRule;
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
  /** Only for items in these product groups (e.g. EU004 not for E) — or not for them. */
  notForGroups?: string[];
  /** Facts the exporter must give; missing → review_required (e.g. EU003 original authorisation within five years). */
  requiresOriginalAuthorisationYears?: number;
  /** US LVS: the shipment value must be within the ECCN's LVS value limit. */
  valueLimitField?: string;
  /** Not usable when the exporter is informed or aware of these concerns. */
  notIfInformedOrAware: Concern[];
  conditions: string[];
  registration?: string;
}

/** When a rule applies to an input (all given conditions must hold). */
export interface RuleCondition {
  destinations?: string[];
  /** Also when a party (end user, consignee) is in one of these countries ("for use in"). */
  partyCountries?: string[];
  transit?: string[];
  endUses?: EndUse[];
  /** Informed or aware of, or declared end use of, one of these concerns. */
  concerns?: Concern[];
  /** The authority informed the exporter of one of these concerns. */
  informed?: Concern[];
  listed?: boolean;
  /** Code prefixes (parent-chain): "6A003" covers "6A003.b.4". */
  codes?: string[];
  /** Not when the destination is one of these (e.g. partner countries). */
  notDestinations?: string[];
  /** The item's HS code starts with one of these. */
  hsPrefixes?: string[];
  /** The item has no control code and no HS code (or is EAR99 without an HS code). */
  noItemData?: boolean;
  hasParties?: boolean;
}

export interface EmbargoDef {
  /** Validity (YYYY-MM-DD); outside it the regime is not applied. */
  validFrom?: string;
  validTo?: string;
  /** The prohibition also covers goods for use in these countries (an end user or consignee there, via a third country). */
  forUseIn?: boolean;
  /** Transit through the covered countries is itself prohibited for items in scope. */
  transitProhibited?: boolean;
  /** Unlisted items: the regime also covers goods by customs code that the pack does not hold (→ review_required). */
  unlistedItems?: { outcome: Outcome; hsPrefixes?: string[]; why: string; citation: string };
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
  /** Triggered by facts about the information instead of an end use (any of these exporter facts true). */
  facts?: ('basicScientificResearch' | 'publicDomain')[];
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
  /**
   * Rules the engine does not evaluate. With `when`, the rule applies to matching inputs and makes the item
   * `review_required`; without it, it is an assumption stated in every trace (never one that could clear an item).
   */
  notEvaluated: { rule: string; citation: string; detail: string; when?: RuleCondition }[];
  /** Country Chart footnotes: what each does for which codes (absent = not evaluated → review_required for listed items). */
  footnoteRules?: Record<string, { effect: 'licence' | 'review' | 'refer' | 'none'; codes?: string[]; allItems?: boolean; refer?: string; why: string }>;
  /** Screening sources the party rules need; a party determination without one loaded is review_required. */
  requiredPartySources?: { sources: string[]; citation: string; why: string }[];
  /** Provisos added to the next steps when they apply (e.g. Art 12g "no re-export to Russia"). */
  provisos?: { id: string; citation: string; text: string; when: RuleCondition }[];
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
