/**
 * Consultations: before granting what a peer denied, the officer asks the denying authority; the case stays blocked
 * until the answer arrives or the deadline passes. A peer's question about our denial is answered here too.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertExchangeOfficer, assertExchangeReader } from './exchange.policy.js';
import { queueMessage } from './outbox.js';
import { CONSULT_FLAG, closeConsultationFlag, undercutDenials } from './consultation-flag.js';
import { openCasesFlagged } from '../licensing/exchange.port.js';
import type { ExchConsultationsTable } from './exchange.tables.js';

const present = (c: ExchConsultationsTable, peer: string) => ({
  id: c.id,
  direction: c.direction,
  peer,
  applicationId: c.application_id,
  denialReference: c.denial_reference,
  summary: JSON.parse(c.summary) as unknown,
  question: c.question,
  deadline: c.deadline,
  status: c.status,
  answer: c.answer,
  answerComment: c.answer_comment,
  createdAt: c.created_at,
  answeredAt: c.answered_at,
});

/** What a case must consult on, and the consultations it has. */
export async function caseConsultations(ctx: Ctx, applicationId: string) {
  assertExchangeReader(ctx.actor);
  const { case: c, denials } = await undercutDenials(ctx.db, applicationId);
  if (!c) throw notFound('Case');
  const rows = await ctx.db.selectFrom('exch_consultations').innerJoin('exch_peers', 'exch_peers.id', 'exch_consultations.peer_id').selectAll('exch_consultations').select('exch_peers.name as peer').where('application_id', '=', applicationId).orderBy('created_at').execute();
  return {
    mustConsult: denials.filter((d) => d.consultation === null).map((d) => ({ denialReference: d.reference, peer: d.match.peerName, deniedParty: d.match.denialName, party: d.match.partyName, controlEntry: d.control_entry, destination: d.destination })),
    consultations: rows.map((r) => present(r, r.peer)),
  };
}

export async function startConsultation(ctx: Ctx, input: { applicationId: string; denialReference: string; question: string; deadlineDays?: number }) {
  const a = assertExchangeOfficer(ctx.actor);
  if (input.question.trim().length < 10) throw invalid({ question: 'ask the denying authority a question (at least 10 characters)' });
  const days = input.deadlineDays ?? 20;
  return withTx(ctx.db, async (tx) => {
    const { case: c, denials } = await undercutDenials(tx, input.applicationId);
    if (!c) throw notFound('Case');
    const d = denials.find((x) => x.reference === input.denialReference);
    if (!d) throw invalid({ denialReference: 'not a peer denial this case matches; see GET /api/exchange/cases/{id}/consultations' });
    if (d.consultation) throw conflict('A consultation on this denial was already sent for this case');
    const id = newId();
    const deadline = new Date(ctx.clock.now().getTime() + days * 86_400_000).toISOString();
    const summary = { controlEntry: c.controlEntries.join('; ') || null, destination: c.destination, endUser: d.match.partyName };
    const peerRef = d.reference.slice(d.reference.indexOf(':') + 1); // the denying authority's own reference
    const row: ExchConsultationsTable = { id, direction: 'outbound', peer_id: d.peer_id, exchange_id: id, application_id: c.id, denial_reference: d.reference, summary: JSON.stringify(summary), question: input.question, deadline, status: 'open', answer: null, answer_comment: null, asked_by: a.userId, answered_by: null, created_at: nowIso(ctx), answered_at: null };
    await tx.insertInto('exch_consultations').values(row).execute();
    await queueMessage(tx, ctx, d.peer_id, 'consultation.request', { consultationId: id, denialReference: peerRef, summary, question: input.question, deadline });
    await recordAudit(tx, ctx, { action: 'exchange.consultation_sent', subjectType: 'application', subjectId: c.id, details: { consultationId: id, denial: d.reference, peer: d.match.peerName, deadline } });
    return present(row, d.match.peerName);
  });
}

/** Cases blocked until a peer is consulted, with what each must still consult on. */
export async function casesAwaitingConsultation(ctx: Ctx) {
  assertExchangeReader(ctx.actor);
  const cases = await openCasesFlagged(ctx.db, CONSULT_FLAG);
  const out = [];
  for (const c of cases) {
    const { denials } = await undercutDenials(ctx.db, c.id);
    out.push({ ...c, peers: [...new Set(denials.map((d) => d.match.peerName))], toConsult: denials.filter((d) => d.consultation === null).length, open: denials.filter((d) => d.consultation === 'open').length });
  }
  return { cases: out };
}

/** Consultations peers sent us (to answer) and those we sent (to follow). */
export async function listConsultations(ctx: Ctx, q: { direction?: 'inbound' | 'outbound'; status?: string }) {
  assertExchangeReader(ctx.actor);
  let query = ctx.db.selectFrom('exch_consultations').innerJoin('exch_peers', 'exch_peers.id', 'exch_consultations.peer_id').selectAll('exch_consultations').select('exch_peers.name as peer');
  if (q.direction) query = query.where('direction', '=', q.direction);
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.orderBy('exch_consultations.created_at', 'desc').limit(500).execute();
  return { consultations: rows.map((r) => present(r, r.peer)) };
}

export async function answerConsultation(ctx: Ctx, id: string, input: { answer: 'no_objection' | 'object'; comment?: string | null }) {
  const a = assertExchangeOfficer(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const c = await tx.selectFrom('exch_consultations').selectAll().where('id', '=', id).where('direction', '=', 'inbound').executeTakeFirst();
    if (!c) throw notFound('Consultation');
    if (c.status !== 'open') throw conflict(`This consultation is already ${c.status}`);
    await tx.updateTable('exch_consultations').set({ status: 'answered', answer: input.answer, answer_comment: input.comment ?? null, answered_by: a.userId, answered_at: nowIso(ctx) }).where('id', '=', id).execute();
    await queueMessage(tx, ctx, c.peer_id, 'consultation.answer', { consultationId: c.exchange_id, answer: input.answer, comment: input.comment ?? null });
    await recordAudit(tx, ctx, { action: 'exchange.consultation_answered', subjectType: 'exchange_consultation', subjectId: id, details: { answer: input.answer } });
    return { id, status: 'answered', answer: input.answer };
  });
}

/** Daily: consultations whose deadline passed without an answer close as expired and stop blocking their case. */
export async function expireConsultations(ctx: Ctx) {
  const due = await ctx.db.selectFrom('exch_consultations').selectAll().where('direction', '=', 'outbound').where('status', '=', 'open').where('deadline', '<', nowIso(ctx)).execute();
  for (const c of due) {
    await withTx(ctx.db, async (tx) => {
      await tx.updateTable('exch_consultations').set({ status: 'expired' }).where('id', '=', c.id).where('status', '=', 'open').execute();
      await recordAudit(tx, ctx, { action: 'exchange.consultation_expired', subjectType: 'exchange_consultation', subjectId: c.id, details: { deadline: c.deadline } });
      if (c.application_id) await closeConsultationFlag(tx, ctx, c.application_id, `no answer from the denying authority by the deadline (${c.deadline.slice(0, 10)})`);
    });
  }
  return { expired: due.length };
}
