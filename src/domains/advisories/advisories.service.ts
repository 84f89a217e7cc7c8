/**
 * End-user advisories: before applying, an exporter asks whether a named end user in a country is of concern; an
 * officer answers (seeing screening hits and earlier advisories on that end user) with a reason code and a validity
 * period; an answer "of concern" flags every later application naming that end user while it is valid.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notify.js';
import { conflict, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { isIndustry, requireRole, type Role } from '../../platform/auth/roles.js';
import { screenParties } from '../../platform/ports.js';
import { nameMatcher } from '../screening/matching/names.js';
import type { AdvAdvisoriesTable } from './advisories.tables.js';

const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];
const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
const READERS: Role[] = [...INDUSTRY, ...OFFICERS, 'admin', 'oversight'];
export const REASON_CODES = ['no_known_concern', 'wmd_concern', 'military_end_use', 'diversion_risk', 'sanctions_or_listing', 'unverified_end_user', 'other'] as const;

const present = (a: AdvAdvisoriesTable, forOfficer: boolean) => ({
  id: a.id,
  reference: a.reference,
  endUser: { name: a.end_user_name, country: a.end_user_country, address: a.end_user_address },
  items: a.items,
  endUse: a.end_use,
  status: a.status,
  answer: a.answer,
  reasonCode: a.reason_code,
  reason: a.reason,
  validUntil: a.valid_until,
  answeredAt: a.answered_at,
  createdAt: a.created_at,
  ...(forOfficer ? { organisationId: a.organisation_id, internalNote: a.internal_note } : {}),
});

export interface AdvisoryInput {
  endUser: { name: string; country: string; address?: string | null };
  items: string;
  endUse: string;
}

export async function requestAdvisory(ctx: Ctx, input: AdvisoryInput) {
  const a = requireRole(ctx.actor, INDUSTRY);
  const id = newId();
  const row: AdvAdvisoriesTable = {
    id,
    reference: `EUA-${nowIso(ctx).slice(0, 10).replace(/-/g, '')}-${id.slice(-6).toUpperCase()}`,
    organisation_id: a.organisationId,
    requested_by: a.userId,
    end_user_name: input.endUser.name.trim(),
    end_user_country: input.endUser.country.toUpperCase(),
    end_user_address: input.endUser.address?.trim() || null,
    items: input.items.trim(),
    end_use: input.endUse.trim(),
    status: 'open',
    answer: null,
    reason_code: null,
    reason: null,
    internal_note: null,
    valid_until: null,
    answered_by: null,
    answered_at: null,
    created_at: nowIso(ctx),
  };
  return withTx(ctx.db, async (tx) => {
    await tx.insertInto('adv_advisories').values(row).execute();
    await recordAudit(tx, ctx, { action: 'advisory.requested', subjectType: 'advisory', subjectId: id, details: { reference: row.reference, country: row.end_user_country } });
    const officers = await tx.selectFrom('users').select('id').where('role', 'in', OFFICERS).execute();
    for (const o of officers) await notify(tx, ctx.clock.now(), { userId: o.id }, { kind: 'advisory_requested', title: `End-user advisory ${row.reference}`, body: `${a.organisationName} asks about ${row.end_user_name} (${row.end_user_country}).`, link: `/advisories/${id}` });
    return present(row, false);
  });
}

export async function listAdvisories(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('adv_advisories');
  if (isIndustry(a)) query = query.where('organisation_id', '=', a.organisationId);
  if (q.status) query = query.where('status', '=', q.status);
  const total = Number((await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await query.selectAll().orderBy('created_at', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total, advisories: rows.map((r) => present(r, !isIndustry(a))) };
}

async function load(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, READERS);
  const row = await ctx.db.selectFrom('adv_advisories').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || (isIndustry(a) && row.organisation_id !== a.organisationId)) throw notFound('Advisory');
  return { a, row };
}

/** One advisory; officers also see the end user's screening hits and earlier advisories on that end user. */
export async function getAdvisory(ctx: Ctx, id: string) {
  const { a, row } = await load(ctx, id);
  if (isIndustry(a)) return present(row, false);
  const screening = await screenParties(ctx, [{ name: row.end_user_name, country: row.end_user_country, role: 'end_user' }]);
  const earlier = (await answeredOn(ctx.db, row.end_user_name, row.end_user_country)).filter((x) => x.id !== row.id);
  return {
    ...present(row, true),
    screening: { screened: screening.screened, reason: screening.reason ?? null, listVersions: screening.listVersions, hits: screening.hits.map((h) => ({ list: h.list, source: h.source, score: h.score, matchedName: h.matchedName ?? null })) },
    earlier: earlier.map((x) => ({ id: x.id, reference: x.reference, answer: x.answer, reasonCode: x.reason_code, validUntil: x.valid_until, answeredAt: x.answered_at })),
  };
}

export async function answerAdvisory(ctx: Ctx, id: string, input: { answer: 'no_concern' | 'of_concern'; reasonCode: string; reason: string; validDays?: number; internalNote?: string | null }) {
  const a = requireRole(ctx.actor, OFFICERS);
  const { row } = await load(ctx, id);
  if (row.status !== 'open') throw conflict(`This advisory is already ${row.status}`);
  const validUntil = new Date(ctx.clock.now().getTime() + (input.validDays ?? 365) * 86_400_000).toISOString().slice(0, 10);
  return withTx(ctx.db, async (tx) => {
    const set = { status: 'answered', answer: input.answer, reason_code: input.reasonCode, reason: input.reason.trim(), internal_note: input.internalNote?.trim() || null, valid_until: validUntil, answered_by: a.userId, answered_at: nowIso(ctx) };
    const r = await tx.updateTable('adv_advisories').set(set).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw conflict('Someone answered this advisory at the same time');
    await recordAudit(tx, ctx, { action: 'advisory.answered', subjectType: 'advisory', subjectId: id, after: { answer: input.answer, reasonCode: input.reasonCode, validUntil } });
    await notify(tx, ctx.clock.now(), { organisationId: row.organisation_id }, { kind: 'advisory_answered', title: `End-user advisory ${row.reference} answered`, body: `${row.end_user_name}: ${input.answer === 'of_concern' ? 'of concern' : 'no concern known'} (valid until ${validUntil}).`, link: `/advisories/${id}` });
    return present({ ...row, ...set }, true);
  });
}

/** Answered advisories whose end user is this name (screening matcher) in this country, newest first. */
async function answeredOn(db: Executor, name: string, country: string) {
  const rows = await db.selectFrom('adv_advisories').selectAll().where('status', '=', 'answered').where('end_user_country', '=', country.toUpperCase()).orderBy('answered_at', 'desc').limit(2000).execute();
  if (!rows.length) return [];
  const hits = new Set(nameMatcher(rows.map((r) => ({ id: r.id, name: r.end_user_name })))(name).map((m) => m.id));
  return rows.filter((r) => hits.has(r.id));
}
