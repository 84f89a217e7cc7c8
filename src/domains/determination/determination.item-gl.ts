/** Phase 8: general licences (EU) and licence exceptions (US): which are usable, and the outcome when one is. */
import { NO_LIST_REASON, glStatus, type CompiledGl } from './determination.compile.js';
import { add, maxTier, skipRule, type ItemState } from './determination.item.js';
import { glProblem, REVIEW } from './determination.item-glcheck.js';
import { OUTCOME_RANK, type GeneralLicenceResult } from './determination.types.js';

/** The trace entry for one general licence, shared when it only depends on the pack and destination. */
function glTrace(s: ItemState, g: CompiledGl, gi: number, why: string | null) {
  const { sh } = s;
  if (why === NO_LIST_REASON) return s.trace.push(g.noListEntry);
  if (why === sh.profile.glDestWhy[gi]) return s.trace.push(sh.profile.glDestEntry[gi]!);
  const d = g.def;
  const flaggedNote = d.flagged ? ` Flagged: ${d.flaggedFacts?.join('; ')}` : '';
  add(s, `general-licence:${d.id}`, !why, g.cite, why ? `${d.id} not available: ${why}.` : `${d.id} covers ${s.code} to ${sh.destName}${sh.registered.has(d.id) ? ' (registered)' : ''}.${flaggedNote}`, glStatus(d));
}

/** Evaluates every general licence; returns those usable (the outcome becomes general_licence when one covers a list-based requirement). */
export function generalLicencePhase(s: ItemState): GeneralLicenceResult[] {
  const { cp, sh } = s;
  const gls: GeneralLicenceResult[] = [];
  const glReview: { id: string; cite: string; why: string }[] = [];
  const needsListLicence = s.listReasons.length > 0;
  const restrictions = cp.pack.exceptionRestrictions;
  for (let gi = 0; gi < cp.gls.length; gi++) {
    const g = cp.gls[gi]!;
    let why = glProblem(s, g, gi);
    if (why !== null && why.startsWith(REVIEW)) {
      // Usable only if facts we were not given hold: not offered, and the item cannot be cleared without them.
      why = why.slice(REVIEW.length);
      if (needsListLicence && OUTCOME_RANK[s.outcome] <= OUTCOME_RANK.individual_licence_required) glReview.push({ id: g.def.id, cite: g.cite, why: `${g.def.id} may cover this export, but ${why}` });
    }
    glTrace(s, g, gi, why);
    if (!why) {
      const d = g.def;
      const registered = sh.registered.has(d.id);
      const conditions = d.registration && !registered ? [...d.conditions, d.registration] : d.conditions.slice();
      gls.push(d.flagged ? { id: d.id, name: d.name, conditions, registered, flagged: true } : { id: d.id, name: d.name, conditions, registered });
    }
  }
  if (cp.gls.length && restrictions && needsListLicence) {
    // Restrictions the input holds no facts for: they become conditions of any exception offered (confirmed by the exporter).
    add(s, 'exception-restrictions', false, cp.cite(restrictions.citation), `Conditions of any licence exception (confirm before use): ${restrictions.notEvaluated.join('; ')}.`, 'condition');
    for (const g of gls) g.conditions.push(`Confirm that none of these restrictions applies: ${restrictions.notEvaluated.join('; ')} (${restrictions.citation}).`);
  }
  if (gls.length && s.outcome === 'individual_licence_required' && needsListLicence) {
    s.outcome = 'general_licence';
    s.tier = maxTier(s.tier, gls.every((g) => !g.flagged) ? 'low' : 'medium');
  }
  if (s.outcome === 'general_licence' && s.conditions.length) for (const g of gls) g.conditions.push(...s.conditions);
  for (const g of glReview) skipRule(s, `general-licence:${g.id}`, g.cite, g.why);
  // A general licence that may cover the item if facts we lack hold: the answer is "review", not the licence requirement.
  if (glReview.length && !gls.length && s.outcome === 'individual_licence_required' && !s.catchAllApplied && !s.glBlockedBy.length && s.listReasons.every((r) => r === 'listed')) s.outcome = 'review_required';
  return gls;
}
