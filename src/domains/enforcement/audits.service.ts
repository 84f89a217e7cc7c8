import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { isIndustry } from '../../platform/auth/roles.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { READERS, WORKERS, requireRole } from './enforcement.policy.js';
import { ELEMENT_IDS, ICP_ELEMENTS, type Checklist, type IcpElement } from './icp.js';
import { icpRating } from './icp.port.js';

async function load(ctx: Ctx, id: string) {
  const a = await ctx.db.selectFrom('enforcement_audits').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound('Audit');
  return a;
}

async function loadOpen(ctx: Ctx, id: string) {
  const a = await load(ctx, id);
  if (a.status === 'completed') throw new AppError('conflict', 'The audit is completed; findings are followed up on their own');
  return a;
}

/** Plans an audit of an exporter organisation; `basis` says why it was chosen (e.g. its place on the risk targeting list). */
export async function planAudit(ctx: Ctx, input: { organisationId: string; basis: string; plannedOn: string }) {
  const a = requireRole(ctx.actor, WORKERS);
  const org = await ctx.db.selectFrom('organisations').select(['id', 'kind']).where('id', '=', input.organisationId).executeTakeFirst();
  if (!org || org.kind !== 'exporter') throw invalid({ organisationId: 'is not an exporter organisation' });
  const row = { id: newId(), organisation_id: org.id, basis: input.basis, planned_on: input.plannedOn, status: 'planned', checklist: '{}', rating: null, lead: a.userId, created_at: ctx.clock.now().toISOString(), completed_at: null };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_audits').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.icp_audit_planned', subjectType: 'enforcement_audit', subjectId: row.id, after: { organisationId: org.id, plannedOn: row.planned_on, basis: row.basis } });
  });
  return getAudit(ctx, row.id);
}

/** Exporter organisations by name, to choose whom to audit. */
export async function listExporters(ctx: Ctx, q: { q?: string; limit?: number }) {
  requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('organisations').select(['id', 'name', 'country']).where('kind', '=', 'exporter');
  if (q.q) query = query.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${q.q!.toLowerCase().replace(/[%_\\]/g, '')}%`));
  return { exporters: await query.orderBy('name').limit(q.limit ?? 50).execute() };
}

export async function listAudits(ctx: Ctx, q: { organisationId?: string; limit?: number; offset?: number }) {
  requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('enforcement_audits as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id');
  if (q.organisationId) query = query.where('a.organisation_id', '=', q.organisationId);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query.select(['a.id', 'a.organisation_id', 'o.name', 'a.status', 'a.planned_on', 'a.rating', 'a.completed_at']).orderBy('a.planned_on', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total, audits: rows.map((r) => ({ id: r.id, organisationId: r.organisation_id, organisation: r.name, status: r.status, plannedOn: r.planned_on, rating: r.rating, completedAt: r.completed_at })) };
}

export async function getAudit(ctx: Ctx, id: string) {
  requireRole(ctx.actor, READERS);
  const a = await load(ctx, id);
  const org = await ctx.db.selectFrom('organisations').select('name').where('id', '=', a.organisation_id).executeTakeFirst();
  const findings = await ctx.db.selectFrom('enforcement_findings').selectAll().where('audit_id', '=', id).orderBy('created_at').execute();
  const checklist = JSON.parse(a.checklist) as Checklist;
  return {
    id: a.id,
    organisationId: a.organisation_id,
    organisation: org?.name ?? null,
    basis: a.basis,
    plannedOn: a.planned_on,
    status: a.status,
    ratingAtCompletion: a.rating,
    completedAt: a.completed_at,
    checklist: ICP_ELEMENTS.map((e) => ({ element: e.id, label: e.label, score: checklist[e.id]?.score ?? null, note: checklist[e.id]?.note ?? null })),
    findings: findings.map((f) => ({ id: f.id, element: f.element, severity: f.severity, description: f.description, action: f.action, dueOn: f.due_on, status: f.status, closedAt: f.closed_at, closureNote: f.closure_note })),
    currentRating: await icpRating(ctx.db, a.organisation_id, ctx.clock.now()),
  };
}

export async function scoreElement(ctx: Ctx, id: string, input: { element: IcpElement; score: number; note?: string }) {
  requireRole(ctx.actor, WORKERS);
  const a = await loadOpen(ctx, id);
  const checklist = JSON.parse(a.checklist) as Checklist;
  const before = checklist[input.element] ?? null;
  checklist[input.element] = { score: input.score, note: input.note ?? null };
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('enforcement_audits').set({ checklist: JSON.stringify(checklist), status: 'in_progress' }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.icp_element_scored', subjectType: 'enforcement_audit', subjectId: id, before, after: { element: input.element, score: input.score } });
  });
  return getAudit(ctx, id);
}

export async function addFinding(ctx: Ctx, id: string, input: { element: IcpElement; severity: 'minor' | 'major' | 'critical'; description: string; action: string; dueOn: string }) {
  const u = requireRole(ctx.actor, WORKERS);
  const a = await loadOpen(ctx, id);
  const row = { id: newId(), audit_id: id, organisation_id: a.organisation_id, element: input.element, severity: input.severity, description: input.description, action: input.action, due_on: input.dueOn, status: 'open', closed_at: null, closure_note: null, created_by: u.userId, created_at: ctx.clock.now().toISOString() };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_findings').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.icp_finding_added', subjectType: 'enforcement_audit', subjectId: id, after: { finding: row.id, element: row.element, severity: row.severity, dueOn: row.due_on } });
  });
  return getAudit(ctx, id);
}

/** Closes a follow-up action once the exporter has shown it done (also after the audit is completed). */
export async function closeFinding(ctx: Ctx, id: string, findingId: string, note: string) {
  requireRole(ctx.actor, WORKERS);
  await load(ctx, id);
  const f = await ctx.db.selectFrom('enforcement_findings').selectAll().where('id', '=', findingId).where('audit_id', '=', id).executeTakeFirst();
  if (!f) throw notFound('Finding');
  if (f.status === 'closed') throw new AppError('conflict', 'The finding is already closed');
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('enforcement_findings').set({ status: 'closed', closed_at: ctx.clock.now().toISOString(), closure_note: note }).where('id', '=', findingId).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.icp_finding_closed', subjectType: 'enforcement_audit', subjectId: id, details: { finding: findingId, note } });
  });
  return getAudit(ctx, id);
}

/** Completes the audit once all seven elements are scored; the rating then feeds `icpRating`. */
export async function completeAudit(ctx: Ctx, id: string) {
  requireRole(ctx.actor, WORKERS);
  const a = await loadOpen(ctx, id);
  const checklist = JSON.parse(a.checklist) as Checklist;
  const missing = ELEMENT_IDS.filter((e) => !checklist[e]);
  if (missing.length) throw invalid({ checklist: `score every element first; missing: ${missing.join(', ')}` }, 'The checklist is incomplete');
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('enforcement_audits').set({ status: 'completed', completed_at: ctx.clock.now().toISOString() }).where('id', '=', id).execute();
    const rating = (await icpRating(tx, a.organisation_id, ctx.clock.now()))!;
    await tx.updateTable('enforcement_audits').set({ rating: rating.rating }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.icp_audit_completed', subjectType: 'enforcement_audit', subjectId: id, after: { rating: rating.rating, score: rating.score } });
  });
  return getAudit(ctx, id);
}

/** An exporter's current ICP rating: authority readers for any exporter; an exporter for its own organisation only (else 404). */
export async function readIcpRating(ctx: Ctx, organisationId: string) {
  const a = requireRole(ctx.actor, [...READERS, 'exporter', 'exporter_admin']);
  if (isIndustry(a) && a.organisationId !== organisationId) throw notFound('ICP rating');
  return { organisationId, icp: await icpRating(ctx.db, organisationId, ctx.clock.now()) };
}
