import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, FixedClock, type TestApp } from '../helpers/app.js';
import { openDatabase, type Database } from '../../src/platform/db/index.js';
import { claimJob, enqueueJob, JobRunner, registerSchedules, tickSchedules, type JobDefinition } from '../../src/platform/jobs/jobs.js';
import type { Deps } from '../../src/platform/context.js';

let t: TestApp;
let second: Database;
const clock = new FixedClock(new Date('2026-03-02T09:00:00Z'));

beforeAll(async () => {
  t = await createTestApp({ clock });
  // A second connection pool to the same database stands in for a second server process.
  second = openDatabase(t.deps.config.databaseUrl);
});
afterAll(async () => {
  await second.destroy();
  await t.close();
});

const depsWith = (db: Database['db']): Deps => ({ ...t.deps, db });

describe('job runner', () => {
  it('hands each job to exactly one of several concurrent claimers', async () => {
    for (let i = 0; i < 20; i++) await enqueueJob(t.deps.db, clock.now(), 'count', { i });
    const claimed: string[] = [];
    const worker = async (db: Database['db'], owner: string) => {
      for (;;) {
        const j = await claimJob(db, owner, clock.now(), ['count'], 60_000);
        if (!j) return;
        claimed.push(j.id);
        await db.updateTable('jobs').set({ status: 'succeeded' }).where('id', '=', j.id).execute();
      }
    };
    await Promise.all([worker(t.deps.db, 'a'), worker(second.db, 'b'), worker(t.deps.db, 'c'), worker(second.db, 'd')]);
    expect(claimed.length).toBe(20);
    expect(new Set(claimed).size).toBe(20);
  });

  it('lets another process take over a job whose lease expired (its process died)', async () => {
    const job = await enqueueJob(t.deps.db, clock.now(), 'lease', {});
    const first = await claimJob(t.deps.db, 'dead-process', clock.now(), ['lease'], 30_000);
    expect(first?.id).toBe(job.id);
    expect(await claimJob(second.db, 'alive', clock.now(), ['lease'], 30_000)).toBeNull();
    clock.advance(31_000);
    const taken = await claimJob(second.db, 'alive', clock.now(), ['lease'], 30_000);
    expect(taken?.id).toBe(job.id);
    expect(taken?.attempts).toBe(2);
  });

  it('retries a failing job with back-off, then marks it failed with the error', async () => {
    let calls = 0;
    const defs: JobDefinition[] = [{ type: 'flaky', maxAttempts: 3, handler: async () => { calls++; throw new Error('upstream down'); } }];
    const runner = new JobRunner(depsWith(t.deps.db), defs);
    const job = await enqueueJob(t.deps.db, clock.now(), 'flaky', {}, { maxAttempts: 3 });
    await runner.runOnce();
    let row = await t.deps.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    expect(row.last_error).toBe('upstream down');
    expect(new Date(row.run_at).getTime()).toBe(clock.now().getTime() + 5000);
    await runner.runOnce(); // not yet due
    expect(calls).toBe(1);
    clock.advance(5000);
    await runner.runOnce();
    clock.advance(10_000);
    await runner.runOnce();
    row = await t.deps.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(calls).toBe(3);
    expect(row.status).toBe('failed');
    expect(row.finished_at).not.toBeNull();
  });

  it('records progress and the result of a successful job', async () => {
    const defs: JobDefinition[] = [{ type: 'work', handler: async (jc) => { await jc.progress(0.5, 'half'); return { done: jc.payload.n * 2 }; } }];
    const job = await enqueueJob(t.deps.db, clock.now(), 'work', { n: 21 });
    await new JobRunner(depsWith(t.deps.db), defs).runOnce();
    const row = await t.deps.db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('succeeded');
    expect(JSON.parse(row.result!)).toEqual({ done: 42 });
    expect(row.progress).toBe(1);
    expect(row.progress_message).toBe('half');
  });

  it('fires a cron schedule once per due time even with two processes ticking', async () => {
    await registerSchedules(t.deps.db, clock.now(), [{ name: 'nightly', jobType: 'nightly-work', cron: '0 3 * * *' }]);
    const s = await t.deps.db.selectFrom('job_schedules').selectAll().where('name', '=', 'nightly').executeTakeFirstOrThrow();
    expect(s.next_run_at).toBe('2026-03-03T03:00:00.000Z');
    expect(await tickSchedules(t.deps.db, clock.now())).toBe(0);
    clock.set('2026-03-03T03:00:30Z');
    const [a, b] = await Promise.all([tickSchedules(t.deps.db, clock.now()), tickSchedules(second.db, clock.now())]);
    expect(a + b).toBe(1);
    const queued = await t.deps.db.selectFrom('jobs').selectAll().where('type', '=', 'nightly-work').execute();
    expect(queued.length).toBe(1);
    const after = await t.deps.db.selectFrom('job_schedules').selectAll().where('name', '=', 'nightly').executeTakeFirstOrThrow();
    expect(after.next_run_at).toBe('2026-03-04T03:00:00.000Z');
  });

  it('shows jobs and schedules to admins and oversight only', async () => {
    const admin = await t.user('admin');
    const res = (await t.as(admin).get('/api/jobs')).json();
    expect(res.schedules.map((s: { name: string }) => s.name)).toContain('nightly');
    expect(res.jobs.some((j: { type: string; status: string }) => j.type === 'flaky' && j.status === 'failed')).toBe(true);
    expect((await t.as(await t.user('exporter')).get('/api/jobs')).statusCode).toBe(403);
  });
});
