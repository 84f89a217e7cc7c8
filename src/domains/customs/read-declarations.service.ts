import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { assertOrgVisible, isIndustry, READERS, requireRole } from './customs.policy.js';
import { presentDeclaration, presentLine } from './present.js';

/** Declarations, newest first: an exporter sees its own organisation's only. */
export async function listDeclarations(ctx: Ctx, q: { status?: string; lineStatus?: string; reference?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('customs_declarations').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit ?? 50).offset(q.offset ?? 0);
  if (isIndustry(a)) query = query.where('organisation_id', '=', a.organisationId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.reference) query = query.where('reference', '=', q.reference);
  if (q.lineStatus === 'held') query = query.where('held_lines', '>', 0);
  else if (q.lineStatus === 'rejected') query = query.where('rejected_lines', '>', 0);
  else if (q.lineStatus === 'released') query = query.where('released_lines', '>', 0);
  const rows = await query.execute();
  return { declarations: rows.map(presentDeclaration) };
}

/** One declaration with its lines and their reasons. */
export async function getDeclaration(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, READERS);
  const d = await ctx.db.selectFrom('customs_declarations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!d) throw notFound('Declaration');
  assertOrgVisible(a, d.organisation_id, 'Declaration');
  const lines = await ctx.db.selectFrom('customs_lines').selectAll().where('declaration_id', '=', id).orderBy('line_no').execute();
  return { ...presentDeclaration(d), items: lines.map((l) => presentLine(l)) };
}
