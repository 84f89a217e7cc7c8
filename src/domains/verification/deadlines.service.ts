import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notify.js';
import { addDays, OPEN_STATUSES, todayOf } from './verification.repository.js';

export const DEADLINES_JOB = 'verification.deadlines';
export const REMIND_DAYS_BEFORE = 7;

/**
 * Daily: reminds the assigned user of a check due within a week (once), tells the confirming officer when a listing's
 * review date has come (once), and escalates a check past its due date to its requester and the senior officers (once,
 * audited).
 */
export async function runDeadlines(ctx: Ctx) {
  const today = todayOf(ctx.clock.now());
  const now = ctx.clock.now();
  let reminded = 0;
  let escalated = 0;
  let reviews = 0;
  await withTx(ctx.db, async (tx) => {
    const soon = await tx.selectFrom('ver_checks').selectAll().where('status', '=', 'assigned').where('reminded_at', 'is', null).where('due_on', '>=', today).where('due_on', '<=', addDays(today, REMIND_DAYS_BEFORE)).execute();
    for (const c of soon) {
      await notify(tx, now, { userId: c.assigned_user_id }, { kind: 'verification.reminder', title: `End-use check ${c.reference} is due on ${c.due_on}`, body: `${c.party_name} (${c.party_country})`, link: `/verification/checks/${c.id}` });
      await tx.updateTable('ver_checks').set({ reminded_at: now.toISOString() }).where('id', '=', c.id).execute();
      reminded++;
    }
    const due = await tx.selectFrom('ver_unverified').selectAll().where('status', '=', 'listed').where('review_on', '<=', today).where('review_notified_at', 'is', null).execute();
    for (const l of due) {
      const to = l.confirmed_by ? [l.confirmed_by] : [];
      for (const userId of to) await notify(tx, now, { userId }, { kind: 'verification.review_due', title: `Review the Unverified List entry for ${l.party_name}`, body: `The review date ${l.review_on} has come: keep the listing, or remove it after a favourable check.`, link: '/verification/unverified' });
      await tx.updateTable('ver_unverified').set({ review_notified_at: now.toISOString() }).where('id', '=', l.id).execute();
      reviews++;
    }
    const late = await tx.selectFrom('ver_checks').selectAll().where('status', 'in', OPEN_STATUSES).where('escalated_at', 'is', null).where('due_on', '<', today).execute();
    if (!late.length) return;
    const seniors = await tx.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id').select('users.id').where('users.role', '=', 'senior_officer').where('organisations.kind', '=', 'authority').execute();
    for (const c of late) {
      const to = new Set([c.requested_by, ...seniors.map((s) => s.id)].filter((u) => u !== 'system'));
      for (const userId of to) await notify(tx, now, { userId }, { kind: 'verification.overdue', title: `Overdue end-use check ${c.reference}`, body: `${c.party_name} (${c.party_country}) was due on ${c.due_on}.`, link: `/verification/checks/${c.id}` });
      await tx.updateTable('ver_checks').set({ escalated_at: now.toISOString() }).where('id', '=', c.id).execute();
      await recordAudit(tx, ctx, { action: 'verification.check_escalated', subjectType: 'verification_check', subjectId: c.id, details: { why: 'overdue', dueOn: c.due_on } });
      escalated++;
    }
  });
  return { reminded, escalated, reviews };
}
