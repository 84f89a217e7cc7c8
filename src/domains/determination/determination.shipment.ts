/**
 * The facts of a shipment that every item shares, computed once per determination: destination, sanctions coverage
 * (destination, "for use in", transit), party hits, what could not be checked, and the shipment's trace entries.
 */
import type { CompiledPack } from './determination.compile.js';
import { destProfile, type DestProfile } from './determination.destprofile.js';
import type { ConditionFacts } from './determination.rules.js';
import { partyHits, shipmentTrace } from './determination.shipment-parties.js';
import type { UnverifiedHit } from './determination.unverified.js';
import type { Concern, DeterminationInput, EmbargoDef, EvaluationContext, NotEvaluatedItem, PartyRuleDef, TraceEntry } from './determination.types.js';

export interface PartyHit {
  rule: PartyRuleDef;
  cite: string;
  party: string;
  list: string;
  score: number;
}

export interface Shipment {
  dest: string;
  destName: string;
  profile: DestProfile;
  endUse: DeterminationInput['endUse'];
  informed: Concern[];
  aware: Concern[];
  registered: Set<string>;
  icp: boolean;
  establishedIn: string | undefined;
  /** Embargoes in force that cover the destination. */
  destEmbargoes: { def: EmbargoDef; cite: string }[];
  armsEmbargoed: Set<string>;
  partyHits: PartyHit[];
  /** Parties on an Unverified List (the authority's or the US one): no general licence or licence exception. */
  unverified: UnverifiedHit[];
  unscreened: string[];
  shipmentTrace: TraceEntry[];
  /** Not-evaluated rules that concern the whole shipment (parties not screened, lists not loaded). */
  shipmentNotEvaluated: NotEvaluatedItem[];
  facts: ConditionFacts;
  /** Per sanctions regime (same index as cp.embargoes): null when not in force, else whether and where it covers. */
  cover: ({ covers: boolean; where: string } | null)[];
  date: string;
  exporter: NonNullable<DeterminationInput['exporter']>;
  warnings: string[];
}

const NOT_COVERED = { covers: false, where: '' };
const NONE: readonly never[] = [];
const EMPTY_SET: ReadonlySet<string> = new Set();

export function inValidity(d: { validFrom?: string; validTo?: string }, date: string): boolean {
  if (!date) return true;
  return (!d.validFrom || d.validFrom <= date) && (!d.validTo || date < d.validTo);
}

function conditionFacts(input: DeterminationInput, context: EvaluationContext, dest: string): ConditionFacts {
  const partyCountries = new Set<string>();
  for (const p of context.parties) {
    const c = p.country?.toUpperCase();
    if (c && c !== dest) partyCountries.add(c);
  }
  const ex = input.exporter;
  const concerns = new Set<Concern>(ex?.informed ?? NONE);
  for (const c of ex?.aware ?? NONE) concerns.add(c);
  if (input.endUse === 'wmd' || input.endUse === 'military') concerns.add(input.endUse);
  return {
    dest,
    partyCountries,
    transit: input.transit ? input.transit.map((t) => t.toUpperCase()) : [],
    endUse: input.endUse,
    concerns,
    informed: new Set<Concern>(ex?.informed ?? NONE),
    hasParties: context.parties.length > 0,
  };
}

export function buildShipment(cp: CompiledPack, input: DeterminationInput, context: EvaluationContext): Shipment {
  const dest = input.destination.toUpperCase();
  const profile = destProfile(cp, dest);
  const ex = input.exporter;
  const regs = ex?.registeredGeneralLicences;
  const sh: Shipment = {
    dest,
    destName: profile.destName,
    profile,
    endUse: input.endUse,
    informed: ex?.informed ?? [],
    aware: ex?.aware ?? [],
    registered: regs?.length ? new Set(regs.map((s) => s.toUpperCase())) : (EMPTY_SET as Set<string>),
    icp: icpOf(ex?.icp, context),
    establishedIn: ex?.establishedIn?.toUpperCase(),
    destEmbargoes: [],
    armsEmbargoed: new Set(),
    partyHits: [],
    unverified: [],
    unscreened: [],
    shipmentTrace: [],
    shipmentNotEvaluated: [],
    facts: conditionFacts(input, context, dest),
    cover: [],
    date: input.date ?? '',
    exporter: ex ?? {},
    warnings: [],
  };
  sanctionsCoverage(cp, sh);
  partyHits(cp, sh, context);
  shipmentTrace(cp, sh, input, context);
  icpTrace(cp, sh, ex?.icp, context);
  return sh;
}

/** An ICP the authority has audited counts as in place only when rated strong or adequate; otherwise the claim stands. */
const ICP_IN_PLACE = new Set(['strong', 'adequate']);
function icpOf(claimed: boolean | undefined, context: EvaluationContext): boolean {
  return context.icpAssessment ? ICP_IN_PLACE.has(context.icpAssessment.rating) : !!claimed;
}

function icpTrace(cp: CompiledPack, sh: Shipment, claimed: boolean | undefined, context: EvaluationContext) {
  const a = context.icpAssessment;
  if (!a) return;
  sh.shipmentTrace.push({
    rule: 'icp-assessment',
    applied: true,
    citation: cp.cite(`Commission Recommendation (EU) 2019/1318 (ICP); the authority's compliance audit completed ${a.auditCompletedAt.slice(0, 10)}`),
    detail: `The authority rates this exporter's internal compliance programme "${a.rating}", so it counts as ${sh.icp ? 'in place' : 'not in place'}${claimed !== undefined && claimed !== sh.icp ? ` (the exporter declared ${claimed ? 'one' : 'none'})` : ''}. ${a.reasons.join(' ')}`.trim(),
  });
}

/** Sanctions coverage once per shipment (not per item): destination, "for use in" (a party there) and transit. */
function sanctionsCoverage(cp: CompiledPack, sh: Shipment) {
  const { facts } = sh;
  for (const e of cp.embargoes) {
    const d = e.def;
    if (!inValidity(d, sh.date)) {
      sh.cover.push(null);
      continue;
    }
    let where = '';
    if (e.dest.has(sh.dest)) {
      where = sh.destName;
      sh.destEmbargoes.push({ def: d, cite: e.cite });
      if (d.kind === 'arms') sh.armsEmbargoed.add(d.id);
    } else if (d.forUseIn && facts.partyCountries.size) {
      const there = [...facts.partyCountries].filter((c) => e.dest.has(c));
      if (there.length) where = `a party in ${there.join(', ')} (for use there, via ${sh.destName})`;
    }
    if (!where && d.transitProhibited && facts.transit.length) {
      const via = facts.transit.filter((t) => e.dest.has(t));
      if (via.length) where = `transit through ${via.join(', ')}`;
    }
    sh.cover.push(where ? { covers: true, where } : NOT_COVERED);
  }
}
