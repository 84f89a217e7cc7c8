/**
 * Read side of licences for other domains (customs). Other domains call these typed functions and never name
 * licensing's tables (architecture rule 12). Callers check who is asking; these functions do not.
 */
import { dialectOf, sql, type Executor } from '../../platform/db/index.js';
import { normaliseVerificationCode } from './verification-code.js';

export interface LicenceGoodSnapshot {
  id: string;
  description: string;
  /** Control rating of the good (e.g. 5A002), or null when unrated. */
  rating: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
  usedQuantity: number;
  usedValue: number;
}

export interface LicencePartySnapshot {
  role: string; // consignee | end_user | ultimate_end_user | third_party
  name: string;
  country: string;
  address: string;
}

export interface LicenceSnapshot {
  id: string;
  reference: string;
  organisationId: string;
  holder: string | null;
  /** active | suspended | revoked | surrendered | expired | exhausted */
  status: string;
  validFrom: string;
  validTo: string;
  destination: string | null;
  transit: string[];
  exportType: string | null;
  verificationCode: string;
  goods: LicenceGoodSnapshot[];
  parties: LicencePartySnapshot[];
}

async function snapshots(db: Executor, licenceIds: string[]): Promise<LicenceSnapshot[]> {
  if (!licenceIds.length) return [];
  const out: LicenceSnapshot[] = [];
  for (let i = 0; i < licenceIds.length; i += 500) {
    const ids = licenceIds.slice(i, i + 500);
    const lics = await db
      .selectFrom('lic_licences')
      .innerJoin('lic_applications', 'lic_applications.id', 'lic_licences.application_id')
      .leftJoin('organisations', 'organisations.id', 'lic_licences.organisation_id')
      .select(['lic_licences.id', 'lic_licences.reference', 'lic_licences.organisation_id', 'lic_licences.status', 'lic_licences.valid_from', 'lic_licences.valid_to', 'lic_licences.verification_code', 'lic_licences.application_id', 'lic_applications.destination', 'lic_applications.transit', 'lic_applications.export_type', 'organisations.name as holder'])
      .where('lic_licences.id', 'in', ids)
      .execute();
    const goods = await db.selectFrom('lic_licence_goods').selectAll().where('licence_id', 'in', ids).execute();
    const appIds = [...new Set(lics.map((l) => l.application_id))];
    const parties = appIds.length ? await db.selectFrom('lic_parties').select(['application_id', 'role', 'name', 'country', 'address']).where('application_id', 'in', appIds).execute() : [];
    for (const l of lics) {
      let transit: string[] = [];
      try {
        transit = JSON.parse(l.transit || '[]');
      } catch {
        transit = [];
      }
      out.push({
        id: l.id,
        reference: l.reference,
        organisationId: l.organisation_id,
        holder: l.holder ?? null,
        status: l.status,
        validFrom: l.valid_from,
        validTo: l.valid_to,
        destination: l.destination,
        transit,
        exportType: l.export_type,
        verificationCode: l.verification_code ?? '',
        goods: goods
          .filter((g) => g.licence_id === l.id)
          .map((g) => ({ id: g.id, description: g.description, rating: g.rating, quantity: Number(g.quantity), unit: g.unit, value: Number(g.value), currency: g.currency, usedQuantity: Number(g.used_quantity), usedValue: Number(g.used_value) })),
        parties: parties.filter((p) => p.application_id === l.application_id).map((p) => ({ role: p.role, name: p.name, country: p.country, address: p.address })),
      });
    }
  }
  return out;
}

export async function findLicenceById(db: Executor, id: string): Promise<LicenceSnapshot | null> {
  return (await snapshots(db, [id]))[0] ?? null;
}

/** Several licences at once (three queries per 500 ids, not three per licence). */
export async function findLicencesByIds(db: Executor, ids: string[]): Promise<LicenceSnapshot[]> {
  return snapshots(db, [...new Set(ids)]);
}

/** Licences by reference (exact, case-insensitive on the caller's side: references are upper case). */
export async function findLicencesByReferences(db: Executor, references: string[]): Promise<LicenceSnapshot[]> {
  const refs = [...new Set(references.map((r) => r.trim().toUpperCase()))].filter(Boolean);
  const ids: string[] = [];
  for (let i = 0; i < refs.length; i += 500) {
    const rows = await db.selectFrom('lic_licences').select('id').where(sql<string>`upper(reference)`, 'in', refs.slice(i, i + 500)).execute();
    ids.push(...rows.map((r) => r.id));
  }
  return snapshots(db, ids);
}

/** The licence whose verification code this is (the code printed on the licence, as licensing stored it). */
export async function findLicenceByVerificationCode(db: Executor, code: string): Promise<LicenceSnapshot | null> {
  const want = normaliseVerificationCode(code);
  if (!want) return null;
  const row = await db.selectFrom('lic_licences').select('id').where('verification_code', '=', want).executeTakeFirst();
  return row ? findLicenceById(db, row.id) : null;
}

/** Licences held by an organisation, or by holders whose name contains `holderName`; newest first. */
export async function findLicencesByHolder(db: Executor, q: { organisationId?: string; holderName?: string; limit?: number }): Promise<LicenceSnapshot[]> {
  let query = db.selectFrom('lic_licences').leftJoin('organisations', 'organisations.id', 'lic_licences.organisation_id').select('lic_licences.id').orderBy('lic_licences.issued_at', 'desc').limit(q.limit ?? 100);
  if (q.organisationId) query = query.where('lic_licences.organisation_id', '=', q.organisationId);
  if (q.holderName) query = query.where(sql<string>`lower(organisations.name)`, 'like', `%${q.holderName.toLowerCase().replace(/[%_]/g, '')}%`);
  const rows = await query.execute();
  return snapshots(db, rows.map((r) => r.id));
}

/**
 * Current usage of licence goods, locked until the caller's transaction ends (PostgreSQL `FOR UPDATE`; SQLite
 * transactions already hold the write lock). Lock in id order so two writers never deadlock.
 */
export async function lockLicenceGoods(tx: Executor, goodIds: string[]): Promise<Map<string, { quantity: number; value: number; usedQuantity: number; usedValue: number }>> {
  const ids = [...new Set(goodIds)].sort();
  const out = new Map<string, { quantity: number; value: number; usedQuantity: number; usedValue: number }>();
  if (!ids.length) return out;
  let q = tx.selectFrom('lic_licence_goods').select(['id', 'quantity', 'value', 'used_quantity', 'used_value']).where('id', 'in', ids).orderBy('id');
  if (dialectOf(tx) === 'postgres') q = q.forUpdate();
  for (const r of await q.execute()) out.set(r.id, { quantity: Number(r.quantity), value: Number(r.value), usedQuantity: Number(r.used_quantity), usedValue: Number(r.used_value) });
  return out;
}

/**
 * Adds (or, with negative amounts, gives back) usage on a licence good with a conditional update: it succeeds only
 * when the result stays within 0 … authorised, so usage never goes negative or past the licence under concurrency.
 */
export async function changeLicenceGoodUsage(tx: Executor, goodId: string, quantity: number, value: number): Promise<boolean> {
  const eps = 1e-9;
  const res = await tx
    .updateTable('lic_licence_goods')
    .set((eb) => ({ used_quantity: eb('used_quantity', '+', quantity), used_value: eb('used_value', '+', value) }))
    .where('id', '=', goodId)
    .where((eb) => eb(eb('used_quantity', '+', quantity), '<=', eb('quantity', '+', eps)))
    .where((eb) => eb(eb('used_value', '+', value), '<=', eb('value', '+', eps)))
    .where((eb) => eb(eb('used_quantity', '+', quantity), '>=', -eps))
    .where((eb) => eb(eb('used_value', '+', value), '>=', -eps))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Several goods' usage changes in one statement on PostgreSQL (one round trip per chunk of declarations), one conditional
 * update each on SQLite (in-process, cheap). Same bounds as `changeLicenceGoodUsage`; true only if every row changed.
 */
export async function changeLicenceGoodsUsage(tx: Executor, deltas: { goodId: string; quantity: number; value: number }[]): Promise<boolean> {
  if (!deltas.length) return true;
  if (dialectOf(tx) !== 'postgres') {
    for (const d of deltas) if (!(await changeLicenceGoodUsage(tx, d.goodId, d.quantity, d.value))) return false;
    return true;
  }
  const eps = 1e-9;
  let changed = 0;
  for (let i = 0; i < deltas.length; i += 1000) {
    const part = deltas.slice(i, i + 1000);
    const values = sql.join(part.map((d) => sql`(${d.goodId}::text, ${d.quantity}::double precision, ${d.value}::double precision)`));
    const res = await sql`update lic_licence_goods g
      set used_quantity = g.used_quantity + v.q, used_value = g.used_value + v.val
      from (values ${values}) as v(id, q, val)
      where g.id = v.id
        and g.used_quantity + v.q <= g.quantity + ${eps} and g.used_value + v.val <= g.value + ${eps}
        and g.used_quantity + v.q >= ${-eps} and g.used_value + v.val >= ${-eps}`.execute(tx);
    changed += Number(res.numAffectedRows ?? 0);
  }
  return changed === deltas.length;
}
