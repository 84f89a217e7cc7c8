/**
 * The outbox: messages to peers are stored in the sender's transaction and delivered by the job runner, per peer in
 * sequence order. A failed delivery stops that peer's queue (so nothing overtakes it) and is retried with doubling
 * back-off; a peer that was down receives everything, once and in order, when it comes back.
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { enqueueJob } from '../../platform/jobs/jobs.js';
import { newId } from '../../platform/ids.js';
import { signEnvelope, type MessageType } from './envelope.js';
import { exchangeKey } from './keys.js';
import type { ExchOutboxTable, ExchPeersTable } from './exchange.tables.js';

export const DELIVER_JOB = 'exchange.deliver';
const MAX_BACKOFF_MS = 3_600_000;

/** Queues a message to a peer inside the caller's transaction; returns its message id. */
export async function queueMessage(tx: Executor, ctx: Ctx, peerId: string, type: MessageType, body: Record<string, unknown>): Promise<string> {
  // Compare-and-set on the peer's counter so two processes never give two messages one sequence number.
  for (let attempt = 0; ; attempt++) {
    const peer = await tx.selectFrom('exch_peers').select(['last_seq_out']).where('id', '=', peerId).executeTakeFirstOrThrow();
    const seq = Number(peer.last_seq_out) + 1;
    const r = await tx.updateTable('exch_peers').set({ last_seq_out: seq }).where('id', '=', peerId).where('last_seq_out', '=', seq - 1).executeTakeFirst();
    if (Number(r.numUpdatedRows) === 1) {
      const messageId = newId();
      const now = nowIso(ctx);
      await tx.insertInto('exch_outbox').values({ id: newId(), peer_id: peerId, seq, message_id: messageId, type, body: JSON.stringify(body), status: 'pending', attempts: 0, next_attempt_at: now, last_error: null, created_at: now, delivered_at: null }).execute();
      await ensureDeliveryJob(tx, ctx.clock.now(), ctx.clock.now());
      return messageId;
    }
    if (attempt > 20) throw new Error('could not number the exchange message (contention)');
  }
}

/** At most one queued delivery job at a time, due no later than `runAt`. */
async function ensureDeliveryJob(db: Executor, now: Date, runAt: Date) {
  const queued = await db.selectFrom('jobs').select(['id', 'run_at']).where('type', '=', DELIVER_JOB).where('status', '=', 'queued').orderBy('run_at').executeTakeFirst();
  if (queued && queued.run_at <= runAt.toISOString()) return;
  await enqueueJob(db, now, DELIVER_JOB, {}, { runAt, maxAttempts: 1 });
}

type Post = (url: string, body: string) => Promise<{ status: number; text: string }>;

const httpPost: Post = async (url, body) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, text: await res.text() };
};

const envelopeOf = (ctx: Ctx, peer: ExchPeersTable, m: ExchOutboxTable) => {
  const key = exchangeKey(ctx.config);
  return signEnvelope({ v: 1, id: m.message_id, type: m.type as MessageType, from: { keyId: key.keyId, name: ctx.config.authorityName }, to: peer.key_id, seq: Number(m.seq), body: JSON.parse(m.body) }, key.privateKey, ctx.clock.now());
};

/** Sends messages in order (one, or a batch when a backlog waits); returns how many of them the peer now has. */
async function send(ctx: Ctx, peer: ExchPeersTable, batch: ExchOutboxTable[], post: Post): Promise<{ delivered: number; error?: string }> {
  const single = batch.length === 1;
  const payload = single ? envelopeOf(ctx, peer, batch[0]!) : { messages: batch.map((m) => envelopeOf(ctx, peer, m)) };
  try {
    const r = await post(`${peer.base_url}/api/exchange/inbox`, JSON.stringify(payload));
    if (r.status !== 200 && r.status !== 201) return { delivered: 0, error: `HTTP ${r.status}: ${r.text.slice(0, 300)}` };
    if (single) return { delivered: 1 };
    const body = JSON.parse(r.text) as { results: unknown[]; stopped: { code: string; message: string } | null };
    return { delivered: body.results.length, error: body.stopped ? `${body.stopped.code}: ${body.stopped.message}` : undefined };
  } catch (err) {
    return { delivered: 0, error: (err as Error).message };
  }
}

/** How many waiting messages travel in one request. */
const BATCH = 100;

/** Delivers what is due to every active peer, in order; returns counts. Runs as the `exchange.deliver` job. */
export async function deliverPending(ctx: Ctx, post: Post = httpPost): Promise<{ delivered: number; failed: number }> {
  const peers = await ctx.db.selectFrom('exch_peers').selectAll().where('active', '=', 1).execute();
  let delivered = 0;
  let failed = 0;
  let retryAt: Date | null = null;
  for (const peer of peers) {
    for (;;) {
      const batch = await ctx.db.selectFrom('exch_outbox').selectAll().where('peer_id', '=', peer.id).where('status', '=', 'pending').orderBy('seq').limit(BATCH).execute();
      if (!batch.length) break;
      if (batch[0]!.next_attempt_at > nowIso(ctx)) {
        retryAt = minDate(retryAt, new Date(batch[0]!.next_attempt_at));
        break;
      }
      const r = await send(ctx, peer, batch, post);
      const done = batch.slice(0, r.delivered);
      if (done.length) await ctx.db.updateTable('exch_outbox').set({ status: 'delivered', delivered_at: nowIso(ctx), last_error: null }).where('id', 'in', done.map((m) => m.id)).execute();
      delivered += done.length;
      if (!r.error) continue;
      const m = batch[r.delivered]!;
      const wait = Math.min(ctx.config.exchangeRetryBaseMs * 2 ** m.attempts, MAX_BACKOFF_MS);
      const next = new Date(ctx.clock.now().getTime() + wait);
      await ctx.db.updateTable('exch_outbox').set({ attempts: m.attempts + 1, next_attempt_at: next.toISOString(), last_error: r.error }).where('id', '=', m.id).execute();
      ctx.log.warn({ peer: peer.name, seq: m.seq, error: r.error, retryInMs: wait }, 'exchange: delivery failed; will retry');
      retryAt = minDate(retryAt, next);
      failed++;
      break;
    }
  }
  if (retryAt) await ensureDeliveryJob(ctx.db, ctx.clock.now(), retryAt);
  return { delivered, failed };
}

const minDate = (a: Date | null, b: Date) => (a && a < b ? a : b);

/** Outbox state for the admin page. */
export async function outboxSummary(db: Executor) {
  const rows = await db
    .selectFrom('exch_outbox')
    .innerJoin('exch_peers', 'exch_peers.id', 'exch_outbox.peer_id')
    .select(['exch_outbox.id', 'exch_peers.name as peer', 'exch_outbox.seq', 'exch_outbox.type', 'exch_outbox.status', 'exch_outbox.attempts', 'exch_outbox.next_attempt_at', 'exch_outbox.last_error', 'exch_outbox.created_at', 'exch_outbox.delivered_at'])
    .orderBy('exch_outbox.created_at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({ id: r.id, peer: r.peer, seq: Number(r.seq), type: r.type, status: r.status, attempts: Number(r.attempts), nextAttemptAt: r.next_attempt_at, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at }));
}
