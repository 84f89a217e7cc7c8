import { createHash } from 'node:crypto';
import type { Ctx, Deps } from '../../platform/context.js';
import { ctxFor } from '../../platform/context.js';
import { SYSTEM_ACTOR, requireRole } from '../../platform/auth/roles.js';
import { withTx, lockKey, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notify.js';
import { newId } from '../../platform/ids.js';
import { readBundled, getState, setState } from '../../platform/data.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { AppError, notFound } from '../../platform/errors.js';
import type { ListedParty } from './model.js';
import { FeedError, partyHash, type FeedFiles } from './lists/common.js';
import { SOURCES, parseFeed, sourceByName } from './lists/sources.js';
import * as repo from './screening.repository.js';
import { LIST_UPDATERS, SEARCH_ROLES } from './screening.policy.js';

/** A new version smaller than this share of the previous one is taken for a truncated feed and rejected. */
export const MIN_KEEP_SHARE = 0.5;
export const RESCREEN_JOB = 'screening.rescreen';
export const REFRESH_JOB = 'screening.lists.refresh';

export interface ImportResult {
  source: string;
  status: 'created' | 'unchanged';
  version: ReturnType<typeof presentVersion>;
}

export function presentVersion(v: repo.VersionRow) {
  return {
    id: v.id,
    source: v.source,
    seq: Number(v.seq),
    fetchedAt: v.fetched_at,
    dataDate: v.data_date,
    checksum: v.checksum,
    origin: v.origin,
    originDetail: v.origin_detail,
    counts: { entities: Number(v.entity_count), names: Number(v.name_count), added: Number(v.added_count), removed: Number(v.removed_count), changed: Number(v.changed_count) },
    previousVersionId: v.previous_version_id,
    current: Number(v.is_current) === 1,
  };
}

function checksumOf(files: FeedFiles): string {
  const h = createHash('sha256');
  for (const k of Object.keys(files).sort()) {
    h.update(k + '\0');
    h.update(createHash('sha256').update(files[k]!).digest());
  }
  return h.digest('hex');
}

/** Records a rejected feed: audit event and a notification to every admin; the previous version stays in force. */
export async function raiseFeedAlert(ctx: Ctx, source: string, err: FeedError, origin: string) {
  await withTx(ctx.db, async (tx) => {
    await recordAudit(tx, ctx, { action: 'screening.list_rejected', subjectType: 'screening_list', subjectId: source, details: { file: err.file, reason: err.reason, origin } });
    const now = ctx.clock.now();
    for (const id of await repo.adminUserIds(tx))
      await notify(tx, now, { userId: id }, { kind: 'screening.list_rejected', title: `List update rejected: ${source}`, body: `${err.file}: ${err.reason}. The previous version stays in force.`, link: '/screening/lists' });
  });
}

/**
 * Validates a feed and stores it as the source's new current version with its diff, or rejects it whole
 * (AppError 422 naming the file and reason; alert raised; previous version kept).
 */
export async function importListVersion(
  ctx: Ctx,
  sourceName: string,
  files: FeedFiles,
  origin: { kind: 'bundled' | 'url' | 'file'; detail?: string; dataDate?: string },
): Promise<ImportResult> {
  const source = sourceByName(sourceName);
  let parties: ListedParty[];
  try {
    parties = parseFeed(source, files);
  } catch (e) {
    if (!(e instanceof FeedError)) throw e;
    await raiseFeedAlert(ctx, source.name, e, origin.detail ?? origin.kind);
    throw new AppError('unprocessable', `Rejected feed ${e.message}. The previous version is kept.`, { [e.file]: e.reason });
  }
  const checksum = checksumOf(files);
  const result = await withTx(ctx.db, async (tx) => {
    await lockKey(tx, `screening.list.${source.name}`);
    const prev = await repo.currentVersion(tx, source.name);
    if (prev && prev.checksum === checksum) return { status: 'unchanged' as const, version: prev, rejected: null };
    if (prev && parties.length < Number(prev.entity_count) * MIN_KEEP_SHARE)
      return { status: 'rejected' as const, version: prev, rejected: new FeedError(source.name, source.files[0]!.key, `truncated: ${parties.length} entities where the version in force has ${prev.entity_count} (a drop of more than ${Math.round((1 - MIN_KEEP_SHARE) * 100)}%)`) };
    const now = ctx.clock.now().toISOString();
    const versionId = newId();
    const existing = prev ? await repo.entityHashes(tx, source.name) : [];
    const oldById = new Map(existing.map((e) => [e.id, e]));
    const added: Array<{ p: ListedParty; hash: string; json: string }> = [];
    const changed: Array<{ p: ListedParty; hash: string; json: string }> = [];
    const unchangedIds = new Set<string>();
    for (const p of parties) {
      const json = JSON.stringify(p);
      const hash = partyHash(p, json);
      const old = oldById.get(p.id);
      if (!old) added.push({ p, hash, json });
      else if (old.hash !== hash) changed.push({ p, hash, json });
      else unchangedIds.add(p.id);
    }
    const newIds = new Set(parties.map((p) => p.id));
    const removed = existing.filter((e) => !newIds.has(e.id));
    const version = {
      id: versionId,
      source: source.name,
      seq: (prev ? Number(prev.seq) : 0) + 1,
      fetched_at: now,
      data_date: origin.dataDate ?? null,
      checksum,
      origin: origin.kind,
      origin_detail: origin.detail ?? null,
      entity_count: parties.length,
      name_count: parties.reduce((a, p) => a + p.names.length, 0),
      added_count: added.length,
      removed_count: removed.length,
      changed_count: changed.length,
      previous_version_id: prev?.id ?? null,
      is_current: 1,
      created_by: ctx.actor?.userId ?? null,
    };
    if (prev) await tx.updateTable('screening_list_versions').set({ is_current: 0 }).where('id', '=', prev.id).execute();
    await tx.insertInto('screening_list_versions').values(version).execute();
    // The diff: stored for every version after the first (the first one is "everything added").
    if (prev) {
      const changeRow = (p: ListedParty, change: 'added' | 'changed' | 'removed', json?: string) => ({ version_id: versionId, entity_id: p.id, change, name: p.names[0]?.full ?? p.id, list: p.list ?? null, data: json ?? JSON.stringify(p) });
      await repo.insertChunked(tx, 'screening_version_changes', [
        ...added.map((x) => changeRow(x.p, 'added', x.json)),
        ...changed.map((x) => changeRow(x.p, 'changed', x.json)),
        ...removed.map((r) => changeRow(JSON.parse(r.data) as ListedParty, 'removed', r.data)),
      ]);
    }
    const gone = [...removed.map((r) => r.id), ...changed.map((c) => c.p.id)];
    for (let i = 0; i < gone.length; i += 500) await tx.deleteFrom('screening_entities').where('id', 'in', gone.slice(i, i + 500)).execute();
    const entityRow = (x: { p: ListedParty; hash: string; json: string }) => ({ id: x.p.id, source: source.name, list: x.p.list ?? null, schema: x.p.schema, name: x.p.names[0]?.full ?? x.p.id, data: x.json, hash: x.hash, version_id: versionId });
    await repo.insertChunked(tx, 'screening_entities', [...added, ...changed].map(entityRow));
    await recordAudit(tx, ctx, {
      action: 'screening.list_version_created',
      subjectType: 'screening_list',
      subjectId: source.name,
      details: { versionId, seq: version.seq, checksum, origin: origin.kind, originDetail: origin.detail, entities: parties.length, added: added.length, removed: removed.length, changed: changed.length, previousVersionId: prev?.id ?? null },
    });
    if (prev && added.length + changed.length > 0) await enqueueJob(tx, ctx.clock.now(), RESCREEN_JOB, { versionId }, { uniqueKey: `screening.rescreen:${versionId}` });
    return { status: 'created' as const, version: version as repo.VersionRow, rejected: null };
  });
  if (result.rejected) {
    await raiseFeedAlert(ctx, source.name, result.rejected, origin.detail ?? origin.kind);
    throw new AppError('unprocessable', `Rejected feed ${result.rejected.message}. The previous version is kept.`, { [result.rejected.file]: result.rejected.reason });
  }
  return { source: source.name, status: result.status, version: presentVersion(result.version) };
}

/** Reads a source's bundled snapshot files. */
export function bundledFiles(sourceName: string): FeedFiles {
  const files: FeedFiles = {};
  for (const f of sourceByName(sourceName).files) if (f.bundled) files[f.key] = readBundled(f.bundled);
  return files;
}

/** Loads every bundled list that is not loaded yet (idempotent: keyed by the bundle's checksum). */
export async function seedScreening(deps: Deps, only?: string[]) {
  const ctx = ctxFor(deps, SYSTEM_ACTOR, 'seed');
  for (const s of SOURCES) {
    if (only && !only.includes(s.name)) continue;
    const t0 = Date.now();
    if (!s.files.some((f) => f.bundled)) {
      deps.log.warn({ source: s.name }, 'screening list not loaded: no bundled snapshot (import or update it)');
      continue;
    }
    const files = bundledFiles(s.name);
    const checksum = checksumOf(files);
    const key = `seed:screening:${s.name}`;
    if ((await getState(deps.db, key)) === checksum) continue;
    // Never replace a list fetched from its official URL (or imported by hand) with an older bundled snapshot.
    const cur = await repo.currentVersion(deps.db, s.name);
    if (cur && cur.origin !== 'bundled') {
      await setState(deps.db, key, checksum, deps.clock.now());
      deps.log.info({ source: s.name, origin: cur.origin }, 'screening list kept: the version in force was fetched, not bundled');
      continue;
    }
    const res = await importListVersion(ctx, s.name, files, { kind: 'bundled', detail: s.files.map((f) => f.bundled).filter(Boolean).join(', '), dataDate: s.bundledDataDate });
    await setState(deps.db, key, checksum, deps.clock.now());
    deps.log.info({ source: s.name, entities: res.version.counts.entities, status: res.status, ms: Date.now() - t0 }, 'screening list loaded');
  }
}

// ---- reads for the API -------------------------------------------------------------------------

/** The lists are public data: every signed-in role may read them. */
const LIST_READERS = SEARCH_ROLES;

export async function listListVersions(ctx: Ctx, q: { source?: string; limit?: number }) {
  requireRole(ctx.actor, LIST_READERS);
  const rows = await repo.listVersions(ctx.db, q.source, q.limit ?? 100);
  const sources = SOURCES.map((s) => ({ name: s.name, title: s.title, files: s.files.map((f) => ({ key: f.key, env: f.env, url: f.url || null, required: f.required })) }));
  return { sources, versions: rows.map(presentVersion) };
}

export async function getListVersion(ctx: Ctx, id: string, q: { change?: 'added' | 'removed' | 'changed'; limit?: number; offset?: number }) {
  requireRole(ctx.actor, LIST_READERS);
  const v = await repo.findVersion(ctx.db, id);
  if (!v) throw notFound('List version');
  const changes = await repo.versionChanges(ctx.db, id, { change: q.change, limit: q.limit ?? 200, offset: q.offset ?? 0 });
  return {
    version: presentVersion(v),
    changes: changes.map((c) => ({ entityId: c.entity_id, change: c.change, name: c.name, list: c.list })),
  };
}

/** Queues a refresh of one source (or all) from the configured URLs now (admin). */
export async function requestListUpdate(ctx: Ctx, source?: string) {
  const a = requireRole(ctx.actor, LIST_UPDATERS);
  if (source) sourceByName(source);
  const job = await withTx(ctx.db, async (tx) => {
    const j = await enqueueJob(tx, ctx.clock.now(), REFRESH_JOB, { source: source ?? null }, { createdBy: a.userId, maxAttempts: 1 });
    await recordAudit(tx, ctx, { action: 'screening.list_update_requested', subjectType: 'screening_list', subjectId: source ?? 'all', details: { jobId: j.id } });
    return j;
  });
  return { jobId: job.id, statusUrl: `/api/jobs/${job.id}` };
}

export async function getEntity(ctx: Ctx, id: string) {
  requireRole(ctx.actor, LIST_READERS);
  const row = await ctx.db.selectFrom('screening_entities').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('Listed entity');
  return { entity: JSON.parse(row.data) as ListedParty, versionId: row.version_id, hash: row.hash };
}

export const isExecutor = (x: unknown): x is Executor => !!x;
