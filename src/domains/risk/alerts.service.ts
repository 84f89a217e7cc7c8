/** The alerts queue: new → triaged → escalated (investigation | verification) or dismissed with a reason; labels recorded. */
import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { RiskAlertsTable } from './risk.tables.js';
import { RISK_DECIDERS, RISK_READERS, requireRole } from './risk.policy.js';

export const presentAlert = (r: RiskAlertsTable) => ({
  id: r.id,
  kind: r.kind,
  score: Number(r.score),
  subject: { type: r.subject_type, reference: r.subject_ref, id: r.subject_id, key: r.subject_key, date: r.subject_date },
  explanation: (JSON.parse(r.explanation) as { signal: string; version?: number; weight: number; detail: string }[]).map((e) => ({ signal: e.signal, weight: e.weight, detail: e.detail, ...(e.version ? { version: e.version } : {}) })),
  status: r.status,
  statusReason: r.status_reason,
  escalatedTo: r.escalated_to,
  escalationReference: r.escalation_ref,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface AlertQuery {
  kind?: string;
  status?: string;
  subjectType?: string;
  reference?: string;
  limit?: number;
  offset?: number;
}

/** Highest score first. */
export async function listAlerts(ctx: Ctx, q: AlertQuery) {
  requireRole(ctx.actor, RISK_READERS);
  let query = ctx.db.selectFrom('risk_alerts');
  if (q.kind) query = query.where('kind', '=', q.kind);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  if (q.reference) query = query.where('subject_ref', '=', q.reference);
  const [rows, total] = await Promise.all([
    query.selectAll().orderBy('score', 'desc').orderBy('subject_date', 'desc').orderBy('id').limit(q.limit ?? 50).offset(q.offset ?? 0).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { alerts: rows.map(presentAlert), total: Number(total.n) };
}

export async function getAlert(ctx: Ctx, id: string) {
  requireRole(ctx.actor, RISK_READERS);
  const r = await ctx.db.selectFrom('risk_alerts').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Alert');
  const labels = await ctx.db.selectFrom('risk_labels').selectAll().where('alert_id', '=', id).orderBy('created_at').execute();
  return { ...presentAlert(r), labels: labels.map((l) => ({ label: l.label, reason: l.reason, signals: JSON.parse(l.signals), by: l.created_by, at: l.created_at })) };
}

type Action = { action: 'triage'; note?: string } | { action: 'escalate'; to: 'investigation' | 'verification'; reference?: string; note?: string } | { action: 'dismiss'; reason: string };
const FROM: Record<Action['action'], string[]> = { triage: ['new'], escalate: ['new', 'triaged'], dismiss: ['new', 'triaged'] };

/** Moves an alert along the queue (compare-and-set on its status), audited; escalations and dismissals become labels. */
export async function decideAlert(ctx: Ctx, id: string, a: Action) {
  const actor = requireRole(ctx.actor, RISK_DECIDERS);
  if (a.action === 'dismiss' && !a.reason.trim()) throw invalid({ reason: 'give the reason for dismissing' });
  const now = ctx.clock.now().toISOString();
  return withTx(ctx.db, async (tx) => {
    const r = await tx.selectFrom('risk_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Alert');
    if (!FROM[a.action].includes(r.status)) throw conflict(`The alert is ${r.status}; it cannot be ${a.action === 'triage' ? 'triaged' : a.action === 'escalate' ? 'escalated' : 'dismissed'}`);
    const status = a.action === 'triage' ? 'triaged' : a.action === 'escalate' ? 'escalated' : 'dismissed';
    const reason = a.action === 'dismiss' ? a.reason.trim() : (a.note?.trim() ?? null) || null;
    const set = { status, status_reason: reason, updated_at: now, ...(a.action === 'escalate' ? { escalated_to: a.to, escalation_ref: a.reference?.trim() || null } : {}) };
    const res = await tx.updateTable('risk_alerts').set(set).where('id', '=', id).where('status', '=', r.status).executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('Someone else changed the alert at the same time');
    const signals = (JSON.parse(r.explanation) as { signal: string }[]).map((e) => e.signal);
    if (a.action !== 'triage')
      await tx.insertInto('risk_labels').values({ id: newId(), alert_id: id, label: a.action === 'escalate' ? 'confirmed' : 'dismissed', reason, signals: JSON.stringify(signals), created_by: actor.userId, created_at: now }).execute();
    await recordAudit(tx, ctx, { action: `risk.alert_${status}`, subjectType: 'risk_alert', subjectId: id, before: { status: r.status }, after: { status, ...(a.action === 'escalate' ? { to: a.to, reference: a.reference ?? null } : {}) }, details: { reason, kind: r.kind, subject: r.subject_ref } });
    return presentAlert((await tx.selectFrom('risk_alerts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()) as RiskAlertsTable);
  });
}

/** Labels for evaluation: per signal, how many alerts carrying it were confirmed or dismissed. */
export async function labelSummary(ctx: Ctx) {
  requireRole(ctx.actor, RISK_READERS);
  const rows = await ctx.db.selectFrom('risk_labels').select(['label', 'signals']).execute();
  const per: Record<string, { confirmed: number; dismissed: number }> = {};
  for (const r of rows)
    for (const s of JSON.parse(r.signals) as string[]) {
      per[s] ??= { confirmed: 0, dismissed: 0 };
      per[s][r.label as 'confirmed' | 'dismissed']++;
    }
  return { labels: rows.length, bySignal: per };
}
