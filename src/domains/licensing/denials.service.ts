import { parse } from 'csv-parse/sync';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { requireRole } from '../../platform/auth/roles.js';
import { CASE_READERS, OFFICERS } from './licensing.policy.js';
import { REFUSAL_CRITERIA, loadApplication, normaliseName } from './licensing.repository.js';
import type { LicApplicationsTable, LicPartiesTable } from './licensing.tables.js';
import { touchCase } from './workflow.js';
import { nameMatcher } from '../screening/matching/names.js';
import { DEFAULT_THRESHOLD } from '../screening/matching/index.js';
import { csvCell } from '../../platform/csv.js';

/** Columns of a regime denial notification, in the layout LITE ingests (see fixtures/denial_valid_fixture.csv). */
export const DENIAL_COLUMNS = ['reference', 'regime_reg_ref', 'name', 'address', 'notifying_government', 'country', 'denial_cle', 'item_description', 'end_use', 'reason_for_refusal', 'entity_type'] as const;
const REQUIRED = ['regime_reg_ref', 'name', 'notifying_government', 'country', 'item_description', 'end_use', 'entity_type'] as const;
const ENTITY_TYPES = ['end_user', 'consignee', 'third_party'];
/** A screening-matcher score at or above this makes a party a candidate for the officer to review (the screening default). */
export const DENIAL_MATCH_THRESHOLD = DEFAULT_THRESHOLD;

type DenialRow = Record<(typeof DENIAL_COLUMNS)[number], string>;

/** Parses and validates a denial CSV; any bad row rejects the whole file (with every problem listed by row and field). */
export function parseDenialCsv(text: string): DenialRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false }) as Record<string, string>[];
  } catch (e) {
    throw invalid({ file: `is not valid CSV: ${(e as Error).message}` }, 'The denial file could not be read');
  }
  if (!records.length) throw invalid({ file: 'has no rows' });
  const header = Object.keys(records[0]);
  const missing = DENIAL_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw invalid({ file: `missing column(s): ${missing.join(', ')}` }, 'The denial file does not have the expected columns');
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = i + 2;
    for (const c of REQUIRED) if (!r[c]) fields[`row ${line}.${c}`] = 'is required';
    if (r.entity_type && !ENTITY_TYPES.includes(r.entity_type)) fields[`row ${line}.entity_type`] = `must be one of ${ENTITY_TYPES.join(', ')}`;
    if (r.regime_reg_ref) {
      if (seen.has(r.regime_reg_ref)) fields[`row ${line}.regime_reg_ref`] = 'appears twice in the file';
      seen.add(r.regime_reg_ref);
    }
  });
  if (Object.keys(fields).length) throw invalid(fields, 'The denial file has invalid rows; nothing was imported');
  return records.map((r) => Object.fromEntries(DENIAL_COLUMNS.map((c) => [c, r[c] ?? ''])) as DenialRow);
}

/** Imports partner-state denial notifications: new regime references are added, known ones updated. All or nothing. */
export async function importDenials(ctx: Ctx, csvText: string, opts: { filename?: string } = {}) {
  requireRole(ctx.actor, [...OFFICERS, 'admin']);
  const rows = parseDenialCsv(csvText);
  const batch = newId();
  return withTx(ctx.db, async (tx) => {
    let added = 0;
    let updated = 0;
    const now = nowIso(ctx);
    for (const r of rows) {
      const values = {
        reference: r.reference || null,
        name: r.name,
        address: r.address || null,
        notifying_government: r.notifying_government,
        country: r.country,
        denial_cle: r.denial_cle || null,
        item_description: r.item_description,
        end_use: r.end_use,
        reason_for_refusal: r.reason_for_refusal || null,
        entity_type: r.entity_type,
        normalised_name: normaliseName(r.name),
        import_batch: batch,
        active: 1,
      };
      const existing = await tx.selectFrom('lic_denials').select('id').where('source', '=', 'partner').where('regime_reg_ref', '=', r.regime_reg_ref).executeTakeFirst();
      if (existing) {
        await tx.updateTable('lic_denials').set(values).where('id', '=', existing.id).execute();
        updated++;
      } else {
        await tx.insertInto('lic_denials').values({ id: newId(), source: 'partner', regime_reg_ref: r.regime_reg_ref, application_id: null, ready_for_sharing: 0, created_at: now, ...values }).execute();
        added++;
      }
    }
    await recordAudit(tx, ctx, { action: 'denials.imported', subjectType: 'denial_import', subjectId: batch, details: { filename: opts.filename ?? null, rows: rows.length, added, updated } });
    return { batch, rows: rows.length, added, updated };
  });
}

export async function listDenials(ctx: Ctx, q: { source?: 'partner' | 'own'; search?: string; limit?: number; offset?: number }) {
  requireRole(ctx.actor, CASE_READERS);
  let query = ctx.db.selectFrom('lic_denials').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit ?? 100).offset(q.offset ?? 0);
  if (q.source) query = query.where('source', '=', q.source);
  if (q.search) query = query.where('normalised_name', 'like', `%${normaliseName(q.search)}%`);
  const rows = await query.execute();
  return rows.map(presentDenial);
}

/** How many denials listDenials pages through (same filters). */
export async function countDenials(ctx: Ctx, q: { source?: 'partner' | 'own'; search?: string }) {
  requireRole(ctx.actor, CASE_READERS);
  let query = ctx.db.selectFrom('lic_denials').select((eb) => eb.fn.countAll<number>().as('n'));
  if (q.source) query = query.where('source', '=', q.source);
  if (q.search) query = query.where('normalised_name', 'like', `%${normaliseName(q.search)}%`);
  return Number((await query.executeTakeFirst())?.n ?? 0);
}

const presentDenial = (d: { id: string; source: string; reference: string | null; regime_reg_ref: string | null; name: string; address: string | null; notifying_government: string | null; country: string | null; denial_cle: string | null; item_description: string | null; end_use: string | null; reason_for_refusal: string | null; entity_type: string | null; application_id: string | null; ready_for_sharing: number; active: number; created_at: string }) => ({
  id: d.id,
  source: d.source,
  reference: d.reference,
  regimeRegRef: d.regime_reg_ref,
  name: d.name,
  address: d.address,
  notifyingGovernment: d.notifying_government,
  country: d.country,
  denialCle: d.denial_cle,
  itemDescription: d.item_description,
  endUse: d.end_use,
  reasonForRefusal: d.reason_for_refusal,
  entityType: d.entity_type,
  applicationId: d.application_id,
  readyForSharing: Boolean(Number(d.ready_for_sharing)),
  active: Boolean(Number(d.active)),
  createdAt: d.created_at,
});

/** Our own refusals, in the partner-exchange layout, ready to share with regime partners. */
export async function exportOwnDenialsCsv(ctx: Ctx): Promise<string> {
  requireRole(ctx.actor, CASE_READERS);
  const rows = await ctx.db.selectFrom('lic_denials').selectAll().where('source', '=', 'own').where('active', '=', 1).where('ready_for_sharing', '=', 1).orderBy('created_at').execute();
  const lines = [DENIAL_COLUMNS.join(',')];
  for (const r of rows) lines.push(DENIAL_COLUMNS.map((c) => csvCell((r as unknown as Record<string, string | null>)[c])).join(','));
  return lines.join('\n') + '\n';
}

/** Compares every party of an application with the active partner denials; candidates become pending matches. Returns how many. */
export async function matchApplicationAgainstDenials(tx: Executor, ctx: Ctx, applicationId: string, parties: LicPartiesTable[]): Promise<number> {
  const denials = await tx.selectFrom('lic_denials').select(['id', 'name']).where('source', '=', 'partner').where('active', '=', 1).execute();
  if (!denials.length) return 0;
  // The screening matcher (transliteration, typos, word order, exact-name guarantee), not word overlap.
  const match = nameMatcher(denials.map((d) => ({ id: d.id, name: d.name })));
  let n = 0;
  const now = nowIso(ctx);
  for (const p of parties) {
    for (const { id, score } of match(p.name, DENIAL_MATCH_THRESHOLD)) {
      await tx.insertInto('lic_denial_matches').values({ id: newId(), application_id: applicationId, party_id: p.id, denial_id: id, score: Math.round(score * 1000) / 1000, status: 'pending', comment: null, recorded_by: null, recorded_at: null, created_at: now }).execute();
      n++;
    }
  }
  return n;
}

/** The officer records whether a candidate is an exact or partial match (or none), with a comment. When every candidate is reviewed the denial flag clears. */
export async function recordDenialMatch(ctx: Ctx, applicationId: string, matchId: string, input: { result: 'exact' | 'partial' | 'not_a_match'; comment: string }) {
  const a = requireRole(ctx.actor, OFFICERS);
  return withTx(ctx.db, async (tx) => {
    const app = await loadApplication(tx, applicationId);
    const m = await tx.selectFrom('lic_denial_matches').selectAll().where('id', '=', matchId).where('application_id', '=', applicationId).executeTakeFirst();
    if (!m) throw notFound('Denial match');
    const now = nowIso(ctx);
    await tx.updateTable('lic_denial_matches').set({ status: input.result, comment: input.comment, recorded_by: a.userId, recorded_at: now }).where('id', '=', matchId).execute();
    const pending = await tx.selectFrom('lic_denial_matches').select('id').where('application_id', '=', applicationId).where('status', '=', 'pending').executeTakeFirst();
    let flagCleared = false;
    if (!pending) {
      const res = await tx
        .updateTable('lic_flags')
        .set({ cleared_at: now, cleared_by: a.userId, clear_reason: 'every denial match reviewed' })
        .where('application_id', '=', applicationId)
        .where('code', '=', 'denial_match')
        .where('cleared_at', 'is', null)
        .executeTakeFirst();
      flagCleared = Number(res.numUpdatedRows) > 0;
    }
    await touchCase(tx, ctx, app);
    await recordAudit(tx, ctx, { action: 'case.denial_match_recorded', subjectType: 'application', subjectId: applicationId, before: { status: m.status }, after: { status: input.result }, details: { matchId, denialId: m.denial_id, comment: input.comment, flagCleared } });
    return { id: matchId, status: input.result, comment: input.comment, flagCleared };
  });
}

/** Records our refusal as a denial per party, ready for sharing with regime partners. */
export async function recordOwnRefusal(tx: Executor, ctx: Ctx, app: LicApplicationsTable, criteria: string[], partyIds?: string[]) {
  let partiesQ = tx.selectFrom('lic_parties').selectAll().where('application_id', '=', app.id);
  if (partyIds) partiesQ = partyIds.length ? partiesQ.where('id', 'in', partyIds) : partiesQ.where('id', 'is', null);
  const parties = await partiesQ.execute();
  const goods = await tx.selectFrom('lic_goods').select(['description', 'rating']).where('application_id', '=', app.id).execute();
  const now = nowIso(ctx);
  const entityType = (role: string) => (role === 'consignee' ? 'consignee' : role === 'third_party' ? 'third_party' : 'end_user');
  for (const p of parties) {
    await tx
      .insertInto('lic_denials')
      .values({
        id: newId(),
        source: 'own',
        reference: app.reference,
        regime_reg_ref: `${app.reference}/${p.id.slice(0, 8)}`,
        name: p.name,
        address: p.address,
        notifying_government: ctx.actor?.organisationName ?? null,
        country: p.country,
        denial_cle: goods.map((g) => g.rating ?? 'catch all').join('; '),
        item_description: goods.map((g) => g.description).join('; '),
        end_use: app.end_use,
        reason_for_refusal: criteria.map((c) => `Criterion ${c}: ${REFUSAL_CRITERIA[c] ?? c}`).join('; '),
        entity_type: entityType(p.role),
        normalised_name: normaliseName(p.name),
        application_id: app.id,
        ready_for_sharing: 1,
        active: 1,
        import_batch: null,
        created_at: now,
      })
      .execute();
  }
  return parties.length;
}
