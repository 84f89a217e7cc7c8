/** Phase 9: rules the pack knows it does not evaluate (where they apply), fail closed, next steps and provisos. */
import { conditionHolds } from './determination.rules.js';
import { maxTier, skipRule, type ItemState } from './determination.item.js';
import { OUTCOME_RANK, type GeneralLicenceResult, type ItemResult } from './determination.types.js';

export function closeItem(s: ItemState, gls: GeneralLicenceResult[]): ItemResult {
  const { cp, sh } = s;
  const itemFacts = { code: s.code, ancestry: s.anc, listed: s.listed, hsCode: s.hsCode };
  for (const n of cp.conditionalNotEvaluated) if (conditionHolds(n.def.when!, sh.facts, itemFacts)) skipRule(s, n.def.rule, n.cite, n.def.detail);
  for (const n of cp.notEvaluated) s.trace.push(n);
  // Fail closed: an applicable rule that was not evaluated means nobody may rely on a clearance.
  if (s.notEvaluated.length && OUTCOME_RANK[s.outcome] < OUTCOME_RANK.review_required) {
    s.outcome = 'review_required';
    s.tier = maxTier(s.tier, 'medium');
  }
  const result = finish(s, s.outcome === 'general_licence' ? gls : []);
  if (s.conditions.length) result.nextSteps.push(...s.conditions);
  if (OUTCOME_RANK[s.outcome] < OUTCOME_RANK.prohibited) {
    for (const p of cp.pack.provisos ?? []) {
      if (conditionHolds(p.when, sh.facts, itemFacts) && !cp.union.has(sh.dest)) {
        result.nextSteps.push(`${p.text} (${p.citation})`);
        s.trace.push({ rule: `proviso:${p.id}`, applied: true, citation: cp.cite(p.citation), detail: p.text });
      }
    }
  }
  return result;
}

function nextStep(s: ItemState, gls: GeneralLicenceResult[], nextSteps: string[]) {
  const { cp, sh } = s;
  switch (s.outcome) {
    case 'prohibited':
      nextSteps.push('Do not export. The shipment is prohibited; contact the competent authority if you believe an exception applies.');
      break;
    case 'notify_authority':
      nextSteps.push('Notify the competent authority now and hold the shipment until it decides whether an authorisation is required.');
      break;
    case 'individual_licence_required':
      nextSteps.push(
        cp.pack.licensing.kind === 'outside_union'
          ? `Apply for an individual export authorisation to the competent authority of ${sh.establishedIn ?? 'the Member State where you are established'} (Art 12(2)).`
          : cp.pack.policy === 'us'
            ? 'Apply for a BIS export licence (15 CFR Part 748).'
            : 'Apply for an individual export licence.',
      );
      break;
    case 'review_required':
      nextSteps.push(`We could not determine this: check ${s.notEvaluated.map((n) => n.why).join('; ')}. Do not export until the competent authority (or your export-control adviser) has confirmed whether a licence is needed.`);
      break;
    case 'general_licence':
      for (const g of gls) nextSteps.push(`${g.registered ? 'Use' : 'Register for and use'} ${g.id} (${g.name ?? ''}) and meet its conditions.`);
      break;
    default:
      nextSteps.push(s.listed ? 'No licence is needed for this destination; keep records of the export.' : 'No licence is needed: the item is not listed and no catch-all applies. Keep records and stay alert to red flags.');
  }
}

function finish(s: ItemState, gls: GeneralLicenceResult[]): ItemResult {
  const { outcome } = s;
  let tier = s.tier;
  if (outcome === 'prohibited' || outcome === 'notify_authority') tier = 'high';
  else if (outcome === 'individual_licence_required') tier = maxTier(tier, 'medium');
  for (const g of gls) if (g.flagged) tier = maxTier(tier, 'medium');
  const nextSteps: string[] = [];
  nextStep(s, gls, nextSteps);
  for (const e of s.exemptions) if (e.applies) nextSteps.push(`Keep the evidence for "${e.name}": ${e.evidence.join('; ')}.`);
  if (s.cp.pack.historical) nextSteps.push('This is a historical pack: do not rely on it for a current export.');
  const { code, listed, exemptions, trace, notEvaluated } = s;
  const description = s.it.description;
  return description
    ? { code, description, listed, outcome, generalLicences: gls, tier, exemptions, trace, nextSteps, notEvaluated }
    : { code, listed, outcome, generalLicences: gls, tier, exemptions, trace, nextSteps, notEvaluated };
}
