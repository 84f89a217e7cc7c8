import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { assertOrgVisible, CANCELLERS, requireRole } from './customs.policy.js';
import { changeLicenceGoodUsage } from './ports.js';
import { getDeclaration } from './read-declarations.service.js';

/** Cancels a declaration: every released line gives its quantity and value back to its licence good, audited. */
export async function cancelDeclaration(ctx: Ctx, id: string, reason: string) {
  const a = requireRole(ctx.actor, CANCELLERS);
  if (!reason?.trim()) throw invalid({ reason: 'is required' });
  await withTx(ctx.db, async (tx) => {
    const d = await tx.selectFrom('customs_declarations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!d) throw notFound('Declaration');
    assertOrgVisible(a, d.organisation_id, 'Declaration');
    if (d.status === 'cancelled') throw conflict('The declaration is already cancelled');
    const now = ctx.clock.now().toISOString();
    const res = await tx.updateTable('customs_declarations').set({ status: 'cancelled', cancelled_at: now, cancelled_by: a.userId, cancel_reason: reason.trim() }).where('id', '=', id).where('status', '=', 'active').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('The declaration was changed at the same time; reload it');
    const lines = await tx.selectFrom('customs_lines').selectAll().where('declaration_id', '=', id).orderBy('licence_good_id').execute();
    const restored: { line: number; licenceGoodId: string; quantity: number; value: number }[] = [];
    for (const l of lines) {
      if (l.consumed === 1 && l.licence_good_id) {
        if (!(await changeLicenceGoodUsage(tx, l.licence_good_id, -Number(l.quantity), -Number(l.value)))) throw conflict(`Usage of line ${l.line_no} could not be restored; reload and retry`);
        restored.push({ line: l.line_no, licenceGoodId: l.licence_good_id, quantity: Number(l.quantity), value: Number(l.value) });
      }
    }
    await tx.updateTable('customs_lines').set({ status: 'cancelled', consumed: 0 }).where('declaration_id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'customs.declaration_cancelled', subjectType: 'customs_declaration', subjectId: id, before: { status: d.status }, after: { status: 'cancelled' }, details: { reason: reason.trim(), restored } });
  });
  return getDeclaration(ctx, id);
}
