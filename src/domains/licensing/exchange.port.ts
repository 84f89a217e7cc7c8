/**
 * What the exchange domain (authority-to-authority messages) may read and change of licensing: own denials to share,
 * peers' denials to record, and the case flag that blocks a decision while another authority is consulted.
 * Exchange never names licensing's tables; this file is the seam (docs/exchange.md).
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';
import { normaliseName } from './licensing.repository.js';
import { raiseFlagRow } from './applications.service.js';
import { OPEN_STATUSES, touchCase } from './workflow.js';

/** Whether a case is still open for a decision (consultation can still change it). */
export const isOpenCase = (status: string) => (OPEN_STATUSES as string[]).includes(status);

export interface OwnDenial {
  id: string;
  reference: string;
  name: string;
  country: string | null;
  address: string | null;
  controlEntry: string | null;
  destination: string | null;
  reasonCategory: string | null;
  entityType: string | null;
  active: boolean;
  createdAt: string;
}

/** The separator recordOwnRefusal uses between criteria; a reason category is the criteria without their wording. */
const reasonCategoryOf = (reason: string | null) => (reason ? reason.split('; ').map((r) => r.split(':')[0]!.trim()).join(', ') : null);

export async function ownDenials(db: Executor, q: { ids?: string[]; createdBefore?: string; activeOnly?: boolean } = {}): Promise<OwnDenial[]> {
  let query = db
    .selectFrom('lic_denials')
    .leftJoin('lic_applications', 'lic_applications.id', 'lic_denials.application_id')
    .select(['lic_denials.id', 'lic_denials.regime_reg_ref', 'lic_denials.reference', 'lic_denials.name', 'lic_denials.country', 'lic_denials.address', 'lic_denials.denial_cle', 'lic_denials.reason_for_refusal', 'lic_denials.entity_type', 'lic_denials.active', 'lic_denials.created_at', 'lic_applications.destination'])
    .where('lic_denials.source', '=', 'own');
  if (q.ids) query = q.ids.length ? query.where('lic_denials.id', 'in', q.ids) : query.where('lic_denials.id', 'is', null);
  if (q.createdBefore) query = query.where('lic_denials.created_at', '<', q.createdBefore);
  if (q.activeOnly) query = query.where('lic_denials.active', '=', 1);
  const rows = await query.orderBy('lic_denials.created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.regime_reg_ref ?? r.reference ?? r.id,
    name: r.name,
    country: r.country,
    address: r.address,
    controlEntry: r.denial_cle,
    destination: r.destination ?? null,
    reasonCategory: reasonCategoryOf(r.reason_for_refusal),
    entityType: r.entity_type,
    active: Boolean(r.active),
    createdAt: r.created_at,
  }));
}

/** Withdraws one of our own denials (review or revocation); audited. */
export async function deactivateOwnDenial(tx: Executor, ctx: Ctx, id: string, reason: string) {
  await tx.updateTable('lic_denials').set({ active: 0 }).where('id', '=', id).where('source', '=', 'own').execute();
  await recordAudit(tx, ctx, { action: 'denial.revoked', subjectType: 'denial', subjectId: id, details: { reason } });
}

export interface PeerDenial {
  /** `<peer key id>:<the peer's reference>`: unique across peers. */
  reference: string;
  peerName: string;
  name: string;
  country: string | null;
  address?: string | null;
  controlEntry: string | null;
  reasonCategory: string | null;
  entityType?: string | null;
}

/** Records (or re-activates) a denial another authority notified us of, in the denials register; returns its id. */
export async function recordPeerDenial(tx: Executor, ctx: Ctx, d: PeerDenial): Promise<string> {
  const existing = await tx.selectFrom('lic_denials').select('id').where('source', '=', 'partner').where('regime_reg_ref', '=', d.reference).executeTakeFirst();
  if (existing) {
    await tx.updateTable('lic_denials').set({ active: 1 }).where('id', '=', existing.id).execute();
    return existing.id;
  }
  const id = newId();
  await tx
    .insertInto('lic_denials')
    .values({
      id,
      source: 'partner',
      reference: d.reference,
      regime_reg_ref: d.reference,
      name: d.name,
      address: d.address ?? null,
      notifying_government: d.peerName,
      country: d.country,
      denial_cle: d.controlEntry,
      item_description: null,
      end_use: null,
      reason_for_refusal: d.reasonCategory,
      entity_type: d.entityType ?? null,
      normalised_name: normaliseName(d.name),
      application_id: null,
      ready_for_sharing: 0,
      active: 1,
      import_batch: `exchange:${d.peerName}`,
      created_at: nowIso(ctx),
    })
    .execute();
  await recordAudit(tx, ctx, { action: 'denial.received', subjectType: 'denial', subjectId: id, details: { reference: d.reference, from: d.peerName } });
  return id;
}

export async function revokePeerDenial(tx: Executor, ctx: Ctx, reference: string): Promise<boolean> {
  const row = await tx.selectFrom('lic_denials').select('id').where('source', '=', 'partner').where('regime_reg_ref', '=', reference).executeTakeFirst();
  if (!row) return false;
  await tx.updateTable('lic_denials').set({ active: 0 }).where('id', '=', row.id).execute();
  await recordAudit(tx, ctx, { action: 'denial.revoked_by_peer', subjectType: 'denial', subjectId: row.id, details: { reference } });
  return true;
}

export interface CaseForConsultation {
  id: string;
  reference: string;
  status: string;
  destination: string | null;
  controlEntries: string[];
  /** Matches of the case's parties against peers' denials that the officer has not ruled out. */
  peerDenialMatches: { matchId: string; status: string; partyName: string; partyRole: string; denialReference: string; denialName: string; peerName: string; controlEntry: string | null }[];
}

export async function caseForConsultation(db: Executor, applicationId: string): Promise<CaseForConsultation | null> {
  const app = await db.selectFrom('lic_applications').select(['id', 'reference', 'status', 'destination']).where('id', '=', applicationId).executeTakeFirst();
  if (!app) return null;
  const goods = await db.selectFrom('lic_goods').select('rating').where('application_id', '=', applicationId).execute();
  const matches = await db
    .selectFrom('lic_denial_matches')
    .innerJoin('lic_denials', 'lic_denials.id', 'lic_denial_matches.denial_id')
    .innerJoin('lic_parties', 'lic_parties.id', 'lic_denial_matches.party_id')
    .select(['lic_denial_matches.id', 'lic_denial_matches.status', 'lic_parties.name as party_name', 'lic_parties.role', 'lic_denials.regime_reg_ref', 'lic_denials.name as denial_name', 'lic_denials.notifying_government', 'lic_denials.denial_cle', 'lic_denials.import_batch'])
    .where('lic_denial_matches.application_id', '=', applicationId)
    .where('lic_denial_matches.status', '!=', 'not_a_match')
    .where('lic_denials.import_batch', 'like', 'exchange:%')
    .where('lic_denials.active', '=', 1)
    .execute();
  return {
    id: app.id,
    reference: app.reference ?? app.id,
    status: app.status,
    destination: app.destination,
    controlEntries: goods.map((g) => g.rating).filter((r): r is string => Boolean(r)),
    peerDenialMatches: matches.map((m) => ({ matchId: m.id, status: m.status, partyName: m.party_name, partyRole: m.role, denialReference: m.regime_reg_ref ?? '', denialName: m.denial_name, peerName: m.notifying_government ?? '', controlEntry: m.denial_cle })),
  };
}

/** Raises a blocking flag on the case (no decision until it is cleared). */
export async function raiseBlockingFlag(tx: Executor, ctx: Ctx, applicationId: string, code: string, label: string, details: unknown) {
  return raiseFlagRow(tx, ctx, applicationId, code, 'auto', details, label, true);
}

/** Clears the open flag with this code (if any) with a reason, and re-routes the case. */
export async function clearFlagByCode(tx: Executor, ctx: Ctx, applicationId: string, code: string, reason: string) {
  const f = await tx.selectFrom('lic_flags').select('id').where('application_id', '=', applicationId).where('code', '=', code).where('cleared_at', 'is', null).executeTakeFirst();
  if (!f) return false;
  await tx.updateTable('lic_flags').set({ cleared_at: nowIso(ctx), cleared_by: ctx.actor?.userId ?? 'system', clear_reason: reason }).where('id', '=', f.id).execute();
  const app = await tx.selectFrom('lic_applications').selectAll().where('id', '=', applicationId).executeTakeFirstOrThrow();
  await touchCase(tx, ctx, app);
  await recordAudit(tx, ctx, { action: 'case.flag_cleared', subjectType: 'application', subjectId: applicationId, details: { flagId: f.id, code, reason } });
  return true;
}

/** Open cases carrying an uncleared flag with this code (oldest first). */
export async function openCasesFlagged(db: Executor, code: string): Promise<{ id: string; reference: string; destination: string | null; raisedAt: string }[]> {
  const rows = await db
    .selectFrom('lic_flags')
    .innerJoin('lic_applications', 'lic_applications.id', 'lic_flags.application_id')
    .select(['lic_applications.id', 'lic_applications.reference', 'lic_applications.destination', 'lic_applications.status', 'lic_flags.raised_at'])
    .where('lic_flags.code', '=', code)
    .where('lic_flags.cleared_at', 'is', null)
    .orderBy('lic_flags.raised_at')
    .limit(500)
    .execute();
  return rows.filter((r) => isOpenCase(r.status)).map((r) => ({ id: r.id, reference: r.reference ?? r.id, destination: r.destination, raisedAt: r.raised_at }));
}
