/** Stored determinations: one by id, or a page (the caller's organisation; authority readers see all). */
import type { Ctx } from '../../platform/context.js';
import { AUTHORITY_READERS, requireActor, type Role } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';
import * as repo from './determination.repository.js';
import type { DeterminationInput, DeterminationResult, Policy } from './determination.types.js';

const canReadAll = (role: Role) => AUTHORITY_READERS.includes(role);

export async function getDetermination(ctx: Ctx, id: string) {
  const actor = requireActor(ctx.actor);
  const row = await repo.findDetermination(ctx.db, id);
  if (!row || (!canReadAll(actor.role) && row.organisation_id !== actor.organisationId)) throw notFound('Determination');
  return {
    id: row.id,
    organisationId: row.organisation_id,
    userId: row.user_id,
    applicationId: row.application_id,
    createdAt: row.created_at,
    source: row.source,
    input: JSON.parse(row.input) as DeterminationInput,
    result: { id: row.id, ...(JSON.parse(row.result) as DeterminationResult) },
  };
}

export async function listDeterminations(ctx: Ctx, q: { policy?: Policy; limit?: number; offset?: number }) {
  const actor = requireActor(ctx.actor);
  const rows = await repo.listDeterminationRows(ctx.db, {
    organisationId: canReadAll(actor.role) ? undefined : actor.organisationId,
    policy: q.policy,
    limit: Math.min(q.limit ?? 50, 500),
    offset: q.offset ?? 0,
  });
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    policy: r.policy,
    policyVersion: r.policy_version,
    outcome: r.outcome,
    tier: r.tier,
    destination: r.destination,
    endUse: r.end_use,
    totalValue: Number(r.total_value),
    itemCount: Number(r.item_count),
    applicationId: r.application_id,
    source: r.source,
    createdAt: r.created_at,
  }));
}
