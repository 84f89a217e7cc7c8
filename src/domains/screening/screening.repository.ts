import type { Executor } from '../../platform/db/index.js';
import type { ListedParty } from './model.js';
import type { ScreeningListVersionsTable } from './screening.tables.js';

export type VersionRow = ScreeningListVersionsTable;

/** Inserts rows in chunks (keeps statements under every engine's parameter limit). */
export async function insertChunked<T extends Record<string, unknown>>(tx: Executor, table: string, rows: T[], chunk = 300) {
  for (let i = 0; i < rows.length; i += chunk) await (tx as any).insertInto(table).values(rows.slice(i, i + chunk)).execute();
}

export const currentVersions = (db: Executor) =>
  db.selectFrom('screening_list_versions').selectAll().where('is_current', '=', 1).orderBy('source').execute();

export const currentVersion = (db: Executor, source: string) =>
  db.selectFrom('screening_list_versions').selectAll().where('source', '=', source).where('is_current', '=', 1).executeTakeFirst();

export const findVersion = (db: Executor, id: string) => db.selectFrom('screening_list_versions').selectAll().where('id', '=', id).executeTakeFirst();

export async function listVersions(db: Executor, source?: string, limit = 100) {
  let q = db.selectFrom('screening_list_versions').selectAll().orderBy('fetched_at', 'desc').orderBy('seq', 'desc').limit(limit);
  if (source) q = q.where('source', '=', source);
  return q.execute();
}

export const entityHashes = (db: Executor, source: string) =>
  db.selectFrom('screening_entities').select(['id', 'hash', 'data']).where('source', '=', source).execute();

export async function allEntities(db: Executor): Promise<ListedParty[]> {
  const out: ListedParty[] = [];
  const page = 5000;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('screening_entities').select(['id', 'data']).where('id', '>', after).orderBy('id').limit(page).execute();
    for (const r of rows) out.push(JSON.parse(r.data) as ListedParty);
    if (rows.length < page) break;
    after = rows[rows.length - 1]!.id;
  }
  return out;
}

export const entitiesByIds = async (db: Executor, ids: string[]) => {
  const out: Array<{ id: string; hash: string; data: string; version_id: string; source: string }> = [];
  for (let i = 0; i < ids.length; i += 500) {
    if (!ids.slice(i, i + 500).length) continue;
    out.push(...(await db.selectFrom('screening_entities').select(['id', 'hash', 'data', 'version_id', 'source']).where('id', 'in', ids.slice(i, i + 500)).execute()));
  }
  return out;
};

export const versionChanges = (db: Executor, versionId: string, opts: { change?: string; limit?: number; offset?: number } = {}) => {
  let q = db.selectFrom('screening_version_changes').selectAll().where('version_id', '=', versionId).orderBy('change').orderBy('name');
  if (opts.change) q = q.where('change', '=', opts.change as 'added');
  if (opts.limit) q = q.limit(opts.limit).offset(opts.offset ?? 0);
  return q.execute();
};

export const findParty = (db: Executor, id: string) =>
  db.selectFrom('screening_parties').selectAll().where('id', '=', id).where('deleted_at', 'is', null).executeTakeFirst();

export const findHit = (db: Executor, id: string) => db.selectFrom('screening_hits').selectAll().where('id', '=', id).executeTakeFirst();

export const hitsForParty = (db: Executor, partyId: string) =>
  db.selectFrom('screening_hits').selectAll().where('party_id', '=', partyId).orderBy('score', 'desc').execute();

export const adminUserIds = async (db: Executor) =>
  (await db.selectFrom('users').select('id').where('role', '=', 'admin').where('disabled', '=', 0).execute()).map((r) => r.id);

export const reviewerUserIds = async (db: Executor) =>
  (await db.selectFrom('users').select('id').where('role', 'in', ['licensing_officer', 'senior_officer']).where('disabled', '=', 0).execute()).map((r) => r.id);
