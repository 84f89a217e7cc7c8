import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notify.js';
import { AUTHORITY_READERS, HOLD_DECIDERS, requireRole } from './customs.policy.js';
import { changeLicenceGoodUsage, findLicencesByIds, lockLicenceGoods, type LicenceSnapshot } from './ports.js';
import { presentLine } from './present.js';

function licenceSummary(l: LicenceSnapshot | null | undefined) {
  if (!l) return null;
  return {
    id: l.id,
    reference: l.reference,
    holder: l.holder,
    status: l.status,
    validTo: l.validTo,
    destination: l.destination,
    goods: l.goods.map((g) => ({ id: g.id, description: g.description, rating: g.rating, unit: g.unit, currency: g.currency, quantity: g.quantity, remainingQuantity: g.quantity - g.usedQuantity, value: g.value, remainingValue: g.value - g.usedValue })),
    parties: l.parties,
  };
}

/** The holds queue: held lines, oldest first, each with its reasons, its declaration and the licence beside it. */
export async function listHolds(ctx: Ctx, q: { limit?: number; offset?: number }) {
  requireRole(ctx.actor, AUTHORITY_READERS);
  const rows = await ctx.db
    .selectFrom('customs_lines')
    .innerJoin('customs_declarations', 'customs_declarations.id', 'customs_lines.declaration_id')
    .selectAll('customs_lines')
    .select(['customs_declarations.reference as declaration_reference', 'customs_declarations.exporter as exporter', 'customs_declarations.consignee as consignee', 'customs_declarations.date as declaration_date'])
    .where('customs_lines.status', '=', 'held')
    .orderBy('customs_lines.created_at')
    .orderBy('customs_lines.id')
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0)
    .execute();
  const ids = rows.flatMap((r) => (r.licence_id ? [r.licence_id] : []));
  const licences = new Map<string, LicenceSnapshot>((await findLicencesByIds(ctx.db, ids)).map((l) => [l.id, l]));
  return {
    holds: rows.map((r) => ({
      ...presentLine(r, r.licence_id ? licences.get(r.licence_id)?.reference : null),
      declaration: { id: r.declaration_id, reference: r.declaration_reference, date: r.declaration_date, exporter: JSON.parse(r.exporter), consignee: JSON.parse(r.consignee) },
      licence: licenceSummary(r.licence_id ? licences.get(r.licence_id) : null),
    })),
  };
}

/**
 * A customs officer releases or refuses a held line, with a reason (audited). Releasing draws the line's quantity and
 * value from its licence good with a conditional update: if not enough remains, the release is refused (409).
 */
export async function decideHold(ctx: Ctx, lineId: string, input: { decision: 'release' | 'refuse'; reason: string }) {
  const a = requireRole(ctx.actor, HOLD_DECIDERS);
  if (!input.reason?.trim()) throw invalid({ reason: 'is required' });
  const out = await withTx(ctx.db, async (tx) => {
    const l = await tx.selectFrom('customs_lines').selectAll().where('id', '=', lineId).executeTakeFirst();
    if (!l) throw notFound('Line');
    if (l.status !== 'held') throw conflict(`The line is ${l.status}; only held lines are decided`);
    let consumed = 0;
    if (input.decision === 'release' && l.licence_good_id) {
      const g = (await lockLicenceGoods(tx, [l.licence_good_id])).get(l.licence_good_id);
      const ok = g ? await changeLicenceGoodUsage(tx, l.licence_good_id, Number(l.quantity), Number(l.value)) : false;
      if (!ok) {
        const remQ = g ? g.quantity - g.usedQuantity : 0;
        const remV = g ? g.value - g.usedValue : 0;
        throw conflict(`Not enough remains on the licence to release this line (${remQ} ${l.unit} and ${remV} ${l.currency} remain; the line needs ${l.quantity} and ${l.value}). Amend the licence or refuse the line.`);
      }
      consumed = 1;
    }
    const status = input.decision === 'release' ? 'released' : 'refused';
    const now = ctx.clock.now().toISOString();
    const res = await tx.updateTable('customs_lines').set({ status, consumed, decided_by: a.userId, decided_at: now, decision_reason: input.reason.trim() }).where('id', '=', lineId).where('status', '=', 'held').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('The line was decided by someone else at the same time');
    const d = await tx.selectFrom('customs_declarations').selectAll().where('id', '=', l.declaration_id).executeTakeFirstOrThrow();
    await tx
      .updateTable('customs_declarations')
      .set({ held_lines: Number(d.held_lines) - 1, released_lines: Number(d.released_lines) + (status === 'released' ? 1 : 0), rejected_lines: Number(d.rejected_lines) + (status === 'refused' ? 1 : 0) })
      .where('id', '=', d.id)
      .execute();
    await recordAudit(tx, ctx, { action: `customs.line_${status}`, subjectType: 'customs_line', subjectId: lineId, before: { status: 'held', reasons: JSON.parse(l.reasons).map((r: { code: string }) => r.code) }, after: { status, consumed: consumed === 1 }, details: { reason: input.reason.trim(), declarationId: d.id, licenceId: l.licence_id } });
    if (d.organisation_id)
      await notify(tx, ctx.clock.now(), { organisationId: d.organisation_id }, { kind: `customs.line_${status}`, title: `Declaration ${d.reference} line ${l.line_no} ${status}`, body: input.reason.trim(), link: `/customs/declarations/${d.id}` });
    return tx.selectFrom('customs_lines').selectAll().where('id', '=', lineId).executeTakeFirstOrThrow();
  });
  return presentLine(out);
}
