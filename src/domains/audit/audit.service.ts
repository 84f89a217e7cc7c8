import { requireRole } from '../../platform/auth/roles.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import type { Ctx } from '../../platform/context.js';

export interface AuditQuery {
  actor?: string; // user id or email
  subjectType?: string;
  subjectId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

const READERS = ['admin', 'oversight'] as const;

/** Searches the trail by actor, subject, action and time (admin and oversight). */
export async function searchAudit(ctx: Ctx, q: AuditQuery) {
  requireRole(ctx.actor, READERS);
  let base = ctx.db.selectFrom('audit_events');
  if (q.actor) base = base.where((eb) => eb.or([eb('actor_id', '=', q.actor!), eb('actor_email', '=', q.actor!.toLowerCase())]));
  if (q.subjectType) base = base.where('subject_type', '=', q.subjectType);
  if (q.subjectId) base = base.where('subject_id', '=', q.subjectId);
  if (q.action) base = base.where('action', 'like', `${q.action}%`);
  if (q.from) base = base.where('occurred_at', '>=', q.from);
  if (q.to) base = base.where('occurred_at', '<=', q.to);
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await base.selectAll().orderBy('seq', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return {
    total,
    events: rows.map((r) => ({
      seq: Number(r.seq),
      id: r.id,
      occurredAt: r.occurred_at,
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      organisationId: r.organisation_id,
      action: r.action,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      summary: JSON.parse(r.summary),
      requestId: r.request_id,
      hash: r.hash,
      prevHash: r.prev_hash,
    })),
  };
}

/** Verifies the hash chain (admin and oversight). */
export async function verifyAudit(ctx: Ctx) {
  requireRole(ctx.actor, READERS);
  return verifyAuditChain(ctx.db);
}
