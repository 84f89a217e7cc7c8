/**
 * Targeting lists: shipments for physical inspection and exporters for compliance audit, ranked by risk, with a random
 * share drawn from everything (not only the risky) so that being low-risk is no guarantee of never being checked.
 */
import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';
import { sampleRiskDeclarations } from '../customs/risk.port.js';
import { RISK_DECIDERS, RISK_READERS, requireRole } from './risk.policy.js';

interface Item {
  rank: number;
  subject: { type: 'declaration' | 'exporter'; reference: string; id: string | null };
  score: number | null;
  random: boolean;
  reasons: string[];
}

const RANDOM_REASON = 'Random selection for deterrence (not chosen by risk)';

export async function createTargetList(ctx: Ctx, input: { list: 'exporters' | 'shipments'; size?: number; deterrenceShare?: number }) {
  const a = requireRole(ctx.actor, RISK_DECIDERS);
  const size = input.size ?? 20;
  const share = input.deterrenceShare ?? 0.1;
  const nRandom = Math.round(size * share);
  const subjectType = input.list === 'shipments' ? 'declaration' : 'exporter';
  const top = await ctx.db.selectFrom('risk_alerts').selectAll().where('subject_type', '=', subjectType).where('status', 'in', ['new', 'triaged']).orderBy('score', 'desc').orderBy('id').limit(size - nRandom).execute();
  const items: Item[] = top.map((r, i) => ({ rank: i + 1, subject: { type: subjectType, reference: r.subject_ref, id: r.subject_id }, score: Number(r.score), random: false, reasons: (JSON.parse(r.explanation) as { detail: string }[]).map((e) => e.detail) }));
  const chosen = new Set(items.map((i) => i.subject.reference));
  const pool =
    input.list === 'shipments'
      ? (await sampleRiskDeclarations(ctx.db, nRandom * 3 + 5)).map((d) => ({ type: 'declaration' as const, reference: d.reference, id: d.id }))
      : (await ctx.db.selectFrom('risk_parties').select(['key', 'name', 'country']).where('roles', 'like', '%exporter%').orderBy((eb) => eb.fn('random', []) as never).limit(nRandom * 3 + 5).execute()).map((p) => ({ type: 'exporter' as const, reference: `${p.name} (${p.country})`, id: null }));
  for (const s of pool) {
    if (items.length >= size || chosen.has(s.reference)) continue;
    chosen.add(s.reference);
    items.push({ rank: items.length + 1, subject: s, score: null, random: true, reasons: [RANDOM_REASON] });
  }
  const row = { id: newId(), list: input.list, size, deterrence_share: share, items: JSON.stringify(items), created_by: a.userId, created_at: ctx.clock.now().toISOString() };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('risk_target_lists').values(row).execute();
    await recordAudit(tx, ctx, { action: 'risk.target_list_created', subjectType: 'risk_target_list', subjectId: row.id, details: { list: input.list, size, deterrenceShare: share, random: items.filter((i) => i.random).length } });
  });
  return present(row);
}

const present = (r: { id: string; list: string; size: number; deterrence_share: number; items: string; created_by: string; created_at: string }) => ({
  id: r.id,
  list: r.list,
  size: Number(r.size),
  deterrenceShare: Number(r.deterrence_share),
  items: JSON.parse(r.items) as Item[],
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function listTargetLists(ctx: Ctx, q: { list?: string; limit?: number }) {
  requireRole(ctx.actor, RISK_READERS);
  let query = ctx.db.selectFrom('risk_target_lists').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit ?? 10);
  if (q.list) query = query.where('list', '=', q.list);
  return { lists: (await query.execute()).map(present) };
}
