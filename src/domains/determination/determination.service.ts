/**
 * Licence determination service: resolves the pack version in force and the parties' screening results, runs the pure
 * evaluator, stores the determination (owned by the caller's organisation) for replay, and manages officers' drafts.
 *
 * Exported for other domains:
 *   determine(ctx, input, opts?) → DeterminationResult     (licensing calls it on application submission)
 */
import { createHash } from 'node:crypto';
import type { Ctx, Deps } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { AUTHORITY_READERS, SYSTEM_ACTOR, requireActor, requireRole, type Role } from '../../platform/auth/roles.js';
import { recordAudit, type AuditInput } from '../../platform/audit/audit.js';
import type { DeterminationsTable } from './determination.tables.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { conflict, invalid, notFound, unprocessable } from '../../platform/errors.js';
import { isoDate } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { getState, readBundledText, setState } from '../../platform/data.js';
import { compilePack, evaluate, type CompiledPack } from './determination.evaluator.js';
import { parseDeterminationInput } from './determination.schema.js';
import { screenParties } from '../../platform/ports.js';
import { controlListFor } from './determination.controllist.js';
import { applyChanges, PackChangesSchema, type PackChange } from './determination.changes.js';
import { BUNDLED_EFFECTIVE_FROM, bundledPack } from './determination.packs.js';
import * as repo from './determination.repository.js';
import {
  OUTCOME_RANK,
  POLICIES,
  type DeterminationInput,
  type DeterminationResult,
  type EvaluationContext,
  type Policy,
  type PolicyPack,
  type ResolvedParty,
} from './determination.types.js';

export type { DeterminationInput, DeterminationResult } from './determination.types.js';

/** Roles that draft and replay pack changes; adoption needs a senior officer (or admin). */
export const DRAFT_ROLES: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer'];
export const DRAFT_READERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
export const ADOPT_ROLES: readonly Role[] = ['admin', 'senior_officer'];

// ------------------------------------------------------------------------------------------ compiled pack cache

const compiledById = new Map<string, CompiledPack>();
async function compiledPackById(db: Executor, id: string, version: number): Promise<CompiledPack> {
  const hit = compiledById.get(id);
  if (hit) return hit;
  const content = await repo.packContent(db, id);
  if (!content) throw notFound('Policy pack');
  const cp = compilePack(JSON.parse(content) as PolicyPack, version);
  if (compiledById.size > 64) compiledById.delete(compiledById.keys().next().value!);
  compiledById.set(id, cp);
  return cp;
}

/** Which version is in force, remembered for a second per database (adoption here clears it; other processes see it within 1 s). */
const inForceCache = new WeakMap<object, Map<string, { row: NonNullable<Awaited<ReturnType<typeof repo.findPackInForce>>>; at: number }>>();
const IN_FORCE_TTL_MS = 1000;
export function forgetPacksInForce(db: object) {
  inForceCache.delete(db);
}

/** The compiled pack in force for a policy on a date. Inside a transaction the lookup is not cached. */
export async function packInForce(db: Executor, policy: Policy, date: string) {
  const cache = db.isTransaction ? undefined : inForceCache.get(db) ?? inForceCache.set(db, new Map()).get(db)!;
  const key = `${policy}|${date}`;
  const hit = cache?.get(key);
  let row = hit && Date.now() - hit.at < IN_FORCE_TTL_MS ? hit.row : undefined;
  if (!row) {
    row = await repo.findPackInForce(db, policy, date);
    if (row && cache) {
      if (cache.size > 100) cache.clear();
      cache.set(key, { row, at: Date.now() });
    }
  }
  if (!row) throw unprocessable(`No ${policy} policy pack is in force on ${date}`, { date: `no ${policy} pack in force on this date` });
  return { row, cp: await compiledPackById(db, row.id, row.version) };
}

// ------------------------------------------------------------------------------------------ party resolution

/**
 * Screens each party through the typed screening port before evaluation. Screening unavailable (no list loaded, index
 * not built, an error) marks every party `screened: false`, which makes the determination review_required.
 */
export async function resolveParties(ctx: Ctx, input: DeterminationInput): Promise<{ parties: ResolvedParty[]; listVersions?: Record<string, string> }> {
  const parties = input.parties ?? [];
  if (!parties.length) return { parties: [] };
  const r = await screenParties(ctx, parties);
  if (!r.screened) {
    ctx.log.warn({ reason: r.reason }, 'party screening unavailable during determination');
    return { parties: parties.map((p) => ({ ...p, screened: false, matches: [] })), listVersions: {} };
  }
  return {
    parties: parties.map((p, i) => ({ ...p, screened: true, matches: r.hits.filter((h) => h.party === i).map((h) => ({ list: h.list, source: h.source, score: h.score, matchedName: h.matchedName })) })),
    listVersions: r.listVersions,
  };
}

// ------------------------------------------------------------------------------------------ determine

export interface DetermineOptions {
  /** Store the determination (default true) so it can be replayed and shown later. */
  store?: boolean;
  /** Run inside the caller's transaction (e.g. licensing's application submission). */
  tx?: Executor;
  /** The licensing application this determination belongs to. */
  applicationId?: string;
  /** Where it came from: api | cli | licensing | seed. */
  source?: string;
  /** Already-resolved party screening results (skips screening). */
  parties?: ResolvedParty[];
}

/**
 * Determines whether a shipment needs a licence. Any signed-in user may call it; the stored determination belongs to the
 * caller's organisation. `input` is validated here too (so callers other than HTTP get the same 400s).
 */
export async function determine(ctx: Ctx, rawInput: DeterminationInput, opts: DetermineOptions = {}): Promise<DeterminationResult> {
  const actor = requireActor(ctx.actor);
  const input = parseDeterminationInput(rawInput);
  const date = input.date ?? isoDate(ctx.clock.now());
  input.date = date;
  const db = opts.tx ?? ctx.db;
  const { row: packRow, cp } = await packInForce(db, input.policy, date);
  const controlList = await controlListFor(db, cp, input);
  const screened = opts.parties ? { parties: opts.parties } : await resolveParties(ctx, input);
  const context: EvaluationContext = { ...screened, ...(controlList ? { controlList } : {}) };
  const result = evaluate(cp, input, context);
  // Oversight reads and changes nothing: it may ask, but its questions are not stored (nor counted in replays).
  if (opts.store === false || actor.role === 'oversight') return result;
  const id = newId();
  const totalValue = input.items.reduce((s, i) => s + (i.value ?? 0), 0);
  const row: DeterminationsTable = {
    id,
    organisation_id: actor.organisationId,
    user_id: actor.via === 'system' ? null : actor.userId,
    policy: input.policy,
    pack_id: packRow.id,
    policy_version: result.policyVersion,
    outcome: result.outcome,
    tier: result.tier,
    destination: input.destination,
    end_use: input.endUse,
    total_value: totalValue,
    item_count: input.items.length,
    application_id: opts.applicationId ?? null,
    source: opts.source ?? 'api',
    input: JSON.stringify(input),
    context: JSON.stringify({ ...context, controlList: context.controlList ? { releaseId: context.controlList.releaseId } : undefined }),
    result: JSON.stringify(result),
    created_at: nowIso(ctx),
  };
  const audit = {
    action: 'determination.created',
    subjectType: 'determination',
    subjectId: id,
    details: { policyVersion: result.policyVersion, outcome: result.outcome, destination: input.destination, applicationId: opts.applicationId ?? null },
  };
  if (opts.tx) {
    await repo.insertDetermination(opts.tx, row);
    await recordAudit(opts.tx, ctx, audit);
  } else await groupCommit(ctx, row, audit);
  return { id, ...result };
}

// ------------------------------------------------------------------------------------------ group commit

interface PendingWrite {
  row: DeterminationsTable;
  audit: AuditInput;
  ctx: Ctx;
  resolve: () => void;
  reject: (e: unknown) => void;
}
const writeQueues = new WeakMap<object, { pending: PendingWrite[]; flushing: Promise<void> | null }>();

/**
 * Stores a determination and its audit event durably, sharing one transaction (one commit, one fsync) with the other
 * determinations that arrived while the previous commit was in flight. The caller waits for its commit.
 */
function groupCommit(ctx: Ctx, row: DeterminationsTable, audit: AuditInput): Promise<void> {
  let q = writeQueues.get(ctx.db);
  if (!q) writeQueues.set(ctx.db, (q = { pending: [], flushing: null }));
  const queue = q;
  const done = new Promise<void>((resolve, reject) => queue.pending.push({ row, audit, ctx, resolve, reject }));
  if (!queue.flushing) {
    queue.flushing = (async () => {
      while (queue.pending.length) {
        const batch = queue.pending.splice(0, 200);
        try {
          await withTx(ctx.db, async (tx) => {
            await tx.insertInto('determinations').values(batch.map((b) => b.row)).execute();
            for (const b of batch) await recordAudit(tx, b.ctx, b.audit);
          });
          for (const b of batch) b.resolve();
        } catch (err) {
          for (const b of batch) b.reject(err);
        }
      }
      queue.flushing = null;
    })();
  }
  return done;
}

// ------------------------------------------------------------------------------------------ stored determinations

const canReadAll = (role: Role) => AUTHORITY_READERS.includes(role);

export async function getDetermination(ctx: Ctx, id: string) {
  const actor = requireActor(ctx.actor);
  const row = await repo.findDetermination(ctx.db, id);
  if (!row || (!canReadAll(actor.role) && row.organisation_id !== actor.organisationId)) throw notFound('Determination');
  return {
    id: row.id,
    organisationId: row.organisation_id,
    userId: row.user_id,
    applicationId: row.application_id,
    createdAt: row.created_at,
    source: row.source,
    input: JSON.parse(row.input) as DeterminationInput,
    result: { id: row.id, ...(JSON.parse(row.result) as DeterminationResult) },
  };
}

export async function listDeterminations(ctx: Ctx, q: { policy?: Policy; limit?: number; offset?: number }) {
  const actor = requireActor(ctx.actor);
  const rows = await repo.listDeterminationRows(ctx.db, {
    organisationId: canReadAll(actor.role) ? undefined : actor.organisationId,
    policy: q.policy,
    limit: Math.min(q.limit ?? 50, 500),
    offset: q.offset ?? 0,
  });
  return rows.map((r) => ({
    id: r.id,
    organisationId: r.organisation_id,
    policy: r.policy,
    policyVersion: r.policy_version,
    outcome: r.outcome,
    tier: r.tier,
    destination: r.destination,
    endUse: r.end_use,
    totalValue: Number(r.total_value),
    itemCount: Number(r.item_count),
    applicationId: r.application_id,
    source: r.source,
    createdAt: r.created_at,
  }));
}

// ------------------------------------------------------------------------------------------ packs

const presentPack = (r: Omit<repo.PackRow, 'content' | 'changes'> & { changes?: string | null }) => ({
  id: r.id,
  policy: r.policy as Policy,
  key: r.pack_key,
  version: Number(r.version),
  versionLabel: `${r.pack_key}@${r.version}`,
  status: r.status,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  checksum: r.checksum,
  basedOnId: r.based_on_id,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.changes ? { changes: JSON.parse(r.changes) as PackChange[] } : {}),
});

/** Published pack versions (any signed-in user: the rules are public knowledge). */
export async function listPacks(ctx: Ctx, policy?: Policy) {
  requireActor(ctx.actor);
  return (await repo.listPackVersions(ctx.db, policy)).map(presentPack);
}

/** A pack version's content (or the one in force today for `policy`). Drafts only for draft readers. */
export async function getPack(ctx: Ctx, idOrPolicy: string) {
  const actor = requireActor(ctx.actor);
  let row;
  if ((POLICIES as readonly string[]).includes(idOrPolicy)) {
    const meta = await repo.findPackInForce(ctx.db, idOrPolicy, isoDate(ctx.clock.now()));
    row = meta ? await repo.findPack(ctx.db, meta.id) : undefined;
  } else row = await repo.findPack(ctx.db, idOrPolicy);
  if (!row) throw notFound('Policy pack');
  if (row.status !== 'active' && !DRAFT_READERS.includes(actor.role)) throw notFound('Policy pack');
  return { ...presentPack(row), content: JSON.parse(row.content) as PolicyPack };
}

/** What the exporter form needs: the packs in force today, countries, end uses and each pack's general licences. */
export async function formOptions(ctx: Ctx) {
  requireActor(ctx.actor);
  const today = isoDate(ctx.clock.now());
  const policies = [];
  let countries: Record<string, string> = {};
  for (const p of POLICIES) {
    const meta = await repo.findPackInForce(ctx.db, p, today);
    if (!meta) continue;
    const { cp } = await packInForce(ctx.db, p, today);
    if (!Object.keys(countries).length) countries = cp.pack.countries;
    policies.push({
      policy: p,
      versionLabel: cp.versionLabel,
      name: cp.pack.name,
      historical: !!cp.pack.historical,
      generalLicences: cp.pack.generalLicences.map((g) => ({ id: g.id, name: g.name, flagged: g.flagged })),
      embargoes: cp.pack.embargoes.map((e) => ({ id: e.id, name: e.name, kind: e.kind })),
      exemptions: cp.pack.exemptions.map((e) => ({ id: e.id, name: e.name })),
      hasCountryChart: !!cp.pack.countryChart,
      hasSectionI: !!cp.pack.sectionI,
    });
  }
  return { policies, countries: Object.entries(countries).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name)) };
}

const checksumOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** Creates a draft: the pack in force (or `basedOn`) with officer changes applied. Nothing takes effect until adopted. */
export async function createDraft(ctx: Ctx, body: { policy: Policy; changes: unknown; note?: string; basedOn?: string }) {
  const actor = requireRole(ctx.actor, DRAFT_ROLES);
  const parsed = PackChangesSchema.safeParse(body.changes);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[['changes', ...i.path].join('.')] ??= i.message;
    throw invalid(fields);
  }
  const changes = parsed.data;
  return withTx(ctx.db, async (tx) => {
    const baseMeta = body.basedOn ? await repo.findPack(tx, body.basedOn) : await repo.findPackInForce(tx, body.policy, isoDate(ctx.clock.now()));
    if (!baseMeta || baseMeta.status !== 'active' || baseMeta.policy !== body.policy) throw invalid({ basedOn: `no published ${body.policy} pack to base the draft on` });
    const baseContent = await repo.packContent(tx, baseMeta.id);
    const draft = applyChanges(JSON.parse(baseContent!) as PolicyPack, changes);
    const text = JSON.stringify(draft);
    const row: repo.PackRow = {
      id: newId(),
      policy: body.policy,
      pack_key: baseMeta.pack_key,
      version: Number(baseMeta.version),
      status: 'draft',
      effective_from: baseMeta.effective_from,
      effective_to: null,
      content: text,
      checksum: checksumOf(text),
      based_on_id: baseMeta.id,
      changes: JSON.stringify(changes),
      note: body.note ?? null,
      created_by: actor.userId,
      created_at: nowIso(ctx),
    };
    await repo.insertPack(tx, row);
    await recordAudit(tx, ctx, { action: 'determination.pack_draft.created', subjectType: 'determination_pack', subjectId: row.id, details: { policy: body.policy, basedOn: baseMeta.id, changes, note: body.note ?? null } });
    return presentPack(row);
  });
}

async function loadDraft(ctx: Ctx, id: string) {
  const row = await repo.findPack(ctx.db, id);
  if (!row || !['draft', 'adopted_draft'].includes(row.status)) throw notFound('Draft');
  return row;
}

export async function getDraft(ctx: Ctx, id: string) {
  requireRole(ctx.actor, DRAFT_READERS);
  const row = await loadDraft(ctx, id);
  const replays = await ctx.db.selectFrom('determination_replays').select(['id', 'created_at', 'total', 'changed']).where('draft_id', '=', id).orderBy('created_at', 'desc').execute();
  return { ...presentPack(row), replays: replays.map((r) => ({ id: r.id, createdAt: r.created_at, total: Number(r.total), changed: Number(r.changed) })) };
}

export async function listDrafts(ctx: Ctx, policy?: Policy) {
  requireRole(ctx.actor, DRAFT_READERS);
  return (await repo.listPackVersions(ctx.db, policy, ['draft', 'adopted_draft'])).map(presentPack);
}

export interface ReplayChange {
  determinationId: string;
  applicationId: string | null;
  organisationId: string;
  destination: string;
  endUse: string;
  value: number;
  before: string;
  after: string;
  items: { code: string | null; before: string; after: string }[];
}

export interface ReplayReport {
  id: string;
  draftId: string;
  policy: Policy;
  baseline: string;
  total: number;
  applicationsTotal: number;
  changed: number;
  applicationsChanged: number;
  stricter: number;
  looser: number;
  transitions: Record<string, number>;
  tradeValueAffected: number;
  humanitarianAffected: number;
  researchAffected: number;
  disasterReliefAffected: number;
  changes: ReplayChange[];
  changesTruncated: boolean;
  createdAt: string;
}

const MAX_LISTED_CHANGES = 1000;

/**
 * Replays a draft against every stored determination of its policy (including those made for licensing applications):
 * each stored input (with the party screening results captured at the time) is evaluated under the draft's baseline
 * version and under the draft, and the differences are counted. Pure evaluation; no re-screening.
 */
export async function replayDraft(ctx: Ctx, id: string): Promise<ReplayReport> {
  const actor = requireRole(ctx.actor, DRAFT_ROLES);
  const draft = await loadDraft(ctx, id);
  const baseMeta = await repo.findPack(ctx.db, draft.based_on_id!);
  if (!baseMeta) throw notFound('Baseline pack');
  const baseline = await compiledPackById(ctx.db, baseMeta.id, Number(baseMeta.version));
  const proposed = compilePack(JSON.parse(draft.content) as PolicyPack, Number(baseMeta.version));
  const report: ReplayReport = {
    id: newId(),
    draftId: id,
    policy: draft.policy as Policy,
    baseline: baseline.versionLabel,
    total: 0,
    applicationsTotal: 0,
    changed: 0,
    applicationsChanged: 0,
    stricter: 0,
    looser: 0,
    transitions: {},
    tradeValueAffected: 0,
    humanitarianAffected: 0,
    researchAffected: 0,
    disasterReliefAffected: 0,
    changes: [],
    changesTruncated: false,
    createdAt: nowIso(ctx),
  };
  let after: string | null = null;
  for (;;) {
    const page = await repo.determinationPage(ctx.db, draft.policy, after, 2000);
    if (!page.length) break;
    after = page[page.length - 1]!.id;
    for (const d of page) {
      const input = JSON.parse(d.input) as DeterminationInput;
      const context = JSON.parse(d.context) as EvaluationContext;
      const a = evaluate(baseline, input, context);
      const b = evaluate(proposed, input, context);
      report.total++;
      if (d.application_id) report.applicationsTotal++;
      const itemDiffs = a.items.map((x, i) => ({ code: x.code, before: x.outcome, after: b.items[i]!.outcome })).filter((x) => x.before !== x.after);
      if (a.outcome === b.outcome && !itemDiffs.length) continue;
      report.changed++;
      if (d.application_id) report.applicationsChanged++;
      if (OUTCOME_RANK[b.outcome] > OUTCOME_RANK[a.outcome]) report.stricter++;
      else if (OUTCOME_RANK[b.outcome] < OUTCOME_RANK[a.outcome]) report.looser++;
      const key = `${a.outcome}→${b.outcome}`;
      report.transitions[key] = (report.transitions[key] ?? 0) + 1;
      const value = Number(d.total_value);
      report.tradeValueAffected += value;
      if (d.end_use === 'humanitarian') report.humanitarianAffected++;
      if (d.end_use === 'research') report.researchAffected++;
      if (d.end_use === 'disaster_relief') report.disasterReliefAffected++;
      if (report.changes.length < MAX_LISTED_CHANGES) {
        report.changes.push({ determinationId: d.id, applicationId: d.application_id, organisationId: d.organisation_id, destination: d.destination, endUse: d.end_use, value, before: a.outcome, after: b.outcome, items: itemDiffs });
      } else report.changesTruncated = true;
    }
  }
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('determination_replays').values({ id: report.id, draft_id: id, created_by: actor.userId, created_at: report.createdAt, total: report.total, changed: report.changed, report: JSON.stringify(report) }).execute();
    await recordAudit(tx, ctx, { action: 'determination.pack_draft.replayed', subjectType: 'determination_pack', subjectId: id, details: { replayId: report.id, total: report.total, changed: report.changed, tradeValueAffected: report.tradeValueAffected } });
  });
  return report;
}

export async function getReplay(ctx: Ctx, replayId: string): Promise<ReplayReport> {
  requireRole(ctx.actor, DRAFT_READERS);
  const r = await ctx.db.selectFrom('determination_replays').select('report').where('id', '=', replayId).executeTakeFirst();
  if (!r) throw notFound('Replay');
  return JSON.parse(r.report) as ReplayReport;
}

/** Adopts a draft: publishes it as the next version of the pack, in force from `effectiveFrom` (the previous version ends then). */
export async function adoptDraft(ctx: Ctx, id: string, body: { effectiveFrom?: string; note?: string }) {
  const actor = requireRole(ctx.actor, ADOPT_ROLES);
  const effectiveFrom = body.effectiveFrom ?? isoDate(ctx.clock.now());
  const adopted = await withTx(ctx.db, async (tx) => {
    const draft = await repo.findPack(tx, id);
    if (!draft || !['draft', 'adopted_draft'].includes(draft.status)) throw notFound('Draft');
    if (draft.status !== 'draft') throw conflict('This draft was already adopted');
    const later = await tx.selectFrom('determination_packs').select(['id', 'version']).where('policy', '=', draft.policy).where('status', '=', 'active').where('effective_from', '>=', effectiveFrom).executeTakeFirst();
    if (later) throw conflict(`Version ${later.version} of the ${draft.policy} pack already takes effect on or after ${effectiveFrom}`);
    const version = (await repo.maxVersion(tx, draft.policy)) + 1;
    const open = await tx.selectFrom('determination_packs').select(['id', 'version', 'effective_to']).where('policy', '=', draft.policy).where('status', '=', 'active').where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', effectiveFrom)])).execute();
    for (const o of open) await tx.updateTable('determination_packs').set({ effective_to: effectiveFrom }).where('id', '=', o.id).execute();
    const row: repo.PackRow = {
      id: newId(),
      policy: draft.policy,
      pack_key: draft.pack_key,
      version,
      status: 'active',
      effective_from: effectiveFrom,
      effective_to: null,
      content: draft.content,
      checksum: draft.checksum,
      based_on_id: draft.based_on_id,
      changes: draft.changes,
      note: body.note ?? draft.note,
      created_by: actor.userId,
      created_at: nowIso(ctx),
    };
    await repo.insertPack(tx, row);
    await tx.updateTable('determination_packs').set({ status: 'adopted_draft' }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, {
      action: 'determination.pack.adopted',
      subjectType: 'determination_pack',
      subjectId: row.id,
      before: { versions: open.map((o) => ({ id: o.id, version: o.version, effectiveTo: o.effective_to })) },
      after: { id: row.id, version, effectiveFrom },
      details: { draftId: id, changes: draft.changes ? JSON.parse(draft.changes) : [] },
    });
    return presentPack(row);
  });
  forgetPacksInForce(ctx.db);
  return adopted;
}

// ------------------------------------------------------------------------------------------ sample shipments

/**
 * Stores sample determinations for what-if demos, from real approved UK dual-use licence records (2014-01 → 2015-03:
 * rating, value in GBP, destination), evaluated under the EU pack in force, owned by a "Sample exporter" organisation.
 * End use is not in the source, so every sample is `civil`. Idempotent per organisation (skips when it already has samples).
 */
export async function loadSampleDeterminations(deps: Deps, opts: { count?: number; orgName?: string } = {}) {
  const count = Math.max(1, Math.min(opts.count ?? 2000, 10_000));
  const orgName = opts.orgName ?? 'Sample exporter (UK dual-use licences 2014-2015)';
  const ctx: Ctx = { ...deps, actor: SYSTEM_ACTOR, requestId: 'sample' };
  const lines = readBundledText('eu-2021-821/sample-shipments-uk-2014.csv.gz').trim().split('\n').slice(1);
  return withTx(deps.db, async (tx) => {
    let org = await tx.selectFrom('organisations').select(['id']).where('name', '=', orgName).executeTakeFirst();
    if (!org) {
      org = { id: newId() };
      await tx.insertInto('organisations').values({ id: org.id, name: orgName, kind: 'exporter', country: 'GB', created_at: nowIso(ctx) }).execute();
      await recordAudit(tx, ctx, { action: 'organisation.created', subjectType: 'organisation', subjectId: org.id, after: { name: orgName, kind: 'exporter' } });
    }
    const existing = await tx.selectFrom('determinations').select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', org.id).executeTakeFirst();
    if (Number(existing?.n ?? 0) > 0) return { organisationId: org.id, stored: 0, skipped: true };
    const date = isoDate(deps.clock.now());
    const { row: packRow, cp } = await packInForce(tx, 'eu', date);
    const rows: DeterminationsTable[] = [];
    const step = Math.max(1, Math.floor(lines.length / count));
    for (let i = 0; i < lines.length && rows.length < count; i += step) {
      const [, rating, value, destination] = lines[i]!.split(',');
      const input: DeterminationInput = { policy: 'eu', date, destination: destination!, endUse: 'civil', items: [{ code: rating!, value: Number(value) }] };
      const context: EvaluationContext = { parties: [] };
      const result = evaluate(cp, input, context);
      rows.push({
        id: newId(), organisation_id: org.id, user_id: null, policy: 'eu', pack_id: packRow.id, policy_version: result.policyVersion, outcome: result.outcome, tier: result.tier,
        destination: destination!, end_use: 'civil', total_value: Number(value), item_count: 1, application_id: null, source: 'sample',
        input: JSON.stringify(input), context: JSON.stringify(context), result: JSON.stringify(result), created_at: nowIso(ctx),
      });
    }
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto('determinations').values(rows.slice(i, i + 200)).execute();
    await recordAudit(tx, ctx, { action: 'determination.samples_loaded', subjectType: 'organisation', subjectId: org.id, details: { count: rows.length, source: 'data/eu-2021-821/sample-shipments-uk-2014.csv.gz' } });
    return { organisationId: org.id, stored: rows.length, skipped: false };
  });
}

// ------------------------------------------------------------------------------------------ seeding

/** Loads the bundled packs as version 1 (or as a new version when the bundled data changed). Idempotent. */
export async function seedPacks(deps: Deps, policies: readonly Policy[] = POLICIES) {
  const ctx: Ctx = { ...deps, actor: SYSTEM_ACTOR, requestId: 'seed' };
  for (const policy of policies) {
    const { text, checksum } = bundledPack(policy);
    const key = `seed:determination:pack:${policy}`;
    if ((await getState(deps.db, key)) === checksum) continue;
    await withTx(deps.db, async (tx) => {
      const existing = await tx.selectFrom('determination_packs').select(['id', 'checksum']).where('policy', '=', policy).where('status', '=', 'active').where('checksum', '=', checksum).executeTakeFirst();
      if (!existing) {
        const version = (await repo.maxVersion(tx, policy)) + 1;
        const effectiveFrom = version === 1 ? BUNDLED_EFFECTIVE_FROM[policy] : isoDate(deps.clock.now());
        if (version > 1) {
          await tx
            .updateTable('determination_packs')
            .set({ effective_to: effectiveFrom })
            .where('policy', '=', policy)
            .where('status', '=', 'active')
            .where('effective_to', 'is', null)
            .where('effective_from', '<', effectiveFrom)
            .execute();
        }
        const pack = JSON.parse(text) as PolicyPack;
        const row: repo.PackRow = { id: newId(), policy, pack_key: pack.key, version, status: 'active', effective_from: effectiveFrom, effective_to: null, content: text, checksum, based_on_id: null, changes: null, note: 'bundled data', created_by: null, created_at: nowIso(ctx) };
        await repo.insertPack(tx, row);
        await recordAudit(tx, ctx, { action: 'determination.pack.seeded', subjectType: 'determination_pack', subjectId: row.id, details: { policy, version, checksum } });
        deps.log.info({ policy, version }, `determination: loaded the bundled ${policy} policy pack as version ${version}`);
      }
      await setState(tx, key, checksum, deps.clock.now());
    });
    forgetPacksInForce(deps.db);
  }
}
