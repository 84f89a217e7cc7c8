/** What an accepted message does, by type; runs in the receiving transaction. */
import { z } from 'zod';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { invalid } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordPeerDenial, revokePeerDenial } from '../licensing/exchange.port.js';
import type { Envelope } from './envelope.js';
import type { ExchPeersTable } from './exchange.tables.js';
import { closeConsultationFlag } from './consultation-flag.js';

const Text = (max: number) => z.string().trim().min(1).max(max);
const DenialNotify = z.object({
  reference: Text(200),
  name: Text(500),
  country: z.string().regex(/^[A-Z]{2}$/).nullish(),
  address: z.string().max(1000).nullish(),
  controlEntry: z.string().max(500).nullish(),
  destination: z.string().regex(/^[A-Z]{2}$/).nullish(),
  reasonCategory: z.string().max(500).nullish(),
  entityType: z.string().max(50).nullish(),
});
const DenialRevoke = z.object({ reference: Text(200), reason: z.string().max(2000).nullish() });
const ConsultationRequest = z.object({
  consultationId: Text(100),
  denialReference: Text(200),
  summary: z.object({ controlEntry: z.string().max(500).nullish(), destination: z.string().max(2).nullish(), endUser: z.string().max(500).nullish() }),
  question: Text(5000),
  deadline: z.string().datetime(),
});
const ConsultationAnswer = z.object({ consultationId: Text(100), answer: z.enum(['no_objection', 'object']), comment: z.string().max(5000).nullish() });

function body<T>(schema: z.ZodType<T>, raw: unknown): T {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw invalid(Object.fromEntries(r.error.issues.map((i) => [`body.${i.path.join('.')}`, i.message])), 'The message body is not valid for its type');
}

export async function applyMessage(tx: Executor, ctx: Ctx, peer: ExchPeersTable, e: Envelope): Promise<Record<string, unknown>> {
  switch (e.type) {
    case 'denial.notify': {
      const d = body(DenialNotify, e.body);
      const reference = `${peer.key_id}:${d.reference}`;
      const denialId = await recordPeerDenial(tx, ctx, { reference, peerName: peer.name, name: d.name, country: d.country ?? null, address: d.address, controlEntry: d.controlEntry ?? null, reasonCategory: d.reasonCategory ?? null, entityType: d.entityType });
      const known = await tx.selectFrom('exch_received_denials').select('reference').where('reference', '=', reference).executeTakeFirst();
      if (known) await tx.updateTable('exch_received_denials').set({ revoked_at: null, destination: d.destination ?? null, control_entry: d.controlEntry ?? null }).where('reference', '=', reference).execute();
      else await tx.insertInto('exch_received_denials').values({ reference, peer_id: peer.id, denial_id: denialId, destination: d.destination ?? null, control_entry: d.controlEntry ?? null, received_at: nowIso(ctx), revoked_at: null }).execute();
      return { denialId, reference };
    }
    case 'denial.revoke': {
      const d = body(DenialRevoke, e.body);
      const reference = `${peer.key_id}:${d.reference}`;
      const found = await revokePeerDenial(tx, ctx, reference);
      await tx.updateTable('exch_received_denials').set({ revoked_at: nowIso(ctx) }).where('reference', '=', reference).execute();
      return { reference, found };
    }
    case 'consultation.request': {
      const c = body(ConsultationRequest, e.body);
      const exists = await tx.selectFrom('exch_consultations').select('id').where('direction', '=', 'inbound').where('peer_id', '=', peer.id).where('exchange_id', '=', c.consultationId).executeTakeFirst();
      if (exists) return { consultationId: exists.id };
      const id = newId();
      await tx
        .insertInto('exch_consultations')
        .values({ id, direction: 'inbound', peer_id: peer.id, exchange_id: c.consultationId, application_id: null, denial_reference: c.denialReference, summary: JSON.stringify(c.summary), question: c.question, deadline: c.deadline, status: 'open', answer: null, answer_comment: null, asked_by: null, answered_by: null, created_at: nowIso(ctx), answered_at: null })
        .execute();
      return { consultationId: id };
    }
    case 'consultation.answer': {
      const a = body(ConsultationAnswer, e.body);
      const c = await tx.selectFrom('exch_consultations').selectAll().where('direction', '=', 'outbound').where('peer_id', '=', peer.id).where('exchange_id', '=', a.consultationId).executeTakeFirst();
      if (!c) throw invalid({ 'body.consultationId': 'no consultation with this id was sent to you' });
      if (c.status !== 'open') return { consultationId: c.id, alreadyClosed: c.status };
      await tx.updateTable('exch_consultations').set({ status: 'answered', answer: a.answer, answer_comment: a.comment ?? null, answered_at: nowIso(ctx) }).where('id', '=', c.id).execute();
      if (c.application_id) await closeConsultationFlag(tx, ctx, c.application_id, `${peer.name} answered: ${a.answer === 'object' ? 'objects' : 'no objection'}${a.comment ? ` (${a.comment})` : ''}`);
      return { consultationId: c.id, answer: a.answer };
    }
  }
}
