/**
 * Interoperable classification data: our published rulings and correspondences as a signed open-data document, and
 * the import of a peer's document into a database officers can consult (rejected whole when invalid or unsigned).
 */
import { sign, verify, createPublicKey } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { forbidden, invalid } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { publicRulings } from '../classification/classification.service.js';
import { listCorrespondences } from '../controls/controls.service.js';
import { canonical } from './envelope.js';
import { exchangeKey } from './keys.js';
import { assertExchangeOfficer, assertExchangeReader } from './exchange.policy.js';
import { ClassificationExchange } from './open-data.schema.js';
import { peerById } from './peers.service.js';

const signedBytes = (doc: Omit<ClassificationExchange, 'signature'>) => Buffer.from(`clearway-classification-exchange:v1:${canonical(doc)}`);

export async function exportClassification(ctx: Ctx): Promise<ClassificationExchange> {
  const key = exchangeKey(ctx.config);
  const { rulings } = await publicRulings(ctx, { limit: 100_000, offset: 0 });
  const { correspondences } = await listCorrespondences(ctx, {});
  const doc = {
    format: 'clearway-classification-exchange' as const,
    version: 1 as const,
    publisher: { name: ctx.config.authorityName, keyId: key.keyId },
    generatedAt: nowIso(ctx),
    rulings: rulings.map(({ score: _score, ...r }: { score?: number } & Record<string, unknown>) => r) as ClassificationExchange['rulings'],
    correspondences: correspondences.map((c) => ({ ...c, note: c.note ?? null, source: c.source ?? null })),
  };
  return { ...doc, signature: sign(null, signedBytes(doc), key.privateKey).toString('base64') };
}

export async function importClassification(ctx: Ctx, raw: unknown) {
  const a = assertExchangeOfficer(ctx.actor);
  const parsed = ClassificationExchange.safeParse(raw);
  if (!parsed.success) throw invalid(Object.fromEntries(parsed.error.issues.slice(0, 20).map((i) => [`document.${i.path.join('.')}`, i.message])), 'Not a valid classification exchange document: nothing was imported');
  const doc = parsed.data;
  const peer = await ctx.db.selectFrom('exch_peers').selectAll().where('key_id', '=', doc.publisher.keyId).executeTakeFirst();
  if (!peer) throw forbidden(`The publisher's key ${doc.publisher.keyId} is not a peer's: an administrator adds the peer first`);
  const { signature, ...rest } = doc;
  if (!verify(null, signedBytes(rest), createPublicKey(peer.public_key_pem), Buffer.from(signature, 'base64'))) throw forbidden('The document’s signature does not verify against the peer’s key: nothing was imported');
  return withTx(ctx.db, async (tx) => {
    // The newest document replaces the peer's previous one as a whole.
    await tx.deleteFrom('exch_peer_rulings').where('peer_id', '=', peer.id).execute();
    await tx.deleteFrom('exch_peer_correspondences').where('peer_id', '=', peer.id).execute();
    for (const r of doc.rulings)
      await tx.insertInto('exch_peer_rulings').values({ peer_id: peer.id, reference: r.reference, code: r.rating.code, list: r.rating.list, summary: r.publicSummary, data: JSON.stringify(r), published_at: r.publishedAt, imported_at: nowIso(ctx) }).execute();
    for (const c of doc.correspondences) await tx.insertInto('exch_peer_correspondences').values({ id: newId(), peer_id: peer.id, data: JSON.stringify(c), imported_at: nowIso(ctx) }).execute();
    await recordAudit(tx, ctx, { action: 'exchange.classification_imported', subjectType: 'exchange_peer', subjectId: peer.id, details: { by: a.userId, generatedAt: doc.generatedAt, rulings: doc.rulings.length, correspondences: doc.correspondences.length } });
    return { peer: peer.name, rulings: doc.rulings.length, correspondences: doc.correspondences.length, generatedAt: doc.generatedAt };
  });
}

/** Fetches a peer's published document from its public URL and imports it. */
export async function fetchClassification(ctx: Ctx, peerId: string) {
  assertExchangeOfficer(ctx.actor);
  const peer = await peerById(ctx.db, peerId);
  let doc: unknown;
  try {
    const res = await fetch(`${peer.base_url}/api/public/exchange/classification`, { signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    doc = await res.json();
  } catch (err) {
    throw invalid({ peerId: `could not fetch ${peer.name}'s published rulings (${(err as Error).message}); try again later` });
  }
  return importClassification(ctx, doc);
}

/** Peers' rulings, for officers classifying an item: by control code prefix and/or words of the summary. */
export async function listPeerRulings(ctx: Ctx, q: { code?: string; q?: string; limit?: number }) {
  assertExchangeReader(ctx.actor);
  let query = ctx.db.selectFrom('exch_peer_rulings').innerJoin('exch_peers', 'exch_peers.id', 'exch_peer_rulings.peer_id').select(['exch_peers.name as peer', 'exch_peer_rulings.data']);
  if (q.code) query = query.where('exch_peer_rulings.code', 'like', `${q.code.trim().toUpperCase()}%`);
  if (q.q) query = query.where('exch_peer_rulings.summary', 'like', `%${q.q.trim()}%`);
  const rows = await query.orderBy('exch_peer_rulings.published_at', 'desc').limit(q.limit ?? 100).execute();
  return { rulings: rows.map((r) => ({ peer: r.peer, ...(JSON.parse(r.data) as object) })) };
}
