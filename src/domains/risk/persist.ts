/** Writes a finished scan: parties, baselines, split events, declaration/party alerts and exporter profiles, in one transaction. */
import type { Ctx } from '../../platform/context.js';
import { type Executor, withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { type ScanEngine, scoreOf } from './engine.js';
import { type AlertUpsert, saveBaselines, saveParties, saveSplitEvents, upsertAlerts } from './risk.repository.js';
import { EXPORTER_PROFILE, RULES } from './rules.data.js';

export async function persistScan(ctx: Ctx, scanId: string, engine: ScanEngine, o: { full: boolean; watermark: string | null; scanned: number }) {
  const now = ctx.clock.now().toISOString();
  const alerts: AlertUpsert[] = [];
  for (const r of engine.recs) {
    if (!r.hits.length) continue;
    const s = scoreOf(r.hits);
    alerts.push({ kind: s.kind!, subjectType: 'declaration', subjectKey: r.id, subjectRef: r.reference, subjectId: r.id, exporterKey: r.exporterKey, score: s.score, explanation: s.explanation, subjectDate: r.date });
  }
  const parties = engine.partiesMap();
  for (const [key, detail] of engine.linked) {
    const p = parties.get(key)!;
    alerts.push({ kind: 'linked_to_listed', subjectType: 'party', subjectKey: key, subjectRef: `${p.name} (${p.country})`, subjectId: null, exporterKey: null, score: RULES.linked_to_listed.weight, explanation: [{ signal: 'linked_to_listed', version: RULES.linked_to_listed.version, weight: RULES.linked_to_listed.weight, detail: `${p.name} ${detail}` }], subjectDate: p.firstDate });
  }
  return withTx(ctx.db, async (tx) => {
    const touched = o.full ? [...parties.values()] : [...engine.touched].map((k) => parties.get(k)!);
    await saveParties(tx, touched, now, o.full);
    if (engine.newBaselines.size) await saveBaselines(tx, engine.newBaselines, now);
    if (!o.full) await dropEvents(tx, engine.splitEvents.map((e) => e.rec.id));
    await saveSplitEvents(tx, engine.splitEvents, o.full);
    await upsertAlerts(tx, alerts, scanId, now);
    // A full scan replaces untouched "new" alerts that no rule raises any more (rules or data changed).
    if (o.full) await tx.deleteFrom('risk_alerts').where('status', '=', 'new').where('subject_type', '<>', 'exporter').where('scan_id', '<>', scanId).execute();
    // A full scan re-profiles every exporter; an incremental one only those it saw.
    const exporters = await refreshExporterProfiles(tx, scanId, now, o.full ? null : [...new Set(engine.recs.map((r) => r.exporterKey))]);
    const skipped = JSON.stringify(engine.skipped);
    await tx.updateTable('risk_scans').set({ status: 'done', scanned: o.scanned, alerts: alerts.length + exporters, watermark: o.watermark, skipped, finished_at: now }).where('id', '=', scanId).execute();
    await recordAudit(tx, ctx, { action: 'risk.scan_completed', subjectType: 'risk_scan', subjectId: scanId, details: { full: o.full, scanned: o.scanned, alerts: alerts.length, exporters, notEvaluated: engine.skipped } });
    return { scanned: o.scanned, alerts: alerts.length, exporterProfiles: exporters, notEvaluated: engine.skipped };
  });
}

async function dropEvents(tx: Executor, ids: string[]) {
  for (let i = 0; i < ids.length; i += 500) await tx.deleteFrom('risk_split_events').where('declaration_id', 'in', ids.slice(i, i + 500)).execute();
}

/** Exporters with at least minAlerts open declaration alerts: score from their mean alert score and how many there are. */
async function refreshExporterProfiles(tx: Executor, scanId: string, now: string, only: string[] | null) {
  if (only && !only.length) return 0;
  const keys = only && only.length <= 5000 ? only : null;
  const rows = await tx
    .selectFrom('risk_alerts')
    .select((eb) => ['exporter_key', 'kind', eb.fn.countAll<number>().as('n'), eb.fn.max('score').as('max'), eb.fn.avg<number>('score').as('avg')])
    .where('subject_type', '=', 'declaration')
    .where('status', '<>', 'dismissed')
    .where('exporter_key', 'is not', null)
    .$if(!!keys, (q) => q.where('exporter_key', 'in', keys!))
    .groupBy(['exporter_key', 'kind'])
    .execute();
  const by = new Map<string, { kind: string; n: number; max: number; avg: number }[]>();
  for (const r of rows) by.set(r.exporter_key!, [...(by.get(r.exporter_key!) ?? []), { kind: r.kind, n: Number(r.n), max: Number(r.max), avg: Number(r.avg) }]);
  const names = new Map((await tx.selectFrom('risk_parties').select(['key', 'name', 'country']).where('roles', 'like', '%exporter%').execute()).map((p) => [p.key, `${p.name} (${p.country})`]));
  const alerts: AlertUpsert[] = [];
  for (const [key, ks] of by) {
    const n = ks.reduce((s, k) => s + k.n, 0);
    if (n < EXPORTER_PROFILE.minAlerts) continue;
    const mean = ks.reduce((s, k) => s + k.avg * k.n, 0) / n;
    const score = Math.min(100, Math.round(mean + 10 * Math.log10(n)));
    const explanation = ks.sort((a, b) => b.n - a.n).map((k) => ({ signal: k.kind, weight: Math.round((score * k.n) / n), detail: `${k.n} open declaration alert(s) led by ${k.kind}, highest score ${k.max}` }));
    alerts.push({ kind: 'exporter_profile', subjectType: 'exporter', subjectKey: key, subjectRef: names.get(key) ?? key, subjectId: null, exporterKey: key, score, explanation, subjectDate: null });
  }
  await upsertAlerts(tx, alerts, scanId, now);
  return alerts.length;
}
