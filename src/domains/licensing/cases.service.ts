import type { Ctx } from '../../platform/context.js';
import { redact, redactionPreview } from '../../platform/redaction.js';
import { nowIso } from '../../platform/context.js';
import { sql, withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, forbidden, invalid, notFound, unprocessable } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import { isoDate } from '../../platform/clock.js';
import { requireActor, requireRole, type Actor } from '../../platform/auth/roles.js';
import type { LicAdviceTable, LicApplicationsTable } from './licensing.tables.js';
import { CASE_READERS, OFFICERS, QUEUE_ROLES, assertCanSee } from './licensing.policy.js';
import { REFUSAL_CRITERIA, loadApplication, loadCaseType, loadHolidays, parseJson, splitRatings } from './licensing.repository.js';
import { OPEN_STATUSES, transition, touchCase, type Status } from './workflow.js';
import { addWorkingDays, clockView } from './clock.js';
import { getApplicationIn, raiseFlagRow } from './applications.service.js';
import { issueLicence } from './licences.service.js';
import { recordOwnRefusal } from './denials.service.js';
import { clearScreeningFlag } from './case-screening.js';

const clockOf = (app: LicApplicationsTable, today: string, holidays: Set<string>) =>
  app.submitted_at && app.sla_target_days != null
    ? clockView({ submittedOn: app.submitted_at.slice(0, 10), targetDays: app.sla_target_days, pausedWorkingDays: app.paused_working_days, pausedSince: app.clock_paused_since }, today, holidays)
    : null;

// ----------------------------------------------------------------------------------------------------------------
// Queues
// ----------------------------------------------------------------------------------------------------------------

export interface CaseListQuery {
  queue?: string;
  status?: string;
  overdue?: boolean;
  /** Free text: case reference, exporter, party name or control entry. */
  q?: string;
  reference?: string;
  exporter?: string;
  party?: string;
  rating?: string;
  destination?: string;
  /** A user id, or "me" for the caller's own cases; "none" for unallocated cases. */
  assignedTo?: string;
  limit?: number;
  offset?: number;
}

// Wildcards typed by the user are dropped rather than escaped: SQLite and PostgreSQL escape LIKE differently.
const like = (s: string) => `%${s.trim().toLowerCase().replace(/[\\%]/g, '')}%`;

/**
 * Case queues and case search, server-side, ordered by due date (most urgent first), with the total count. Advisers
 * see only the cases referred to their team.
 */
export async function listCases(ctx: Ctx, q: CaseListQuery) {
  const a = requireRole(ctx.actor, QUEUE_ROLES);
  let query = ctx.db
    .selectFrom('lic_applications')
    .innerJoin('organisations', 'organisations.id', 'lic_applications.organisation_id')
    .where('lic_applications.status', '!=', 'draft');
  if (a.role === 'adviser') {
    const team = a.team ?? '\u0000';
    query = query.where('lic_applications.id', 'in', (eb) => eb.selectFrom('lic_referrals').select('application_id').where('team', '=', team));
  }
  if (q.queue) query = query.where('lic_applications.queue', '=', q.queue);
  if (q.status) query = query.where('lic_applications.status', '=', q.status);
  else if (!q.q && !q.reference) query = query.where('lic_applications.open_case', '=', 1);
  if (q.overdue) query = query.where('lic_applications.overdue', '=', 1);
  if (q.destination) query = query.where('lic_applications.destination', '=', q.destination.toUpperCase());
  if (q.reference) query = query.where(sql`lower(lic_applications.reference)`, 'like', like(q.reference));
  if (q.exporter) query = query.where(sql`lower(organisations.name)`, 'like', like(q.exporter));
  if (q.rating) query = query.where(sql`lower(lic_applications.ratings)`, 'like', like(q.rating));
  if (q.party) {
    const p = like(q.party);
    query = query.where('lic_applications.id', 'in', (eb) => eb.selectFrom('lic_parties').select('application_id').where(sql`lower(name)`, 'like', p));
  }
  if (q.q) {
    const t = like(q.q);
    query = query.where((eb) =>
      eb.or([
        eb(sql`lower(lic_applications.reference)`, 'like', t),
        eb(sql`lower(organisations.name)`, 'like', t),
        eb(sql`lower(lic_applications.ratings)`, 'like', t),
        eb('lic_applications.id', 'in', eb.selectFrom('lic_parties').select('application_id').where(sql`lower(name)`, 'like', t)),
      ]),
    );
  }
  if (q.assignedTo === 'none') query = query.where('lic_applications.assigned_to', 'is', null);
  else if (q.assignedTo) query = query.where('lic_applications.assigned_to', '=', q.assignedTo === 'me' ? a.userId : q.assignedTo);
  const [rows, count] = await Promise.all([
    query
      .select([
        'lic_applications.id',
        'lic_applications.reference',
        'lic_applications.status',
        'lic_applications.outcome',
        'lic_applications.queue',
        'lic_applications.case_type',
        'lic_applications.destination',
        'lic_applications.risk_tier',
        'lic_applications.submitted_at',
        'lic_applications.due_date',
        'lic_applications.sla_target_days',
        'lic_applications.paused_working_days',
        'lic_applications.clock_paused_since',
        'lic_applications.overdue',
        'lic_applications.ratings',
        'lic_applications.assigned_to',
        'organisations.name as organisation_name',
      ])
      .orderBy('lic_applications.due_date')
      .orderBy('lic_applications.id')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  const holidays = await loadHolidays(ctx.db);
  const today = isoDate(ctx.clock.now());
  return {
    cases: rows.map((r) => {
      const clock =
        r.submitted_at && r.sla_target_days != null && OPEN_STATUSES.includes(r.status as Status)
          ? clockView({ submittedOn: r.submitted_at.slice(0, 10), targetDays: r.sla_target_days, pausedWorkingDays: r.paused_working_days, pausedSince: r.clock_paused_since }, today, holidays)
          : null;
      return {
        id: r.id,
        reference: r.reference,
        status: r.status,
        outcome: r.outcome,
        queue: r.queue,
        caseType: r.case_type,
        destination: r.destination,
        riskTier: r.risk_tier,
        ratings: splitRatings(r.ratings),
        organisation: r.organisation_name,
        assignedTo: r.assigned_to ?? null,
        submittedAt: r.submitted_at,
        dueDate: clock?.dueDate ?? r.due_date,
        daysRemaining: clock?.daysRemaining ?? null,
        clockPaused: clock?.paused ?? false,
        overdue: Boolean(Number(r.overdue)),
      };
    }),
    total: Number(count?.n ?? 0),
    limit: q.limit ?? 50,
    offset: q.offset ?? 0,
  };
}

/** Open cases per queue with how many are overdue or due within five working days (the dashboard). */
export async function queueSummary(ctx: Ctx) {
  requireRole(ctx.actor, CASE_READERS);
  const holidays = await loadHolidays(ctx.db);
  const soon = addWorkingDays(isoDate(ctx.clock.now()), 5, holidays);
  const rows = await ctx.db
    .selectFrom('lic_applications')
    .select((eb) => [
      'queue',
      eb.fn.countAll<number>().as('open'),
      eb.fn.sum<number>(eb.case().when('overdue', '=', 1).then(1).else(0).end()).as('overdue'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('overdue', '=', 0), eb('due_date', '<=', soon)])).then(1).else(0).end()).as('due_soon'),
    ])
    .where('open_case', '=', 1)
    .groupBy('queue')
    .orderBy('queue')
    .execute();
  return { queues: rows.map((r) => ({ queue: r.queue ?? 'general', open: Number(r.open), overdue: Number(r.overdue ?? 0), dueSoon: Number(r.due_soon ?? 0) })) };
}

// ----------------------------------------------------------------------------------------------------------------
// One case
// ----------------------------------------------------------------------------------------------------------------

async function loadCase(tx: Executor, ctx: Ctx, id: string): Promise<{ a: Actor; app: LicApplicationsTable }> {
  const a = requireActor(ctx.actor);
  const app = await loadApplication(tx, id);
  await assertCanSee(tx, a, app, 'Case');
  return { a, app };
}

/** Earlier decisions for the same destination and any of the same ratings. */
export async function precedentsFor(db: Executor, app: LicApplicationsTable) {
  const ratings = splitRatings(app.ratings);
  if (!app.destination || !ratings.length) return [];
  const rows = await db
    .selectFrom('lic_applications')
    .innerJoin('lic_goods', 'lic_goods.application_id', 'lic_applications.id')
    .select(['lic_applications.id', 'lic_applications.reference', 'lic_applications.outcome', 'lic_applications.decided_at', 'lic_applications.public_rationale', 'lic_applications.refusal_criteria', 'lic_goods.rating'])
    .where('lic_applications.destination', '=', app.destination)
    .where('lic_goods.rating', 'in', ratings)
    .where('lic_applications.outcome', 'in', ['approved', 'approved_with_provisos', 'refused'])
    .where('lic_applications.id', '!=', app.id)
    .orderBy('lic_applications.decided_at', 'desc')
    .limit(50)
    .execute();
  const seen = new Map<string, { id: string; reference: string | null; outcome: string; decidedAt: string | null; ratings: string[]; criteria: string[]; publicRationale: string | null }>();
  for (const r of rows) {
    const e = seen.get(r.id) ?? { id: r.id, reference: r.reference, outcome: r.outcome!, decidedAt: r.decided_at, ratings: [], criteria: (r.refusal_criteria ?? '').split(',').filter(Boolean), publicRationale: r.public_rationale };
    if (r.rating && !e.ratings.includes(r.rating)) e.ratings.push(r.rating);
    seen.set(r.id, e);
  }
  return [...seen.values()].slice(0, 20);
}

const family = (outcome: string) => (outcome === 'refused' ? 'refused' : 'approved');

export async function getCase(ctx: Ctx, id: string) {
  requireRole(ctx.actor, QUEUE_ROLES);
  const { app } = await loadCase(ctx.db, ctx, id);
  const base = await getApplicationIn(ctx.db, ctx, id);
  const [flags, referrals, advice, countersignatures, denialMatches, org, precedents, caseType] = await Promise.all([
    ctx.db.selectFrom('lic_flags').selectAll().where('application_id', '=', id).orderBy('raised_at').execute(),
    ctx.db.selectFrom('lic_referrals').selectAll().where('application_id', '=', id).orderBy('referred_at').execute(),
    ctx.db.selectFrom('lic_advice').selectAll().where('application_id', '=', id).orderBy('created_at').execute(),
    ctx.db.selectFrom('lic_countersignatures').selectAll().where('application_id', '=', id).orderBy('created_at').execute(),
    ctx.db
      .selectFrom('lic_denial_matches')
      .innerJoin('lic_denials', 'lic_denials.id', 'lic_denial_matches.denial_id')
      .innerJoin('lic_parties', 'lic_parties.id', 'lic_denial_matches.party_id')
      .select(['lic_denial_matches.id', 'lic_denial_matches.score', 'lic_denial_matches.status', 'lic_denial_matches.comment', 'lic_parties.name as party_name', 'lic_denials.name as denial_name', 'lic_denials.regime_reg_ref', 'lic_denials.notifying_government', 'lic_denials.reason_for_refusal'])
      .where('lic_denial_matches.application_id', '=', id)
      .execute(),
    ctx.db.selectFrom('organisations').select(['id', 'name']).where('id', '=', app.organisation_id).executeTakeFirst(),
    // Advisers see only cases referred to their team, so other cases' decisions are not shown to them.
    ctx.actor!.role === 'adviser' ? Promise.resolve([] as Awaited<ReturnType<typeof precedentsFor>>) : precedentsFor(ctx.db, app),
    loadCaseType(ctx.db, app.case_type),
  ]);
  const families = new Set(precedents.map((p) => family(p.outcome)));
  return {
    ...base,
    rowVersion: app.row_version,
    assignedTo: app.assigned_to ?? null,
    queue: app.queue,
    riskTier: app.risk_tier,
    organisation: org ? { id: org.id, name: org.name } : null,
    screening: parseJson(app.screening, []),
    determinationDetail: parseJson(app.determination, null),
    flags: flags.map((f) => ({ id: f.id, code: f.code, label: f.label, blocking: Boolean(f.blocking), source: f.source, details: parseJson(f.details, null), raisedAt: f.raised_at, clearedAt: f.cleared_at, clearReason: f.clear_reason })),
    referrals: referrals.map((r) => ({ id: r.id, team: r.team, note: r.note, referredAt: r.referred_at, completedAt: r.completed_at })),
    advice: advice.map(presentAdvice),
    countersignatures: countersignatures.map((c) => ({ id: c.id, userId: c.user_id, comment: c.comment, createdAt: c.created_at, valid: !c.invalidated_at, invalidatedAt: c.invalidated_at })),
    countersignRequired: Boolean(caseType?.countersign_required),
    denialMatches: denialMatches.map((m) => ({ id: m.id, score: m.score, status: m.status, comment: m.comment, partyName: m.party_name, denialName: m.denial_name, regimeRegRef: m.regime_reg_ref, notifyingGovernment: m.notifying_government, reasonForRefusal: m.reason_for_refusal })),
    precedents,
    precedentOutcome: families.size === 1 ? [...families][0] : precedents.length ? 'mixed' : null,
    decidedBy: app.decided_by,
    departureReason: app.departure_reason,
    refusalCriteria: REFUSAL_CRITERIA,
  };
}

const presentAdvice = (a: LicAdviceTable) => ({
  id: a.id,
  goodId: a.good_id,
  partyId: a.party_id,
  destination: a.destination,
  level: a.level,
  team: a.team,
  userId: a.user_id,
  decision: a.decision,
  provisos: a.provisos,
  criteria: (a.criteria ?? '').split(',').filter(Boolean),
  rationale: a.rationale,
  updatedAt: a.updated_at,
});

/** Officer work on a case in initial checks starts the review first (initial_checks → under_review). */
async function ensureUnderReview(tx: Executor, ctx: Ctx, app: LicApplicationsTable) {
  if (app.status === 'initial_checks') return transition(tx, ctx, app, 'under_review');
  return app;
}

// ----------------------------------------------------------------------------------------------------------------
// Questions, referrals, flags
// ----------------------------------------------------------------------------------------------------------------

export async function askQuestion(ctx: Ctx, id: string, text: string) {
  const a = requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    let app = await loadApplication(tx, id);
    if (!OPEN_STATUSES.includes(app.status as Status)) throw unprocessable(`Questions can only be asked on an open case; this one is ${app.status}`);
    app = await ensureUnderReview(tx, ctx, app);
    const now = nowIso(ctx);
    const q = { id: newId(), application_id: id, text, asked_by: a.userId, asked_at: now, answer: null, answered_by: null, answered_at: null };
    await tx.insertInto('lic_questions').values(q).execute();
    if (!app.clock_paused) app = await touchCase(tx, ctx, app, { clock_paused: 1, clock_paused_since: isoDate(ctx.clock.now()) });
    else app = await touchCase(tx, ctx, app);
    await recordAudit(tx, ctx, { action: 'case.question_asked', subjectType: 'application', subjectId: id, details: { questionId: q.id, text, clockPaused: true } });
    await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, { kind: 'application.question', title: `${app.reference}: a question from the licensing authority`, body: text.slice(0, 300), link: `/applications/${id}` });
    return { id: q.id, text, askedAt: now, clockPaused: true };
  });
}

export async function referCase(ctx: Ctx, id: string, input: { team: string; note?: string }) {
  const a = requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    let app = await loadApplication(tx, id);
    const advisers = await tx.selectFrom('users').select('id').where('role', '=', 'adviser').where('team', '=', input.team).where('disabled', '=', 0).execute();
    if (!advisers.length) throw invalid({ team: `no adviser belongs to team "${input.team}"` });
    const open = await tx.selectFrom('lic_referrals').select('id').where('application_id', '=', id).where('team', '=', input.team).where('completed_at', 'is', null).executeTakeFirst();
    if (open) throw conflict(`The case is already referred to ${input.team}`);
    app = await ensureUnderReview(tx, ctx, app);
    const row = { id: newId(), application_id: id, team: input.team, note: input.note ?? null, referred_by: a.userId, referred_at: nowIso(ctx), completed_at: null };
    await tx.insertInto('lic_referrals').values(row).execute();
    if (app.status !== 'referred') app = await transition(tx, ctx, app, 'referred', { details: { team: input.team, referralId: row.id } });
    else {
      app = await touchCase(tx, ctx, app);
      await recordAudit(tx, ctx, { action: 'case.refer', subjectType: 'application', subjectId: id, details: { team: input.team, referralId: row.id } });
    }
    for (const u of advisers) await notify(tx, ctx.clock.now(), { userId: u.id }, { kind: 'case.referred', title: `${app.reference} referred to ${input.team}`, body: input.note ?? 'Advice requested', link: `/cases/${id}` });
    return { id: row.id, team: row.team, referredAt: row.referred_at, caseStatus: app.status };
  });
}

export async function raiseFlag(ctx: Ctx, id: string, input: { label: string; blocking?: boolean }) {
  requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, id);
    if (app.status === 'draft') throw notFound('Case');
    const flagId = await raiseFlagRow(tx, ctx, id, 'manual', 'manual', null, input.label, input.blocking !== false);
    await touchCase(tx, ctx, app);
    return { id: flagId, code: 'manual', label: input.label, blocking: input.blocking !== false };
  });
}

export async function clearFlag(ctx: Ctx, id: string, flagId: string, reason: string) {
  const a = requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, id);
    const f = await tx.selectFrom('lic_flags').selectAll().where('id', '=', flagId).where('application_id', '=', id).executeTakeFirst();
    if (!f) throw notFound('Flag');
    if (f.cleared_at) throw conflict('This flag is already cleared');
    if (f.code === 'screening_hit') {
      await clearScreeningFlag(tx, ctx, id, flagId, reason);
      const after = await loadApplication(tx, id);
      return { id: flagId, code: f.code, clearedAt: nowIso(ctx), queue: after.queue };
    }
    await tx.updateTable('lic_flags').set({ cleared_at: nowIso(ctx), cleared_by: a.userId, clear_reason: reason }).where('id', '=', flagId).execute();
    const next = await touchCase(tx, ctx, app);
    await recordAudit(tx, ctx, { action: 'case.flag_cleared', subjectType: 'application', subjectId: id, details: { flagId, code: f.code, reason } });
    return { id: flagId, code: f.code, clearedAt: nowIso(ctx), queue: next.queue };
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Advice and countersigning
// ----------------------------------------------------------------------------------------------------------------

export interface AdviceInput {
  goodId?: string | null;
  partyId?: string | null;
  destination?: string | null;
  decision: 'approve' | 'approve_with_provisos' | 'refuse' | 'no_licence_required';
  provisos?: string | null;
  criteria?: string[];
  rationale?: string | null;
}

function checkDecisionFields(decision: string, provisos: string | null | undefined, criteria: string[] | undefined, rationale: string | null | undefined, fieldPrefix = '') {
  const f: Record<string, string> = {};
  if ((decision === 'approve_with_provisos' || decision === 'approved_with_provisos') && !provisos?.trim()) f[`${fieldPrefix}provisos`] = 'are required when approving with provisos';
  if (decision === 'refuse' || decision === 'refused') {
    if (!criteria?.length) f[`${fieldPrefix}criteria`] = 'give at least one refusal criterion';
    if (!rationale?.trim()) f[`${fieldPrefix}rationale`] = 'is required for a refusal';
  }
  const bad = (criteria ?? []).filter((c) => !REFUSAL_CRITERIA[c]);
  if (bad.length) f[`${fieldPrefix}criteria`] = `unknown criterion ${bad.join(', ')}; use ${Object.keys(REFUSAL_CRITERIA).join(', ')}`;
  if (Object.keys(f).length) throw invalid(f);
}

/** Invalidates every standing countersignature (advice changed) and sends a case awaiting sign-off back to review. */
async function invalidateCountersignatures(tx: Executor, ctx: Ctx, app: LicApplicationsTable) {
  const res = await tx.updateTable('lic_countersignatures').set({ invalidated_at: nowIso(ctx) }).where('application_id', '=', app.id).where('invalidated_at', 'is', null).executeTakeFirst();
  const n = Number(res.numUpdatedRows);
  if (n) await recordAudit(tx, ctx, { action: 'case.countersignatures_invalidated', subjectType: 'application', subjectId: app.id, details: { count: n } });
  if (app.status === 'countersigning' || app.status === 'under_final_review') return transition(tx, ctx, app, 'under_review', { reason: 'advice changed' });
  return app;
}

/** Advice on a good × destination × party (any left out means "all"). Advisers advise only on cases referred to their team. */
export async function giveAdvice(ctx: Ctx, id: string, input: AdviceInput) {
  const a = requireRole(ctx.actor, [...OFFICERS, 'adviser']);
  checkDecisionFields(input.decision, input.provisos, input.criteria, input.rationale);
  return withTx(ctx.db, async (tx) => {
    let app = await loadApplication(tx, id);
    await assertCanSee(tx, a, app, 'Case');
    if (!['initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'].includes(app.status)) throw unprocessable(`Advice cannot be given while the case is ${app.status}`);
    const level = a.role === 'adviser' ? 'adviser' : 'officer';
    if (level === 'officer') app = await ensureUnderReview(tx, ctx, app);
    else if (app.status === 'initial_checks') throw unprocessable('The case has not been referred yet');
    const f: Record<string, string> = {};
    if (input.goodId && !(await tx.selectFrom('lic_goods').select('id').where('id', '=', input.goodId).where('application_id', '=', id).executeTakeFirst())) f.goodId = 'is not a good on this case';
    if (input.partyId && !(await tx.selectFrom('lic_parties').select('id').where('id', '=', input.partyId).where('application_id', '=', id).executeTakeFirst())) f.partyId = 'is not a party on this case';
    if (Object.keys(f).length) throw invalid(f);
    const destination = input.destination?.toUpperCase() ?? null;
    const now = nowIso(ctx);
    let existingQ = tx.selectFrom('lic_advice').selectAll().where('application_id', '=', id).where('level', '=', level);
    existingQ = input.goodId ? existingQ.where('good_id', '=', input.goodId) : existingQ.where('good_id', 'is', null);
    existingQ = input.partyId ? existingQ.where('party_id', '=', input.partyId) : existingQ.where('party_id', 'is', null);
    existingQ = destination ? existingQ.where('destination', '=', destination) : existingQ.where('destination', 'is', null);
    if (level === 'adviser') existingQ = existingQ.where('team', '=', a.team!);
    const existing = await existingQ.executeTakeFirst();
    const values = { decision: input.decision, provisos: input.provisos ?? null, criteria: input.criteria?.length ? input.criteria.join(',') : null, rationale: input.rationale ?? null, user_id: a.userId, updated_at: now };
    let adviceId: string;
    if (existing) {
      adviceId = existing.id;
      await tx.updateTable('lic_advice').set(values).where('id', '=', existing.id).execute();
    } else {
      adviceId = newId();
      await tx.insertInto('lic_advice').values({ id: adviceId, application_id: id, good_id: input.goodId ?? null, party_id: input.partyId ?? null, destination, level, team: level === 'adviser' ? a.team : null, created_at: now, ...values }).execute();
    }
    await recordAudit(tx, ctx, { action: existing ? 'case.advice_edited' : 'case.advice_given', subjectType: 'application', subjectId: id, before: existing ? presentAdvice(existing) : undefined, after: { adviceId, level, team: a.team, goodId: input.goodId ?? null, partyId: input.partyId ?? null, destination, ...values } });
    app = await invalidateCountersignatures(tx, ctx, app);
    if (level === 'adviser') {
      await tx.updateTable('lic_referrals').set({ completed_at: now }).where('application_id', '=', id).where('team', '=', a.team!).where('completed_at', 'is', null).execute();
      const open = await tx.selectFrom('lic_referrals').select('id').where('application_id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
      if (!open && app.status === 'referred') app = await transition(tx, ctx, app, 'under_review', { reason: 'all referred teams have advised' });
      const officer = await tx.selectFrom('lic_referrals').select('referred_by').where('application_id', '=', id).where('team', '=', a.team!).orderBy('referred_at', 'desc').executeTakeFirst();
      if (officer) await notify(tx, ctx.clock.now(), { userId: officer.referred_by }, { kind: 'case.advice_received', title: `${app.reference}: advice from ${a.team}`, body: `${input.decision.replace(/_/g, ' ')}${input.rationale ? `: ${input.rationale.slice(0, 200)}` : ''}`, link: `/cases/${id}` });
    } else {
      app = await touchCase(tx, ctx, app);
    }
    return { id: adviceId, level, decision: input.decision, caseStatus: app.status };
  });
}

/** A senior officer countersigns the consolidated advice. Not the officer who wrote it. */
export async function countersign(ctx: Ctx, id: string, input: { comment?: string }) {
  const a = requireRole(ctx.actor, ['senior_officer']);
  return withTx(ctx.db, async (tx) => {
    let app = await loadApplication(tx, id);
    if (app.status === 'draft') throw notFound('Case');
    const officerAdvice = await tx.selectFrom('lic_advice').select(['user_id']).where('application_id', '=', id).where('level', '=', 'officer').execute();
    if (!officerAdvice.length) throw unprocessable('There is no consolidated officer advice to countersign yet');
    if (officerAdvice.some((x) => x.user_id === a.userId)) throw unprocessable('You wrote advice on this case; another senior officer must countersign it');
    const open = await tx.selectFrom('lic_referrals').select('team').where('application_id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
    if (open) throw unprocessable(`Advice from ${open.team} is still outstanding`);
    if (app.status === 'under_final_review') throw conflict('The advice is already countersigned');
    const row = { id: newId(), application_id: id, user_id: a.userId, comment: input.comment ?? null, created_at: nowIso(ctx), invalidated_at: null };
    app = await transition(tx, ctx, app, 'under_final_review', { details: { countersignatureId: row.id } });
    await tx.insertInto('lic_countersignatures').values(row).execute();
    return { id: row.id, caseStatus: app.status, createdAt: row.created_at };
  });
}

export async function requestCountersignature(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, id);
    const next = await transition(tx, ctx, app, 'countersigning');
    // Every senior officer who may countersign (not one who wrote the officer advice) is told.
    const authors = new Set((await tx.selectFrom('lic_advice').select('user_id').where('application_id', '=', id).where('level', '=', 'officer').execute()).map((r) => r.user_id));
    const seniors = await tx.selectFrom('users').select('id').where('role', '=', 'senior_officer').where('disabled', '=', 0).execute();
    for (const u of seniors.filter((x) => !authors.has(x.id) && x.id !== a.userId))
      await notify(tx, ctx.clock.now(), { userId: u.id }, { kind: 'case.countersignature_requested', title: `${app.reference}: countersignature requested`, body: `${a.email} asks for the consolidated advice to be countersigned.`, link: `/cases/${id}` });
    return { id, status: next.status };
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Final decision
// ----------------------------------------------------------------------------------------------------------------

export interface DecisionInput {
  outcome: 'approved' | 'approved_with_provisos' | 'refused';
  provisos?: string | null;
  criteria?: string[];
  rationale: string;
  publicRationale?: string | null;
  departureReason?: string | null;
  validTo?: string | null;
  /** The rowVersion the officer saw; when given and stale the decision is refused with 409. */
  expectedVersion?: number;
  /** On a refusal: the parties to enter in the denials register (an innocent consignee need not be). Omitted: every party. */
  denyPartyIds?: string[];
}

// Public-rationale redaction lives in the platform (every name variant and address part); re-exported for callers.
export { redact };

/**
 * The final decision. Exactly one of two concurrent decisions lands: the status change is a conditional update on
 * the case's row_version, so the loser gets 409. Approval issues the licence; refusal records our denial.
 */
export async function decide(ctx: Ctx, id: string, input: DecisionInput) {
  const a = requireRole(ctx.actor, OFFICERS);
  checkDecisionFields(input.outcome, input.provisos, input.criteria, input.rationale);
  if (!input.rationale?.trim()) throw invalid({ rationale: 'is required' });
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, id);
    if (app.status === 'draft') throw notFound('Case');
    if (input.expectedVersion !== undefined && input.expectedVersion !== app.row_version) throw conflict('The case changed since you loaded it; reload and decide again');
    if (['finalised', 'under_appeal', 'appeal_decided', 'withdrawn', 'superseded'].includes(app.status)) throw conflict(`The case is already ${app.status}${app.outcome ? ` (${app.outcome})` : ''}`);
    const problems: Record<string, string> = {};
    const blocking = await tx.selectFrom('lic_flags').select(['code', 'label']).where('application_id', '=', id).where('cleared_at', 'is', null).where('blocking', '=', 1).execute();
    if (blocking.length) problems.flags = `clear the blocking flag(s) first: ${blocking.map((b) => b.label).join('; ')}`;
    const openQ = await tx.selectFrom('lic_questions').select('id').where('application_id', '=', id).where('answered_at', 'is', null).executeTakeFirst();
    if (openQ) problems.questions = 'a question to the exporter is still open';
    const openRef = await tx.selectFrom('lic_referrals').select('team').where('application_id', '=', id).where('completed_at', 'is', null).executeTakeFirst();
    if (openRef) problems.referrals = `advice from ${openRef.team} is outstanding`;
    const caseType = await loadCaseType(tx, app.case_type);
    if (caseType?.countersign_required) {
      const cs = await tx.selectFrom('lic_countersignatures').select('id').where('application_id', '=', id).where('invalidated_at', 'is', null).executeTakeFirst();
      if (!cs) problems.countersignature = 'the advice must be countersigned by a senior officer first';
    }
    const precedents = await precedentsFor(tx, app);
    const families = new Set(precedents.map((p) => family(p.outcome)));
    const departs = precedents.length > 0 && !families.has(family(input.outcome));
    if (departs && !input.departureReason?.trim())
      problems.departureReason = `this decision departs from ${precedents.length} earlier decision(s) for the same rating and destination (${[...families].join(', ')}); say why`;
    if (input.denyPartyIds?.length) {
      const onCase = new Set((await tx.selectFrom('lic_parties').select('id').where('application_id', '=', id).execute()).map((p) => p.id));
      if (input.denyPartyIds.some((p) => !onCase.has(p))) throw invalid({ denyPartyIds: 'every party to deny must be a party on this case' });
    }
    if (Object.keys(problems).length) throw unprocessable('The case cannot be decided yet', problems);

    const parties = await tx.selectFrom('lic_parties').select(['name', 'address']).where('application_id', '=', id).execute();
    const org = await tx.selectFrom('organisations').select('name').where('id', '=', app.organisation_id).executeTakeFirst();
    const publicRationale = redactionPreview(input.publicRationale?.trim() || input.rationale, { names: [...parties.map((p) => p.name), org?.name ?? ''], addresses: parties.map((p) => p.address) }).text;
    const now = nowIso(ctx);
    const decided = await transition(tx, ctx, app, 'finalised', {
      set: {
        outcome: input.outcome,
        decided_at: now,
        decided_by: a.userId,
        rationale: input.rationale,
        public_rationale: publicRationale,
        refusal_criteria: input.outcome === 'refused' ? input.criteria!.join(',') : null,
        provisos: input.outcome === 'approved_with_provisos' ? input.provisos! : null,
        departure_reason: departs ? input.departureReason! : null,
        clock_paused: 0,
        clock_paused_since: null,
      },
      details: { outcome: input.outcome, criteria: input.criteria, departsFromPrecedent: departs, precedents: precedents.map((p) => p.reference) },
    });
    let licenceId: string | undefined;
    if (input.outcome === 'refused') {
      await recordOwnRefusal(tx, ctx, decided, input.criteria!, input.denyPartyIds);
      await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, { kind: 'application.refused', title: `${app.reference}: refused`, body: `Your application was refused (criteria ${input.criteria!.join(', ')}). You may appeal within 28 days.`, link: `/applications/${id}` });
    } else {
      const lic = await issueLicence(tx, ctx, decided, { provisos: input.provisos ?? null, validTo: input.validTo ?? null, onAppeal: false });
      licenceId = lic.id;
      await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, { kind: 'licence.issued', title: `${app.reference}: licence ${lic.reference} issued`, body: input.outcome === 'approved_with_provisos' ? `Approved with provisos: ${input.provisos}` : 'Approved.', link: `/licences/${lic.id}` });
    }
    return { caseId: id, outcome: input.outcome, ...(licenceId ? { licenceId } : {}) };
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Appeal decisions
// ----------------------------------------------------------------------------------------------------------------

export async function decideAppeal(ctx: Ctx, id: string, input: { outcome: 'upheld' | 'overturned'; rationale: string; provisos?: string | null; validTo?: string | null }) {
  const a = requireRole(ctx.actor, ['senior_officer']);
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, id);
    if (app.status === 'draft') throw notFound('Case');
    if (app.decided_by === a.userId) throw forbidden('The appeal must be decided by a senior officer who did not take the original decision');
    const appeal = await tx.selectFrom('lic_appeals').selectAll().where('application_id', '=', id).where('status', '=', 'pending').executeTakeFirst();
    if (!appeal || app.status !== 'under_appeal') throw conflict(`There is no pending appeal on this case (${app.status})`);
    const now = nowIso(ctx);
    const upd = await tx.updateTable('lic_appeals').set({ status: input.outcome, decided_by: a.userId, decided_at: now, rationale: input.rationale }).where('id', '=', appeal.id).where('status', '=', 'pending').executeTakeFirst();
    if (Number(upd.numUpdatedRows) !== 1) throw conflict('The appeal was decided by someone else at the same time');
    let licenceId: string | undefined;
    const overturned = input.outcome === 'overturned';
    const newOutcome = overturned ? (input.provisos ? 'approved_with_provisos' : 'approved') : 'refused';
    const next = await transition(tx, ctx, app, 'appeal_decided', {
      set: overturned ? { outcome: newOutcome, provisos: input.provisos ?? null } : {},
      details: { appealId: appeal.id, outcome: input.outcome, rationale: input.rationale, originalOutcome: app.outcome, originalCriteria: app.refusal_criteria },
    });
    if (overturned) {
      const lic = await issueLicence(tx, ctx, next, { provisos: input.provisos ?? null, validTo: input.validTo ?? null, onAppeal: true });
      licenceId = lic.id;
      const withdrawn = await tx.updateTable('lic_denials').set({ active: 0, ready_for_sharing: 0 }).where('source', '=', 'own').where('application_id', '=', id).where('active', '=', 1).executeTakeFirst();
      if (Number(withdrawn.numUpdatedRows) > 0)
        await recordAudit(tx, ctx, { action: 'denial.withdrawn', subjectType: 'application', subjectId: id, details: { reason: 'refusal overturned on appeal', denials: Number(withdrawn.numUpdatedRows) } });
    }
    await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, {
      kind: 'application.appeal_decided',
      title: `${app.reference}: appeal ${input.outcome}`,
      body: overturned ? 'Your appeal succeeded; a licence has been issued.' : `Your appeal was not successful: ${input.rationale.slice(0, 200)}`,
      link: `/applications/${id}`,
    });
    return { caseId: id, appealId: appeal.id, outcome: input.outcome, caseOutcome: newOutcome, ...(licenceId ? { licenceId } : {}) };
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Scheduled: overdue flags
// ----------------------------------------------------------------------------------------------------------------

/** Flags open cases whose clock ran out (not while a question is open). Returns how many were newly flagged. */
export async function flagOverdueCases(ctx: Ctx): Promise<number> {
  requireRole(ctx.actor, ['admin']);
  const holidays = await loadHolidays(ctx.db);
  const today = isoDate(ctx.clock.now());
  const candidates = await ctx.db.selectFrom('lic_applications').selectAll().where('status', 'in', OPEN_STATUSES).where('overdue', '=', 0).where('clock_paused', '=', 0).where('due_date', '<', today).execute();
  let n = 0;
  for (const c of candidates) {
    const v = clockOf(c, today, holidays);
    if (!v?.overdue) continue;
    await withTx(ctx.db, async (tx) => {
      const app = await loadApplication(tx, c.id);
      if (app.overdue || app.clock_paused) return;
      await raiseFlagRow(tx, ctx, app.id, 'overdue', 'auto', { dueDate: v.dueDate, daysRemaining: v.daysRemaining });
      await touchCase(tx, ctx, app, { overdue: 1 });
      n++;
    });
  }
  return n;
}
