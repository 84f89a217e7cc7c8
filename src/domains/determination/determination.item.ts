/**
 * One item's evaluation, phase by phase (each phase in its own file): listing and exemptions, the customs union,
 * embargoes and sanctions, the list-based requirement, end-use rules and parties, general licences, then closing
 * (rules not evaluated, fail closed, next steps). The phases share one mutable ItemState.
 */
import type { CompiledPack } from './determination.compile.js';
import type { Shipment } from './determination.shipment.js';
import { OUTCOME_RANK, TIER_RANK, type ControlEntry, type EvaluationContext, type ExemptionResult, type ItemInput, type ItemResult, type NotEvaluatedItem, type Outcome, type Tier, type TraceEntry } from './determination.types.js';
import { listing, exemptionsPhase } from './determination.item-listing.js';
import { unionPhase } from './determination.item-union.js';
import { embargoPhase } from './determination.item-embargoes.js';
import { licencePhase } from './determination.item-licence.js';
import { catchAllPhase, nationalPhase, partiesPhase } from './determination.item-enduse.js';
import { generalLicencePhase } from './determination.item-gl.js';
import { closeItem } from './determination.item-close.js';

export const maxOutcome = (a: Outcome, b: Outcome): Outcome => (OUTCOME_RANK[b] > OUTCOME_RANK[a] ? b : a);
export const maxTier = (a: Tier, b: Tier): Tier => (TIER_RANK[b] > TIER_RANK[a] ? b : a);
export const has = <T>(arr: readonly T[] | undefined, v: T) => !!arr && arr.includes(v);

/** Everything the phases read and write for one item. */
export class ItemState {
  trace: TraceEntry[];
  notEvaluated: NotEvaluatedItem[];
  code: string | null = null;
  hsCode: string | undefined;
  anc: string[] = [];
  top: string | null = null;
  entry: ControlEntry | undefined;
  listed = false;
  group: string | null = null;
  exemptions: ExemptionResult[] = [];
  outcome: Outcome = 'no_licence_required';
  tier: Tier = 'low';
  glBlockedBy: string[] = [];
  listReasons: string[] = [];
  catchAllApplied = false;
  conditions: string[] = [];
  constructor(
    readonly cp: CompiledPack,
    readonly sh: Shipment,
    readonly it: ItemInput,
    readonly context: EvaluationContext,
  ) {
    this.trace = sh.shipmentTrace.slice();
    this.notEvaluated = sh.shipmentNotEvaluated.slice();
    this.hsCode = it.hsCode ? it.hsCode.replace(/\D/g, '') || undefined : undefined;
  }
}

/** Appends a trace entry (status only when given). */
export function add(s: ItemState, rule: string, applied: boolean, citation: string, detail: string, status?: string) {
  s.trace.push(status ? { rule, applied, citation, detail, status } : { rule, applied, citation, detail });
}

/** A rule that applies to this input but that we could not evaluate: recorded, and the item is at least review_required. */
export function skipRule(s: ItemState, rule: string, citation: string, why: string) {
  s.notEvaluated.push({ rule, citation, why });
  s.trace.push({ rule, applied: false, citation, detail: `Not evaluated: ${why}`, status: 'not_evaluated' });
}

/** Raises the item's outcome to at least `o`. */
export function raise(s: ItemState, o: Outcome) {
  if (OUTCOME_RANK[o] > OUTCOME_RANK[s.outcome]) s.outcome = o;
}

export function evaluateItem(cp: CompiledPack, sh: Shipment, it: ItemInput, context: EvaluationContext): ItemResult {
  const s = new ItemState(cp, sh, it, context);
  listing(s);
  exemptionsPhase(s);
  if (unionPhase(s)) return closeItem(s, []);
  embargoPhase(s);
  licencePhase(s);
  catchAllPhase(s);
  nationalPhase(s);
  partiesPhase(s);
  return closeItem(s, generalLicencePhase(s));
}
