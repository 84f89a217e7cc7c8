import { randomInt } from 'node:crypto';
import type { Actor } from '../../platform/auth/roles.js';
import type { Ctx } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { READERS, WORKERS, requireInvestigator } from './enforcement.policy.js';
import { overlapsFor } from './deconfliction.js';

export const OUTCOMES = ['no_violation', 'warning', 'penalty', 'referred_for_prosecution', 'administrative_closure'] as const;
type InvestigationRow = { id: string; organisation_id: string; team: string | null; status: string };

/** Officers see their own organisation's and team's investigations; oversight and admin their organisation's. Else 404. */
export function canSee(a: Actor, inv: { organisation_id: string; team: string | null }) {
  if (a.organisationId !== inv.organisation_id) return false;
  return a.role !== 'enforcement_officer' || (a.team ?? '') === (inv.team ?? '');
}

/** Loads an investigation the caller may see (404 otherwise, also for other teams and agencies). */
export async function visibleInvestigation(db: Executor, a: Actor, id: string) {
  const inv = await db.selectFrom('enforcement_investigations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inv || !canSee(a, inv)) throw notFound('Investigation');
  return inv;
}

/** For changes: visible, and not closed. */
export async function openInvestigation(db: Executor, a: Actor, id: string): Promise<InvestigationRow> {
  const inv = await visibleInvestigation(db, a, id);
  if (inv.status === 'closed') throw new AppError('conflict', 'The investigation is closed; reopen it by opening a new one');
  return inv;
}

export async function createInvestigation(ctx: Ctx, input: { title: string; summary: string; contact?: string }) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  const now = ctx.clock.now().toISOString();
  const row = {
    id: newId(),
    reference: `INV-${now.slice(0, 4)}-${String(randomInt(1_000_000)).padStart(6, '0')}`,
    title: input.title,
    summary: input.summary,
    organisation_id: a.organisationId,
    team: a.team,
    contact: input.contact ?? a.email,
    status: 'opened',
    outcome: null,
    outcome_reason: null,
    opened_by: a.userId,
    opened_at: now,
    closed_at: null,
  };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_investigations').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.investigation_opened', subjectType: 'enforcement_investigation', subjectId: row.id, after: { reference: row.reference, title: row.title } });
  });
  return getInvestigation(ctx, row.id);
}

export async function listInvestigations(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  const a = requireInvestigator(ctx.actor, READERS);
  let query = ctx.db.selectFrom('enforcement_investigations').where('organisation_id', '=', a.organisationId);
  if (a.role === 'enforcement_officer') query = a.team === null ? query.where('team', 'is', null) : query.where('team', '=', a.team);
  if (q.status) query = query.where('status', '=', q.status);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query.selectAll().orderBy('opened_at', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  const overlaps = rows.length
    ? await ctx.db.selectFrom('enforcement_overlaps').select(['investigation_id', (eb) => eb.fn.countAll().as('n')]).where('investigation_id', 'in', rows.map((r) => r.id)).groupBy('investigation_id').execute()
    : [];
  return {
    total,
    investigations: rows.map((r) => ({ id: r.id, reference: r.reference, title: r.title, status: r.status, outcome: r.outcome, team: r.team, openedAt: r.opened_at, closedAt: r.closed_at, overlaps: Number(overlaps.find((o) => o.investigation_id === r.id)?.n ?? 0) })),
  };
}

export async function getInvestigation(ctx: Ctx, id: string) {
  const a = requireInvestigator(ctx.actor, READERS);
  const inv = await visibleInvestigation(ctx.db, a, id);
  const [links, tasks, notes, evidence] = await Promise.all([
    ctx.db.selectFrom('enforcement_links').selectAll().where('investigation_id', '=', id).orderBy('created_at').execute(),
    ctx.db.selectFrom('enforcement_tasks').selectAll().where('investigation_id', '=', id).orderBy('created_at').execute(),
    ctx.db.selectFrom('enforcement_notes').selectAll().where('investigation_id', '=', id).orderBy('created_at').execute(),
    ctx.db.selectFrom('enforcement_evidence').selectAll().where('investigation_id', '=', id).orderBy('created_at').execute(),
  ]);
  const custody = evidence.length ? await ctx.db.selectFrom('enforcement_custody').selectAll().where('evidence_id', 'in', evidence.map((e) => e.id)).orderBy('seq').execute() : [];
  return {
    id: inv.id,
    reference: inv.reference,
    title: inv.title,
    summary: inv.summary,
    team: inv.team,
    contact: inv.contact,
    status: inv.status,
    outcome: inv.outcome,
    outcomeReason: inv.outcome_reason,
    openedAt: inv.opened_at,
    closedAt: inv.closed_at,
    links: links.map((l) => ({ id: l.id, kind: l.kind, ref: l.ref, note: l.note, createdAt: l.created_at })),
    tasks: tasks.map((t) => ({ id: t.id, title: t.title, assignee: t.assignee, dueOn: t.due_on, status: t.status, doneAt: t.done_at })),
    notes: notes.map((n) => ({ id: n.id, body: n.body, createdBy: n.created_by, createdAt: n.created_at })),
    evidence: evidence.map((e) => ({
      id: e.id,
      description: e.description,
      sha256: e.sha256,
      custodian: e.custodian,
      createdAt: e.created_at,
      custody: custody
        .filter((c) => c.evidence_id === e.id)
        .map((c) => ({ seq: c.seq, action: c.action, from: c.from_custodian, to: c.to_custodian, note: c.note, sha256Checked: c.sha256_checked, hashMatches: c.sha256_checked === null ? null : c.sha256_checked === e.sha256, by: c.by_user, at: c.at })),
    })),
    overlaps: await overlapsFor(ctx.db, inv.id),
  };
}

/** opened → active → closed (with an outcome and its reason). A closed investigation stays closed. */
export async function setInvestigationStatus(ctx: Ctx, id: string, input: { status: 'active' | 'closed'; outcome?: (typeof OUTCOMES)[number]; reason: string }) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  const inv = await openInvestigation(ctx.db, a, id);
  if (input.status === 'closed' && !input.outcome) throw invalid({ outcome: 'is required to close an investigation' });
  const now = ctx.clock.now().toISOString();
  await withTx(ctx.db, async (tx) => {
    await tx
      .updateTable('enforcement_investigations')
      .set(input.status === 'closed' ? { status: 'closed', outcome: input.outcome!, outcome_reason: input.reason, closed_at: now } : { status: 'active' })
      .where('id', '=', id)
      .execute();
    await recordAudit(tx, ctx, { action: 'enforcement.investigation_status', subjectType: 'enforcement_investigation', subjectId: id, before: { status: inv.status }, after: { status: input.status, outcome: input.outcome ?? null }, details: { reason: input.reason } });
  });
  return getInvestigation(ctx, id);
}
