/**
 * The determination engine: a pure function over a compiled policy pack, the exporter's facts and the facts the
 * service resolved beforehand (party screening). No I/O, no clock, no database: same input, same output.
 *
 * Every rule considered is written to the item's trace with whether it applied, why, and its citation
 * (regulation, article or annex, and the pack version). The phases live in determination.item*.ts; what depends only
 * on the pack, the destination or the code is computed once (determination.compile.ts) and shared between results.
 */
import type { CompiledPack } from './determination.compile.js';
import { evaluateItem, maxOutcome, maxTier } from './determination.item.js';
import { buildShipment } from './determination.shipment.js';
import type { DeterminationInput, DeterminationResult, EvaluationContext, ItemResult, Outcome, Tier } from './determination.types.js';

export { ancestry, ancestryOf, CodeMatcher, normaliseCode } from './determination.codes.js';
export { compilePack, type CompiledPack } from './determination.compile.js';

/**
 * Evaluates a determination. `input` must already be validated (codes may be raw; they are normalised here).
 * `context` carries the party screening results resolved by the service.
 */
export function evaluate(cp: CompiledPack, input: DeterminationInput, context: EvaluationContext): DeterminationResult {
  const pack = cp.pack;
  const sh = buildShipment(cp, input, context);
  const items: ItemResult[] = [];
  let outcome: Outcome = 'no_licence_required';
  let tier: Tier = 'low';
  for (const it of input.items) {
    const r = evaluateItem(cp, sh, it, context);
    items.push(r);
    outcome = maxOutcome(outcome, r.outcome);
    tier = maxTier(tier, r.tier);
  }
  const result: DeterminationResult = {
    outcome,
    tier,
    items,
    policyVersion: context.controlList?.releaseId ? `${cp.versionLabel}+list:${context.controlList.releaseId}` : cp.versionLabel,
    policy: pack.policy,
    date: input.date ?? '',
  };
  if (pack.historical) result.historical = true;
  if (sh.warnings.length) result.warnings = sh.warnings;
  result.parties = context.parties.map((p) => ({ role: p.role, name: p.name, country: p.country, screened: p.screened, matches: p.matches }));
  return result;
}
