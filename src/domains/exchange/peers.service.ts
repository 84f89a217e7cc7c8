/** Peer authorities: name, base URL and public key. Configured by an administrator (API, admin page or CLI). */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { assertExchangeReader, assertPeerAdmin } from './exchange.policy.js';
import { exchangeKey, peerKey } from './keys.js';
import type { ExchPeersTable } from './exchange.tables.js';

export interface PeerInput {
  name: string;
  url: string;
  publicKey: string;
}

export const presentPeer = (p: ExchPeersTable) => ({ id: p.id, name: p.name, url: p.base_url, keyId: p.key_id, publicKey: p.public_key_pem, active: Boolean(p.active), createdAt: p.created_at });

function baseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('scheme');
    return u.toString().replace(/\/+$/, '');
  } catch {
    throw invalid({ url: 'must be the peer’s base URL, e.g. https://licensing.example.gov' });
  }
}

export async function addPeer(ctx: Ctx, input: PeerInput) {
  assertPeerAdmin(ctx.actor);
  const name = input.name.trim();
  if (!name) throw invalid({ name: 'enter the peer authority’s name' });
  const key = peerKey(input.publicKey);
  if (key.keyId === exchangeKey(ctx.config).keyId) throw invalid({ publicKey: 'this is our own key; paste the peer’s public key' });
  const url = baseUrl(input.url);
  return withTx(ctx.db, async (tx) => {
    const clash = await tx.selectFrom('exch_peers').select(['name', 'key_id']).where((eb) => eb.or([eb('name', '=', name), eb('key_id', '=', key.keyId)])).executeTakeFirst();
    if (clash) throw conflict(clash.name === name ? `A peer named ${name} exists already` : `This key is already the key of ${clash.name}`);
    const row: ExchPeersTable = { id: newId(), name, base_url: url, public_key_pem: key.pem, key_id: key.keyId, active: 1, last_seq_in: 0, last_seq_out: 0, created_at: nowIso(ctx) };
    await tx.insertInto('exch_peers').values(row).execute();
    await recordAudit(tx, ctx, { action: 'exchange.peer_added', subjectType: 'exchange_peer', subjectId: row.id, after: { name, url, keyId: key.keyId } });
    return presentPeer(row);
  });
}

export async function setPeerActive(ctx: Ctx, id: string, active: boolean) {
  assertPeerAdmin(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const p = await peerById(tx, id);
    await tx.updateTable('exch_peers').set({ active: active ? 1 : 0 }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: active ? 'exchange.peer_enabled' : 'exchange.peer_disabled', subjectType: 'exchange_peer', subjectId: id, before: { active: Boolean(p.active) }, after: { active } });
    return presentPeer({ ...p, active: active ? 1 : 0 });
  });
}

export async function listPeers(ctx: Ctx) {
  assertExchangeReader(ctx.actor);
  const peers = await ctx.db.selectFrom('exch_peers').selectAll().orderBy('name').execute();
  const pending = await ctx.db.selectFrom('exch_outbox').select(['peer_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'pending').groupBy('peer_id').execute();
  const waiting = new Map(pending.map((p) => [p.peer_id, Number(p.n)]));
  return { peers: peers.map((p) => ({ ...presentPeer(p), pendingMessages: waiting.get(p.id) ?? 0 })) };
}

export async function peerById(db: Executor, id: string) {
  const p = await db.selectFrom('exch_peers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!p) throw notFound('Peer');
  return p;
}

/** This authority's public key and name, to give to peers. */
export function ownKey(ctx: Ctx) {
  const k = exchangeKey(ctx.config);
  return { name: ctx.config.authorityName, keyId: k.keyId, publicKey: k.publicKeyPem };
}

export function showKeys(ctx: Ctx) {
  assertPeerAdmin(ctx.actor);
  return ownKey(ctx);
}
