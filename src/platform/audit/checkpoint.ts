/**
 * Signed audit checkpoints: the chain anchored outside the database (docs/adr/0013-audit-checkpoints.md). A checkpoint is (sequence, head
 * hash, time) signed with an ed25519 key kept in a file the database never holds. Someone who can write to the
 * database can re-chain the trail so that `audit verify` passes, but cannot make the signed checkpoints already
 * exported agree with it: each checkpoint pins the hash of the event at its sequence.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Executor } from '../db/index.js';
import { GENESIS_HASH, verifyAuditChain } from './audit.js';

export interface Checkpoint {
  v: 1;
  /** Sequence of the newest event covered (0 for an empty trail). */
  seq: number;
  /** Hash of that event (the chain head). */
  headHash: string;
  /** When the checkpoint was taken (ISO, UTC). */
  at: string;
  /** First 16 hex characters of the SHA-256 of the public key (DER). */
  keyId: string;
  /** base64 ed25519 signature over `signedText(seq, headHash, at, keyId)`. */
  signature: string;
}

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

const signedText = (c: Pick<Checkpoint, 'seq' | 'headHash' | 'at' | 'keyId'>) => `clearway-audit-checkpoint:v1:${c.seq}:${c.headHash}:${c.at}:${c.keyId}`;

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

const toSigningKey = (privateKey: KeyObject): SigningKey => {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(publicKey) };
};

/** Reads the ed25519 signing key, creating it (mode 0600) on first use. Its file must live outside the database. */
export function loadOrCreateSigningKey(file: string): SigningKey & { created: boolean } {
  if (existsSync(file)) {
    const key = createPrivateKey(readFileSync(file));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} is not an ed25519 private key (CLEARWAY_AUDIT_KEY_FILE)`);
    return { ...toSigningKey(key), created: false };
  }
  mkdirSync(dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { ...toSigningKey(privateKey), created: true };
}

/** Signs the current head of the chain. */
export async function takeCheckpoint(db: Executor, key: SigningKey, now: Date): Promise<Checkpoint> {
  const head = await db.selectFrom('audit_head').selectAll().where('id', '=', 1).executeTakeFirst();
  const body = { seq: head ? Number(head.seq) : 0, headHash: head?.hash ?? GENESIS_HASH, at: now.toISOString(), keyId: key.keyId };
  return { v: 1, ...body, signature: sign(null, Buffer.from(signedText(body)), key.privateKey).toString('base64') };
}

/** Appends a checkpoint to the operator's file (one JSON object a line). */
export function exportCheckpoint(file: string, c: Checkpoint) {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, JSON.stringify(c) + '\n');
}

export function checkSignature(c: Checkpoint, publicKey: KeyObject): boolean {
  try {
    return c.keyId === keyIdOf(publicKey) && verify(null, Buffer.from(signedText(c)), publicKey, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Parses checkpoints from JSON lines (the exported file), a JSON array, or the public endpoint's `{publicKey, checkpoints}`. */
export function parseCheckpoints(text: string): { checkpoints: Checkpoint[]; publicKeyPem: string | null } {
  const trimmed = text.trim();
  if (!trimmed) return { checkpoints: [], publicKeyPem: null };
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch {
    return { checkpoints: trimmed.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Checkpoint), publicKeyPem: null };
  }
  if (Array.isArray(whole)) return { checkpoints: whole as Checkpoint[], publicKeyPem: null };
  const o = whole as { checkpoints?: Checkpoint[]; publicKey?: string };
  if (Array.isArray(o.checkpoints)) return { checkpoints: o.checkpoints, publicKeyPem: o.publicKey ?? null };
  return { checkpoints: [whole as Checkpoint], publicKeyPem: null };
}

/** The checkpoints exported so far (empty when the file does not exist yet). */
export function readCheckpointFile(file: string): Checkpoint[] {
  return existsSync(file) ? parseCheckpoints(readFileSync(file, 'utf8')).checkpoints : [];
}

/**
 * Takes a checkpoint and appends it to the operator's file, unless the head has not moved since the last one.
 * Returns the new checkpoint, or null when nothing changed.
 */
export async function checkpointNow(db: Executor, keyFile: string, checkpointFile: string, now: Date): Promise<Checkpoint | null> {
  const key = loadOrCreateSigningKey(keyFile);
  const c = await takeCheckpoint(db, key, now);
  const last = readCheckpointFile(checkpointFile).at(-1);
  if (last && last.seq === c.seq && last.headHash === c.headHash && last.keyId === c.keyId) return null;
  exportCheckpoint(checkpointFile, c);
  return c;
}

export type CheckpointVerdict =
  | { ok: true; events: number; checkpoints: number; latest: { seq: number; at: string } | null }
  | { ok: false; events: number; checkpoints: number; problem: string; reason: string };

/**
 * Verifies the trail against signed checkpoints: the chain itself, then for each checkpoint that the event at its
 * sequence still exists with the signed hash. Catches a deleted trail, truncation with the head moved back,
 * re-chaining after an edit or a delete, and rollback to an earlier state. Events newer than the latest checkpoint
 * are covered by the chain only (the window between checkpoints; see the ADR).
 */
export async function verifyWithCheckpoints(db: Executor, checkpoints: Checkpoint[], publicKey: KeyObject): Promise<CheckpointVerdict> {
  const n = checkpoints.length;
  const fail = (events: number, problem: string, reason: string): CheckpointVerdict => ({ ok: false, events, checkpoints: n, problem, reason });
  if (!n) return fail(0, 'no_checkpoints', 'No checkpoints were given; nothing outside the database to verify against');
  for (const [i, c] of checkpoints.entries()) {
    if (!c || c.v !== 1 || !Number.isInteger(c.seq) || typeof c.headHash !== 'string') return fail(0, 'bad_checkpoint', `Checkpoint ${i + 1} is not a Clearway audit checkpoint`);
    if (!checkSignature(c, publicKey)) return fail(0, 'bad_signature', `Checkpoint ${i + 1} (seq ${c.seq}, ${c.at}) is not signed by the audit key ${keyIdOf(publicKey)}`);
    if (i > 0 && c.seq < checkpoints[i - 1].seq) return fail(0, 'bad_checkpoint', `Checkpoint ${i + 1} goes back from seq ${checkpoints[i - 1].seq} to ${c.seq}`);
  }
  const chain = await verifyAuditChain(db);
  const latest = checkpoints[n - 1];
  if (!chain.ok) return fail(chain.events, 'chain_broken', `The hash chain is broken at event ${chain.brokenAt.seq}: ${chain.brokenAt.reason}`);
  if (chain.events === 0 && latest.seq > 0)
    return fail(0, 'trail_deleted', `The audit trail is empty, but a checkpoint signed at ${latest.at} covers ${latest.seq} events: the trail was deleted`);
  // Newest first: the first checkpoint that disagrees tells the most.
  for (let i = n - 1; i >= 0; i--) {
    const c = checkpoints[i];
    if (c.seq === 0) continue;
    const row = await db.selectFrom('audit_events').select(['seq', 'hash']).where('seq', '=', c.seq).executeTakeFirst();
    if (!row) {
      const earlier = await matchingEarlier(db, checkpoints.slice(0, i));
      if (earlier && chain.events === earlier.seq)
        return fail(chain.events, 'rolled_back', `The trail ends at event ${chain.events}, exactly as the checkpoint of ${earlier.at}, but the checkpoint of ${c.at} covers ${c.seq} events: the database was rolled back`);
      return fail(chain.events, 'truncated', `The trail ends at event ${chain.events}, but the checkpoint of ${c.at} covers ${c.seq} events: events were deleted and the head moved back`);
    }
    if (row.hash !== c.headHash)
      return fail(chain.events, 'rechained', `Event ${c.seq} does not have the hash signed at ${c.at}: events at or before it were edited, inserted or deleted and the chain recomputed`);
  }
  return { ok: true, events: chain.events, checkpoints: n, latest: { seq: latest.seq, at: latest.at } };
}

async function matchingEarlier(db: Executor, earlier: Checkpoint[]) {
  for (let i = earlier.length - 1; i >= 0; i--) {
    const c = earlier[i];
    const row = c.seq === 0 ? null : await db.selectFrom('audit_events').select('hash').where('seq', '=', c.seq).executeTakeFirst();
    if (row && row.hash === c.headHash) return c;
  }
  return null;
}
