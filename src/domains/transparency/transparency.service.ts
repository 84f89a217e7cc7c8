import { recordAudit } from '../../platform/audit/audit.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { nowIso, type Ctx } from '../../platform/context.js';
import { buildReport, parsePeriod, suppressReport, type ReportBody } from './report.js';
import { computeIndicators, publicIndicators } from './indicators.js';
import { renderMarkdown, SLUG_RE } from './guidance.js';
import {
  assertGuidanceEditor,
  assertGuidanceReader,
  assertObservationReader,
  assertObserver,
  assertPublisher,
  assertStatsReader,
} from './transparency.policy.js';

/** Cross-domain: licensing records case facts through these (see docs/transparency.md). */
export { recordCaseFact, insertCaseFacts, type CaseFact } from './facts.js';
export { refreshCaseFact } from './licensing-facts.js';

// ---------------------------------------------------------------- reports

export type PublishedReport = ReportBody & { revision: number; publishedAt: string };

/** Annual editions first, then quarterly; newest first within each. */
const editionOrder = (a: { period_kind: string; period_start: string }, b: { period_kind: string; period_start: string }) =>
  (a.period_kind === b.period_kind ? 0 : a.period_kind === 'year' ? -1 : 1) || b.period_start.localeCompare(a.period_start);

async function loadEdition(db: Executor, id: string) {
  return db.selectFrom('stats_report_editions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Public: the published editions, newest period first. */
export async function listPublicReports(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('stats_report_editions').select(['id', 'period', 'title', 'period_kind', 'period_start']).execute();
  return rows
    .sort(editionOrder)
    .map((r) => ({ id: r.id, period: r.period, title: r.title }));
}

/** Public: one published edition with small cells suppressed. Unpublished or unknown editions are 404. */
export async function getPublicReport(ctx: Ctx, id: string): Promise<PublishedReport> {
  parsePeriod(id);
  const row = await loadEdition(ctx.db, id);
  if (!row) throw notFound('Report edition');
  const body = JSON.parse(row.body) as ReportBody;
  return { ...suppressReport(body), revision: row.revision, publishedAt: row.published_at };
}

/** Officers/oversight: the editions (published or not) with their status. */
export async function listReports(ctx: Ctx) {
  assertStatsReader(ctx.actor);
  const rows = await ctx.db.selectFrom('stats_report_editions').select(['id', 'period', 'title', 'period_kind', 'period_start', 'revision', 'published_at']).execute();
  const range = await ctx.db
    .selectFrom('stats_case_facts')
    .select([(eb) => eb.fn.min('decided_at').as('first'), (eb) => eb.fn.max('decided_at').as('last')])
    .executeTakeFirst();
  return {
    editions: rows
      .sort(editionOrder)
      .map((r) => ({ id: r.id, period: r.period, title: r.title, revision: r.revision, publishedAt: r.published_at })),
    decidedRange: { first: range?.first ?? null, last: range?.last ?? null },
  };
}

/** Officers/oversight: the full (unsuppressed) report: the published body, or a live build when unpublished or `live`. */
export async function getReport(ctx: Ctx, id: string, opts: { live?: boolean } = {}): Promise<ReportBody & { revision: number | null; publishedAt: string | null }> {
  assertStatsReader(ctx.actor);
  const period = parsePeriod(id);
  const row = opts.live ? undefined : await loadEdition(ctx.db, id);
  if (row) return { ...(JSON.parse(row.body) as ReportBody), revision: row.revision, publishedAt: row.published_at };
  return { ...(await buildReport(ctx.db, period, ctx.clock.now())), revision: null, publishedAt: null };
}

/** Builds an edition from the facts and publishes it at its stable URL (republishing bumps the revision). */
export async function publishReport(ctx: Ctx, id: string) {
  const actor = assertPublisher(ctx.actor);
  const period = parsePeriod(id);
  if (new Date(period.end) > ctx.clock.now()) throw conflict(`The period ${id} has not ended yet; publish it after ${period.end.slice(0, 10)}`);
  const body = await buildReport(ctx.db, period, ctx.clock.now());
  return withTx(ctx.db, async (tx) => {
    const prev = await loadEdition(tx, id);
    const row = {
      id,
      period_kind: period.kind,
      period: period.period,
      title: period.title,
      period_start: period.start,
      period_end: period.end,
      revision: (prev?.revision ?? 0) + 1,
      published_at: nowIso(ctx),
      published_by: actor.userId,
      body: JSON.stringify(body),
    };
    if (prev) await tx.updateTable('stats_report_editions').set(row).where('id', '=', id).execute();
    else await tx.insertInto('stats_report_editions').values(row).execute();
    await recordAudit(tx, ctx, {
      action: prev ? 'report.republished' : 'report.published',
      subjectType: 'report_edition',
      subjectId: id,
      after: { revision: row.revision, received: body.applications.received, decided: body.applications.decided },
    });
    return { id, period: period.period, title: period.title, revision: row.revision, publishedAt: row.published_at };
  });
}

export interface DrillDownFilter {
  destination?: string;
  outcome?: string;
  caseType?: string;
  controlCategory?: string;
  regime?: string;
  criterion?: string;
  humanitarian?: boolean;
  research?: boolean;
  withinTarget?: boolean;
  appealOutcome?: string;
  limit: number;
  offset: number;
}

/** Officers/oversight: from a statistic to the cases behind it (the same period and filters the report uses). */
export async function drillDown(ctx: Ctx, id: string, f: DrillDownFilter) {
  assertStatsReader(ctx.actor);
  const period = parsePeriod(id);
  let q = ctx.db
    .selectFrom('stats_case_facts as f')
    .where('f.decided_at', '>=', period.start)
    .where('f.decided_at', '<', period.end)
    .where('f.outcome', 'is not', null);
  if (f.destination) q = q.where('f.destination', '=', f.destination);
  if (f.outcome) q = q.where('f.outcome', '=', f.outcome);
  if (f.caseType) q = q.where('f.case_type', '=', f.caseType);
  if (f.humanitarian !== undefined) q = q.where('f.humanitarian', '=', f.humanitarian ? 1 : 0);
  if (f.research !== undefined) q = q.where('f.research', '=', f.research ? 1 : 0);
  if (f.withinTarget !== undefined) q = q.where('f.within_target', '=', f.withinTarget ? 1 : 0);
  if (f.appealOutcome) q = q.where('f.appeal_outcome', '=', f.appealOutcome);
  if (f.criterion) {
    const c = f.criterion;
    q = q.where((eb) => eb.exists(eb.selectFrom('stats_fact_criteria as c').select('c.case_id').whereRef('c.case_id', '=', 'f.case_id').where('c.criterion', '=', c)));
  }
  if (f.controlCategory || f.regime) {
    const { controlCategory: cat, regime } = f;
    q = q.where((eb) => {
      let sub = eb.selectFrom('stats_fact_goods as g').select('g.case_id').whereRef('g.case_id', '=', 'f.case_id');
      if (cat) sub = sub.where('g.control_category', '=', cat);
      if (regime) sub = sub.where('g.regime', '=', regime);
      return eb.exists(sub);
    });
  }
  const [total, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst(),
    q
      .select(['f.case_id', 'f.reference', 'f.case_type', 'f.destination', 'f.destination_name', 'f.outcome', 'f.received_at', 'f.decided_at', 'f.processing_days', 'f.target_days', 'f.humanitarian', 'f.research', 'f.appeal_outcome'])
      .orderBy('f.decided_at', 'desc')
      .orderBy('f.case_id')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
  ]);
  return {
    period: period.period,
    total: Number(total?.n ?? 0),
    cases: rows.map((r) => ({
      caseId: r.case_id,
      reference: r.reference,
      caseType: r.case_type,
      destination: r.destination,
      destinationName: r.destination_name,
      outcome: r.outcome,
      receivedAt: r.received_at,
      decidedAt: r.decided_at,
      processingDays: r.processing_days,
      targetDays: r.target_days,
      humanitarian: !!Number(r.humanitarian),
      research: !!Number(r.research),
      appealOutcome: r.appeal_outcome,
    })),
  };
}

// ---------------------------------------------------------------- indicators

export async function getIndicators(ctx: Ctx, opts: { fromYear?: number; toYear?: number } = {}) {
  assertStatsReader(ctx.actor);
  return { quarters: await computeIndicators(ctx.db, opts) };
}

export async function getPublicIndicators(ctx: Ctx, opts: { fromYear?: number; toYear?: number } = {}) {
  return { quarters: publicIndicators(await computeIndicators(ctx.db, opts)) };
}

// ---------------------------------------------------------------- guidance

export async function listPublicGuidance(ctx: Ctx) {
  const rows = await ctx.db
    .selectFrom('guidance_pages as p')
    .innerJoin('guidance_versions as v', (j) => j.onRef('v.slug', '=', 'p.slug').onRef('v.version', '=', 'p.published_version'))
    .select(['p.slug', 'v.title', 'p.kind', 'p.published_version', 'v.created_at'])
    .orderBy('p.kind', 'desc')
    .orderBy('v.title')
    .execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, kind: r.kind, version: r.published_version!, updatedAt: r.created_at }));
}

export async function getPublicGuidance(ctx: Ctx, slug: string) {
  const row = await ctx.db
    .selectFrom('guidance_pages as p')
    .innerJoin('guidance_versions as v', (j) => j.onRef('v.slug', '=', 'p.slug').onRef('v.version', '=', 'p.published_version'))
    .select(['p.slug', 'p.kind', 'v.version', 'v.title', 'v.markdown', 'v.created_at'])
    .where('p.slug', '=', slug)
    .executeTakeFirst();
  if (!row) throw notFound('Guidance page');
  return { slug: row.slug, kind: row.kind, version: row.version, title: row.title, markdown: row.markdown, html: renderMarkdown(row.markdown), updatedAt: row.created_at };
}

export async function listGuidance(ctx: Ctx) {
  assertGuidanceReader(ctx.actor);
  const rows = await ctx.db.selectFrom('guidance_pages').selectAll().orderBy('title').execute();
  return rows.map((r) => ({ slug: r.slug, title: r.title, kind: r.kind, publishedVersion: r.published_version, latestVersion: r.latest_version, updatedAt: r.updated_at }));
}

export async function guidanceVersions(ctx: Ctx, slug: string) {
  assertGuidanceReader(ctx.actor);
  const page = await ctx.db.selectFrom('guidance_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
  if (!page) throw notFound('Guidance page');
  const versions = await ctx.db.selectFrom('guidance_versions').selectAll().where('slug', '=', slug).orderBy('version', 'desc').execute();
  return {
    slug,
    title: page.title,
    publishedVersion: page.published_version,
    versions: versions.map((v) => ({ version: v.version, title: v.title, markdown: v.markdown, html: renderMarkdown(v.markdown), changeNote: v.change_note, createdBy: v.created_by, createdAt: v.created_at })),
  };
}

export interface GuidanceInput {
  title: string;
  markdown: string;
  changeNote?: string | null;
  /** Publish this version now (default true); false saves a draft version. */
  publish?: boolean;
}

/** Creates a page (version 1). */
export async function createGuidance(ctx: Ctx, input: GuidanceInput & { slug: string }) {
  assertGuidanceEditor(ctx.actor);
  if (!SLUG_RE.test(input.slug)) throw invalid({ slug: 'use lower-case letters, digits and hyphens, e.g. end-user-undertakings' });
  return withTx(ctx.db, async (tx) => {
    if (await tx.selectFrom('guidance_pages').select('slug').where('slug', '=', input.slug).executeTakeFirst())
      throw conflict(`A guidance page "${input.slug}" already exists; PUT /api/guidance/${input.slug} adds a version`);
    return saveVersion(tx, ctx, input.slug, input, null, 'guidance');
  });
}

/** Adds a new version of a page (optionally publishing it). */
export async function updateGuidance(ctx: Ctx, slug: string, input: GuidanceInput) {
  assertGuidanceEditor(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const page = await tx.selectFrom('guidance_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!page) throw notFound('Guidance page');
    return saveVersion(tx, ctx, slug, input, page, page.kind);
  });
}

/** Publishes an existing version (e.g. to roll back). */
export async function publishGuidanceVersion(ctx: Ctx, slug: string, version: number) {
  assertGuidanceEditor(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const page = await tx.selectFrom('guidance_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!page) throw notFound('Guidance page');
    const v = await tx.selectFrom('guidance_versions').selectAll().where('slug', '=', slug).where('version', '=', version).executeTakeFirst();
    if (!v) throw invalid({ version: `page ${slug} has no version ${version}` });
    await tx.updateTable('guidance_pages').set({ published_version: version, title: v.title, updated_at: nowIso(ctx) }).where('slug', '=', slug).execute();
    await recordAudit(tx, ctx, { action: 'guidance.published', subjectType: 'guidance_page', subjectId: slug, before: { publishedVersion: page.published_version }, after: { publishedVersion: version } });
    return { slug, publishedVersion: version };
  });
}

async function saveVersion(
  tx: Executor,
  ctx: Ctx,
  slug: string,
  input: GuidanceInput,
  page: { latest_version: number; published_version: number | null } | null,
  kind: string,
) {
  const fields: Record<string, string> = {};
  if (!input.title?.trim()) fields.title = 'is required';
  if (!input.markdown?.trim()) fields.markdown = 'is required';
  if (Object.keys(fields).length) throw invalid(fields);
  const now = nowIso(ctx);
  const version = (page?.latest_version ?? 0) + 1;
  const publish = input.publish !== false;
  await tx
    .insertInto('guidance_versions')
    .values({ slug, version, title: input.title.trim(), markdown: input.markdown, change_note: input.changeNote ?? null, created_by: ctx.actor?.userId ?? null, created_at: now })
    .execute();
  const published = publish ? version : (page?.published_version ?? null);
  if (page) await tx.updateTable('guidance_pages').set({ title: input.title.trim(), latest_version: version, published_version: published, updated_at: now }).where('slug', '=', slug).execute();
  else await tx.insertInto('guidance_pages').values({ slug, title: input.title.trim(), latest_version: version, published_version: published, kind, created_at: now, updated_at: now }).execute();
  await recordAudit(tx, ctx, {
    action: page ? 'guidance.updated' : 'guidance.created',
    subjectType: 'guidance_page',
    subjectId: slug,
    after: { version, published: publish, title: input.title.trim(), changeNote: input.changeNote ?? null },
  });
  return { slug, version, publishedVersion: published, title: input.title.trim() };
}

// ---------------------------------------------------------------- oversight observations

/** Finds a case by id or reference: a licensing application, else a statistics fact. */
async function findCase(db: Executor, idOrRef: string): Promise<{ id: string; reference: string | null } | null> {
  try {
    const a = await db
      .selectFrom('lic_applications')
      .select(['id', 'reference'])
      .where((eb) => eb.or([eb('id', '=', idOrRef), eb('reference', '=', idOrRef)]))
      .where('submitted_at', 'is not', null)
      .executeTakeFirst();
    if (a) return a;
  } catch {
    // Licensing tables not migrated in this build: fall back to the facts.
  }
  const f = await db
    .selectFrom('stats_case_facts')
    .select(['case_id as id', 'reference'])
    .where((eb) => eb.or([eb('case_id', '=', idOrRef), eb('reference', '=', idOrRef)]))
    .executeTakeFirst();
  return f ?? null;
}

/** Oversight records an observation on a case (audited; visible to senior officers, admins and oversight). */
export async function recordObservation(ctx: Ctx, input: { caseId: string; text: string }) {
  const actor = assertObserver(ctx.actor);
  const text = input.text?.trim() ?? '';
  if (text.length < 3) throw invalid({ text: 'write at least a few words' });
  const c = await findCase(ctx.db, input.caseId);
  if (!c) throw notFound('Case');
  return withTx(ctx.db, async (tx) => {
    const row = { id: newId(), case_id: c.id, case_reference: c.reference, author_id: actor.userId, author_email: actor.email, text, created_at: nowIso(ctx) };
    await tx.insertInto('oversight_observations').values(row).execute();
    await recordAudit(tx, ctx, { action: 'oversight.observation_recorded', subjectType: 'case', subjectId: c.id, after: { observationId: row.id, text } });
    return presentObservation(row);
  });
}

export async function listObservations(ctx: Ctx, f: { caseId?: string; limit: number; offset: number }) {
  assertObservationReader(ctx.actor);
  let q = ctx.db.selectFrom('oversight_observations').selectAll();
  if (f.caseId) {
    const c = await findCase(ctx.db, f.caseId);
    q = q.where('case_id', '=', c?.id ?? f.caseId);
  }
  const rows = await q.orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute();
  return { observations: rows.map(presentObservation) };
}

const presentObservation = (r: { id: string; case_id: string; case_reference: string | null; author_email: string; text: string; created_at: string }) => ({
  id: r.id,
  caseId: r.case_id,
  caseReference: r.case_reference,
  author: r.author_email,
  text: r.text,
  createdAt: r.created_at,
});
