import { Cron } from 'croner';
import type { Executor } from '../db/index.js';
import type { Ctx, Deps } from '../context.js';
import { ctxFor } from '../context.js';
import { SYSTEM_ACTOR } from '../auth/roles.js';
import { newId } from '../ids.js';

export interface JobContext {
  /** A system-actor context for calling services. */
  ctx: Ctx;
  jobId: string;
  payload: any;
  attempt: number;
  /** Reports progress (0..1) and extends the lease. */
  progress(fraction: number, message?: string): Promise<void>;
}

export interface JobDefinition {
  type: string;
  handler: (jc: JobContext) => Promise<unknown>;
  maxAttempts?: number;
  /** How long a claim lasts without a progress heartbeat before another process may take the job over. */
  leaseSeconds?: number;
}

export interface ScheduleDefinition {
  name: string;
  jobType: string;
  /** Cron expression (UTC), e.g. "0 3 * * *". */
  cron: string;
  payload?: unknown;
}

export interface EnqueueOptions {
  runAt?: Date;
  /** At most one job with this key exists; a second enqueue returns the first. */
  uniqueKey?: string;
  maxAttempts?: number;
  createdBy?: string | null;
}

/** Queues a job (inside the caller's transaction when given one). */
export async function enqueueJob(db: Executor, clockNow: Date, type: string, payload: unknown, opts: EnqueueOptions = {}) {
  if (opts.uniqueKey) {
    const existing = await db.selectFrom('jobs').selectAll().where('unique_key', '=', opts.uniqueKey).executeTakeFirst();
    if (existing) return existing;
  }
  const now = clockNow.toISOString();
  const row = {
    id: newId(),
    type,
    payload: JSON.stringify(payload ?? {}),
    status: 'queued' as const,
    run_at: (opts.runAt ?? clockNow).toISOString(),
    attempts: 0,
    max_attempts: opts.maxAttempts ?? 5,
    lease_owner: null,
    lease_expires_at: null,
    progress: null,
    progress_message: null,
    result: null,
    last_error: null,
    unique_key: opts.uniqueKey ?? null,
    created_by: opts.createdBy ?? null,
    created_at: now,
    updated_at: now,
    finished_at: null,
  };
  await db.insertInto('jobs').values(row).execute();
  return row;
}

/** Retry delay after the n-th failed attempt: 2^n × 5 s, capped at one hour. */
export const backoffMs = (attempt: number) => Math.min(3600_000, 5000 * 2 ** (attempt - 1));

/**
 * Claims one due job with a compare-and-set update, so that across any number of processes
 * exactly one wins; a job whose lease expired (its process died) is claimable again.
 */
export async function claimJob(db: Executor, owner: string, now: Date, types: string[], leaseMs: number) {
  if (!types.length) return null;
  const nowIso = now.toISOString();
  const candidates = await db
    .selectFrom('jobs')
    .select(['id'])
    .where('type', 'in', types)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowIso)]),
        eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', nowIso)]),
      ]),
    )
    .orderBy('run_at')
    .limit(5)
    .execute();
  for (const c of candidates) {
    const res = await db
      .updateTable('jobs')
      .set((eb) => ({
        status: 'running',
        lease_owner: owner,
        lease_expires_at: new Date(now.getTime() + leaseMs).toISOString(),
        attempts: eb('attempts', '+', 1),
        updated_at: nowIso,
      }))
      .where('id', '=', c.id)
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('run_at', '<=', nowIso)]),
          eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', nowIso)]),
        ]),
      )
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) {
      return db.selectFrom('jobs').selectAll().where('id', '=', c.id).executeTakeFirstOrThrow();
    }
  }
  return null;
}

/** Enqueues the runs of every schedule that is due; a compare-and-set on next_run_at makes each run happen once across processes. */
export async function tickSchedules(db: Executor, now: Date): Promise<number> {
  const due = await db
    .selectFrom('job_schedules')
    .selectAll()
    .where('enabled', '=', 1)
    .where('next_run_at', '<=', now.toISOString())
    .execute();
  let queued = 0;
  for (const s of due) {
    const next = nextRun(s.cron, now);
    const res = await db
      .updateTable('job_schedules')
      .set({ next_run_at: next.toISOString(), last_run_at: now.toISOString() })
      .where('name', '=', s.name)
      .where('next_run_at', '=', s.next_run_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) {
      await enqueueJob(db, now, s.job_type, JSON.parse(s.payload), { uniqueKey: `schedule:${s.name}:${s.next_run_at}` });
      queued++;
    }
  }
  return queued;
}

export function nextRun(cron: string, after: Date): Date {
  const next = new Cron(cron, { timezone: 'UTC', paused: true }).nextRun(after);
  if (!next) throw new Error(`Cron expression "${cron}" never fires`);
  return next;
}

/** Inserts schedules that are missing and updates the cron of those that changed. */
export async function registerSchedules(db: Executor, now: Date, schedules: ScheduleDefinition[]) {
  for (const s of schedules) {
    const existing = await db.selectFrom('job_schedules').selectAll().where('name', '=', s.name).executeTakeFirst();
    const payload = JSON.stringify(s.payload ?? {});
    if (!existing) {
      await db
        .insertInto('job_schedules')
        .values({ name: s.name, job_type: s.jobType, cron: s.cron, payload, next_run_at: nextRun(s.cron, now).toISOString(), last_run_at: null, enabled: 1 })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
    } else if (existing.cron !== s.cron || existing.job_type !== s.jobType || existing.payload !== payload) {
      await db
        .updateTable('job_schedules')
        .set({ cron: s.cron, job_type: s.jobType, payload, next_run_at: nextRun(s.cron, now).toISOString() })
        .where('name', '=', s.name)
        .execute();
    }
  }
}

/** Polls for due schedules and jobs and runs them one at a time in this process. */
export class JobRunner {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  readonly owner = `${process.pid}-${newId().slice(0, 8)}`;
  private readonly defs = new Map<string, JobDefinition>();

  constructor(private readonly deps: Deps, definitions: JobDefinition[], private readonly pollMs = 1000) {
    for (const d of definitions) this.defs.set(d.type, d);
  }

  start() {
    this.stopped = false;
    const loop = async () => {
      if (this.stopped) return;
      this.running = this.runOnce().then(() => undefined).catch((err) => this.deps.log.error({ err }, 'job runner tick failed'));
      await this.running;
      this.running = null;
      if (!this.stopped) this.timer = setTimeout(loop, this.pollMs);
    };
    this.timer = setTimeout(loop, 10);
  }

  /** Stops polling and waits for the job in hand to finish. */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.running) await this.running;
  }

  /** One tick: queue due schedules, then run due jobs until none is left. Returns how many jobs ran. */
  async runOnce(maxJobs = 100): Promise<number> {
    const { db, clock } = this.deps;
    await tickSchedules(db, clock.now());
    let ran = 0;
    while (ran < maxJobs && !this.stopped) {
      const job = await claimJob(db, this.owner, clock.now(), [...this.defs.keys()], this.leaseMs());
      if (!job) break;
      await this.execute(job);
      ran++;
    }
    return ran;
  }

  private leaseMs(type?: string) {
    const d = type ? this.defs.get(type) : undefined;
    return (d?.leaseSeconds ?? 300) * 1000;
  }

  private async execute(job: { id: string; type: string; payload: string; attempts: number; max_attempts: number }) {
    const { db, clock, log } = this.deps;
    const def = this.defs.get(job.type)!;
    const jc: JobContext = {
      ctx: ctxFor(this.deps, SYSTEM_ACTOR, `job:${job.id}`),
      jobId: job.id,
      payload: JSON.parse(job.payload),
      attempt: job.attempts,
      progress: async (fraction, message) => {
        await db
          .updateTable('jobs')
          .set({
            progress: Math.max(0, Math.min(1, fraction)),
            progress_message: message ?? null,
            lease_expires_at: new Date(clock.now().getTime() + this.leaseMs(job.type)).toISOString(),
            updated_at: clock.now().toISOString(),
          })
          .where('id', '=', job.id)
          .where('lease_owner', '=', this.owner)
          .execute();
      },
    };
    try {
      const result = await def.handler(jc);
      const now = clock.now().toISOString();
      await db
        .updateTable('jobs')
        .set({ status: 'succeeded', progress: 1, result: JSON.stringify(result ?? null), finished_at: now, updated_at: now, lease_owner: null, lease_expires_at: null })
        .where('id', '=', job.id)
        .execute();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const finalFailure = job.attempts >= (def.maxAttempts ?? job.max_attempts);
      const now = clock.now();
      log.warn({ jobId: job.id, type: job.type, attempt: job.attempts, err: message }, finalFailure ? 'job failed' : 'job failed; will retry');
      await db
        .updateTable('jobs')
        .set({
          status: finalFailure ? 'failed' : 'queued',
          last_error: message,
          run_at: new Date(now.getTime() + backoffMs(job.attempts)).toISOString(),
          finished_at: finalFailure ? now.toISOString() : null,
          updated_at: now.toISOString(),
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('id', '=', job.id)
        .execute();
    }
  }
}
