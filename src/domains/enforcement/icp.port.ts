/**
 * Read side of compliance audits for other domains (determinations' `exporter.icp`, risk scores). Callers check
 * who is asking; this function does not. It never names another domain's tables.
 */
import type { Executor } from '../../platform/db/index.js';
import { rateIcp, type IcpRatingLevel } from './icp.js';

export interface IcpRating {
  organisationId: string;
  /** strong | adequate | weak | inadequate */
  rating: IcpRatingLevel;
  /** Mean of the seven element scores (0–3) of the latest completed audit. */
  score: number;
  auditId: string;
  auditCompletedAt: string;
  openFindings: { critical: number; major: number; minor: number };
  overdueFindings: number;
  /** How the rating was reached, in words. */
  reasons: string[];
}

/**
 * The exporter's ICP rating as of `asOf`, from its latest completed audit and the findings still open; `null`
 * when it has never been audited (callers must treat that as "not assessed", never as compliant).
 */
export async function icpRating(db: Executor, organisationId: string, asOf: Date): Promise<IcpRating | null> {
  const audit = await db
    .selectFrom('enforcement_audits')
    .select(['id', 'checklist', 'completed_at'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'completed')
    .orderBy('completed_at', 'desc')
    .executeTakeFirst();
  if (!audit) return null;
  const open = await db.selectFrom('enforcement_findings').select(['severity', 'due_on']).where('organisation_id', '=', organisationId).where('status', '=', 'open').execute();
  const r = rateIcp(JSON.parse(audit.checklist), open, asOf.toISOString().slice(0, 10));
  const count = (s: string) => open.filter((f) => f.severity === s).length;
  return {
    organisationId,
    rating: r.rating,
    score: r.score,
    auditId: audit.id,
    auditCompletedAt: audit.completed_at!,
    openFindings: { critical: count('critical'), major: count('major'), minor: count('minor') },
    overdueFindings: r.overdue,
    reasons: r.reasons,
  };
}
