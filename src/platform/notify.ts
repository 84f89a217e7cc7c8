import type { Executor } from './db/index.js';
import { newId } from './ids.js';

/** Sends an in-app notification to a user, or to everyone in an organisation. */
export async function notify(
  tx: Executor,
  now: Date,
  to: { userId?: string | null; organisationId?: string | null },
  n: { kind: string; title: string; body: string; link?: string | null },
) {
  await tx
    .insertInto('notifications')
    .values({ id: newId(), user_id: to.userId ?? null, organisation_id: to.organisationId ?? null, kind: n.kind, title: n.title, body: n.body, link: n.link ?? null, created_at: now.toISOString(), read_at: null })
    .execute();
}
