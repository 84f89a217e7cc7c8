import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid } from '../../platform/errors.js';
import { notify } from '../../platform/notify.js';
import { requireOfficer } from './verification.policy.js';
import { loadCheck, OPEN_STATUSES, presentCheck, todayOf } from './verification.repository.js';

/** An officer assigns a check to a user of a partner_agency organisation (reassigning an open check is allowed). */
export async function assignCheck(ctx: Ctx, id: string, input: { userId: string; dueOn?: string }) {
  requireOfficer(ctx.actor);
  if (input.dueOn && input.dueOn < todayOf(ctx.clock.now())) throw invalid({ dueOn: 'must not be in the past' });
  return withTx(ctx.db, async (tx) => {
    const c = await loadCheck(tx, id);
    if (!OPEN_STATUSES.includes(c.status)) throw conflict(`The check is ${c.status}; only open checks are assigned`);
    const u = await tx.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id').select(['users.id', 'users.disabled', 'organisations.id as org_id', 'organisations.kind']).where('users.id', '=', input.userId).executeTakeFirst();
    if (!u || Number(u.disabled) === 1) throw invalid({ userId: 'no such active user' });
    if (u.kind !== 'partner_agency') throw invalid({ userId: 'checks are assigned to users of a partner agency organisation' });
    const now = ctx.clock.now().toISOString();
    const set = { status: 'assigned', assigned_org_id: u.org_id, assigned_user_id: u.id, assigned_at: now, due_on: input.dueOn ?? c.due_on, updated_at: now };
    await tx.updateTable('ver_checks').set(set).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'verification.check_assigned', subjectType: 'verification_check', subjectId: id, before: { assignedUserId: c.assigned_user_id, dueOn: c.due_on }, after: { assignedUserId: u.id, organisationId: u.org_id, dueOn: set.due_on } });
    await notify(tx, ctx.clock.now(), { userId: u.id }, { kind: 'verification.assigned', title: `End-use check ${c.reference} assigned to you`, body: `${c.party_name} (${c.party_country}); report by ${set.due_on}.`, link: `/verification/checks/${id}` });
    return presentCheck({ ...c, ...set }, todayOf(ctx.clock.now()));
  });
}

/** Users of partner agencies an officer may assign checks to. */
export async function listAgents(ctx: Ctx) {
  requireOfficer(ctx.actor);
  const rows = await ctx.db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.email', 'users.name', 'organisations.id as org_id', 'organisations.name as org_name', 'organisations.country'])
    .where('organisations.kind', '=', 'partner_agency')
    .where('users.disabled', '=', 0)
    .orderBy('organisations.name')
    .orderBy('users.email')
    .execute();
  return { agents: rows.map((r) => ({ id: r.id, email: r.email, name: r.name, organisation: { id: r.org_id, name: r.org_name, country: r.country } })) };
}

