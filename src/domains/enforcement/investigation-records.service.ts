import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { WORKERS, requireInvestigator } from './enforcement.policy.js';
import { partyKey, recordOverlaps } from './deconfliction.js';
import { getInvestigation, openInvestigation } from './investigations.service.js';

export const LINK_KINDS = ['concern', 'alert', 'party', 'declaration', 'case', 'licence', 'organisation'] as const;
export const CUSTODY_ACTIONS = ['transferred', 'examined', 'returned', 'destroyed'] as const;

/**
 * Links a record by reference. A hotline report is linked by its id and is marked as taken up; a party is matched
 * against other teams' and agencies' open investigations (deconfliction). Other kinds are kept as references.
 */
export async function addLink(ctx: Ctx, id: string, input: { kind: (typeof LINK_KINDS)[number]; ref: string; note?: string }) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, id);
  // Hotline reports are the authority's: a partner agency cannot take one up.
  if (input.kind === 'concern' && a.organisationKind === 'partner_agency') throw forbidden('Only the authority links hotline reports');
  const key = input.kind === 'party' ? partyKey(input.ref) : null;
  if (input.kind === 'party' && !key) throw invalid({ ref: 'is not a usable party name (only legal forms or punctuation)' });
  const overlaps = await withTx(ctx.db, async (tx) => {
    if (input.kind === 'concern') {
      const c = await tx.selectFrom('enforcement_concerns').select(['id', 'status']).where('id', '=', input.ref).executeTakeFirst();
      if (!c) throw invalid({ ref: 'is not the id of a hotline report' });
      await tx.updateTable('enforcement_concerns').set({ investigation_id: id, status: c.status === 'new' ? 'in_review' : c.status }).where('id', '=', c.id).execute();
    }
    const dup = await tx.selectFrom('enforcement_links').select('id').where('investigation_id', '=', id).where('kind', '=', input.kind).where('ref', '=', input.ref).executeTakeFirst();
    if (dup) throw new AppError('conflict', `This ${input.kind} is already linked`);
    const row = { id: newId(), investigation_id: id, kind: input.kind, ref: input.ref, party_key: key, note: input.note ?? null, created_by: a.userId, created_at: ctx.clock.now().toISOString() };
    await tx.insertInto('enforcement_links').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.link_added', subjectType: 'enforcement_investigation', subjectId: id, after: { kind: row.kind, ref: row.ref } });
    return key ? recordOverlaps(tx, ctx, id, key) : 0;
  });
  return { newOverlaps: overlaps / 2, investigation: await getInvestigation(ctx, id) };
}

export async function addTask(ctx: Ctx, id: string, input: { title: string; assignee?: string; dueOn?: string }) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, id);
  const row = { id: newId(), investigation_id: id, title: input.title, assignee: input.assignee ?? null, due_on: input.dueOn ?? null, status: 'open', created_by: a.userId, created_at: ctx.clock.now().toISOString(), done_at: null };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_tasks').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.task_added', subjectType: 'enforcement_investigation', subjectId: id, after: { task: row.id, title: row.title } });
  });
  return getInvestigation(ctx, id);
}

export async function completeTask(ctx: Ctx, id: string, taskId: string) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, id);
  const task = await ctx.db.selectFrom('enforcement_tasks').selectAll().where('id', '=', taskId).where('investigation_id', '=', id).executeTakeFirst();
  if (!task) throw notFound('Task');
  if (task.status === 'done') throw new AppError('conflict', 'The task is already done');
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('enforcement_tasks').set({ status: 'done', done_at: ctx.clock.now().toISOString() }).where('id', '=', taskId).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.task_done', subjectType: 'enforcement_investigation', subjectId: id, details: { task: taskId } });
  });
  return getInvestigation(ctx, id);
}

export async function addNote(ctx: Ctx, id: string, body: string) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, id);
  await withTx(ctx.db, async (tx) => {
    const row = { id: newId(), investigation_id: id, body, created_by: a.userId, created_at: ctx.clock.now().toISOString() };
    await tx.insertInto('enforcement_notes').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.note_added', subjectType: 'enforcement_investigation', subjectId: id, details: { note: row.id } });
  });
  return getInvestigation(ctx, id);
}

/** Records an item of evidence with its SHA-256 (computed by the officer's tool, or from a hotline file) and opens its custody log. */
export async function addEvidence(ctx: Ctx, id: string, input: { description: string; custodian: string; sha256?: string; concernFileId?: string }) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, id);
  let sha = input.sha256?.toLowerCase();
  let fileId: string | null = null;
  if (input.concernFileId && a.organisationKind === 'partner_agency') throw forbidden('Only the authority uses hotline files as evidence');
  if (input.concernFileId) {
    const f = await ctx.db.selectFrom('enforcement_concern_files').select(['file_id', 'sha256']).where('id', '=', input.concernFileId).executeTakeFirst();
    if (!f) throw invalid({ concernFileId: 'is not a hotline file' });
    if (sha && sha !== f.sha256) throw invalid({ sha256: 'differs from the stored file\'s SHA-256' });
    sha = f.sha256;
    fileId = f.file_id;
  }
  if (!sha) throw invalid({ sha256: 'is required (64 hex digits) unless the evidence is a hotline file' });
  const now = ctx.clock.now().toISOString();
  const row = { id: newId(), investigation_id: id, description: input.description, file_id: fileId, sha256: sha, custodian: input.custodian, created_by: a.userId, created_at: now };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_evidence').values(row).execute();
    await tx.insertInto('enforcement_custody').values({ id: newId(), evidence_id: row.id, seq: 1, action: 'collected', from_custodian: null, to_custodian: input.custodian, note: null, sha256_checked: sha, by_user: a.userId, at: now }).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.evidence_added', subjectType: 'enforcement_investigation', subjectId: id, after: { evidence: row.id, sha256: sha, custodian: input.custodian } });
  });
  return getInvestigation(ctx, id);
}

/** Appends a custody step. A re-checked hash that differs is recorded (never hidden) and shown as `hashMatches: false`. */
export async function addCustodyStep(ctx: Ctx, id: string, evidenceId: string, input: { action: (typeof CUSTODY_ACTIONS)[number]; toCustodian?: string; note?: string; sha256Checked?: string }) {
  const a = requireInvestigator(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, id);
  const ev = await ctx.db.selectFrom('enforcement_evidence').selectAll().where('id', '=', evidenceId).where('investigation_id', '=', id).executeTakeFirst();
  if (!ev) throw notFound('Evidence');
  if (input.action === 'transferred' && !input.toCustodian) throw invalid({ toCustodian: 'is required for a transfer' });
  await withTx(ctx.db, async (tx) => {
    const last = await tx.selectFrom('enforcement_custody').select((eb) => eb.fn.max('seq').as('seq')).where('evidence_id', '=', evidenceId).executeTakeFirst();
    const to = input.toCustodian ?? ev.custodian;
    const checked = input.sha256Checked?.toLowerCase() ?? null;
    await tx.insertInto('enforcement_custody').values({ id: newId(), evidence_id: evidenceId, seq: Number(last?.seq ?? 0) + 1, action: input.action, from_custodian: ev.custodian, to_custodian: to, note: input.note ?? null, sha256_checked: checked, by_user: a.userId, at: ctx.clock.now().toISOString() }).execute();
    await tx.updateTable('enforcement_evidence').set({ custodian: to }).where('id', '=', evidenceId).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.custody_step', subjectType: 'enforcement_investigation', subjectId: id, details: { evidence: evidenceId, action: input.action, to, hashMatches: checked === null ? null : checked === ev.sha256 } });
  });
  return getInvestigation(ctx, id);
}
