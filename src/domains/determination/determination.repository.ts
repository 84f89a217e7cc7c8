import type { Executor } from '../../platform/db/index.js';
import type { DeterminationPacksTable, DeterminationsTable } from './determination.tables.js';

export type PackRow = DeterminationPacksTable;

const PACK_META = ['id', 'policy', 'pack_key', 'version', 'status', 'effective_from', 'effective_to', 'checksum', 'based_on_id', 'note', 'created_by', 'created_at'] as const;

/** The published pack version in force for a policy on a date (YYYY-MM-DD), without its content. */
export async function findPackInForce(db: Executor, policy: string, date: string) {
  return db
    .selectFrom('determination_packs')
    .select(PACK_META)
    .where('policy', '=', policy)
    .where('status', '=', 'active')
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', date)]))
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .executeTakeFirst();
}

export async function findPack(db: Executor, id: string) {
  return db.selectFrom('determination_packs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function packContent(db: Executor, id: string): Promise<string | undefined> {
  const r = await db.selectFrom('determination_packs').select('content').where('id', '=', id).executeTakeFirst();
  return r?.content;
}

export async function listPackVersions(db: Executor, policy?: string, statuses: string[] = ['active']) {
  let q = db.selectFrom('determination_packs').select(PACK_META).where('status', 'in', statuses).orderBy('policy').orderBy('version', 'desc').orderBy('created_at', 'desc');
  if (policy) q = q.where('policy', '=', policy);
  return q.execute();
}

export async function maxVersion(db: Executor, policy: string): Promise<number> {
  const r = await db.selectFrom('determination_packs').select((eb) => eb.fn.max('version').as('v')).where('policy', '=', policy).where('status', '=', 'active').executeTakeFirst();
  return Number(r?.v ?? 0);
}

export async function insertPack(db: Executor, row: PackRow) {
  await db.insertInto('determination_packs').values(row).execute();
}

export async function insertDetermination(db: Executor, row: DeterminationsTable) {
  await db.insertInto('determinations').values(row).execute();
}

export async function findDetermination(db: Executor, id: string) {
  return db.selectFrom('determinations').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listDeterminationRows(db: Executor, opts: { organisationId?: string; policy?: string; limit: number; offset: number }) {
  let q = db
    .selectFrom('determinations')
    .select(['id', 'organisation_id', 'user_id', 'policy', 'policy_version', 'outcome', 'tier', 'destination', 'end_use', 'total_value', 'item_count', 'application_id', 'source', 'created_at'])
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(opts.limit)
    .offset(opts.offset);
  if (opts.organisationId) q = q.where('organisation_id', '=', opts.organisationId);
  if (opts.policy) q = q.where('policy', '=', opts.policy);
  return q.execute();
}

/** Stored determinations of a policy, a page at a time (for replay). */
export async function determinationPage(db: Executor, policy: string, afterId: string | null, limit: number) {
  let q = db
    .selectFrom('determinations')
    .select(['id', 'organisation_id', 'application_id', 'destination', 'end_use', 'total_value', 'input', 'context', 'outcome'])
    .where('policy', '=', policy)
    .orderBy('id')
    .limit(limit);
  if (afterId) q = q.where('id', '>', afterId);
  return q.execute();
}
