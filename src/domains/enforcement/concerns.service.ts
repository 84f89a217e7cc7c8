import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { readStoredFile } from '../../platform/files.js';
import { READERS, WORKERS, requireRole } from './enforcement.policy.js';
import { addMessage, attachFile, concernThread } from './hotline.service.js';

/** Investigators' view of hotline reports. */
export async function listConcerns(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('enforcement_concerns');
  if (q.status) query = query.where('status', '=', q.status);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query
    .select(['id', 'receipt', 'category', 'subject', 'country', 'status', 'investigation_id', 'created_at', 'updated_at'])
    .orderBy('updated_at', 'desc')
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0)
    .execute();
  return { total, concerns: rows.map((r) => ({ id: r.id, receipt: r.receipt, category: r.category, subject: r.subject, country: r.country, status: r.status, investigationId: r.investigation_id, createdAt: r.created_at, updatedAt: r.updated_at })) };
}

async function load(ctx: Ctx, id: string) {
  const c = await ctx.db.selectFrom('enforcement_concerns').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Report');
  return c;
}

export async function getConcern(ctx: Ctx, id: string) {
  requireRole(ctx.actor, READERS);
  const c = await load(ctx, id);
  return {
    id: c.id,
    receipt: c.receipt,
    category: c.category,
    subject: c.subject,
    country: c.country,
    description: c.description,
    contact: c.contact_channel ? { channel: c.contact_channel, value: c.contact_value } : null,
    status: c.status,
    investigationId: c.investigation_id,
    createdAt: c.created_at,
    ...(await concernThread(ctx.db, c.id, false)),
  };
}

/** An investigator's question or message to the reporter, read when they come back with the receipt. */
export async function askReporter(ctx: Ctx, id: string, body: string) {
  requireRole(ctx.actor, WORKERS);
  const c = await load(ctx, id);
  if (c.status === 'closed') throw new AppError('conflict', 'The report is closed');
  await withTx(ctx.db, async (tx) => {
    await addMessage(tx, ctx, c.id, 'investigator', body);
    if (c.status === 'new') await tx.updateTable('enforcement_concerns').set({ status: 'in_review' }).where('id', '=', c.id).execute();
  });
  return getConcern(ctx, id);
}

export async function setConcernStatus(ctx: Ctx, id: string, status: 'in_review' | 'closed', reason: string) {
  requireRole(ctx.actor, WORKERS);
  const c = await load(ctx, id);
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('enforcement_concerns').set({ status, updated_at: ctx.clock.now().toISOString() }).where('id', '=', c.id).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.concern_status', subjectType: 'enforcement_concern', subjectId: c.id, before: { status: c.status }, after: { status }, details: { reason } });
  });
  return getConcern(ctx, id);
}

/** `read` receives the upload only after the caller's role and the report are checked. */
export async function addInvestigatorFile(ctx: Ctx, id: string, read: () => Promise<{ contentType: string; data: Buffer }>) {
  requireRole(ctx.actor, WORKERS);
  const c = await load(ctx, id);
  const file = await read();
  await withTx(ctx.db, (tx) => attachFile(tx, ctx, c.id, 'investigator', file));
  return getConcern(ctx, id);
}

export async function readConcernFile(ctx: Ctx, id: string, fileId: string) {
  requireRole(ctx.actor, READERS);
  const f = await ctx.db
    .selectFrom('enforcement_concern_files')
    .innerJoin('files', 'files.id', 'enforcement_concern_files.file_id')
    .select(['files.storage_path', 'files.filename', 'files.content_type'])
    .where('enforcement_concern_files.concern_id', '=', id)
    .where('enforcement_concern_files.id', '=', fileId)
    .executeTakeFirst();
  if (!f) throw notFound('File');
  return { filename: f.filename, contentType: f.content_type, data: readStoredFile(f.storage_path) };
}
