import { randomInt } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, invalid, notFound } from '../../platform/errors.js';
import { hashPassword, verifyPassword, dummyHash } from '../../platform/auth/password.js';
import { storeUpload } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { stripMetadata } from './strip-metadata.js';

/**
 * The public side of the hotline. Every function takes an anonymous context (`anonymous(ctx)`): no user, no
 * request id, so neither the rows nor the audit trail can be joined to a session, a log line or an address.
 */
export const anonymous = (ctx: Ctx): Ctx => ({ ...ctx, actor: null, requestId: null });

export const CATEGORIES = ['unlicensed_export', 'diversion', 'false_declaration', 'sanctions', 'brokering', 'technology_transfer', 'other'] as const;
export const CONTACT_CHANNELS = ['email', 'phone', 'post', 'other'] as const;
const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

// Crockford base32 without I, L, O, U: easy to read aloud and to type.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = (groups: number) => Array.from({ length: groups }, () => Array.from({ length: 4 }, () => ALPHABET[randomInt(32)]).join('')).join('-');

export interface NewConcern {
  category: (typeof CATEGORIES)[number];
  subject?: string;
  country?: string;
  description: string;
  contact?: { channel: (typeof CONTACT_CHANNELS)[number]; value: string };
}

/** Files a concern. The passphrase is shown once, here, and kept only as an argon2id hash. */
export async function submitConcern(ctx: Ctx, input: NewConcern) {
  const receipt = `CW-${code(3)}`; // 60 bits
  const passphrase = code(5); // 100 bits
  const now = ctx.clock.now().toISOString();
  const row = {
    id: newId(),
    receipt,
    passphrase_hash: await hashPassword(passphrase),
    category: input.category,
    subject: input.subject ?? null,
    country: input.country ?? null,
    description: input.description,
    contact_channel: input.contact?.channel ?? null,
    contact_value: input.contact?.value ?? null,
    status: 'new',
    failed_attempts: 0,
    locked_until: null,
    investigation_id: null,
    created_at: now,
    updated_at: now,
  };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_concerns').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.concern_received', subjectType: 'enforcement_concern', subjectId: row.id, details: { category: row.category, contactGiven: !!input.contact } });
  });
  return { receipt, passphrase };
}

/**
 * Finds the concern for a receipt and checks its passphrase. Unknown receipts cost the same hashing work and
 * get the same answer as wrong passphrases; five wrong ones in a row lock the receipt for 15 minutes.
 */
export async function openConcern(ctx: Ctx, receipt: string, passphrase: string | undefined) {
  if (!passphrase) throw invalid({ passphrase: 'is required: send it in the X-Concern-Passphrase header' }, 'The passphrase is missing');
  const c = await ctx.db.selectFrom('enforcement_concerns').selectAll().where('receipt', '=', receipt.trim().toUpperCase()).executeTakeFirst();
  const now = ctx.clock.now();
  if (c?.locked_until && new Date(c.locked_until) > now)
    throw new AppError('locked', `Too many wrong passphrases for this receipt; try again after ${c.locked_until.slice(11, 16)} UTC`);
  const ok = await verifyPassword(c?.passphrase_hash ?? (await dummyHash()), passphrase.trim().toUpperCase());
  if (!c || !ok) {
    if (c) {
      const failures = c.failed_attempts + 1;
      const locked = failures >= MAX_FAILURES ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
      await ctx.db.updateTable('enforcement_concerns').set({ failed_attempts: locked ? 0 : failures, locked_until: locked }).where('id', '=', c.id).execute();
    }
    throw notFound('No report matches this receipt and passphrase; a report');
  }
  if (c.failed_attempts) await ctx.db.updateTable('enforcement_concerns').set({ failed_attempts: 0, locked_until: null }).where('id', '=', c.id).execute();
  return c;
}

/** What the reporter sees: their report, the conversation in order, and the names of the files (no investigator names). */
export async function concernThread(db: Executor, concernId: string, forReporter: boolean) {
  const messages = await db.selectFrom('enforcement_concern_messages').selectAll().where('concern_id', '=', concernId).orderBy('seq').execute();
  const files = await db.selectFrom('enforcement_concern_files').selectAll().where('concern_id', '=', concernId).orderBy('created_at').execute();
  return {
    messages: messages.map((m) => ({ id: m.id, author: m.author, body: m.body, createdAt: m.created_at, ...(forReporter ? {} : { authorUserId: m.author_user_id }) })),
    files: files.map((f) => ({ id: f.id, addedBy: f.added_by, contentType: f.content_type, size: f.size, sha256: f.sha256, removed: JSON.parse(f.removed) as string[], createdAt: f.created_at })),
  };
}

export async function readAsReporter(ctx: Ctx, receipt: string, passphrase: string | undefined) {
  const c = await openConcern(ctx, receipt, passphrase);
  return { receipt: c.receipt, status: c.status, category: c.category, createdAt: c.created_at, ...(await concernThread(ctx.db, c.id, true)) };
}

export async function addMessage(tx: Executor, ctx: Ctx, concernId: string, author: 'reporter' | 'investigator', body: string) {
  const last = await tx.selectFrom('enforcement_concern_messages').select((eb) => eb.fn.max('seq').as('seq')).where('concern_id', '=', concernId).executeTakeFirst();
  const row = { id: newId(), concern_id: concernId, seq: Number(last?.seq ?? 0) + 1, author, author_user_id: author === 'investigator' ? (ctx.actor?.userId ?? null) : null, body, created_at: ctx.clock.now().toISOString() };
  await tx.insertInto('enforcement_concern_messages').values(row).execute();
  await tx.updateTable('enforcement_concerns').set({ updated_at: row.created_at }).where('id', '=', concernId).execute();
  await recordAudit(tx, ctx, { action: `enforcement.concern_message_${author}`, subjectType: 'enforcement_concern', subjectId: concernId, details: { seq: row.seq } });
  return row;
}

export async function replyAsReporter(ctx: Ctx, receipt: string, passphrase: string | undefined, body: string) {
  const c = await openConcern(ctx, receipt, passphrase);
  if (c.status === 'closed') throw new AppError('conflict', 'This report is closed; file a new report if you have more to tell us');
  await withTx(ctx.db, (tx) => addMessage(tx, ctx, c.id, 'reporter', body));
  return readAsReporter(ctx, receipt, passphrase);
}

/** Stores a file for a concern after removing its metadata; the client's file name is never kept. */
export async function attachFile(tx: Executor, ctx: Ctx, concernId: string, addedBy: 'reporter' | 'investigator', file: { contentType: string; data: Buffer }) {
  const clean = stripMetadata(file.contentType, file.data);
  const ext = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf', 'text/csv': 'csv' }[file.contentType] ?? 'txt';
  const count = await tx.selectFrom('enforcement_concern_files').select((eb) => eb.fn.countAll().as('n')).where('concern_id', '=', concernId).executeTakeFirst();
  const stored = await storeUpload(tx, ctx, { filename: `attachment-${Number(count?.n ?? 0) + 1}.${ext}`, contentType: file.contentType, data: clean.data, organisationId: null });
  const row = { id: newId(), concern_id: concernId, file_id: stored.id, added_by: addedBy, content_type: stored.content_type, size: stored.size, sha256: stored.sha256, removed: JSON.stringify(clean.removed), created_at: stored.created_at };
  await tx.insertInto('enforcement_concern_files').values(row).execute();
  await recordAudit(tx, ctx, { action: 'enforcement.concern_file_added', subjectType: 'enforcement_concern', subjectId: concernId, details: { by: addedBy, sha256: row.sha256, removed: clean.removed } });
  return row;
}

export async function attachAsReporter(ctx: Ctx, receipt: string, passphrase: string | undefined, read: () => Promise<{ contentType: string; data: Buffer }>) {
  const c = await openConcern(ctx, receipt, passphrase);
  if (c.status === 'closed') throw new AppError('conflict', 'This report is closed; file a new report if you have more to tell us');
  const file = await read();
  const row = await withTx(ctx.db, (tx) => attachFile(tx, ctx, c.id, 'reporter', file));
  return { id: row.id, contentType: row.content_type, size: row.size, sha256: row.sha256, removed: JSON.parse(row.removed) as string[] };
}
