import type { Ctx } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, forbidden, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import { readStoredFile, storeUpload } from '../../platform/files.js';
import { findLicenceById } from '../licensing/verification.port.js';
import { assertCheckVisible, isPartner, requireCheckViewer } from './verification.policy.js';
import { ADVERSE_OUTCOMES, loadCheck, presentCheck, todayOf } from './verification.repository.js';
import type { VerChecksTable } from './verification.tables.js';

export const OUTCOMES = ['verified', 'unfavourable', 'unable_to_verify', 'refused'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface ReportInput {
  visitedOn: string;
  outcome: Outcome;
  findings: string;
  items?: { goodId?: string; description: string; serialNumbers?: string[]; quantitySeen: number }[];
  evidence?: { filename: string; contentType: string; contentBase64: string }[];
}

/** Items seen, each beside what the licence authorised and what customs recorded as shipped on it. */
async function compareItems(db: Executor, c: VerChecksTable, items: NonNullable<ReportInput['items']>) {
  const licence = c.licence_id ? await findLicenceById(db, c.licence_id) : null;
  return items.map((it, i) => {
    const good = it.goodId ? licence?.goods.find((g) => g.id === it.goodId) : undefined;
    if (it.goodId && !good) throw invalid({ [`items.${i}.goodId`]: 'is not a good on this check’s licence' });
    const licensed = good ? good.quantity : null;
    const shipped = good ? good.usedQuantity : null;
    return {
      goodId: good?.id ?? null,
      description: it.description,
      serialNumbers: (it.serialNumbers ?? []).map((s) => s.trim()).filter(Boolean),
      quantitySeen: it.quantitySeen,
      quantityLicensed: licensed,
      quantityShipped: shipped,
      /** Seen minus shipped: negative means goods unaccounted for at the end user. */
      difference: shipped == null ? null : it.quantitySeen - shipped,
    };
  });
}

/** POST /api/verifications/{id}/report: the assigned partner agency records the visit. */
export async function reportCheck(ctx: Ctx, id: string, input: ReportInput) {
  const a = requireCheckViewer(ctx.actor);
  if (!isPartner(a)) throw forbidden('Only the partner agency the check is assigned to reports on it');
  const today = todayOf(ctx.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.visitedOn ?? '') || input.visitedOn > today) throw invalid({ visitedOn: 'give the visit date (YYYY-MM-DD), not in the future' });
  const findings = (input.findings ?? '').trim();
  if (findings.length < 10) throw invalid({ findings: 'describe what was found (at least 10 characters)' });
  return withTx(ctx.db, async (tx) => {
    const c = await loadCheck(tx, id);
    assertCheckVisible(a, c);
    if (c.status !== 'assigned') throw conflict(`The check is ${c.status}; only an assigned check takes a report`);
    const items = await compareItems(tx, c, input.items ?? []);
    const fileIds: string[] = [];
    for (const [i, f] of (input.evidence ?? []).entries()) {
      const data = Buffer.from(f.contentBase64 ?? '', 'base64');
      try {
        fileIds.push((await storeUpload(tx, ctx, { filename: f.filename, contentType: f.contentType, data, organisationId: c.assigned_org_id })).id);
      } catch (e) {
        const fields = (e as { fields?: Record<string, string> }).fields;
        throw invalid({ [`evidence.${i}`]: fields?.file ?? 'could not be stored' });
      }
    }
    const now = ctx.clock.now().toISOString();
    const set = { status: 'reported', outcome: input.outcome, visited_on: input.visitedOn, findings, items_seen: JSON.stringify(items), evidence_file_ids: JSON.stringify(fileIds), reported_by: a.userId, reported_at: now, updated_at: now, escalated_at: input.outcome === 'refused' ? now : c.escalated_at };
    // Conditional on the status read above: of two reports racing on PostgreSQL, one wins and the other is a 409.
    const res = await tx.updateTable('ver_checks').set(set).where('id', '=', id).where('status', '=', 'assigned').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) throw conflict('The check was reported meanwhile');
    await recordAudit(tx, ctx, { action: 'verification.check_reported', subjectType: 'verification_check', subjectId: id, before: { status: c.status }, after: { status: 'reported', outcome: input.outcome, visitedOn: input.visitedOn, evidence: fileIds.length, items: items.length } });
    const row = { ...c, ...set };
    await consequences(tx, ctx, row);
    return presentCheck(row, today);
  });
}

/** What a report sets off: an adverse outcome proposes listing; a refusal is escalated; officers are told. */
async function consequences(tx: Executor, ctx: Ctx, c: VerChecksTable) {
  const now = ctx.clock.now();
  const link = `/verification/checks/${c.id}`;
  await notify(tx, now, { userId: c.requested_by === 'system' ? null : c.requested_by }, { kind: 'verification.reported', title: `End-use check ${c.reference}: ${c.outcome!.replace(/_/g, ' ')}`, body: `${c.party_name} (${c.party_country})`, link });
  if (c.outcome === 'refused') {
    for (const u of await tx.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id').select('users.id').where('users.role', '=', 'senior_officer').where('organisations.kind', '=', 'authority').execute())
      await notify(tx, now, { userId: u.id }, { kind: 'verification.escalated', title: `Escalated: ${c.party_name} refused an end-use check`, body: `Check ${c.reference}: the host refused the visit.`, link });
    await recordAudit(tx, ctx, { action: 'verification.check_escalated', subjectType: 'verification_check', subjectId: c.id, details: { why: 'host refused the visit' } });
  }
  if (c.outcome === 'verified') {
    // A favourable check on a listed party is what removal needs: tell the officer who listed it.
    const listed = await tx.selectFrom('ver_unverified').select(['id', 'confirmed_by']).where('party_key', '=', c.party_key).where('status', '=', 'listed').execute();
    for (const l of listed)
      if (l.confirmed_by) await notify(tx, now, { userId: l.confirmed_by }, { kind: 'verification.removal_possible', title: `Favourable check on listed party ${c.party_name}`, body: `Check ${c.reference} verified the end use: the party may be removed from the Unverified List.`, link: '/verification/unverified' });
    return;
  }
  if (!ADVERSE_OUTCOMES.includes(c.outcome!)) return;
  const open = await tx.selectFrom('ver_unverified').select('id').where('party_key', '=', c.party_key).where('status', 'in', ['proposed', 'listed']).executeTakeFirst();
  if (open) return;
  const row = { id: newId(), party_key: c.party_key, party_name: c.party_name, party_country: c.party_country, party_address: null, status: 'proposed', check_id: c.id, reason: null, review_on: null, proposed_at: now.toISOString(), confirmed_by: null, confirmed_at: null, removed_by: null, removed_at: null, removal_reason: null, removal_check_id: null };
  await tx.insertInto('ver_unverified').values(row).execute();
  await recordAudit(tx, ctx, { action: 'verification.listing_proposed', subjectType: 'verification_listing', subjectId: row.id, after: { party: c.party_name, country: c.party_country, checkId: c.id, outcome: c.outcome } });
}

/** One evidence file of a check (those who may see the check may read its evidence). */
export async function readEvidence(ctx: Ctx, id: string, fileId: string) {
  const a = requireCheckViewer(ctx.actor);
  const c = await loadCheck(ctx.db, id);
  assertCheckVisible(a, c);
  const ids = JSON.parse(c.evidence_file_ids || '[]') as string[];
  if (!ids.includes(fileId)) throw notFound('Evidence file');
  const f = await ctx.db.selectFrom('files').selectAll().where('id', '=', fileId).executeTakeFirst();
  if (!f) throw notFound('Evidence file');
  return { filename: f.filename, contentType: f.content_type, data: readStoredFile(f.storage_path) };
}
