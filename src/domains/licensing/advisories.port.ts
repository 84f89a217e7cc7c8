/**
 * What the end-user advisories domain may read and change of licensing: an application's parties, and a flag on the
 * case when a party is an end user the authority advised is of concern. Advisories never name licensing's tables.
 */
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { raiseFlagRow } from './applications.service.js';
import { isOpenCase } from './exchange.port.js';

export async function casePartiesForAdvisories(db: Executor, applicationId: string) {
  const app = await db.selectFrom('lic_applications').select(['id', 'status', 'organisation_id']).where('id', '=', applicationId).executeTakeFirst();
  if (!app || !isOpenCase(app.status)) return null;
  const parties = await db.selectFrom('lic_parties').select(['id', 'role', 'name', 'country']).where('application_id', '=', applicationId).execute();
  return { id: app.id, organisationId: app.organisation_id, parties };
}

/** A blocking flag: the officer reads the advisory before deciding (raised once per case while open). */
export async function raiseAdvisoryFlag(tx: Executor, ctx: Ctx, applicationId: string, label: string, details: unknown) {
  return raiseFlagRow(tx, ctx, applicationId, 'end_user_advisory', 'auto', details, label, true);
}
