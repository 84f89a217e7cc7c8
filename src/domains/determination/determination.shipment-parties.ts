/** The shipment's parties (restricted-list hits, unverified parties, screening coverage) and its own trace entries. */
import type { CompiledPack } from './determination.compile.js';
import type { Shipment } from './determination.shipment.js';
import type { DeterminationInput, EvaluationContext } from './determination.types.js';
import { isUnverified, unverifiedCite, UNVERIFIED_RULE } from './determination.unverified.js';

/** Parties (resolved by the service): which rules they trigger, and which could not be screened. */
export function partyHits(cp: CompiledPack, sh: Shipment, context: EvaluationContext) {
  const threshold = context.partyMatchThreshold ?? 0.9;
  for (const p of context.parties) {
    if (!p.screened) sh.unscreened.push(p.name);
    for (const m of p.matches) {
      if (m.score < threshold) continue;
      const list = (m.list ?? '').toLowerCase();
      let blocks = false;
      for (const r of cp.partyRules) {
        if (!((list && r.lists.has(list)) || r.sources.has(m.source))) continue;
        sh.partyHits.push({ rule: r.def, cite: r.cite, party: p.name, list: m.list || m.source, score: m.score });
        blocks ||= r.def.blocksGeneralLicences;
      }
      if (!isUnverified(m)) continue;
      const cite = unverifiedCite(cp, m);
      sh.unverified.push({ party: p.name, role: p.role, list: m.list || m.source, source: m.source, score: m.score, cite });
      // The pack may already block general licences for this list (US §744.15); otherwise the built-in rule does.
      if (!blocks) sh.partyHits.push({ rule: UNVERIFIED_RULE, cite, party: p.name, list: m.list || m.source, score: m.score });
    }
  }
  if (sh.unscreened.length) {
    sh.shipmentNotEvaluated.push({ rule: 'party-screening', citation: cp.cite('Party screening against the restricted-party lists'), why: `${sh.unscreened.map((n) => `"${n}"`).join(', ')} could not be screened (screening unavailable): screen the parties before export` });
  }
  if (context.parties.length && context.listVersions) {
    for (const req of cp.pack.requiredPartySources ?? []) {
      if (req.sources.some((src) => context.listVersions![src])) continue;
      sh.shipmentNotEvaluated.push({ rule: `party-list:${req.sources.join('|')}`, citation: cp.cite(req.citation), why: req.why });
      sh.warnings.push(`Coverage: ${req.why}`);
    }
  }
}

/** Shipment-level trace entries (copied into every item's trace). */
export function shipmentTrace(cp: CompiledPack, sh: Shipment, input: DeterminationInput, context: EvaluationContext) {
  const threshold = context.partyMatchThreshold ?? 0.9;
  if (cp.historical) sh.shipmentTrace.push(cp.historical);
  for (const t of input.transit ?? []) {
    const T = t.toUpperCase();
    const hits = cp.embargoes.filter((e) => e.dest.has(T));
    sh.shipmentTrace.push({
      rule: 'transit',
      applied: hits.length > 0,
      citation: cp.cite(cp.pack.policy === 'eu' ? 'Regulation (EU) 2021/821, Art 7' : cp.pack.regulation),
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
}
