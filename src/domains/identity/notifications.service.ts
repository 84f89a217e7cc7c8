import { requireActor } from '../../platform/auth/roles.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';

/** The caller's notifications: those addressed to them and to their organisation. */
export async function listNotifications(ctx: Ctx, opts: { unread?: boolean; limit?: number } = {}) {
  const a = requireActor(ctx.actor);
  let q = ctx.db
    .selectFrom('notifications')
    .selectAll()
    .where((eb) => eb.or([eb('user_id', '=', a.userId), eb.and([eb('user_id', 'is', null), eb('organisation_id', '=', a.organisationId)])]))
    .orderBy('created_at', 'desc')
    .limit(opts.limit ?? 100);
  if (opts.unread) q = q.where('read_at', 'is', null);
  const rows = await q.execute();
  return rows.map((n) => ({ id: n.id, kind: n.kind, title: n.title, body: n.body, link: n.link, createdAt: n.created_at, readAt: n.read_at }));
}

/** Marks one of the caller's notifications read (reading is not a regulated change, so it is not audited). */
export async function markNotificationRead(ctx: Ctx, id: string) {
  const a = requireActor(ctx.actor);
  const res = await ctx.db
    .updateTable('notifications')
    .set({ read_at: ctx.clock.now().toISOString() })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('user_id', '=', a.userId), eb.and([eb('user_id', 'is', null), eb('organisation_id', '=', a.organisationId)])]))
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) === 0) throw notFound('Notification');
}
