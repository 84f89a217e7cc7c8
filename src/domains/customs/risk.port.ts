/**
 * Read model for the risk domain (owned by risk, lives here because it names customs' tables): declarations with their
 * lines, streamed in pages, for a declaration-date window or since an ingestion watermark. Read-only.
 */
import type { Selectable } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import type { CustomsDeclarationsTable } from './customs.tables.js';

export interface RiskParty {
  name: string;
  country: string;
  eori?: string | null;
  address?: string | null;
}

export interface RiskLine {
  lineNo: number;
  hsCode: string;
  description: string;
  controlCode: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
  authKind: string | null;
  authReference: string | null;
  status: string;
  reasons: { code: string; message: string }[];
}

export interface RiskDeclaration {
  id: string;
  /** The declarant's reference as ingested. */
  reference: string;
  date: string;
  createdAt: string;
  organisationId: string | null;
  procedure: string;
  exporter: RiskParty;
  consignee: RiskParty;
  endUser: RiskParty | null;
  destination: string;
  dispatchCountry: string;
  transit: string[];
  status: string;
  lines: RiskLine[];
}

export interface RiskWindow {
  /** Declaration dates (YYYY-MM-DD), inclusive. */
  from?: string;
  to?: string;
  /** Only declarations ingested after this instant (ISO). */
  createdAfter?: string;
  pageSize?: number;
}

/**
 * Streams active declarations in pages, in id order (so the order is arbitrary but each is read once). A createdAfter
 * window first reads the matching ids through the created_at index, then the rows by id: keyset paging on id would make
 * the engine walk the whole table (SQLite prefers the primary key for ORDER BY id).
 */
export async function* streamRiskDeclarations(db: Executor, w: RiskWindow = {}): AsyncGenerator<RiskDeclaration[]> {
  const size = w.pageSize ?? 2000;
  if (w.createdAfter) {
    let q = db.selectFrom('customs_declarations').select('id').where('created_at', '>', w.createdAfter).where('status', '=', 'active');
    if (w.from) q = q.where('date', '>=', w.from);
    if (w.to) q = q.where('date', '<=', w.to);
    // Binary order, as ORDER BY id gives on SQLite and on PostgreSQL's C collation.
    const ids = (await q.execute()).map((r) => r.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i < ids.length; i += size) {
      const part = ids.slice(i, i + size);
      const rows = await db.selectFrom('customs_declarations').select(DECL_COLUMNS).where('id', 'in', part).execute();
      const byId = new Map(rows.map((r) => [r.id, r]));
      yield withLines(db, part.flatMap((id) => byId.get(id) ?? []));
    }
    return;
  }
  let after = '';
  for (;;) {
    let q = db.selectFrom('customs_declarations').select(DECL_COLUMNS).where('id', '>', after).where('status', '=', 'active').orderBy('id').limit(size);
    if (w.from) q = q.where('date', '>=', w.from);
    if (w.to) q = q.where('date', '<=', w.to);
    const rows = await q.execute();
    if (!rows.length) return;
    after = rows[rows.length - 1]!.id;
    yield withLines(db, rows);
    if (rows.length < size) return;
  }
}

// Only the columns the rules read: decoding the others (declarant JSON, decisions, licence ids) cost a full scan seconds.
const DECL_COLUMNS = ['id', 'reference', 'date', 'created_at', 'organisation_id', 'procedure', 'exporter', 'consignee', 'end_user', 'destination', 'dispatch_country', 'transit', 'status'] as const;
const LINE_COLUMNS = ['declaration_id', 'line_no', 'hs_code', 'description', 'control_code', 'quantity', 'unit', 'value', 'currency', 'auth_kind', 'auth_reference', 'status', 'reasons'] as const;
type DeclRow = Pick<Selectable<CustomsDeclarationsTable>, (typeof DECL_COLUMNS)[number]>;

async function withLines(db: Executor, rows: DeclRow[]): Promise<RiskDeclaration[]> {
  const byDecl = new Map<string, RiskLine[]>();
  if (rows.length) {
    const lines = await db.selectFrom('customs_lines').select(LINE_COLUMNS).where('declaration_id', 'in', rows.map((r) => r.id)).execute();
    for (const l of lines) {
      const list = byDecl.get(l.declaration_id) ?? [];
      list.push({ lineNo: Number(l.line_no), hsCode: l.hs_code, description: l.description, controlCode: l.control_code, quantity: Number(l.quantity), unit: l.unit, value: Number(l.value), currency: l.currency, authKind: l.auth_kind, authReference: l.auth_reference, status: l.status, reasons: l.reasons === '[]' ? [] : JSON.parse(l.reasons) });
      byDecl.set(l.declaration_id, list);
    }
  }
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    date: r.date,
    createdAt: r.created_at,
    organisationId: r.organisation_id,
    procedure: r.procedure,
    exporter: JSON.parse(r.exporter),
    consignee: JSON.parse(r.consignee),
    endUser: r.end_user ? JSON.parse(r.end_user) : null,
    destination: r.destination,
    dispatchCountry: r.dispatch_country,
    transit: JSON.parse(r.transit),
    status: r.status,
    lines: (byDecl.get(r.id) ?? []).sort((a, b) => a.lineNo - b.lineNo),
  }));
}

/** How many active declarations a window holds (for progress), and the latest ingestion instant among them. */
export async function countRiskDeclarations(db: Executor, w: RiskWindow = {}) {
  let q = db.selectFrom('customs_declarations').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('created_at').as('last')]).where('status', '=', 'active');
  if (w.from) q = q.where('date', '>=', w.from);
  if (w.to) q = q.where('date', '<=', w.to);
  if (w.createdAfter) q = q.where('created_at', '>', w.createdAfter);
  const r = await q.executeTakeFirstOrThrow();
  return { count: Number(r.n), lastCreatedAt: (r.last as string | null) ?? null };
}

/** A uniform random sample of active declarations in a date window (deterrence selections). */
export async function sampleRiskDeclarations(db: Executor, n: number, w: { from?: string; to?: string } = {}) {
  let q = db.selectFrom('customs_declarations').select(['id', 'reference', 'date', 'exporter', 'destination']).where('status', '=', 'active');
  if (w.from) q = q.where('date', '>=', w.from);
  if (w.to) q = q.where('date', '<=', w.to);
  const rows = await q.orderBy((eb) => eb.fn('random', []) as never).limit(n).execute();
  return rows.map((r) => ({ id: r.id, reference: r.reference, date: r.date, exporter: JSON.parse(r.exporter) as RiskParty, destination: r.destination }));
}
