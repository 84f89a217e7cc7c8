/**
 * `POST /api/exchange/inbox`: a peer's signed message. Refused (and audited) when the sender is unknown or disabled,
 * the signature does not verify (forged or tampered), the message is addressed to someone else, its time is stale,
 * or its nonce was seen before (replay). A message already applied is answered idempotently; messages apply in the
 * sender's sequence order.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, conflict, forbidden, invalid } from '../../platform/errors.js';
import { Envelope, FRESHNESS_MS, checkEnvelopeSignature } from './envelope.js';
import { exchangeKey } from './keys.js';
import { applyMessage } from './apply.js';
import type { ExchPeersTable } from './exchange.tables.js';

async function refuse(ctx: Ctx, err: AppError, details: Record<string, unknown>): Promise<never> {
  await withTx(ctx.db, (tx) => recordAudit(tx, ctx, { action: 'exchange.message_rejected', subjectType: 'exchange_message', subjectId: String(details.messageId ?? 'unknown'), details: { ...details, reason: err.message } }));
  throw err;
}

function parse(raw: unknown) {
  const r = Envelope.safeParse(raw);
  if (r.success) return r.data;
  const fields: Record<string, string> = {};
  for (const i of r.error.issues) fields[i.path.join('.') || 'body'] = i.message;
  return { fields } as const;
}

/** Checks everything that does not need the database transaction; refuses (audited) the first problem. */
async function check(ctx: Ctx, raw: unknown): Promise<{ e: Envelope; peer: ExchPeersTable }> {
  const e = parse(raw);
  if ('fields' in e) return refuse(ctx, invalid(e.fields, 'Not a Clearway exchange message'), { messageId: (raw as { id?: unknown } | null)?.id ?? null });
  const seen = { messageId: e.id, from: e.from, type: e.type, seq: e.seq };
  if (e.to !== exchangeKey(ctx.config).keyId) return refuse(ctx, invalid({ to: 'this message is addressed to another authority' }), seen);
  const peer = await ctx.db.selectFrom('exch_peers').selectAll().where('key_id', '=', e.from.keyId).executeTakeFirst();
  if (!peer || !peer.active) return refuse(ctx, forbidden('Unknown or disabled peer: add its public key first (clearway exchange peer add)'), seen);
  if (!checkEnvelopeSignature(e, peer.public_key_pem)) return refuse(ctx, forbidden('The signature does not verify: the message was forged or changed in transit'), { ...seen, peer: peer.name });
  const skew = Math.abs(ctx.clock.now().getTime() - Date.parse(e.sentAt));
  if (skew > FRESHNESS_MS) return refuse(ctx, invalid({ sentAt: `is ${Math.round(skew / 1000)} s away from our clock (at most ${FRESHNESS_MS / 1000} s)` }, 'Stale message'), { ...seen, peer: peer.name });
  return { e, peer };
}

export async function receiveMessage(ctx: Ctx, raw: unknown) {
  const { e, peer } = await check(ctx, raw);
  try {
    return await withTx(ctx.db, (tx) => accept(tx, ctx, peer, e));
  } catch (err) {
    if (err instanceof AppError) return refuse(ctx, err, { messageId: e.id, from: e.from, type: e.type, seq: e.seq, peer: peer.name });
    throw err;
  }
}

/**
 * A batch `{messages: [envelope, …]}` (what the outbox sends when a backlog waits): each message is checked on its own;
 * the accepted prefix applies in one transaction, and the first refused message stops the batch (order matters).
 * When the very first is refused, the answer is that message's error, as for a single message.
 */
export async function receiveBatch(ctx: Ctx, messages: unknown[]) {
  if (!messages.length) throw invalid({ messages: 'send at least one message' });
  const ok: { e: Envelope; peer: ExchPeersTable }[] = [];
  let stopped: AppError | null = null;
  for (const raw of messages) {
    try {
      ok.push(await check(ctx, raw));
    } catch (err) {
      if (!(err instanceof AppError) || !ok.length) throw err;
      stopped = err;
      break;
    }
  }
  try {
    const results = await withTx(ctx.db, async (tx) => {
      const out = [];
      for (const m of ok) out.push(await accept(tx, ctx, m.peer, m.e));
      return out;
    });
    return { results, stopped: stopped ? { index: results.length, code: stopped.code, message: stopped.message } : null };
  } catch (err) {
    if (err instanceof AppError) return refuse(ctx, err, { batch: ok.map((m) => m.e.id) });
    throw err;
  }
}

async function accept(tx: Executor, ctx: Ctx, peer: ExchPeersTable, e: Envelope) {
  const nonceTaken = await tx.selectFrom('exch_nonces').select('nonce').where('nonce', '=', e.nonce).executeTakeFirst();
  if (nonceTaken) throw conflict('Replay: this exact message was received before');
  await tx.insertInto('exch_nonces').values({ nonce: e.nonce, peer_id: peer.id, seen_at: nowIso(ctx) }).execute();
  // Nonces older than twice the freshness window can no longer be replayed (the timestamp check refuses them).
  await tx.deleteFrom('exch_nonces').where('seen_at', '<', new Date(ctx.clock.now().getTime() - 2 * FRESHNESS_MS).toISOString()).execute();
  const done = await tx.selectFrom('exch_inbox').select('message_id').where('message_id', '=', e.id).executeTakeFirst();
  const current = await tx.selectFrom('exch_peers').select('last_seq_in').where('id', '=', peer.id).executeTakeFirstOrThrow();
  const last = Number(current.last_seq_in);
  if (done || e.seq <= last) return { status: 'duplicate' as const, messageId: e.id };
  if (e.seq !== last + 1) throw conflict(`Out of order: expected message ${last + 1} from ${peer.name}, got ${e.seq}; the sender retries in order`);
  const r = await tx.updateTable('exch_peers').set({ last_seq_in: e.seq }).where('id', '=', peer.id).where('last_seq_in', '=', last).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw conflict('Another process applied a message from this peer at the same time; retry');
  await tx.insertInto('exch_inbox').values({ message_id: e.id, peer_id: peer.id, seq: e.seq, type: e.type, body: JSON.stringify(e.body), sent_at: e.sentAt, received_at: nowIso(ctx) }).execute();
  const applied = await applyMessage(tx, ctx, peer, e);
  await recordAudit(tx, ctx, { action: 'exchange.message_received', subjectType: 'exchange_message', subjectId: e.id, details: { from: peer.name, type: e.type, seq: e.seq, ...applied } });
  return { status: 'accepted' as const, messageId: e.id };
}
