import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { AUTHORITY_READERS, isIndustry, READERS, requireRole } from './customs.policy.js';
import { findLicenceById, findLicencesByHolder, type LicenceSnapshot } from './ports.js';
import { toCsv } from '../../platform/csv.js';

const HEADER = ['kind', 'licence', 'licence_status', 'good', 'rating', 'unit', 'currency', 'authorised_quantity', 'shipped_quantity', 'remaining_quantity', 'authorised_value', 'shipped_value', 'remaining_value', 'released_lines', 'held_lines', 'rejected_lines', 'declaration', 'line', 'reasons'];
const HELD_LIMIT = 1000;

async function lineCounts(db: Executor, licenceIds: string[]) {
  const out = new Map<string, Record<string, number>>();
  if (!licenceIds.length) return out;
  const rows = await db.selectFrom('customs_lines').select(['licence_good_id', 'status']).select((eb) => eb.fn.countAll<number>().as('n')).where('licence_id', 'in', licenceIds).groupBy(['licence_good_id', 'status']).execute();
  for (const r of rows) {
    const m = out.get(r.licence_good_id ?? '') ?? {};
    m[r.status] = Number(r.n);
    out.set(r.licence_good_id ?? '', m);
  }
  return out;
}

async function heldLines(db: Executor, where: { licenceIds?: string[]; organisationId?: string }) {
  let q = db
    .selectFrom('customs_lines')
    .innerJoin('customs_declarations', 'customs_declarations.id', 'customs_lines.declaration_id')
    .select(['customs_lines.id', 'customs_lines.licence_id', 'customs_lines.general_licence_id', 'customs_lines.line_no', 'customs_lines.quantity', 'customs_lines.value', 'customs_lines.reasons', 'customs_declarations.reference', 'customs_declarations.id as declaration_id'])
    .where('customs_lines.status', '=', 'held')
    .orderBy('customs_lines.created_at')
    .limit(HELD_LIMIT);
  if (where.licenceIds) q = q.where('customs_lines.licence_id', 'in', where.licenceIds.length ? where.licenceIds : ['-']);
  if (where.organisationId) q = q.where('customs_lines.organisation_id', '=', where.organisationId);
  return (await q.execute()).map((r) => ({ lineId: r.id, declarationId: r.declaration_id, declaration: r.reference, line: Number(r.line_no), licenceId: r.licence_id, generalLicence: r.general_licence_id, quantity: Number(r.quantity), value: Number(r.value), reasons: JSON.parse(r.reasons) as { code: string; message: string }[] }));
}

function reconcile(l: LicenceSnapshot, counts: Map<string, Record<string, number>>) {
  return {
    id: l.id,
    reference: l.reference,
    holder: l.holder,
    status: l.status,
    validTo: l.validTo,
    goods: l.goods.map((g) => {
      const c = counts.get(g.id) ?? {};
      return {
        id: g.id, description: g.description, rating: g.rating, unit: g.unit, currency: g.currency,
        authorisedQuantity: g.quantity, shippedQuantity: g.usedQuantity, remainingQuantity: Math.max(0, g.quantity - g.usedQuantity),
        authorisedValue: g.value, shippedValue: g.usedValue, remainingValue: Math.max(0, g.value - g.usedValue),
        lines: { released: c.released ?? 0, held: c.held ?? 0, rejected: (c.rejected ?? 0) + (c.refused ?? 0), cancelled: c.cancelled ?? 0 },
      };
    }),
  };
}

function csvRows(licences: ReturnType<typeof reconcile>[], held: Awaited<ReturnType<typeof heldLines>>) {
  const refs = new Map(licences.map((l) => [l.id, l.reference]));
  const rows: unknown[][] = [];
  for (const l of licences)
    for (const g of l.goods)
      rows.push(['good', l.reference, l.status, g.description, g.rating, g.unit, g.currency, g.authorisedQuantity, g.shippedQuantity, g.remainingQuantity, g.authorisedValue, g.shippedValue, g.remainingValue, g.lines.released, g.lines.held, g.lines.rejected, '', '', '']);
  for (const h of held) rows.push(['held_line', h.licenceId ? refs.get(h.licenceId) ?? '' : (h.generalLicence ?? ''), '', '', '', '', '', h.quantity, '', '', h.value, '', '', '', '', '', h.declaration, h.line, h.reasons.map((r) => r.code).join(';')]);
  return toCsv(HEADER, rows);
}

/** One licence: authorised vs shipped vs remaining per good, line counts, held lines and why. */
export async function licenceReconciliation(ctx: Ctx, id: string, format: 'json' | 'csv') {
  const a = requireRole(ctx.actor, READERS);
  const l = await findLicenceById(ctx.db, id);
  if (!l || (isIndustry(a) && l.organisationId !== a.organisationId)) throw notFound('Licence');
  const rec = reconcile(l, await lineCounts(ctx.db, [l.id]));
  const held = await heldLines(ctx.db, { licenceIds: [l.id] });
  return format === 'csv' ? csvRows([rec], held) : { generatedAt: ctx.clock.now().toISOString(), licence: rec, held };
}

/** One exporter (organisation): every licence reconciled, general-licence use, held lines (first 1,000) and why. */
export async function exporterReconciliation(ctx: Ctx, organisationId: string, format: 'json' | 'csv') {
  const a = requireRole(ctx.actor, READERS);
  if (isIndustry(a) && organisationId !== a.organisationId) throw notFound('Exporter');
  if (!isIndustry(a)) requireRole(a, AUTHORITY_READERS);
  const org = await ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', organisationId).executeTakeFirst();
  if (!org) throw notFound('Exporter');
  const lics = await findLicencesByHolder(ctx.db, { organisationId, limit: 10_000 });
  const counts = await lineCounts(ctx.db, lics.map((l) => l.id));
  const licences = lics.map((l) => reconcile(l, counts));
  const glUse = await ctx.db
    .selectFrom('customs_lines')
    .select(['general_licence_id', 'destination', 'status', 'currency'])
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('value').as('value')])
    .where('organisation_id', '=', organisationId)
    .where('general_licence_id', 'is not', null)
    .groupBy(['general_licence_id', 'destination', 'status', 'currency'])
    .execute();
  const held = await heldLines(ctx.db, { organisationId });
  if (format === 'csv') return csvRows(licences, held);
  return {
    generatedAt: ctx.clock.now().toISOString(),
    exporter: { id: org.id, name: org.name },
    licences,
    generalLicenceUse: glUse.map((g) => ({ generalLicence: g.general_licence_id, destination: g.destination, status: g.status, currency: g.currency, lines: Number(g.n), value: Number(g.value ?? 0) })),
    held,
  };
}
