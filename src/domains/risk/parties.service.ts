/** The party graph: a party seen on declarations, and the parties sharing its address or identifier (listed ones marked). */
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import type { RiskPartiesTable } from './risk.tables.js';
import { RISK_READERS, requireRole } from './risk.policy.js';

const present = (p: RiskPartiesTable) => ({
  key: p.key,
  name: p.name,
  country: p.country,
  address: p.address,
  eori: p.eori,
  roles: JSON.parse(p.roles) as string[],
  firstDate: p.first_date,
  firstReference: p.first_reference,
  declarations: Number(p.declarations),
  listed: p.listed === 1,
  listedDetail: p.listed_detail,
});

export async function searchParties(ctx: Ctx, q: { q?: string; listed?: boolean; limit?: number; offset?: number }) {
  requireRole(ctx.actor, RISK_READERS);
  let query = ctx.db.selectFrom('risk_parties');
  if (q.q) query = query.where('name', 'like', `%${q.q.replace(/[%_]/g, '')}%`);
  if (q.listed) query = query.where('listed', '=', 1);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('listed', 'desc').orderBy('declarations', 'desc').orderBy('key').limit(q.limit ?? 50).offset(q.offset ?? 0).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { parties: rows.map(present), total: Number(total.n) };
}

/** A party and its direct links (same normalised address or same EORI). */
export async function partyLinks(ctx: Ctx, key: string) {
  requireRole(ctx.actor, RISK_READERS);
  const p = await ctx.db.selectFrom('risk_parties').selectAll().where('key', '=', key).executeTakeFirst();
  if (!p) throw notFound('Party');
  const links: { via: 'address' | 'identifier'; party: ReturnType<typeof present> }[] = [];
  if (p.address_norm)
    for (const o of await ctx.db.selectFrom('risk_parties').selectAll().where('address_norm', '=', p.address_norm).where('key', '<>', key).limit(100).execute()) links.push({ via: 'address', party: present(o) });
  if (p.eori)
    for (const o of await ctx.db.selectFrom('risk_parties').selectAll().where('eori', '=', p.eori).where('key', '<>', key).limit(100).execute()) links.push({ via: 'identifier', party: present(o) });
  const alert = await ctx.db.selectFrom('risk_alerts').select(['id', 'score', 'status']).where('subject_type', '=', 'party').where('subject_key', '=', key).executeTakeFirst();
  return { party: present(p), links, alert: alert ? { id: alert.id, score: Number(alert.score), status: alert.status } : null };
}
