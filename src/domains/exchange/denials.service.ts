/**
 * Sharing our denials with peers, revoking them (every peer they went to is told) and their periodic review.
 * What travels is the party, control entry, destination and reason category: no case detail, no exporter.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { deactivateOwnDenial, ownDenials, type OwnDenial } from '../licensing/exchange.port.js';
import { assertExchangeOfficer, assertExchangeReader } from './exchange.policy.js';
import { queueMessage } from './outbox.js';

const notice = (d: OwnDenial) => ({ reference: d.reference, name: d.name, country: d.country, address: d.address, controlEntry: d.controlEntry, destination: d.destination, reasonCategory: d.reasonCategory, entityType: d.entityType });

export async function shareDenials(ctx: Ctx, input: { denialIds: string[]; peerIds?: string[] }) {
  const a = assertExchangeOfficer(ctx.actor);
  if (!input.denialIds.length) throw invalid({ denialIds: 'choose at least one of your denials to share' });
  return withTx(ctx.db, async (tx) => {
    const denials = await ownDenials(tx, { ids: input.denialIds });
    const missing = input.denialIds.filter((id) => !denials.some((d) => d.id === id));
    if (missing.length) throw invalid({ denialIds: `not one of this authority's denials: ${missing.join(', ')}` });
    const inactive = denials.filter((d) => !d.active);
    if (inactive.length) throw conflict(`Revoked denials cannot be shared: ${inactive.map((d) => d.reference).join(', ')}`);
    let peers = await tx.selectFrom('exch_peers').select(['id', 'name']).where('active', '=', 1).execute();
    if (input.peerIds) {
      const unknown = input.peerIds.filter((id) => !peers.some((p) => p.id === id));
      if (unknown.length) throw invalid({ peerIds: `not an active peer: ${unknown.join(', ')}` });
      peers = peers.filter((p) => input.peerIds!.includes(p.id));
    }
    if (!peers.length) throw conflict('No active peer to share with: an administrator adds peers under Exchange → Peers');
    const sent: { denialId: string; peer: string; messageId: string }[] = [];
    for (const d of denials) {
      for (const p of peers) {
        const already = await tx.selectFrom('exch_shared_denials').select('id').where('denial_id', '=', d.id).where('peer_id', '=', p.id).executeTakeFirst();
        if (already) continue;
        const messageId = await queueMessage(tx, ctx, p.id, 'denial.notify', notice(d));
        await tx.insertInto('exch_shared_denials').values({ id: newId(), denial_id: d.id, peer_id: p.id, reference: d.reference, shared_by: a.userId, shared_at: nowIso(ctx), revoked_at: null }).execute();
        sent.push({ denialId: d.id, peer: p.name, messageId });
      }
    }
    await recordAudit(tx, ctx, { action: 'exchange.denials_shared', subjectType: 'denial', subjectId: input.denialIds.join(','), details: { sent: sent.map((s) => ({ denialId: s.denialId, peer: s.peer })) } });
    return { sent };
  });
}

/** Revokes our denial and tells every peer it was shared with. */
export async function revokeDenial(ctx: Ctx, id: string, reason: string) {
  const a = assertExchangeOfficer(ctx.actor);
  if (reason.trim().length < 3) throw invalid({ reason: 'give the reason for revoking (at least 3 characters)' });
  return withTx(ctx.db, async (tx) => {
    const [d] = await ownDenials(tx, { ids: [id] });
    if (!d) throw notFound('Denial');
    if (!d.active) throw conflict('This denial is already revoked');
    await deactivateOwnDenial(tx, ctx, id, reason);
    const shared = await tx.selectFrom('exch_shared_denials').select(['id', 'peer_id']).where('denial_id', '=', id).where('revoked_at', 'is', null).execute();
    for (const s of shared) {
      await queueMessage(tx, ctx, s.peer_id, 'denial.revoke', { reference: d.reference, reason });
      await tx.updateTable('exch_shared_denials').set({ revoked_at: nowIso(ctx) }).where('id', '=', s.id).execute();
    }
    await tx.insertInto('exch_denial_reviews').values({ id: newId(), denial_id: id, decision: 'revoke', reason, reviewed_by: a.userId, reviewed_at: nowIso(ctx) }).execute();
    return { id, revoked: true, peersNotified: shared.length };
  });
}

/** Our active denials with when each was shared, last reviewed, and whether its review is due. */
export async function listOwnDenials(ctx: Ctx) {
  assertExchangeReader(ctx.actor);
  const denials = await ownDenials(ctx.db, { activeOnly: true });
  const shared = await ctx.db.selectFrom('exch_shared_denials').innerJoin('exch_peers', 'exch_peers.id', 'exch_shared_denials.peer_id').select(['denial_id', 'exch_peers.name', 'shared_at', 'revoked_at']).execute();
  const reviews = await ctx.db.selectFrom('exch_denial_reviews').select(['denial_id', 'reviewed_at']).orderBy('reviewed_at', 'desc').execute();
  const due = reviewCutoff(ctx);
  return {
    reviewAfterYears: ctx.config.denialReviewYears,
    denials: denials.map((d) => {
      const last = reviews.find((r) => r.denial_id === d.id)?.reviewed_at ?? null;
      return { ...d, sharedWith: shared.filter((s) => s.denial_id === d.id && !s.revoked_at).map((s) => ({ peer: s.name, at: s.shared_at })), lastReviewedAt: last, reviewDue: (last ?? d.createdAt) < due };
    }),
  };
}

const reviewCutoff = (ctx: Ctx) => {
  const d = ctx.clock.now();
  d.setUTCFullYear(d.getUTCFullYear() - ctx.config.denialReviewYears);
  return d.toISOString();
};

/** A review that keeps the denial in force (revoking goes through revokeDenial). */
export async function reviewDenial(ctx: Ctx, id: string, input: { decision: 'keep' | 'revoke'; reason: string }) {
  if (input.decision === 'revoke') return revokeDenial(ctx, id, input.reason);
  const a = assertExchangeOfficer(ctx.actor);
  if (input.reason.trim().length < 3) throw invalid({ reason: 'say why the denial stays in force (at least 3 characters)' });
  return withTx(ctx.db, async (tx) => {
    const [d] = await ownDenials(tx, { ids: [id] });
    if (!d || !d.active) throw notFound('Active denial');
    await tx.insertInto('exch_denial_reviews').values({ id: newId(), denial_id: id, decision: 'keep', reason: input.reason, reviewed_by: a.userId, reviewed_at: nowIso(ctx) }).execute();
    await recordAudit(tx, ctx, { action: 'denial.reviewed', subjectType: 'denial', subjectId: id, details: { decision: 'keep', reason: input.reason } });
    return { id, revoked: false };
  });
}
