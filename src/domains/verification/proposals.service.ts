import type { Ctx } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { findLicencesByIds, findParty, partiesOfApplication, applicationOfLicence } from '../licensing/verification.port.js';
import { shippedLicences } from '../customs/verification.port.js';
import { requireOfficer, requireReader } from './verification.policy.js';
import { insertCheck } from './checks.service.js';
import { OPEN_STATUSES, partyKey, todayOf } from './verification.repository.js';
import { DEFAULT_RANDOM_SHARE, PROPOSE_AT, scoreRisk, type Factor } from './risk.js';
import type { VerProposalsTable } from './verification.tables.js';

export const PROPOSE_JOB = 'verification.propose';
const CHECKED_ROLES = ['end_user', 'ultimate_end_user', 'consignee'];

const present = (p: VerProposalsTable) => ({
  id: p.id,
  licence: { id: p.licence_id, reference: p.licence_reference },
  party: { id: p.party_id, name: p.party_name, country: p.party_country },
  destination: p.destination,
  score: Number(p.score),
  explanation: JSON.parse(p.explanation) as Factor[],
  randomPick: Number(p.random_pick) === 1,
  status: p.status,
  decidedBy: p.decided_by,
  decidedAt: p.decided_at,
  decisionReason: p.decision_reason,
  deferUntil: p.defer_until,
  checkId: p.check_id,
  createdAt: p.created_at,
});

/** True when this licence and party already have a live proposal or check (or a recent decision against one). */
async function alreadyHandled(db: Executor, licenceId: string, partyId: string, today: string) {
  const props = await db.selectFrom('ver_proposals').select(['status', 'defer_until', 'decided_at']).where('licence_id', '=', licenceId).where('party_id', '=', partyId).execute();
  const yearAgo = new Date(Date.parse(today) - 365 * 86_400_000).toISOString();
  if (props.some((p) => p.status === 'proposed' || p.status === 'accepted' || (p.status === 'deferred' && (p.defer_until ?? '') > today) || (p.status === 'rejected' && (p.decided_at ?? '') > yearAgo))) return true;
  const open = await db.selectFrom('ver_checks').select('id').where('licence_id', '=', licenceId).where('party_id', '=', partyId).where('status', 'in', OPEN_STATUSES).executeTakeFirst();
  return !!open;
}

/**
 * The scheduler's proposals: every shipped licence's end user (and consignee) scored by risk; those at or above the
 * threshold are proposed, and a random share of the rest too (deterrence), marked as random picks.
 */
export async function proposeChecks(ctx: Ctx, opts: { randomShare?: number; random?: () => number } = {}) {
  const random = opts.random ?? Math.random;
  const share = opts.randomShare ?? DEFAULT_RANDOM_SHARE;
  const today = todayOf(ctx.clock.now());
  const shipped = await shippedLicences(ctx.db);
  const licences = new Map((await findLicencesByIds(ctx.db, shipped.map((s) => s.licenceId))).map((l) => [l.id, l]));
  let proposed = 0;
  let considered = 0;
  for (const s of shipped) {
    const lic = licences.get(s.licenceId);
    const appId = lic ? await applicationOfLicence(ctx.db, lic.id) : null;
    if (!lic || !appId) continue;
    for (const party of (await partiesOfApplication(ctx.db, appId)).filter((p) => CHECKED_ROLES.includes(p.role))) {
      if (await alreadyHandled(ctx.db, lic.id, party.id, today)) continue;
      considered++;
      const key = partyKey(party.name, party.country);
      const past = await ctx.db.selectFrom('ver_checks').select(['outcome', 'reported_at']).where('party_key', '=', key).where('status', '=', 'reported').orderBy('reported_at', 'desc').execute();
      const listed = await ctx.db.selectFrom('ver_unverified').select('id').where('party_key', '=', key).where('status', '=', 'listed').executeTakeFirst();
      const { score, factors } = scoreRisk({ ratings: lic.goods.map((g) => g.rating), destination: lic.destination, transit: [...lic.transit, ...s.transit], pastOutcomes: past.map((p) => p.outcome!), listed: !!listed, lastCheckOn: past[0]?.reported_at?.slice(0, 10) ?? null, today });
      const randomPick = score < PROPOSE_AT && random() < share;
      if (score < PROPOSE_AT && !randomPick) continue;
      if (randomPick) factors.push({ factor: 'random', points: 0, detail: `picked at random for deterrence (share ${Math.round(share * 100)}% of lower-risk shipments)` });
      await withTx(ctx.db, async (tx) => {
        const row: VerProposalsTable = { id: newId(), licence_id: lic.id, licence_reference: lic.reference, party_id: party.id, party_name: party.name, party_country: party.country.toUpperCase(), party_key: key, destination: lic.destination, score, explanation: JSON.stringify(factors), random_pick: randomPick ? 1 : 0, status: 'proposed', decided_by: null, decided_at: null, decision_reason: null, defer_until: null, check_id: null, created_at: ctx.clock.now().toISOString() };
        await tx.insertInto('ver_proposals').values(row).execute();
        await recordAudit(tx, ctx, { action: 'verification.check_proposed', subjectType: 'verification_proposal', subjectId: row.id, details: { licenceId: lic.id, partyId: party.id, score, randomPick } });
      });
      proposed++;
    }
  }
  return { shippedLicences: shipped.length, considered, proposed };
}

/** POST /api/verifications/proposals/run: an officer runs the scheduler now. */
export async function runProposalsNow(ctx: Ctx) {
  requireOfficer(ctx.actor);
  return proposeChecks(ctx);
}

export async function listProposals(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  requireReader(ctx.actor);
  let query = ctx.db.selectFrom('ver_proposals').where('status', '=', q.status ?? 'proposed');
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  query = query.orderBy('score', 'desc').orderBy('created_at').orderBy('id');
  const rows = await query.selectAll().limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total, proposals: rows.map(present) };
}

/** Accept (creates the check), defer (until a date) or reject (with a reason) a proposal. */
export async function decideProposal(ctx: Ctx, id: string, input: { decision: 'accept' | 'defer' | 'reject'; reason?: string; deferUntil?: string; dueOn?: string }) {
  const a = requireOfficer(ctx.actor);
  const reason = (input.reason ?? '').trim();
  const today = todayOf(ctx.clock.now());
  if (input.decision !== 'accept' && reason.length < 5) throw invalid({ reason: 'give a reason (at least 5 characters)' });
  if (input.decision === 'defer' && (!/^\d{4}-\d{2}-\d{2}$/.test(input.deferUntil ?? '') || input.deferUntil! <= today)) throw invalid({ deferUntil: 'give a date (YYYY-MM-DD) after today' });
  return withTx(ctx.db, async (tx) => {
    const p = await tx.selectFrom('ver_proposals').selectAll().where('id', '=', id).executeTakeFirst();
    if (!p) throw notFound('Proposal');
    if (p.status !== 'proposed') throw conflict(`The proposal was already ${p.status}`);
    const status = { accept: 'accepted', defer: 'deferred', reject: 'rejected' }[input.decision];
    let checkId: string | null = null;
    if (input.decision === 'accept') {
      const party = await findParty(tx, p.party_id);
      if (!party) throw conflict('The party is no longer on the licence');
      const factors = (JSON.parse(p.explanation) as Factor[]).filter((f) => f.points || f.factor === 'random').map((f) => f.detail);
      const check = await insertCheck(tx, ctx, { kind: 'post_shipment', party, applicationId: party.applicationId, licenceId: p.licence_id, declarationReference: null, destination: p.destination, reason: reason || `Proposed by risk score ${p.score}: ${factors.join('; ')}`, dueOn: input.dueOn, proposalId: p.id });
      checkId = check.id;
      await recordAudit(tx, ctx, { action: 'verification.check_requested', subjectType: 'verification_check', subjectId: check.id, after: { kind: 'post_shipment', proposalId: p.id, partyId: p.party_id, licenceId: p.licence_id } });
    }
    const set = { status, decided_by: a.userId, decided_at: ctx.clock.now().toISOString(), decision_reason: reason || null, defer_until: input.decision === 'defer' ? input.deferUntil! : null, check_id: checkId };
    const res = await tx.updateTable('ver_proposals').set(set).where('id', '=', id).where('status', '=', 'proposed').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('The proposal was decided meanwhile');
    await recordAudit(tx, ctx, { action: 'verification.proposal_decided', subjectType: 'verification_proposal', subjectId: id, before: { status: p.status }, after: { status, reason: reason || null, deferUntil: set.defer_until, checkId } });
    return { proposal: present({ ...p, ...set }), checkId };
  });
}
