import { createHash } from 'node:crypto';
import type { Executor } from '../db/index.js';
import { lockKey } from '../db/index.js';
import type { Ctx } from '../context.js';
import { newId } from '../ids.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
  /** Anything else worth keeping (reason, list version used…). */
  details?: unknown;
}

export interface AuditRow {
  seq: number;
  id: string;
  occurred_at: string;
  actor_id: string | null;
  actor_email: string | null;
  organisation_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  summary: string;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

/** The hash of one event: covers every field and the predecessor's hash, so editing any row breaks the chain. */
export function hashEvent(e: Omit<AuditRow, 'hash'>): string {
  const canonical = JSON.stringify([
    e.seq,
    e.id,
    e.occurred_at,
    e.actor_id,
    e.actor_email,
    e.organisation_id,
    e.action,
    e.subject_type,
    e.subject_id,
    e.summary,
    e.request_id,
    e.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends an audit event inside the caller's transaction (so the event exists iff the change does).
 * A transaction-scoped lock serialises writers across processes on PostgreSQL.
 */
export async function recordAudit(tx: Executor, ctx: Pick<Ctx, 'actor' | 'requestId' | 'clock'>, input: AuditInput): Promise<AuditRow> {
  await lockKey(tx, 'clearway.audit');
  const head = await tx.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const summary: Record<string, unknown> = {};
  if (input.before !== undefined) summary.before = input.before;
  if (input.after !== undefined) summary.after = input.after;
  if (input.details !== undefined) summary.details = input.details;
  const base = {
    seq: (head?.seq ?? 0) + 1,
    id: newId(),
    occurred_at: ctx.clock.now().toISOString(),
    actor_id: ctx.actor?.userId ?? null,
    actor_email: ctx.actor?.email ?? null,
    organisation_id: ctx.actor?.organisationId ?? null,
    action: input.action,
    subject_type: input.subjectType,
    subject_id: input.subjectId ?? null,
    summary: JSON.stringify(summary),
    request_id: ctx.requestId ?? null,
    prev_hash: head?.hash ?? GENESIS_HASH,
  };
  const row: AuditRow = { ...base, hash: hashEvent(base) };
  await tx.insertInto('audit_events').values(row).execute();
  if (head) await tx.updateTable('audit_head').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute();
  else await tx.insertInto('audit_head').values({ id: 1, seq: row.seq, hash: row.hash }).execute();
  return row;
}

export type VerifyResult =
  | { ok: true; events: number }
  | { ok: false; events: number; brokenAt: { seq: number; id: string | null; reason: string } };

/** Walks the chain in order and reports the first broken link (edited, deleted or inserted rows). */
export async function verifyAuditChain(db: Executor): Promise<VerifyResult> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  const pageSize = 5000;
  for (;;) {
    const rows = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      const row = r as AuditRow;
      if (Number(row.seq) !== expectedSeq)
        return broken(count, expectedSeq, null, `event ${expectedSeq} is missing (next present is ${row.seq})`);
      if (row.prev_hash !== prevHash)
        return broken(count, row.seq, row.id, 'prev_hash does not match the previous event (an event was removed or reordered)');
      const { hash, ...rest } = row;
      if (hashEvent({ ...rest, seq: Number(rest.seq) }) !== hash)
        return broken(count, row.seq, row.id, 'event content does not match its hash (the row was edited)');
      prevHash = hash;
      expectedSeq++;
      count++;
    }
    if (rows.length < pageSize) break;
  }
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.seq) !== count || head.hash !== prevHash))
    return broken(count, Number(head.seq), null, `the trail ends at event ${count} but the head records event ${head.seq} (events were deleted from the end)`);
  if (!head && count > 0) return broken(count, count, null, 'the chain head record is missing');
  return { ok: true, events: count };
}

function broken(events: number, seq: number, id: string | null, reason: string): VerifyResult {
  return { ok: false, events, brokenAt: { seq, id, reason } };
}
