/** Scans as jobs: full (every declaration, baselines rebuilt), a date window, or incremental (ingested since the last scan). */
import type { Ctx } from '../../platform/context.js';
import { type Executor, withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { enqueueJob, type JobContext } from '../../platform/jobs/jobs.js';
import { invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { countRiskDeclarations, streamRiskDeclarations, type RiskWindow } from '../customs/risk.port.js';
import { ScanEngine } from './engine.js';
import { loadBaselines, loadParties, loadSplitEvents } from './risk.repository.js';
import { persistScan } from './persist.js';
import { RISK_READERS, RISK_SCANNERS, requireRole } from './risk.policy.js';

export const SCAN_JOB = 'risk.scan';

type ScanInput = { from?: string; to?: string; full?: boolean };

async function insertScan(tx: Executor, ctx: Ctx, input: ScanInput, jobId: string | null, id = newId()) {
  const mode = input.full ? 'full' : input.from || input.to ? 'window' : 'incremental';
  await tx.insertInto('risk_scans').values({ id, job_id: jobId, mode, date_from: input.from ?? null, date_to: input.to ?? null, created_after: null, watermark: null, status: 'queued', total: 0, scanned: 0, alerts: 0, skipped: '{}', error: null, created_by: ctx.actor?.userId ?? null, created_at: ctx.clock.now().toISOString(), finished_at: null }).execute();
  await recordAudit(tx, ctx, { action: 'risk.scan_requested', subjectType: 'risk_scan', subjectId: id, details: { mode, from: input.from ?? null, to: input.to ?? null, jobId } });
  return { id, mode };
}

/** POST /api/risk/scan: queues the scan job. */
export async function requestScan(ctx: Ctx, input: ScanInput) {
  const a = requireRole(ctx.actor, RISK_SCANNERS);
  if (input.from && input.to && input.from > input.to) throw invalid({ to: 'must be on or after from' });
  return withTx(ctx.db, async (tx) => {
    const id = newId();
    const job = await enqueueJob(tx, ctx.clock.now(), SCAN_JOB, { scanId: id }, { createdBy: a.userId, maxAttempts: 2 });
    const scan = await insertScan(tx, ctx, input, job.id, id);
    return { scan: { ...scan, status: 'queued', jobId: job.id, statusUrl: `/api/jobs/${job.id}` } };
  });
}

/** Runs a scan in this process (CLI, schedule): creates the scan row and runs it. */
export async function scanNow(ctx: Ctx, input: ScanInput, progress: JobContext['progress'] = async () => {}, jobId: string | null = null) {
  requireRole(ctx.actor, RISK_SCANNERS);
  const scan = await withTx(ctx.db, (tx) => insertScan(tx, ctx, input, jobId));
  return { scanId: scan.id, ...(await runScanJob({ ctx, jobId: jobId ?? '', payload: { scanId: scan.id }, attempt: 1, progress })) };
}

/** The hourly schedule: an incremental scan. */
export const runScheduledScan = (jc: JobContext) => scanNow(jc.ctx, {}, jc.progress, jc.jobId);

export async function listScans(ctx: Ctx, q: { limit?: number }) {
  requireRole(ctx.actor, RISK_READERS);
  const rows = await ctx.db.selectFrom('risk_scans').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit ?? 20).execute();
  return { scans: rows.map(presentScan) };
}

const presentScan = (r: { id: string; job_id: string | null; mode: string; date_from: string | null; date_to: string | null; created_after: string | null; watermark: string | null; status: string; total: number; scanned: number; alerts: number; skipped: string; error: string | null; created_at: string; finished_at: string | null }) => ({
  id: r.id,
  jobId: r.job_id,
  mode: r.mode,
  from: r.date_from,
  to: r.date_to,
  createdAfter: r.created_after,
  watermark: r.watermark,
  status: r.status,
  total: Number(r.total),
  scanned: Number(r.scanned),
  alerts: Number(r.alerts),
  notEvaluated: JSON.parse(r.skipped),
  error: r.error,
  createdAt: r.created_at,
  finishedAt: r.finished_at,
});

/** Wall seconds per phase of a scan (reported by the CLI and the bench, to see where a scan spends its time). */
function phaseTimer() {
  let t0 = performance.now();
  const laps: Record<string, number> = {};
  return {
    laps,
    lap(name: string) {
      const t = performance.now();
      laps[name] = Math.round(t - t0) / 1000;
      t0 = t;
    },
  };
}

/** The job: streams the window through the engine, then stores parties, baselines, events and alerts in one transaction. */
export async function runScanJob(jc: JobContext) {
  const { ctx } = jc;
  const scan = await ctx.db.selectFrom('risk_scans').selectAll().where('id', '=', jc.payload.scanId).executeTakeFirst();
  if (!scan) throw notFound('Scan');
  const last = await ctx.db.selectFrom('risk_scans').select('watermark').where('status', '=', 'done').where('watermark', 'is not', null).orderBy('watermark', 'desc').executeTakeFirst();
  const full = scan.mode === 'full' || (scan.mode === 'incremental' && !last);
  const w: RiskWindow = scan.mode === 'window' ? { from: scan.date_from ?? undefined, to: scan.date_to ?? undefined } : full ? {} : { createdAfter: last!.watermark! };
  const t = phaseTimer();
  const { count, lastCreatedAt } = await countRiskDeclarations(ctx.db, w);
  t.lap('count');
  await ctx.db.updateTable('risk_scans').set({ status: 'running', mode: full ? 'full' : scan.mode, total: count, created_after: w.createdAfter ?? null }).where('id', '=', scan.id).execute();
  const baselines = full ? new Map() : await loadBaselines(ctx.db);
  const engine = new ScanEngine({ full: full || baselines.size === 0, parties: full ? new Map() : await loadParties(ctx.db), baselines, priorSplit: new Map() });
  t.lap('load');
  let n = 0;
  for await (const page of streamRiskDeclarations(ctx.db, w)) {
    for (const d of page) engine.add(d);
    n += page.length;
    await jc.progress(count ? (0.9 * n) / count : 0.9, `${n} of ${count} declarations scanned`);
  }
  t.lap('stream');
  if (!full) engine.setPriorSplit(await loadSplitEvents(ctx.db, engine.splitPairs()));
  engine.finish();
  t.lap('rules');
  const res = await persistScan(ctx, scan.id, engine, { full, watermark: scan.mode === 'window' ? null : (lastCreatedAt ?? last?.watermark ?? null), scanned: n });
  t.lap('persist');
  await jc.progress(1, `${n} declarations scanned, ${res.alerts} alerts`);
  return { ...res, phaseSeconds: t.laps };
}
