/**
 * The authority's own list, the "Unverified List": parties whose end use could not be verified by an end-use check
 * (owned by the verification domain, which decides who is on it). Published here as a screening source like the others,
 * so the screening index, every screening result and re-screening of stored parties see it. Each change is a new list
 * version with its diff, written in the caller's transaction (the listing decision and the version commit together).
 * No truncation guard: the list shrinking to nothing is a legitimate, audited removal, not a broken feed.
 */
import type { Ctx } from '../../platform/context.js';
import { lockKey, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { newId } from '../../platform/ids.js';
import type { ListedParty } from './model.js';
import { partyHash } from './lists/common.js';
import * as repo from './screening.repository.js';

export const AUTHORITY_LIST_SOURCE = 'clearway-unverified';
export const AUTHORITY_LIST_NAME = 'Unverified List';
const RESCREEN_JOB = 'screening.rescreen';

export interface AuthorityListEntry {
  /** Stable id of the listing (the verification domain's row id). */
  id: string;
  name: string;
  country: string;
  address?: string | null;
  reason: string;
  listedOn: string; // YYYY-MM-DD
}

function toParty(e: AuthorityListEntry): ListedParty {
  return {
    id: `${AUTHORITY_LIST_SOURCE}:${e.id}`,
    source: AUTHORITY_LIST_SOURCE,
    sourceId: e.id,
    list: AUTHORITY_LIST_NAME,
    schema: 'Organization',
    names: [{ full: e.name, type: 'primary' }],
    addresses: e.address ? [{ full: e.address, country: e.country }] : [],
    countries: [e.country.toUpperCase()],
    birthDates: [],
    identifiers: [],
    programmes: ['End-use check'],
    listedOn: e.listedOn,
    remarks: e.reason,
  };
}

/** Replaces the list with `entries` as a new current version (with its diff); unchanged content writes nothing. */
export async function publishAuthorityList(tx: Executor, ctx: Ctx, entries: AuthorityListEntry[]) {
  // Serialises publishers (two officers confirming at once): each sees the other's version as its predecessor.
  await lockKey(tx, `screening.list.${AUTHORITY_LIST_SOURCE}`);
  const parties = entries.map(toParty);
  const prev = await repo.currentVersion(tx, AUTHORITY_LIST_SOURCE);
  const existing = await tx.selectFrom('screening_entities').select(['id', 'hash', 'data']).where('source', '=', AUTHORITY_LIST_SOURCE).execute();
  const oldById = new Map(existing.map((e) => [e.id, e]));
  const rows = parties.map((p) => {
    const json = JSON.stringify(p);
    return { p, json, hash: partyHash(p, json) };
  });
  const added = rows.filter((r) => !oldById.has(r.p.id));
  const changed = rows.filter((r) => oldById.has(r.p.id) && oldById.get(r.p.id)!.hash !== r.hash);
  const ids = new Set(parties.map((p) => p.id));
  const removed = existing.filter((e) => !ids.has(e.id));
  if (prev && !added.length && !changed.length && !removed.length) return { versionId: prev.id, changed: false };
  const now = ctx.clock.now().toISOString();
  const versionId = newId();
  const checksum = partyHash({} as ListedParty, JSON.stringify(rows.map((r) => r.hash).sort()));
  if (prev) await tx.updateTable('screening_list_versions').set({ is_current: 0 }).where('id', '=', prev.id).execute();
  await tx
    .insertInto('screening_list_versions')
    .values({
      id: versionId,
      source: AUTHORITY_LIST_SOURCE,
      seq: (prev ? Number(prev.seq) : 0) + 1,
      fetched_at: now,
      data_date: now.slice(0, 10),
      checksum,
      origin: 'authority',
      origin_detail: 'end-use checks (verification)',
      entity_count: parties.length,
      name_count: parties.length,
      added_count: added.length,
      removed_count: removed.length,
      changed_count: changed.length,
      previous_version_id: prev?.id ?? null,
      is_current: 1,
      created_by: ctx.actor?.userId ?? null,
    })
    .execute();
  const change = (id: string, name: string, kind: 'added' | 'changed' | 'removed', data: string) => ({ version_id: versionId, entity_id: id, change: kind, name, list: AUTHORITY_LIST_NAME, data });
  await repo.insertChunked(tx, 'screening_version_changes', [
    ...added.map((r) => change(r.p.id, r.p.names[0]!.full, 'added', r.json)),
    ...changed.map((r) => change(r.p.id, r.p.names[0]!.full, 'changed', r.json)),
    ...removed.map((e) => change(e.id, (JSON.parse(e.data) as ListedParty).names[0]?.full ?? e.id, 'removed', e.data)),
  ]);
  const gone = [...removed.map((e) => e.id), ...changed.map((r) => r.p.id)];
  if (gone.length) await tx.deleteFrom('screening_entities').where('id', 'in', gone).execute();
  const fresh = [...added, ...changed].map((r) => ({ id: r.p.id, source: AUTHORITY_LIST_SOURCE, list: AUTHORITY_LIST_NAME, schema: r.p.schema, name: r.p.names[0]!.full, data: r.json, hash: r.hash, version_id: versionId }));
  await repo.insertChunked(tx, 'screening_entities', fresh);
  await recordAudit(tx, ctx, {
    action: 'screening.list_version_created',
    subjectType: 'screening_list',
    subjectId: AUTHORITY_LIST_SOURCE,
    details: { versionId, origin: 'authority', entities: parties.length, added: added.length, removed: removed.length, changed: changed.length, previousVersionId: prev?.id ?? null },
  });
  if (added.length + changed.length > 0) await enqueueJob(tx, ctx.clock.now(), RESCREEN_JOB, { versionId }, { uniqueKey: `screening.rescreen:${versionId}` });
  return { versionId, changed: true };
}
