import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notify.js';
import { newId } from '../../platform/ids.js';
import { isoDate } from '../../platform/clock.js';
import { assertOrgVisible, AUTHORITY_READERS, INDUSTRY, isIndustry, READERS, requireRole } from './customs.policy.js';
import type { CustomsGlReturnsTable } from './customs.tables.js';

const present = (r: CustomsGlReturnsTable, today?: string) => ({
  id: r.id,
  organisationId: r.organisation_id,
  generalLicence: r.general_licence_id,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  dueOn: r.due_on,
  status: r.status,
  overdue: r.status === 'due' && today !== undefined && r.due_on < today,
  filedAt: r.filed_at,
  summary: r.summary ? JSON.parse(r.summary) : null,
  note: r.note,
});

const ym = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1;
const ymDate = (m: number) => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}-01`;
const addDays = (d: string, n: number) => isoDate(new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000));

/**
 * Scheduled (daily): opens a return for every ended period of each registration (registered, pending or suspended,
 * from the period of registration or first use), and reminds exporters of returns due within 7 days or overdue (weekly).
 */
export async function generateReturnsAndRemind(ctx: Ctx) {
  requireRole(ctx.actor, ['admin']);
  const today = isoDate(ctx.clock.now());
  const terms = new Map((await ctx.db.selectFrom('customs_general_licences').select(['id', 'return_period_months', 'return_due_days']).execute()).map((g) => [g.id, g]));
  const regs = await ctx.db.selectFrom('customs_gl_registrations').selectAll().execute();
  let opened = 0;
  let reminded = 0;
  for (const r of regs) {
    const t = terms.get(r.general_licence_id);
    if (!t) continue;
    const P = Number(t.return_period_months);
    const from = [r.registered_at?.slice(0, 10), r.first_use_at].filter((x): x is string => Boolean(x)).sort()[0] ?? r.created_at.slice(0, 10);
    for (let m = Math.floor(ym(from) / P) * P; m + P <= ym(today); m += P) {
      const periodStart = ymDate(m);
      const periodEnd = addDays(ymDate(m + P), -1);
      const dueOn = addDays(periodEnd, Number(t.return_due_days));
      const exists = await ctx.db.selectFrom('customs_gl_returns').select('id').where('registration_id', '=', r.id).where('period_start', '=', periodStart).executeTakeFirst();
      if (exists) continue;
      await withTx(ctx.db, async (tx) => {
        const id = newId();
        await tx.insertInto('customs_gl_returns').values({ id, registration_id: r.id, organisation_id: r.organisation_id, general_licence_id: r.general_licence_id, period_start: periodStart, period_end: periodEnd, due_on: dueOn, status: 'due', filed_at: null, filed_by: null, summary: null, note: null, reminded_at: null, created_at: ctx.clock.now().toISOString() }).execute();
        await recordAudit(tx, ctx, { action: 'customs.gl_return_opened', subjectType: 'customs_gl_return', subjectId: id, after: { generalLicence: r.general_licence_id, periodStart, periodEnd, dueOn } });
      });
      opened++;
    }
  }
  const soon = addDays(today, 7);
  const due = await ctx.db.selectFrom('customs_gl_returns').selectAll().where('status', '=', 'due').where('due_on', '<=', soon).execute();
  for (const r of due) {
    if (r.reminded_at && r.reminded_at > addDays(today, -7)) continue;
    await withTx(ctx.db, async (tx) => {
      await notify(tx, ctx.clock.now(), { organisationId: r.organisation_id }, { kind: 'customs.gl_return_due', title: `Return of use of ${r.general_licence_id} for ${r.period_start} – ${r.period_end} ${r.due_on < today ? 'is overdue' : `is due by ${r.due_on}`}`, body: 'File it at /customs/general-licences.', link: '/customs/general-licences' });
      await tx.updateTable('customs_gl_returns').set({ reminded_at: today }).where('id', '=', r.id).execute();
    });
    reminded++;
  }
  return { opened, reminded };
}

export async function listReturns(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('customs_gl_returns').selectAll().orderBy('due_on').orderBy('id').limit(q.limit ?? 100).offset(q.offset ?? 0);
  if (isIndustry(a)) query = query.where('organisation_id', '=', a.organisationId);
  if (q.status) query = query.where('status', '=', q.status);
  const today = isoDate(ctx.clock.now());
  return { returns: (await query.execute()).map((r) => present(r, today)) };
}

/** Returns past their due date and not filed, for officers. */
export async function overdueReturns(ctx: Ctx) {
  requireRole(ctx.actor, AUTHORITY_READERS);
  const today = isoDate(ctx.clock.now());
  const rows = await ctx.db
    .selectFrom('customs_gl_returns')
    .leftJoin('organisations', 'organisations.id', 'customs_gl_returns.organisation_id')
    .selectAll('customs_gl_returns')
    .select('organisations.name as organisation')
    .where('customs_gl_returns.status', '=', 'due')
    .where('customs_gl_returns.due_on', '<', today)
    .orderBy('customs_gl_returns.due_on')
    .execute();
  return { overdue: rows.map((r) => ({ ...present(r, today), organisation: r.organisation })) };
}

/** The exporter files a return: the use customs recorded under the licence in the period (what, how much, to whom, where). */
export async function fileReturn(ctx: Ctx, id: string, note?: string) {
  const a = requireRole(ctx.actor, INDUSTRY);
  return withTx(ctx.db, async (tx) => {
    const r = await tx.selectFrom('customs_gl_returns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Return');
    assertOrgVisible(a, r.organisation_id, 'Return');
    if (r.status === 'filed') throw conflict('This return was already filed');
    const lines = await tx
      .selectFrom('customs_lines')
      .innerJoin('customs_declarations', 'customs_declarations.id', 'customs_lines.declaration_id')
      .select(['customs_lines.control_code', 'customs_lines.description', 'customs_lines.quantity', 'customs_lines.unit', 'customs_lines.value', 'customs_lines.currency', 'customs_lines.destination', 'customs_declarations.consignee'])
      .where('customs_lines.organisation_id', '=', r.organisation_id)
      .where('customs_lines.general_licence_id', '=', r.general_licence_id)
      .where('customs_lines.status', '=', 'released')
      .where('customs_declarations.date', '>=', r.period_start)
      .where('customs_declarations.date', '<=', r.period_end)
      .execute();
    const groups = new Map<string, { controlCode: string | null; destination: string; consignee: string; unit: string; currency: string; lines: number; quantity: number; value: number }>();
    for (const l of lines) {
      const consignee = (JSON.parse(l.consignee) as { name: string }).name;
      const k = [l.control_code, l.destination, consignee, l.unit, l.currency].join('|');
      const g = groups.get(k) ?? { controlCode: l.control_code, destination: l.destination, consignee, unit: l.unit, currency: l.currency, lines: 0, quantity: 0, value: 0 };
      g.lines++;
      g.quantity += Number(l.quantity);
      g.value += Number(l.value);
      groups.set(k, g);
    }
    const summary = JSON.stringify([...groups.values()]);
    const now = ctx.clock.now().toISOString();
    await tx.updateTable('customs_gl_returns').set({ status: 'filed', filed_at: now, filed_by: a.userId, summary, note: note?.trim() || null }).where('id', '=', id).where('status', '=', 'due').execute();
    await recordAudit(tx, ctx, { action: 'customs.gl_return_filed', subjectType: 'customs_gl_return', subjectId: id, after: { status: 'filed', groups: groups.size, lines: lines.length } });
    return present({ ...r, status: 'filed', filed_at: now, filed_by: a.userId, summary, note: note?.trim() || null }, isoDate(ctx.clock.now()));
  });
}
