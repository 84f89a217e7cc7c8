import type { Ctx } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { invalid } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { applicationOfLicence, findApplication, findLicenceById, findParty, samePartyOnApplication, type VerificationParty } from '../licensing/verification.port.js';
import { findDeclarationsByReference } from '../customs/verification.port.js';
import { assertCheckVisible, isPartner, requireCheckViewer, requireOfficer } from './verification.policy.js';
import { addDays, loadCheck, OPEN_STATUSES, partyKey, presentCheck, todayOf } from './verification.repository.js';
import type { VerChecksTable } from './verification.tables.js';

export const DEFAULT_DUE_DAYS = 30;

export interface CheckInput {
  kind: 'pre_licence' | 'post_shipment';
  subject: { applicationId?: string; licenceId?: string; declarationReference?: string };
  partyId: string;
  reason: string;
  dueOn?: string;
}

/** Resolves the subject and checks the party belongs to it; returns what the check row records about both. */
async function resolveSubject(db: Executor, input: CheckInput) {
  const s = input.subject ?? {};
  const given = (['applicationId', 'licenceId', 'declarationReference'] as const).filter((k) => s[k]);
  if (given.length !== 1) throw invalid({ subject: 'give exactly one of applicationId, licenceId or declarationReference' });
  if (input.kind === 'pre_licence' && !s.applicationId) throw invalid({ subject: 'a pre-licence check is about an application: give applicationId' });
  if (input.kind === 'post_shipment' && s.applicationId) throw invalid({ subject: 'a post-shipment check is about a licence or a declaration: give licenceId or declarationReference' });
  let party = await findParty(db, input.partyId);
  if (!party) throw invalid({ partyId: 'no such party' });
  let applicationId: string | null = null;
  let licenceId: string | null = null;
  let destination: string | null = null;
  if (s.applicationId) {
    const app = await findApplication(db, s.applicationId);
    if (!app || app.status === 'draft') throw invalid({ 'subject.applicationId': 'no such submitted application' });
    applicationId = app.id;
    destination = app.destination;
  } else {
    const licIds = s.licenceId ? [s.licenceId] : await licencesOfDeclaration(db, s.declarationReference!);
    // The party may be given as named on another case: the same name and country on the licence's application counts.
    for (const id of licIds) {
      const appId = await applicationOfLicence(db, id);
      const onLicence = appId === party.applicationId ? party : appId ? await samePartyOnApplication(db, appId, party) : null;
      if (onLicence) {
        licenceId = id;
        party = onLicence;
        break;
      }
    }
    if (!licIds.length) throw invalid(s.licenceId ? { 'subject.licenceId': 'no such licence' } : { 'subject.declarationReference': 'no active declaration with this reference drew on a licence' });
    if (!licenceId) throw invalid({ partyId: 'this party is not named on the licence' });
    destination = (await findLicenceById(db, licenceId))?.destination ?? null;
    applicationId = party.applicationId;
  }
  if (s.applicationId && party.applicationId !== applicationId) party = (await samePartyOnApplication(db, applicationId!, party)) ?? party;
  if (s.applicationId && party.applicationId !== applicationId) throw invalid({ partyId: 'this party is not named on the application' });
  return { party, applicationId, licenceId, declarationReference: s.declarationReference?.trim() ?? null, destination };
}

async function licencesOfDeclaration(db: Executor, reference: string) {
  const decs = await findDeclarationsByReference(db, reference);
  return [...new Set(decs.flatMap((d) => d.lines.flatMap((l) => (l.licenceId ? [l.licenceId] : []))))];
}

/** Inserts a check row (shared by requests and accepted proposals); the caller audits. */
export async function insertCheck(tx: Executor, ctx: Ctx, v: { kind: string; party: VerificationParty; applicationId: string | null; licenceId: string | null; declarationReference: string | null; destination: string | null; reason: string; dueOn?: string; proposalId?: string }) {
  const now = ctx.clock.now();
  const id = newId();
  const row: VerChecksTable = {
    id,
    reference: `EUC-${now.getUTCFullYear()}-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`,
    kind: v.kind,
    status: 'requested',
    application_id: v.applicationId,
    licence_id: v.licenceId,
    declaration_reference: v.declarationReference,
    party_id: v.party.id,
    party_name: v.party.name,
    party_country: v.party.country.toUpperCase(),
    party_key: partyKey(v.party.name, v.party.country),
    destination: v.destination,
    reason: v.reason,
    requested_by: ctx.actor?.userId ?? 'system',
    assigned_org_id: null,
    assigned_user_id: null,
    assigned_at: null,
    due_on: v.dueOn ?? addDays(todayOf(now), DEFAULT_DUE_DAYS),
    reminded_at: null,
    escalated_at: null,
    outcome: null,
    visited_on: null,
    findings: null,
    items_seen: null,
    evidence_file_ids: '[]',
    reported_by: null,
    reported_at: null,
    proposal_id: v.proposalId ?? null,
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  await tx.insertInto('ver_checks').values(row).execute();
  return row;
}

/** POST /api/verifications: an officer requests a check on a party of a case, a licence or a declaration. */
export async function createCheck(ctx: Ctx, input: CheckInput) {
  requireOfficer(ctx.actor);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 5) throw invalid({ reason: 'say why the check is needed (at least 5 characters)' });
  if (input.dueOn && input.dueOn < todayOf(ctx.clock.now())) throw invalid({ dueOn: 'must not be in the past' });
  return withTx(ctx.db, async (tx) => {
    const s = await resolveSubject(tx, input);
    const row = await insertCheck(tx, ctx, { kind: input.kind, ...s, reason, dueOn: input.dueOn });
    await recordAudit(tx, ctx, { action: 'verification.check_requested', subjectType: 'verification_check', subjectId: row.id, after: { kind: row.kind, partyId: row.party_id, applicationId: row.application_id, licenceId: row.licence_id, declarationReference: row.declaration_reference, dueOn: row.due_on } });
    return presentCheck(row, todayOf(ctx.clock.now()));
  });
}

/** Checks, newest first: officers see all (filters), a partner agency only those assigned to it. */
export async function listChecks(ctx: Ctx, q: { status?: string; overdue?: boolean; partyId?: string; limit?: number; offset?: number }) {
  const a = requireCheckViewer(ctx.actor);
  const today = todayOf(ctx.clock.now());
  let query = ctx.db.selectFrom('ver_checks');
  if (isPartner(a)) query = query.where('assigned_org_id', '=', a.organisationId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.overdue) query = query.where('status', 'in', OPEN_STATUSES).where('due_on', '<', today);
  if (q.partyId) query = query.where('party_id', '=', q.partyId);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query.selectAll().orderBy(q.overdue ? 'due_on' : 'created_at', q.overdue ? 'asc' : 'desc').orderBy('id').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total, checks: rows.map((r) => presentCheck(r, today)) };
}

export async function getCheck(ctx: Ctx, id: string) {
  const a = requireCheckViewer(ctx.actor);
  const c = await loadCheck(ctx.db, id);
  assertCheckVisible(a, c);
  const licence = c.licence_id ? await findLicenceById(ctx.db, c.licence_id) : null;
  const goods = licence?.goods.map((g) => ({ id: g.id, description: g.description, rating: g.rating, quantityLicensed: g.quantity, quantityShipped: g.usedQuantity, unit: g.unit })) ?? [];
  return { ...presentCheck(c, todayOf(ctx.clock.now())), licence: licence ? { id: licence.id, reference: licence.reference, status: licence.status, destination: licence.destination, goods } : null };
}
