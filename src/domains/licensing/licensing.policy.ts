import { requireActor, requireRole, isIndustry, type Actor, type Role } from '../../platform/auth/roles.js';
import { forbidden, notFound } from '../../platform/errors.js';
import type { Executor } from '../../platform/db/index.js';

export const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
export const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];
/** Authority roles that read every case (oversight reads but never writes). */
export const CASE_READERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
/** Who may list the case queues: readers plus advisers (advisers see only cases referred to their team). */
export const QUEUE_ROLES: Role[] = [...CASE_READERS, 'adviser'];
/** Who may read a single application: its organisation, case readers, advisers of a referred team. */
export const APPLICATION_READERS: Role[] = [...INDUSTRY, ...QUEUE_ROLES];

export const requireExporter = (actor: Actor | null) => requireRole(actor, INDUSTRY);
export const requireOfficer = (actor: Actor | null) => requireRole(actor, OFFICERS);
export const requireSenior = (actor: Actor | null) => requireRole(actor, ['senior_officer']);

/**
 * Whether the actor may see this application at all. Another organisation's application, or a case not referred
 * to the adviser's team, is reported as missing (404) so ids do not leak.
 */
export async function assertCanSee(db: Executor, actor: Actor, app: { id: string; organisation_id: string; status: string }, what = 'Application') {
  if (isIndustry(actor)) {
    if (app.organisation_id !== actor.organisationId) throw notFound(what);
    return;
  }
  if (actor.role === 'adviser') {
    if (!actor.team || !(await isReferredTo(db, app.id, actor.team))) throw notFound(what);
    return;
  }
  if (!CASE_READERS.includes(actor.role)) throw forbidden();
  if (app.status === 'draft') throw notFound(what); // drafts belong to the exporter until submitted
}

export async function isReferredTo(db: Executor, applicationId: string, team: string) {
  const r = await db.selectFrom('lic_referrals').select('id').where('application_id', '=', applicationId).where('team', '=', team).executeTakeFirst();
  return Boolean(r);
}

export { requireActor, requireRole, isIndustry };
