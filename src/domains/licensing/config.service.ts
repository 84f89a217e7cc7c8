import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { invalid } from '../../platform/errors.js';
import { requireRole } from '../../platform/auth/roles.js';
import { CASE_READERS } from './licensing.policy.js';
import { STATUSES, TRANSITIONS } from './workflow.js';
import { FLAG_DEFS } from './routing.js';
import { REFUSAL_CRITERIA } from './licensing.repository.js';
import { LICENCE_TRANSITIONS } from './licences.service.js';

const READERS = [...CASE_READERS, 'adviser' as const];

export async function getWorkflow(ctx: Ctx) {
  requireRole(ctx.actor, READERS);
  const caseTypes = await ctx.db.selectFrom('lic_case_types').selectAll().orderBy('code').execute();
  return {
    statuses: STATUSES,
    transitions: TRANSITIONS,
    licenceTransitions: LICENCE_TRANSITIONS,
    flags: FLAG_DEFS,
    refusalCriteria: REFUSAL_CRITERIA,
    caseTypes: caseTypes.map((c) => ({ code: c.code, name: c.name, targetDays: c.target_days, countersignRequired: Boolean(c.countersign_required), referencePrefix: c.reference_prefix })),
  };
}

export async function listHolidays(ctx: Ctx) {
  requireRole(ctx.actor, READERS);
  return { holidays: await ctx.db.selectFrom('lic_holidays').selectAll().orderBy('date').execute() };
}

/** Replaces the public-holiday calendar of the statutory clock (admin). Due dates of open cases are recomputed on their next change. */
export async function replaceHolidays(ctx: Ctx, holidays: { date: string; name: string }[]) {
  requireRole(ctx.actor, ['admin']);
  const dup = holidays.map((h) => h.date).filter((d, i, all) => all.indexOf(d) !== i);
  if (dup.length) throw invalid({ holidays: `date ${dup[0]} appears twice` });
  return withTx(ctx.db, async (tx) => {
    const before = await tx.selectFrom('lic_holidays').selectAll().execute();
    await tx.deleteFrom('lic_holidays').execute();
    if (holidays.length) await tx.insertInto('lic_holidays').values(holidays).execute();
    await recordAudit(tx, ctx, { action: 'licensing.holidays_replaced', subjectType: 'licensing_config', subjectId: 'holidays', before: before.length, after: holidays.length });
    return { holidays: holidays.length };
  });
}

export async function listRoutingRules(ctx: Ctx) {
  requireRole(ctx.actor, READERS);
  const rows = await ctx.db.selectFrom('lic_routing_rules').selectAll().orderBy('priority').orderBy('id').execute();
  return {
    rules: rows.map((r) => ({ id: r.id, priority: r.priority, name: r.name, queue: r.queue, caseType: r.case_type, destinations: r.destinations, ratingPrefix: r.rating_prefix, flag: r.flag, riskTier: r.risk_tier, active: Boolean(r.active) })),
  };
}

export interface RoutingRuleInput {
  id: string;
  priority: number;
  name: string;
  queue: string;
  caseType?: string | null;
  destinations?: string | null;
  ratingPrefix?: string | null;
  flag?: string | null;
  riskTier?: 'low' | 'medium' | 'high' | null;
  active?: boolean;
}

/** Replaces the routing rules (admin). Cases are re-routed on their next transition. */
export async function replaceRoutingRules(ctx: Ctx, rules: RoutingRuleInput[]) {
  requireRole(ctx.actor, ['admin']);
  const ids = rules.map((r) => r.id);
  if (new Set(ids).size !== ids.length) throw invalid({ rules: 'rule ids must be unique' });
  if (!rules.some((r) => !r.caseType && !r.destinations && !r.ratingPrefix && !r.flag && !r.riskTier && r.active !== false))
    throw invalid({ rules: 'keep one active catch-all rule (no conditions) so every case lands on a queue' });
  const bad = rules.find((r) => r.flag && !FLAG_DEFS[r.flag]);
  if (bad) throw invalid({ rules: `unknown flag ${bad.flag}; use ${Object.keys(FLAG_DEFS).join(', ')}` });
  return withTx(ctx.db, async (tx) => {
    await tx.deleteFrom('lic_routing_rules').execute();
    await tx
      .insertInto('lic_routing_rules')
      .values(rules.map((r) => ({ id: r.id, priority: r.priority, name: r.name, queue: r.queue, case_type: r.caseType ?? null, destinations: r.destinations ?? null, rating_prefix: r.ratingPrefix ?? null, flag: r.flag ?? null, risk_tier: r.riskTier ?? null, active: r.active === false ? 0 : 1 })))
      .execute();
    await recordAudit(tx, ctx, { action: 'licensing.routing_rules_replaced', subjectType: 'licensing_config', subjectId: 'routing_rules', after: rules });
    return { rules: rules.length };
  });
}
