import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notFound } from '../../platform/errors.js';
import { GL_TERM_EDITORS, READERS, requireRole } from './customs.policy.js';
import { ensureGeneralLicences, presentGlTerms } from './gl.repository.js';

/** General licences customs checks lines against, with their registration and return terms. */
export async function listGeneralLicences(ctx: Ctx) {
  requireRole(ctx.actor, READERS);
  await ensureGeneralLicences(ctx.db, ctx.clock.now());
  const rows = await ctx.db.selectFrom('customs_general_licences').selectAll().orderBy('id').execute();
  return { generalLicences: rows.map(presentGlTerms) };
}

/** Changes registration terms (before/after first use, deadline in days) and the return period; audited. */
export async function updateGeneralLicence(ctx: Ctx, id: string, input: { registrationTiming?: 'before_first_use' | 'after_first_use'; registrationDeadlineDays?: number; returnPeriodMonths?: number; returnDueDays?: number }) {
  requireRole(ctx.actor, GL_TERM_EDITORS);
  await ensureGeneralLicences(ctx.db, ctx.clock.now());
  return withTx(ctx.db, async (tx) => {
    const g = await tx.selectFrom('customs_general_licences').selectAll().where('id', '=', id.toUpperCase()).executeTakeFirst();
    if (!g) throw notFound('General licence');
    const set = {
      registration_timing: input.registrationTiming ?? g.registration_timing,
      registration_deadline_days: input.registrationDeadlineDays ?? Number(g.registration_deadline_days),
      return_period_months: input.returnPeriodMonths ?? Number(g.return_period_months),
      return_due_days: input.returnDueDays ?? Number(g.return_due_days),
      updated_at: ctx.clock.now().toISOString(),
    };
    await tx.updateTable('customs_general_licences').set(set).where('id', '=', g.id).execute();
    await recordAudit(tx, ctx, {
      action: 'customs.gl_terms_changed',
      subjectType: 'customs_general_licence',
      subjectId: g.id,
      before: { registrationTiming: g.registration_timing, registrationDeadlineDays: g.registration_deadline_days, returnPeriodMonths: g.return_period_months, returnDueDays: g.return_due_days },
      after: { registrationTiming: set.registration_timing, registrationDeadlineDays: set.registration_deadline_days, returnPeriodMonths: set.return_period_months, returnDueDays: set.return_due_days },
    });
    return presentGlTerms({ ...g, ...set });
  });
}
