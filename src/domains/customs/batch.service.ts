import { appendFileSync, closeSync, createReadStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { enqueueJob, type JobContext } from '../../platform/jobs/jobs.js';
import { invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { DECLARANTS, INDUSTRY, requireRole } from './customs.policy.js';
import type { DeclarationInput } from './customs.schema.js';
import { parseBatch } from './batch.parse.js';
import { ingestDeclarations } from './ingest.js';
import { hsCorrelation, PartyScreener } from './ports.js';
import type { CustomsBatchesTable } from './customs.tables.js';

export const BATCH_JOB = 'customs.batch';
export const BATCH_BODY_LIMIT = 400 * 1024 * 1024;
const CHUNK = 4000;

const batchDir = (ctx: Ctx) => {
  const d = join(resolve(ctx.config.uploadDir), 'customs');
  mkdirSync(d, { recursive: true });
  return d;
};

function present(b: CustomsBatchesTable) {
  return {
    id: b.id,
    status: b.status,
    format: b.format,
    declarations: Number(b.total_declarations),
    lines: Number(b.total_lines),
    doneLines: Number(b.done_lines),
    released: Number(b.released),
    held: Number(b.held),
    rejected: Number(b.rejected),
    error: b.error,
    jobId: b.job_id,
    statusUrl: b.job_id ? `/api/jobs/${b.job_id}` : null,
    resultsUrl: `/api/customs/batches/${b.id}/results`,
    createdAt: b.created_at,
    finishedAt: b.finished_at,
  };
}

/**
 * A batch of declarations: validated whole first (any bad line rejects the batch, 400 with `line N.field`), stored as
 * normalised NDJSON, then checked by a job that reports progress and writes one result line per declaration line.
 */
export async function createBatch(ctx: Ctx, input: { format: 'ndjson' | 'csv'; text: string }, opts: { enqueue?: boolean } = {}) {
  const a = requireRole(ctx.actor, DECLARANTS);
  const id = newId();
  const path = join(batchDir(ctx), `${id}.ndjson`);
  const fd = openSync(path, 'w', 0o600);
  let parsed;
  try {
    parsed = await parseBatch(input.format, input.text, (d) => writeSync(fd, JSON.stringify(d) + '\n'));
  } finally {
    closeSync(fd);
  }
  if (Object.keys(parsed.fields).length || !parsed.declarations) {
    rmSync(path, { force: true });
    throw invalid(Object.keys(parsed.fields).length ? parsed.fields : { file: 'has no declarations' }, 'The batch was rejected as a whole; nothing was stored');
  }
  const now = ctx.clock.now();
  const row = await withTx(ctx.db, async (tx) => {
    const job = opts.enqueue === false ? null : await enqueueJob(tx, now, BATCH_JOB, { batchId: id }, { createdBy: a.userId, maxAttempts: 3 });
    const b: CustomsBatchesTable = {
      id, organisation_id: a.organisationId, created_by: a.userId, job_id: job?.id ?? null, format: input.format, status: 'queued', total_declarations: parsed.declarations, total_lines: parsed.lines,
      done_lines: 0, released: 0, held: 0, rejected: 0, input_path: path, result_path: null, error: null, created_at: now.toISOString(), finished_at: null,
    };
    await tx.insertInto('customs_batches').values(b).execute();
    await recordAudit(tx, ctx, { action: 'customs.batch_created', subjectType: 'customs_batch', subjectId: id, details: { format: input.format, declarations: parsed.declarations, lines: parsed.lines, jobId: job?.id ?? null } });
    return b;
  });
  return { batch: present(row) };
}

async function ownBatch(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, DECLARANTS);
  const b = await ctx.db.selectFrom('customs_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b || b.created_by !== a.userId) throw notFound('Batch');
  return b;
}

export async function getBatch(ctx: Ctx, id: string) {
  return { batch: present(await ownBatch(ctx, id)) };
}

export async function batchResults(ctx: Ctx, id: string): Promise<string> {
  const b = await ownBatch(ctx, id);
  if (b.status !== 'done' || !b.result_path || !existsSync(b.result_path)) throw invalid({ batch: `results are not ready (status ${b.status})` }, 'Results are not ready yet');
  return readFileSync(b.result_path, 'utf8');
}

/**
 * Runs a stored batch (the job, or the benchmark in-process): chunks of declarations, each in its own transaction.
 * A chunk that already ran (job retried after a crash) is idempotent: its declarations come back as duplicates.
 */
export async function runBatch(ctx: Ctx, batchId: string, progress?: (fraction: number, message: string) => Promise<void>) {
  const b = await ctx.db.selectFrom('customs_batches').selectAll().where('id', '=', batchId).executeTakeFirst();
  if (!b) throw new Error(`customs batch ${batchId} not found`);
  const creator = await ctx.db.selectFrom('users').select(['role']).where('id', '=', b.created_by).executeTakeFirst();
  const organisationId = creator && INDUSTRY.includes(creator.role as never) ? b.organisation_id : null;
  const resultPath = join(batchDir(ctx), `${batchId}.results.jsonl`);
  rmSync(resultPath, { force: true });
  await ctx.db.updateTable('customs_batches').set({ status: 'running' }).where('id', '=', batchId).execute();
  const screener = new PartyScreener(ctx);
  const hs = await hsCorrelation(ctx);
  const totals = { lines: 0, released: 0, held: 0, rejected: 0 };
  let pending: DeclarationInput[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const results = await ingestDeclarations(ctx, pending, { organisationId, batchId, screener, hs, audit: 'per_call' });
    const out: string[] = [];
    results.forEach((r, i) => {
      if (r.outcome === 'conflict') {
        for (const it of pending[i]!.items) out.push(JSON.stringify({ reference: r.reference, line: it.line, declarationId: null, outcome: 'conflict', status: 'rejected', reasons: [{ code: 'reference_reused', message: 'This reference was already declared with other content' }] }));
        totals.rejected += pending[i]!.items.length;
      } else
        for (const l of r.lines) {
          out.push(JSON.stringify({ reference: r.reference, line: l.line, declarationId: r.id, outcome: r.outcome, status: l.status, reasons: l.reasons, licenceReference: l.licenceReference, generalLicence: l.generalLicence }));
          if (l.status === 'released') totals.released++;
          else if (l.status === 'held') totals.held++;
          else totals.rejected++;
        }
      totals.lines += pending[i]!.items.length;
    });
    appendFileSync(resultPath, out.join('\n') + '\n');
    pending = [];
    await ctx.db.updateTable('customs_batches').set({ done_lines: totals.lines, released: totals.released, held: totals.held, rejected: totals.rejected }).where('id', '=', batchId).execute();
    await progress?.(totals.lines / Math.max(1, Number(b.total_lines)), `${totals.lines}/${b.total_lines} lines checked`);
  };
  const rl = createInterface({ input: createReadStream(b.input_path, 'utf8'), crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    pending.push(JSON.parse(line) as DeclarationInput);
    if (pending.length >= CHUNK) await flush();
  }
  await flush();
  await ctx.db.updateTable('customs_batches').set({ status: 'done', result_path: resultPath, finished_at: ctx.clock.now().toISOString() }).where('id', '=', batchId).execute();
  return { batchId, ...totals, resultsUrl: `/api/customs/batches/${batchId}/results` };
}

export async function runBatchJob(jc: JobContext) {
  return runBatch(jc.ctx, String(jc.payload?.batchId ?? ''), (f, m) => jc.progress(f, m));
}
