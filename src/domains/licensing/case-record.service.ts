/** What is written on a case besides decisions: the timeline of every event, internal notes, and correspondence with the exporter. */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import { storeUpload } from '../../platform/files.js';
import { isIndustry, requireActor, requireRole, type Actor } from '../../platform/auth/roles.js';
import { APPLICATION_READERS, OFFICERS, QUEUE_ROLES, assertCanSee } from './licensing.policy.js';
import { loadApplication, parseJson } from './licensing.repository.js';
import type { DocumentUpload } from './applications.service.js';

async function visibleCase(db: Executor, a: Actor, id: string) {
  const app = await loadApplication(db, id);
  await assertCanSee(db, a, app, isIndustry(a) ? 'Application' : 'Case');
  return app;
}

/** Every audited event on the case, oldest first (actions, who, when, what changed). */
export async function caseTimeline(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, QUEUE_ROLES);
  await visibleCase(ctx.db, a, id);
  const rows = await ctx.db
    .selectFrom('audit_events')
    .select(['seq', 'occurred_at', 'actor_email', 'action', 'summary'])
    .where('subject_type', '=', 'application')
    .where('subject_id', '=', id)
    .orderBy('seq')
    .limit(1000)
    .execute();
  return { events: rows.map((r) => ({ seq: Number(r.seq), at: r.occurred_at, actor: r.actor_email, action: r.action, summary: parseJson<unknown>(r.summary, null) })) };
}

// ---------------------------------------------------------------- notes (internal, never shown to the exporter)

export async function listNotes(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, QUEUE_ROLES);
  await visibleCase(ctx.db, a, id);
  const rows = await ctx.db.selectFrom('lic_case_notes').innerJoin('users', 'users.id', 'lic_case_notes.author_id').select(['lic_case_notes.id', 'lic_case_notes.text', 'lic_case_notes.created_at', 'users.email', 'users.name']).where('application_id', '=', id).orderBy('lic_case_notes.created_at').execute();
  return { notes: rows.map((n) => ({ id: n.id, text: n.text, author: n.name || n.email, createdAt: n.created_at })) };
}

export async function addNote(ctx: Ctx, id: string, text: string) {
  const a = requireRole(ctx.actor, [...OFFICERS, 'adviser']);
  return withTx(ctx.db, async (tx) => {
    await visibleCase(tx, a, id);
    const row = { id: newId(), application_id: id, author_id: a.userId, text, created_at: nowIso(ctx) };
    await tx.insertInto('lic_case_notes').values(row).execute();
    await recordAudit(tx, ctx, { action: 'case.note_added', subjectType: 'application', subjectId: id, details: { noteId: row.id, text } });
    return { id: row.id, text, author: a.email, createdAt: row.created_at };
  });
}

// ---------------------------------------------------------------- correspondence (officer ↔ exporter)

const MESSAGE_READERS = APPLICATION_READERS;

export async function listMessages(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, MESSAGE_READERS);
  await visibleCase(ctx.db, a, id);
  const rows = await ctx.db.selectFrom('lic_messages').innerJoin('users', 'users.id', 'lic_messages.author_id').select(['lic_messages.id', 'lic_messages.side', 'lic_messages.text', 'lic_messages.document_ids', 'lic_messages.created_at', 'users.email', 'users.name']).where('application_id', '=', id).orderBy('lic_messages.created_at').execute();
  const docs = await ctx.db.selectFrom('lic_documents').select(['id', 'filename', 'content_type', 'size']).where('application_id', '=', id).execute();
  const byId = new Map(docs.map((d) => [d.id, d]));
  return {
    messages: rows.map((m) => ({
      id: m.id,
      side: m.side,
      // The exporter sees "Licensing authority", not the caseworker's name.
      author: m.side === 'authority' && isIndustry(a) ? 'Licensing authority' : m.name || m.email,
      text: m.text,
      attachments: parseJson<string[]>(m.document_ids, []).map((d) => byId.get(d)).filter((d) => d !== undefined).map((d) => ({ id: d.id, filename: d.filename, contentType: d.content_type, size: d.size, url: `/api/applications/${id}/documents/${d.id}` })),
      createdAt: m.created_at,
    })),
  };
}

/** Sends a message on the case; officers write to the exporter, the exporter to the authority. Attachments are documents already on the application. */
export async function sendMessage(ctx: Ctx, id: string, input: { text: string; documentIds?: string[] }) {
  const a = requireRole(ctx.actor, [...OFFICERS, 'exporter', 'exporter_admin']);
  return withTx(ctx.db, async (tx) => {
    const app = await visibleCase(tx, a, id);
    if (app.status === 'draft') throw conflict('Messages start once the application is submitted');
    const docIds = [...new Set(input.documentIds ?? [])];
    if (docIds.length) {
      const found = await tx.selectFrom('lic_documents').select('id').where('application_id', '=', id).where('id', 'in', docIds).execute();
      if (found.length !== docIds.length) throw invalid({ documentIds: 'every attachment must be a document uploaded to this case first' });
    }
    const side = isIndustry(a) ? 'exporter' : 'authority';
    const row = { id: newId(), application_id: id, author_id: a.userId, side, text: input.text, document_ids: JSON.stringify(docIds), created_at: nowIso(ctx) };
    await tx.insertInto('lic_messages').values(row).execute();
    await recordAudit(tx, ctx, { action: 'case.message_sent', subjectType: 'application', subjectId: id, details: { messageId: row.id, side, attachments: docIds } });
    if (side === 'authority') {
      await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, { kind: 'application.message', title: `${app.reference}: a message from the licensing authority`, body: input.text.slice(0, 300), link: `/applications/${id}` });
    } else {
      // The allocated officer, or else the last officer who wrote on the case.
      const last = await tx.selectFrom('lic_messages').select('author_id').where('application_id', '=', id).where('side', '=', 'authority').orderBy('created_at', 'desc').executeTakeFirst();
      const to = app.assigned_to ?? last?.author_id ?? null;
      if (to) await notify(tx, ctx.clock.now(), { userId: to }, { kind: 'case.message', title: `${app.reference}: a message from the exporter`, body: input.text.slice(0, 300), link: `/cases/${id}` });
    }
    return { id: row.id, side, createdAt: row.created_at, attachments: docIds };
  });
}

/** An officer attaches a document to the case (e.g. to a message); the exporter can read it with the application's documents. */
export async function addCaseDocument(ctx: Ctx, id: string, read: () => Promise<DocumentUpload>) {
  const a = requireRole(ctx.actor, OFFICERS);
  const app = await loadApplication(ctx.db, id);
  await assertCanSee(ctx.db, requireActor(ctx.actor), app, 'Case');
  const input = await read();
  return withTx(ctx.db, async (tx) => {
    const file = await storeUpload(tx, ctx, { filename: input.filename, contentType: input.contentType, data: input.data, organisationId: app.organisation_id });
    const row = { id: newId(), application_id: id, file_id: file.id, kind: 'correspondence', filename: file.filename, content_type: file.content_type, size: file.size, created_by: a.userId, created_at: nowIso(ctx), party_id: null };
    await tx.insertInto('lic_documents').values(row).execute();
    await recordAudit(tx, ctx, { action: 'case.document_added', subjectType: 'application', subjectId: id, details: { documentId: row.id, filename: row.filename, size: row.size, sha256: file.sha256 } });
    return { id: row.id, kind: row.kind, filename: row.filename, contentType: row.content_type, size: row.size, createdAt: row.created_at };
  });
}

