/** The caseworker's workspace: allocation of cases to officers, the home page of waiting work, adviser teams. */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { invalid, notFound, unprocessable } from '../../platform/errors.js';
import { notify } from '../../platform/notify.js';
import { isoDate } from '../../platform/clock.js';
import { requireRole } from '../../platform/auth/roles.js';
import { CASE_READERS, OFFICERS, QUEUE_ROLES } from './licensing.policy.js';
import { loadApplication, loadHolidays } from './licensing.repository.js';
import { OPEN_STATUSES, touchCase, type Status } from './workflow.js';
import { addWorkingDays } from './clock.js';
import { listCases } from './cases.service.js';

/** Allocates a case to an officer (or releases it with userId null). The officer is told. */
export async function assignCase(ctx: Ctx, id: string, userId: string | null) {
  const a = requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, id);
    if (app.status === 'draft') throw notFound('Case');
    if (!OPEN_STATUSES.includes(app.status as Status) && app.status !== 'under_appeal') throw unprocessable(`Only an open case can be allocated; this one is ${app.status}`);
    let officer: { id: string; email: string; name: string | null } | undefined;
    if (userId) {
      officer = await tx.selectFrom('users').select(['id', 'email', 'name']).where('id', '=', userId).where('role', 'in', OFFICERS).where('disabled', '=', 0).executeTakeFirst();
      if (!officer) throw invalid({ userId: 'is not an active licensing or senior officer' });
    }
    const next = await touchCase(tx, ctx, app, { assigned_to: userId, assigned_at: userId ? nowIso(ctx) : null });
    await recordAudit(tx, ctx, { action: 'case.assigned', subjectType: 'application', subjectId: id, before: { assignedTo: app.assigned_to ?? null }, after: { assignedTo: userId } });
    if (userId && userId !== a.userId)
      await notify(tx, ctx.clock.now(), { userId }, { kind: 'case.assigned', title: `${app.reference} allocated to you`, body: `Allocated by ${a.email}.`, link: `/cases/${id}` });
    return { id, assignedTo: userId, assignee: officer ? officer.name || officer.email : null, rowVersion: next.row_version };
  });
}

/** Officers a case may be allocated to (for the allocation picker). */
export async function listOfficers(ctx: Ctx) {
  requireRole(ctx.actor, CASE_READERS);
  const rows = await ctx.db.selectFrom('users').select(['id', 'email', 'name', 'role']).where('role', 'in', OFFICERS).where('disabled', '=', 0).orderBy('email').execute();
  return { officers: rows.map((u) => ({ id: u.id, name: u.name || u.email, email: u.email, role: u.role })) };
}

/** Adviser teams a case may be referred to (users.team of active advisers), with how many advisers each has. */
export async function listTeams(ctx: Ctx) {
  requireRole(ctx.actor, QUEUE_ROLES);
  const rows = await ctx.db
    .selectFrom('users')
    .select((eb) => ['team', eb.fn.countAll<number>().as('n')])
    .where('role', '=', 'adviser')
    .where('disabled', '=', 0)
    .where('team', 'is not', null)
    .groupBy('team')
    .orderBy('team')
    .execute();
  return { teams: rows.map((r) => ({ team: r.team!, advisers: Number(r.n) })) };
}

/** The home page of an authority user: the work waiting for them, by role, with counts. */
export async function myWork(ctx: Ctx) {
  const a = requireRole(ctx.actor, QUEUE_ROLES);
  const today = isoDate(ctx.clock.now());
  const soon = addWorkingDays(today, 5, await loadHolidays(ctx.db));
  const count = async (build: (q: ReturnType<typeof base>) => ReturnType<typeof base>) => Number((await build(base()).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const base = () => ctx.db.selectFrom('lic_applications').where('status', '!=', 'draft');
  const unread = Number(
    (
      await ctx.db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('read_at', 'is', null)
        .where((eb) => eb.or([eb('user_id', '=', a.userId), eb.and([eb('user_id', 'is', null), eb('organisation_id', '=', a.organisationId)])]))
        .executeTakeFirst()
    )?.n ?? 0,
  );
  const out: Record<string, unknown> = { role: a.role, unreadNotifications: unread };
  if (a.role === 'adviser') {
    const team = a.team ?? '\u0000';
    const referrals = await ctx.db
      .selectFrom('lic_referrals')
      .innerJoin('lic_applications', 'lic_applications.id', 'lic_referrals.application_id')
      .select(['lic_applications.id', 'lic_applications.reference', 'lic_applications.due_date', 'lic_referrals.note', 'lic_referrals.referred_at'])
      .where('lic_referrals.team', '=', team)
      .where('lic_referrals.completed_at', 'is', null)
      .orderBy('lic_applications.due_date')
      .limit(50)
      .execute();
    out.referralsToMyTeam = { total: referrals.length, items: referrals.map((r) => ({ id: r.id, reference: r.reference, dueDate: r.due_date, note: r.note, referredAt: r.referred_at })) };
    return out;
  }
  const mine = await listCases(ctx, { assignedTo: 'me', limit: 10 });
  out.myCases = { total: mine.total, items: mine.cases };
  out.overdue = await count((q) => q.where('open_case', '=', 1).where('overdue', '=', 1));
  out.dueSoon = await count((q) => q.where('open_case', '=', 1).where('overdue', '=', 0).where('due_date', '<=', soon));
  out.unallocated = await count((q) => q.where('open_case', '=', 1).where('assigned_to', 'is', null));
  if (a.role === 'senior_officer' || a.role === 'admin' || a.role === 'oversight') {
    const countersign = await listCases(ctx, { status: 'countersigning', limit: 10 });
    const appeals = await listCases(ctx, { status: 'under_appeal', limit: 10 });
    // A senior officer may not countersign advice they wrote nor decide an appeal on a case they decided.
    const ownAdvice = new Set((await ctx.db.selectFrom('lic_advice').select('application_id').where('user_id', '=', a.userId).where('level', '=', 'officer').execute()).map((r) => r.application_id));
    const decidedByMe = new Set((await ctx.db.selectFrom('lic_applications').select('id').where('decided_by', '=', a.userId).where('status', '=', 'under_appeal').execute()).map((r) => r.id));
    const cs = countersign.cases.filter((c) => !ownAdvice.has(c.id));
    const ap = appeals.cases.filter((c) => !decidedByMe.has(c.id));
    out.awaitingMyCountersignature = { total: countersign.total - (countersign.cases.length - cs.length), items: cs };
    out.appealsToDecide = { total: appeals.total - (appeals.cases.length - ap.length), items: ap };
  }
  return out;
}
