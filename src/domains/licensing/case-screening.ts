/**
 * The screening panel of a case: per application party, the restricted-party hits (list, listed entity, score,
 * explanation, profile, decision), and deciding them together with the case's screening flag. Reads the screening
 * domain's stored results for the parties licensing screened on submission; decisions go through the screening service.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { invalid, unprocessable } from '../../platform/errors.js';
import { requireRole } from '../../platform/auth/roles.js';
import { decideHit } from '../screening/screening.service.js';
import { OFFICERS, QUEUE_ROLES, assertCanSee } from './licensing.policy.js';
import { loadApplication, parseJson } from './licensing.repository.js';
import { touchCase } from './workflow.js';
import { raiseFlagRow } from './applications.service.js';

const UNDECIDED = ['open', 'escalated'];

async function hitsOnCase(db: Executor, applicationId: string) {
  const parties = await db.selectFrom('lic_parties').select(['id', 'role', 'name', 'country']).where('application_id', '=', applicationId).orderBy('role').orderBy('name').execute();
  const ids = parties.map((p) => p.id);
  const screened = ids.length
    ? await db.selectFrom('screening_parties').select(['id', 'subject_id', 'status', 'last_screened_at']).where('subject_type', '=', 'application_party').where('subject_id', 'in', ids).where('deleted_at', 'is', null).execute()
    : [];
  const sids = screened.map((s) => s.id);
  const hits = sids.length ? await db.selectFrom('screening_hits').selectAll().where('party_id', 'in', sids).orderBy('score', 'desc').execute() : [];
  return { parties, screened, hits };
}

export async function casePanel(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, QUEUE_ROLES);
  const app = await loadApplication(ctx.db, id);
  await assertCanSee(ctx.db, a, app, 'Case');
  const { parties, screened, hits } = await hitsOnCase(ctx.db, id);
  const entityIds = [...new Set(hits.map((h) => h.entity_id))];
  const entities = entityIds.length ? await ctx.db.selectFrom('screening_entities').select(['id', 'data']).where('id', 'in', entityIds).execute() : [];
  const profile = new Map(entities.map((e) => [e.id, parseJson<Record<string, unknown> | null>(e.data, null)]));
  const flag = await ctx.db.selectFrom('lic_flags').select(['id', 'cleared_at']).where('application_id', '=', id).where('code', '=', 'screening_hit').orderBy('raised_at', 'desc').executeTakeFirst();
  const summary = parseJson<{ partyId: string; screened?: boolean; listVersions?: unknown }[]>(app.screening, []);
  return {
    flag: flag ? { id: flag.id, active: !flag.cleared_at } : null,
    parties: parties.map((p) => {
      const s = screened.find((x) => x.subject_id === p.id);
      const stored = summary.find((x) => x.partyId === p.id);
      return {
        partyId: p.id,
        role: p.role,
        name: p.name,
        country: p.country,
        // Not screened (e.g. the list was not loaded) is said plainly, never shown as clear.
        screened: Boolean(s) && stored?.screened !== false,
        status: s?.status ?? 'not_screened',
        lastScreenedAt: s?.last_screened_at ?? null,
        listVersions: stored?.listVersions ?? null,
        hits: s
          ? hits
              .filter((h) => h.party_id === s.id)
              .map((h) => ({ id: h.id, source: h.source, list: h.list, entityName: h.entity_name, matchedName: h.matched_name, score: Number(h.score), explanation: parseJson(h.explanation, null), status: h.status, reason: h.reason, decidedAt: h.decided_at, profile: profile.get(h.entity_id) ?? null }))
          : [],
      };
    }),
  };
}

/**
 * Decides hits on the case's parties and then the screening flag, in one action: once no hit is undecided the flag is
 * cleared; a confirmed true match raises the non-blocking `confirmed_match` flag, which keeps the case high-risk in
 * sanctions review rather than letting it fall to a low-risk queue.
 */
export async function decideCaseScreening(ctx: Ctx, id: string, input: { decisions: { hitId: string; decision: 'true_match' | 'false_positive'; reason: string }[] }) {
  requireRole(ctx.actor, OFFICERS);
  const app = await loadApplication(ctx.db, id);
  await assertCanSee(ctx.db, ctx.actor!, app, 'Case');
  const { hits } = await hitsOnCase(ctx.db, id);
  const onCase = new Set(hits.map((h) => h.id));
  const f: Record<string, string> = {};
  input.decisions.forEach((d, i) => {
    if (!onCase.has(d.hitId)) f[`decisions.${i}.hitId`] = 'is not a screening hit on this case';
    if ((d.reason ?? '').trim().length < 3) f[`decisions.${i}.reason`] = 'give a reason (at least 3 characters)';
  });
  if (Object.keys(f).length) throw invalid(f);
  for (const d of input.decisions) await decideHit(ctx, d.hitId, { decision: d.decision, reason: d.reason });
  const flag = await settleScreeningFlag(ctx, id);
  return { ...(await casePanel(ctx, id)), flagOutcome: flag };
}

/** Clears the screening flag when every hit is decided; returns what happened to it. */
async function settleScreeningFlag(ctx: Ctx, id: string) {
  return withTx(ctx.db, async (tx) => {
    const { hits } = await hitsOnCase(tx, id);
    if (hits.some((h) => UNDECIDED.includes(h.status))) return 'open: some hits are still undecided';
    const flag = await tx.selectFrom('lic_flags').select('id').where('application_id', '=', id).where('code', '=', 'screening_hit').where('cleared_at', 'is', null).executeTakeFirst();
    if (!flag) return 'none';
    const confirmed = hits.filter((h) => h.status === 'true_match');
    const reason = confirmed.length ? `screening hits decided: ${confirmed.length} confirmed true match(es)` : 'screening hits decided: every hit is a false positive';
    return clearScreeningFlagIn(tx, ctx, id, flag.id, reason, confirmed.map((h) => ({ entity: h.entity_name, list: h.list ?? h.source })));
  });
}

async function clearScreeningFlagIn(tx: Executor, ctx: Ctx, id: string, flagId: string, reason: string, confirmed: { entity: string; list: string }[]) {
  await tx.updateTable('lic_flags').set({ cleared_at: nowIso(ctx), cleared_by: ctx.actor!.userId, clear_reason: reason }).where('id', '=', flagId).execute();
  await recordAudit(tx, ctx, { action: 'case.flag_cleared', subjectType: 'application', subjectId: id, details: { flagId, code: 'screening_hit', reason, confirmed } });
  if (confirmed.length) await raiseFlagRow(tx, ctx, id, 'confirmed_match', 'auto', confirmed);
  await touchCase(tx, ctx, await loadApplication(tx, id));
  return confirmed.length ? 'cleared; confirmed match kept on the case' : 'cleared';
}

/**
 * For clearFlag on a screening flag: the hits must be decided first (in the screening panel), and a confirmed match
 * is kept on the case. Returns true when it handled the flag.
 */
export async function clearScreeningFlag(tx: Executor, ctx: Ctx, id: string, flagId: string, reason: string): Promise<boolean> {
  const { hits } = await hitsOnCase(tx, id);
  const open = hits.filter((h) => UNDECIDED.includes(h.status));
  if (open.length) throw unprocessable(`Decide the ${open.length} undecided screening hit(s) in the screening panel first; the hits and the flag are decided together`, { flag: 'screening hits are undecided' });
  const confirmed = hits.filter((h) => h.status === 'true_match').map((h) => ({ entity: h.entity_name, list: h.list ?? h.source }));
  await clearScreeningFlagIn(tx, ctx, id, flagId, reason, confirmed);
  return true;
}
