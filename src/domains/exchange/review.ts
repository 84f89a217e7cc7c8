/** Weekly: own denials whose review is due are put in front of the senior officers. */
import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { notify } from '../../platform/notify.js';
import { ownDenials } from '../licensing/exchange.port.js';

export async function notifyDueReviews(ctx: Ctx) {
  const cutoff = ctx.clock.now();
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - ctx.config.denialReviewYears);
  const old = await ownDenials(ctx.db, { activeOnly: true, createdBefore: cutoff.toISOString() });
  const reviewed = new Set((await ctx.db.selectFrom('exch_denial_reviews').select('denial_id').where('reviewed_at', '>=', cutoff.toISOString()).execute()).map((r) => r.denial_id));
  const due = old.filter((d) => !reviewed.has(d.id));
  if (!due.length) return { due: 0 };
  const seniors = await ctx.db.selectFrom('users').select('id').where('role', '=', 'senior_officer').execute();
  await withTx(ctx.db, async (tx) => {
    for (const s of seniors)
      await notify(tx, ctx.clock.now(), { userId: s.id }, { kind: 'denial_review_due', title: `${due.length} denial(s) due for review`, body: `Denials older than ${ctx.config.denialReviewYears} years must be reviewed: keep or revoke each (revoking notifies every peer it was shared with).`, link: '/exchange' });
  });
  return { due: due.length };
}
