import { requireActor, requireRole } from '../../platform/auth/roles.js';
import type { Ctx } from '../../platform/context.js';
import { notFound } from '../../platform/errors.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx } from '../../platform/db/index.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';

type JobRow = { id: string; type: string; status: string; attempts: number; max_attempts: number; progress: number | null; progress_message: string | null; result: string | null; last_error: string | null; run_at: string; created_at: string; updated_at: string; finished_at: string | null; created_by: string | null };

export function presentJob(j: JobRow) {
  return {
    id: j.id,
    type: j.type,
    status: j.status,
    attempts: j.attempts,
    maxAttempts: j.max_attempts,
    progress: j.progress,
    progressMessage: j.progress_message,
    result: j.result ? JSON.parse(j.result) : null,
    lastError: j.last_error,
    runAt: j.run_at,
    createdAt: j.created_at,
    updatedAt: j.updated_at,
    finishedAt: j.finished_at,
  };
}

/** Recent jobs and the schedules (admin, oversight). */
export async function listJobs(ctx: Ctx, q: { status?: string; type?: string; limit?: number }) {
  requireRole(ctx.actor, ['admin', 'oversight']);
  let query = ctx.db.selectFrom('jobs').selectAll().orderBy('created_at', 'desc').limit(q.limit ?? 100);
  if (q.status) query = query.where('status', '=', q.status as any);
  if (q.type) query = query.where('type', '=', q.type);
  const jobs = (await query.execute()).map(presentJob);
  const schedules = await ctx.db.selectFrom('job_schedules').selectAll().orderBy('name').execute();
  return {
    jobs,
    schedules: schedules.map((s) => ({ name: s.name, jobType: s.job_type, cron: s.cron, nextRunAt: s.next_run_at, lastRunAt: s.last_run_at, enabled: Boolean(Number(s.enabled)) })),
  };
}

/** One job: admins and oversight see any, others only the jobs they started. */
export async function getJob(ctx: Ctx, id: string) {
  const a = requireActor(ctx.actor);
  const j = await ctx.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
  if (!j || (a.role !== 'admin' && a.role !== 'oversight' && j.created_by !== a.userId)) throw notFound('Job');
  return presentJob(j);
}

/** Puts a failed job back on the queue (admin). */
export async function retryJob(ctx: Ctx, id: string) {
  requireRole(ctx.actor, ['admin']);
  return withTx(ctx.db, async (tx) => {
    const j = await tx.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    if (!j) throw notFound('Job');
    await tx.updateTable('jobs').set({ status: 'queued', attempts: 0, run_at: ctx.clock.now().toISOString(), last_error: null, finished_at: null }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'job.retried', subjectType: 'job', subjectId: id, before: { status: j.status } });
    return presentJob({ ...j, status: 'queued' });
  });
}

/** Runs a scheduled job now (admin): queues one run of the schedule's job, outside its cron times. */
export async function runScheduleNow(ctx: Ctx, name: string) {
  requireRole(ctx.actor, ['admin']);
  return withTx(ctx.db, async (tx) => {
    const s = await tx.selectFrom('job_schedules').selectAll().where('name', '=', name).executeTakeFirst();
    if (!s) throw notFound('Schedule');
    const job = await enqueueJob(tx, ctx.clock.now(), s.job_type, JSON.parse(s.payload), { createdBy: ctx.actor!.userId });
    await recordAudit(tx, ctx, { action: 'job.run_on_demand', subjectType: 'job', subjectId: job.id, details: { schedule: name, jobType: s.job_type } });
    return { ...presentJob(job as any), schedule: name };
  });
}
