import { listFreshness } from './freshness.js';
import { forbidden } from '../../platform/errors.js';
import { parse } from 'csv-parse/sync';
import type { Ctx } from '../../platform/context.js';
import type { JobContext } from '../../platform/jobs/jobs.js';
import { requireRole } from '../../platform/auth/roles.js';
import { withTx } from '../../platform/db/index.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';
import { invalid, notFound } from '../../platform/errors.js';
import type { SearchQuery } from './matching/index.js';
import { getIndex } from './screening.index.js';
import { SEARCH_ROLES } from './screening.policy.js';
import { MAX_LIMIT, runSearch, toSearchQuery, type ScreeningMatch } from './screening.service.js';

export const BATCH_JOB = 'screening.batch';
/** Up to this many rows are screened in the request; larger inputs run as a job. */
export const INLINE_MAX = 100;
export const BATCH_MAX = 50_000;

export interface BatchRow {
  id: string;
  name: string;
  type?: string;
  country?: string;
  dob?: string;
  dateOfBirth?: string;
}

export interface ValidRow {
  id: string;
  query: SearchQuery;
}

/** Parses a parties CSV (columns id,name and optional type,country,dob). Throws 400 naming the line and column. */
export function parsePartiesCsv(text: string): BatchRow[] {
  if (!text.trim()) throw invalid({ file: 'is empty' });
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, bom: true, trim: true, relax_column_count: false }) as Record<string, string>[];
  } catch (e) {
    throw invalid({ file: `malformed CSV: ${(e as Error).message}` });
  }
  if (!records.length) throw invalid({ file: 'has a header but no rows' });
  const cols = Object.keys(records[0]!);
  const missing = ['id', 'name'].filter((c) => !cols.includes(c));
  if (missing.length) throw invalid({ file: `header must have columns id,name (optional type,country,dob); missing ${missing.join(', ')}` });
  return records.map((r) => ({ id: r.id ?? '', name: r.name ?? '', type: r.type || undefined, country: r.country || undefined, dob: r.dob || undefined }));
}

/** Validates every row; a bad row rejects the whole input with `rows[i].field` or `line N.field` errors. */
export function validateRows(rows: BatchRow[], label: (i: number) => string): ValidRow[] {
  if (rows.length > BATCH_MAX) throw invalid({ rows: `at most ${BATCH_MAX} rows per batch` });
  const fields: Record<string, string> = {};
  const out: ValidRow[] = [];
  const ids = new Set<string>();
  rows.forEach((r, i) => {
    const id = String(r.id ?? '').trim();
    if (!id) fields[`${label(i)}.id`] = 'is required';
    else if (ids.has(id)) fields[`${label(i)}.id`] = `duplicate id "${id}"`;
    ids.add(id);
    try {
      out.push({ id, query: toSearchQuery({ name: r.name, type: r.type, country: r.country, dateOfBirth: r.dob ?? r.dateOfBirth }, `${label(i)}.`) });
    } catch (e) {
      Object.assign(fields, (e as { fields?: Record<string, string> }).fields ?? {});
    }
  });
  const keys = Object.keys(fields);
  if (keys.length) {
    const shown = Object.fromEntries(keys.slice(0, 20).map((k) => [k, fields[k]!]));
    throw invalid(shown, `${keys.length} problem(s) in the input; nothing was screened`);
  }
  return out;
}

export interface RowProblem {
  /** position in the input (0-based) */
  index: number;
  id: string;
  fields: Record<string, string>;
}

/**
 * Like validateRows, but a bad row is reported for that row instead of rejecting the input (the CLI: one overlong name
 * in a 50,000-row file must not stop the other 49,999). Rows keep their input order; `rows` holds either kind.
 */
export function validateRowsEach(rows: BatchRow[], label: (i: number) => string): Array<ValidRow | RowProblem> {
  if (rows.length > BATCH_MAX) throw invalid({ rows: `at most ${BATCH_MAX} rows per batch` });
  const ids = new Set<string>();
  return rows.map((r, i) => {
    const fields: Record<string, string> = {};
    const id = String(r.id ?? '').trim();
    if (!id) fields[`${label(i)}.id`] = 'is required';
    else if (ids.has(id)) fields[`${label(i)}.id`] = `duplicate id "${id}"`;
    ids.add(id);
    let query: SearchQuery | undefined;
    try {
      query = toSearchQuery({ name: r.name, type: r.type, country: r.country, dateOfBirth: r.dob ?? r.dateOfBirth }, `${label(i)}.`);
    } catch (e) {
      Object.assign(fields, (e as { fields?: Record<string, string> }).fields ?? {});
    }
    if (Object.keys(fields).length || !query) return { index: i, id: id || label(i), fields };
    return { id, query };
  });
}

function checkOpts(o: { threshold?: number; limit?: number }) {
  const f: Record<string, string> = {};
  if (o.threshold !== undefined && !(o.threshold >= 0 && o.threshold <= 1)) f.threshold = 'must be between 0 and 1';
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1 && o.limit <= MAX_LIMIT)) f.limit = `must be an integer from 1 to ${MAX_LIMIT}`;
  if (Object.keys(f).length) throw invalid(f);
}

function presentBatch(b: { id: string; status: string; total: number; done: number; job_id: string | null; threshold: number | null; max_matches: number | null; created_at: string; finished_at: string | null; list_versions: string | null }) {
  return {
    id: b.id,
    status: b.status,
    total: Number(b.total),
    done: Number(b.done),
    jobId: b.job_id,
    threshold: b.threshold === null ? null : Number(b.threshold),
    limit: b.max_matches === null ? null : Number(b.max_matches),
    listVersions: b.list_versions ? JSON.parse(b.list_versions) : null,
    createdAt: b.created_at,
    finishedAt: b.finished_at,
    statusUrl: b.job_id ? `/api/jobs/${b.job_id}` : null,
    resultsUrl: `/api/screening/batch/${b.id}/results`,
  };
}

/**
 * POST /api/screening/batch. Small inputs (≤ INLINE_MAX rows, unless `async`) are screened at once and returned;
 * larger ones are stored and run as a job; `GET /api/jobs/:jobId` shows its progress to its creator and
 * `GET /api/screening/batch/:id/results` downloads the JSON lines.
 */
export async function createBatch(ctx: Ctx, rows: BatchRow[], opts: { threshold?: number; limit?: number; async?: boolean; label?: (i: number) => string }) {
  const a = requireRole(ctx.actor, SEARCH_ROLES);
  checkOpts(opts);
  if (!rows.length) throw invalid({ rows: 'give at least one row' });
  const valid = validateRows(rows, opts.label ?? ((i) => `rows[${i}]`));
  if (valid.length <= INLINE_MAX && !opts.async) {
    const ix = await getIndex(ctx.db);
    return { mode: 'inline' as const, results: valid.map((r) => ({ id: r.id, matches: runSearch(ix, r.query, opts) })), ...listFreshness(ix, ctx.clock.now()) };
  }
  // A stored batch job is a change; oversight changes nothing (inline screening stays open to it).
  if (a.role === 'oversight') throw forbidden(`Oversight may screen up to ${INLINE_MAX} rows at once; stored batch jobs are for operational users`);
  const now = ctx.clock.now();
  const batch = await withTx(ctx.db, async (tx) => {
    const id = newId();
    const job = await enqueueJob(tx, now, BATCH_JOB, { batchId: id }, { createdBy: a.userId, maxAttempts: 3 });
    const row = { id, organisation_id: a.organisationId, created_by: a.userId, job_id: job.id, status: 'queued', total: valid.length, done: 0, threshold: opts.threshold ?? null, max_matches: opts.limit ?? null, input: JSON.stringify(valid), results: null, list_versions: null, created_at: now.toISOString(), finished_at: null };
    await tx.insertInto('screening_batches').values(row).execute();
    await recordAudit(tx, ctx, { action: 'screening.batch_created', subjectType: 'screening_batch', subjectId: id, details: { rows: valid.length, jobId: job.id } });
    return row;
  });
  return { mode: 'job' as const, batch: presentBatch(batch) };
}

async function ownBatch(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, SEARCH_ROLES);
  const b = await ctx.db.selectFrom('screening_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b || (b.created_by !== a.userId && a.role !== 'admin')) throw notFound('Batch');
  return b;
}

export async function getBatch(ctx: Ctx, id: string) {
  return { batch: presentBatch(await ownBatch(ctx, id)) };
}

export async function batchResults(ctx: Ctx, id: string): Promise<string> {
  const b = await ownBatch(ctx, id);
  if (b.status !== 'done' || b.results === null) throw invalid({ batch: `results are not ready (status ${b.status}); follow /api/jobs/${b.job_id}` }, 'Results are not ready yet');
  return b.results;
}

/** The job: screens the stored rows, reporting progress, and stores the results as JSON lines. */
export async function runBatchJob(jc: JobContext) {
  const { ctx } = jc;
  const id = String(jc.payload?.batchId ?? '');
  const b = await ctx.db.selectFrom('screening_batches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!b) throw new Error(`batch ${id} not found`);
  await ctx.db.updateTable('screening_batches').set({ status: 'running' }).where('id', '=', id).execute();
  const rows = JSON.parse(b.input) as ValidRow[];
  const ix = await getIndex(ctx.db);
  const lines: string[] = [];
  const opts = { threshold: b.threshold === null ? undefined : Number(b.threshold), limit: b.max_matches === null ? undefined : Number(b.max_matches) };
  const step = Math.max(50, Math.ceil(rows.length / 50));
  for (let i = 0; i < rows.length; i++) {
    const matches: ScreeningMatch[] = runSearch(ix, rows[i]!.query, opts);
    lines.push(JSON.stringify({ id: rows[i]!.id, matches }));
    if ((i + 1) % step === 0 && i + 1 < rows.length) {
      await jc.progress((i + 1) / rows.length, `${i + 1}/${rows.length} rows screened`);
      await ctx.db.updateTable('screening_batches').set({ done: i + 1 }).where('id', '=', id).execute();
    }
  }
  const results = lines.join('\n') + '\n';
  await ctx.db.updateTable('screening_batches').set({ status: 'done', done: rows.length, results, list_versions: JSON.stringify(ix.versions), finished_at: ctx.clock.now().toISOString() }).where('id', '=', id).execute();
  return { batchId: id, rows: rows.length, hits: lines.filter((l) => !l.endsWith('"matches":[]}')).length, resultsUrl: `/api/screening/batch/${id}/results` };
}
