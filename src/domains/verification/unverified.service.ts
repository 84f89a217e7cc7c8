import type { Ctx } from '../../platform/context.js';
import { lockKey, withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { findParty, openCasesNamingParty, raiseFlagRow } from '../licensing/verification.port.js';
import { AUTHORITY_LIST_NAME, publishAuthorityList } from '../screening/authority-list.js';
import { requireOfficer, requireReader } from './verification.policy.js';
import { todayOf } from './verification.repository.js';
import type { VerUnverifiedTable } from './verification.tables.js';

export const UNVERIFIED_FLAG = 'unverified_list';

const present = (r: VerUnverifiedTable) => ({
  id: r.id,
  party: { name: r.party_name, country: r.party_country, address: r.party_address },
  status: r.status,
  checkId: r.check_id,
  reason: r.reason,
  reviewOn: r.review_on,
  proposedAt: r.proposed_at,
  confirmedBy: r.confirmed_by,
  confirmedAt: r.confirmed_at,
  removedBy: r.removed_by,
  removedAt: r.removed_at,
  removalReason: r.removal_reason,
  removalCheckId: r.removal_check_id,
});

async function load(db: Executor, id: string) {
  const r = await db.selectFrom('ver_unverified').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Listing');
  return r;
}

/** Writes the listed parties to screening as the "Unverified List" source (a new version when it changed). */
async function publish(tx: Executor, ctx: Ctx) {
  const rows = await tx.selectFrom('ver_unverified').selectAll().where('status', '=', 'listed').orderBy('id').execute();
  return publishAuthorityList(
    tx,
    ctx,
    rows.map((r) => ({ id: r.id, name: r.party_name, country: r.party_country, address: r.party_address, reason: r.reason ?? '', listedOn: (r.confirmed_at ?? r.proposed_at).slice(0, 10) })),
  );
}

export async function listUnverified(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  requireReader(ctx.actor);
  let query = ctx.db.selectFrom('ver_unverified');
  if (q.status) query = query.where('status', '=', q.status);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query.selectAll().orderBy('proposed_at', 'desc').orderBy('id').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total, listings: rows.map(present) };
}

/**
 * An officer confirms a proposed listing with a reason and a review date: the party goes on the Unverified List
 * (a screening source) and every open case naming it gets a blocking flag.
 */
export async function confirmListing(ctx: Ctx, id: string, input: { reason: string; reviewOn: string }) {
  const a = requireOfficer(ctx.actor);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 5) throw invalid({ reason: 'give the reason for listing (at least 5 characters)' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.reviewOn ?? '') || input.reviewOn <= todayOf(ctx.clock.now())) throw invalid({ reviewOn: 'give a review date (YYYY-MM-DD) after today' });
  return withTx(ctx.db, async (tx) => {
    await lockKey(tx, 'verification.unverified');
    const r = await load(tx, id);
    if (r.status !== 'proposed') throw conflict(`The listing is ${r.status}; only a proposed listing is confirmed`);
    const check = await tx.selectFrom('ver_checks').select('party_id').where('id', '=', r.check_id).executeTakeFirst();
    const party = check ? await findParty(tx, check.party_id) : null;
    const now = ctx.clock.now().toISOString();
    const set = { status: 'listed', reason, review_on: input.reviewOn, confirmed_by: a.userId, confirmed_at: now, party_address: party?.address ?? null };
    await tx.updateTable('ver_unverified').set(set).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'verification.party_listed', subjectType: 'verification_listing', subjectId: id, before: { status: r.status }, after: { status: 'listed', reason, reviewOn: input.reviewOn, party: r.party_name, country: r.party_country } });
    const version = await publish(tx, ctx);
    const cases = await openCasesNamingParty(tx, r.party_name, r.party_country);
    for (const c of cases)
      await raiseFlagRow(tx, ctx, c.applicationId, UNVERIFIED_FLAG, 'auto', { party: r.party_name, country: r.party_country, listingId: id, list: AUTHORITY_LIST_NAME }, `Party on the ${AUTHORITY_LIST_NAME}: ${r.party_name}`, true);
    return { listing: present({ ...r, ...set }), listVersionId: version.versionId, flaggedCases: cases };
  });
}

export async function rejectListing(ctx: Ctx, id: string, input: { reason: string }) {
  requireOfficer(ctx.actor);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 5) throw invalid({ reason: 'give the reason for not listing (at least 5 characters)' });
  return withTx(ctx.db, async (tx) => {
    const r = await load(tx, id);
    if (r.status !== 'proposed') throw conflict(`The listing is ${r.status}; only a proposed listing is rejected`);
    await tx.updateTable('ver_unverified').set({ status: 'rejected', reason }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'verification.listing_rejected', subjectType: 'verification_listing', subjectId: id, before: { status: r.status }, after: { status: 'rejected', reason } });
    return { listing: present({ ...r, status: 'rejected', reason }) };
  });
}

/** Removal needs a favourable (verified) check on the same party reported after the listing. */
export async function removeListing(ctx: Ctx, id: string, input: { reason: string; checkId: string }) {
  const a = requireOfficer(ctx.actor);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 5) throw invalid({ reason: 'give the reason for removal (at least 5 characters)' });
  return withTx(ctx.db, async (tx) => {
    await lockKey(tx, 'verification.unverified');
    const r = await load(tx, id);
    if (r.status !== 'listed') throw conflict(`The listing is ${r.status}; only a listed party is removed`);
    const c = await tx.selectFrom('ver_checks').selectAll().where('id', '=', input.checkId ?? '').executeTakeFirst();
    if (!c || c.party_key !== r.party_key) throw invalid({ checkId: 'give a check on this party' });
    if (c.outcome !== 'verified' || !c.reported_at || c.reported_at < (r.confirmed_at ?? r.proposed_at)) throw invalid({ checkId: 'the check must be verified (favourable) and reported after the listing' });
    const now = ctx.clock.now().toISOString();
    const set = { status: 'removed', removed_by: a.userId, removed_at: now, removal_reason: reason, removal_check_id: c.id };
    await tx.updateTable('ver_unverified').set(set).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'verification.party_removed', subjectType: 'verification_listing', subjectId: id, before: { status: 'listed' }, after: { status: 'removed', reason, checkId: c.id } });
    const version = await publish(tx, ctx);
    return { listing: present({ ...r, ...set }), listVersionId: version.versionId };
  });
}
