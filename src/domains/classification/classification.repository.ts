import type { Executor } from '../../platform/db/index.js';
import { lockKey, sql } from '../../platform/db/index.js';
import type { ClassificationParametersTable, ClassificationRequestsTable, ClassificationRulingsTable } from './classification.tables.js';

export type RequestRow = ClassificationRequestsTable;
export type ParameterRow = ClassificationParametersTable;
export type RulingRow = ClassificationRulingsTable;

/** The next `CR-<year>-<nnnnn>` reference; takes a lock so concurrent filers on PostgreSQL never collide. */
export async function nextReference(tx: Executor, year: number): Promise<string> {
  await lockKey(tx, 'classification.reference');
  const prefix = `CR-${year}-`;
  const row = await tx
    .selectFrom('classification_requests')
    .select((eb) => eb.fn.max('reference').as('last'))
    .where('reference', 'like', `${prefix}%`)
    .executeTakeFirst();
  const last = row?.last ? Number(String(row.last).slice(prefix.length)) : 0;
  return `${prefix}${String(last + 1).padStart(5, '0')}`;
}

export async function insertRequest(tx: Executor, row: RequestRow, params: ParameterRow[]) {
  await tx.insertInto('classification_requests').values(row).execute();
  if (params.length) await tx.insertInto('classification_parameters').values(params).execute();
}

export const findRequest = (db: Executor, id: string) =>
  db.selectFrom('classification_requests').selectAll().where('id', '=', id).executeTakeFirst();

export const findRuling = (db: Executor, requestId: string) =>
  db.selectFrom('classification_rulings').selectAll().where('request_id', '=', requestId).executeTakeFirst();

/** Parameters of several requests, grouped by request id, in their given order. */
export async function parametersOf(db: Executor, requestIds: string[]): Promise<Map<string, ParameterRow[]>> {
  const out = new Map<string, ParameterRow[]>();
  for (let i = 0; i < requestIds.length; i += 500) {
    const chunk = requestIds.slice(i, i + 500);
    if (!chunk.length) break;
    const rows = await db.selectFrom('classification_parameters').selectAll().where('request_id', 'in', chunk).orderBy('request_id').orderBy('position').execute();
    for (const r of rows) {
      const list = out.get(r.request_id) ?? [];
      list.push({ ...r, value_num: r.value_num === null ? null : Number(r.value_num) });
      out.set(r.request_id, list);
    }
  }
  return out;
}

export interface RequestFilter {
  organisationId?: string;
  status?: string;
  /** Only requests with a ruling. */
  ruledOnly?: boolean;
  /** Case-insensitive substring of reference, product name, manufacturer or part number. */
  text?: string;
  limit: number;
  offset: number;
}

/** Requests with their organisation and ruling (if any), newest first. */
export async function listRequests(db: Executor, f: RequestFilter) {
  let q = db
    .selectFrom('classification_requests as r')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .leftJoin('classification_rulings as g', 'g.request_id', 'r.id');
  if (f.organisationId) q = q.where('r.organisation_id', '=', f.organisationId);
  if (f.status) q = q.where('r.status', '=', f.status);
  if (f.ruledOnly) q = q.where('g.id', 'is not', null);
  if (f.text) {
    const like = `%${f.text.toLowerCase().replace(/[%_\\]/g, (c) => '\\' + c)}%`;
    // Explicit ESCAPE so `%`, `_` and `\` typed by the user match literally on both engines.
    q = q.where(
      sql<boolean>`(lower(r.reference) like ${like} escape '\\' or lower(r.product_name) like ${like} escape '\\' or lower(r.manufacturer) like ${like} escape '\\' or lower(coalesce(r.part_number, '')) like ${like} escape '\\')`,
    );
  }
  const totalRow = await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
  const rows = await q
    .select([
      'r.id', 'r.reference', 'r.organisation_id', 'r.created_by', 'r.product_name', 'r.description', 'r.manufacturer', 'r.part_number', 'r.publish_part_number', 'r.publish_description',
      'r.status', 'r.datasheet_file_id', 'r.submitted_at', 'r.updated_at', 'o.name as organisation_name',
      'g.list as ruling_list', 'g.code as ruling_code', 'g.title as ruling_title', 'g.not_listed as ruling_not_listed', 'g.ruled_at as ruling_ruled_at',
    ])
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.reference', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { total: Number(totalRow?.n ?? 0), rows };
}

export async function insertRuling(tx: Executor, ruling: RulingRow) {
  await tx.insertInto('classification_rulings').values(ruling).execute();
}

export async function setStatus(tx: Executor, id: string, status: string, now: string) {
  await tx.updateTable('classification_requests').set({ status, updated_at: now }).where('id', '=', id).execute();
}

export async function setDatasheet(tx: Executor, id: string, fileId: string, now: string) {
  await tx.updateTable('classification_requests').set({ datasheet_file_id: fileId, updated_at: now }).where('id', '=', id).execute();
}

/** Every ruled request (a precedent) with what search and redaction need. */
export async function loadPrecedents(db: Executor, opts: { since?: string; id?: string } = {}) {
  let q = db
    .selectFrom('classification_rulings as g')
    .innerJoin('classification_requests as r', 'r.id', 'g.request_id')
    .innerJoin('organisations as o', 'o.id', 'r.organisation_id')
    .leftJoin('users as u', 'u.id', 'r.created_by')
    .leftJoin('users as ou', 'ou.id', 'g.ruled_by')
    .select([
      'r.id', 'r.reference', 'r.organisation_id', 'r.product_name', 'r.description', 'r.manufacturer', 'r.part_number', 'r.publish_part_number', 'r.publish_description',
      'o.name as organisation_name', 'u.email as requester_email', 'u.name as requester_name', 'ou.email as officer_email', 'ou.name as officer_name',
      'g.id as ruling_id', 'g.list', 'g.code', 'g.title', 'g.not_listed', 'g.rationale', 'g.ruled_at',
    ])
    .orderBy('g.ruled_at', 'desc');
  if (opts.since) q = q.where('g.ruled_at', '>=', opts.since);
  if (opts.id) q = q.where('r.id', '=', opts.id);
  const rows = await q.execute();
  const params = await parametersOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, parameters: params.get(r.id) ?? [] }));
}
export type PrecedentRow = Awaited<ReturnType<typeof loadPrecedents>>[number];

export const findFile = (db: Executor, id: string) => db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();

export async function userLabel(db: Executor, id: string | null) {
  if (!id) return null;
  const u = await db.selectFrom('users').select(['email', 'name']).where('id', '=', id).executeTakeFirst();
  return u ?? null;
}

export const findPublication = (db: Executor, requestId: string) =>
  db.selectFrom('classification_publications').selectAll().where('request_id', '=', requestId).executeTakeFirst();

/** Published rulings with their rating, newest first. */
export function listPublications(db: Executor) {
  return db
    .selectFrom('classification_publications as p')
    .innerJoin('classification_requests as r', 'r.id', 'p.request_id')
    .innerJoin('classification_rulings as g', 'g.request_id', 'p.request_id')
    .select(['r.reference', 'p.request_id', 'p.public_summary', 'p.description', 'p.parameters', 'p.part_number', 'p.published_at', 'g.list', 'g.code', 'g.title', 'g.not_listed', 'g.ruled_at'])
    .orderBy('p.published_at', 'desc')
    .execute();
}
