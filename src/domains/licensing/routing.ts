import type { Executor } from '../../platform/db/index.js';
import type { LicApplicationsTable, LicRoutingRulesTable } from './licensing.tables.js';

/** Flags that block finalisation until an officer clears them (others are informational). */
export const FLAG_DEFS: Record<string, { label: string; blocking: boolean }> = {
  screening_hit: { label: 'Party matches a restricted-party list', blocking: true },
  denial_match: { label: 'Party resembles a partner-state denial', blocking: true },
  catch_all: { label: 'Catch-all control may apply (unlisted item, WMD or military end-use concern)', blocking: true },
  determination_unavailable: { label: 'Licence determination failed; an officer must determine the goods', blocking: true },
  confirmed_match: { label: 'A party is a confirmed restricted-party match (decided in the screening panel)', blocking: false },
  humanitarian: { label: 'Humanitarian or disaster-relief export', blocking: false },
  overdue: { label: 'Past the statutory target date', blocking: false },
  manual: { label: 'Raised by an officer', blocking: true },
};

export const splitList = (s: string | null | undefined) => (s ?? '').split(',').map((x) => x.trim()).filter(Boolean);

/** Risk tier from what is known about the case: its active flags, goods and declarations. */
export function riskTier(app: Pick<LicApplicationsTable, 'ratings' | 'military_end_use' | 'wmd_informed' | 'wmd_suspected'>, activeFlags: string[]): 'high' | 'medium' | 'low' {
  if (activeFlags.some((f) => f === 'screening_hit' || f === 'confirmed_match' || f === 'denial_match' || f === 'catch_all') || app.wmd_informed || app.wmd_suspected) return 'high';
  if (splitList(app.ratings).some((r) => r.toUpperCase().startsWith('ML')) || app.military_end_use) return 'medium';
  return 'low';
}

export function ruleMatches(
  r: LicRoutingRulesTable,
  c: { caseType: string; destination: string | null; ratings: string[]; flags: string[]; riskTier: string },
): boolean {
  if (!r.active) return false;
  if (r.case_type && r.case_type !== c.caseType) return false;
  if (r.destinations && !(c.destination && splitList(r.destinations).map((d) => d.toUpperCase()).includes(c.destination.toUpperCase()))) return false;
  if (r.rating_prefix && !c.ratings.some((x) => x.toUpperCase().startsWith(r.rating_prefix!.toUpperCase()))) return false;
  if (r.flag && !c.flags.includes(r.flag)) return false;
  if (r.risk_tier && r.risk_tier !== c.riskTier) return false;
  return true;
}

/** Picks the queue for a case from the routing rules (first active match by priority; "general" when none match). */
export async function routeCase(tx: Executor, app: LicApplicationsTable): Promise<{ queue: string | null; riskTier: string }> {
  const flags = (
    await tx.selectFrom('lic_flags').select('code').where('application_id', '=', app.id).where('cleared_at', 'is', null).execute()
  ).map((f) => f.code);
  const tier = riskTier(app, flags);
  if (app.status === 'draft') return { queue: null, riskTier: tier };
  const rules = await tx.selectFrom('lic_routing_rules').selectAll().orderBy('priority').orderBy('id').execute();
  const c = { caseType: app.case_type, destination: app.destination, ratings: splitList(app.ratings), flags, riskTier: tier };
  const hit = rules.find((r) => ruleMatches(r, c));
  return { queue: hit?.queue ?? 'general', riskTier: tier };
}
