/**
 * Signed messages between authorities. An envelope is signed at each delivery attempt (fresh `sentAt` and `nonce`),
 * while `id` and `seq` stay the same, so a peer that was down for a week still gets a fresh, verifiable message and
 * the receiver can apply it once and in order. The signature covers the canonical JSON of everything but itself.
 */
import { createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

export const MESSAGE_TYPES = ['denial.notify', 'denial.revoke', 'consultation.request', 'consultation.answer'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const Envelope = z.object({
  v: z.literal(1),
  id: z.string().min(8).max(100),
  type: z.enum(MESSAGE_TYPES),
  /** Sender's key id (first 16 hex of the SHA-256 of its public key) and name. */
  from: z.object({ keyId: z.string().regex(/^[0-9a-f]{16}$/), name: z.string().min(1).max(200) }),
  /** Receiver's key id: a message meant for someone else is refused. */
  to: z.string().regex(/^[0-9a-f]{16}$/),
  /** Order of this message among those the sender sent to this receiver (1, 2, …). */
  seq: z.number().int().min(1),
  sentAt: z.string().datetime(),
  nonce: z.string().regex(/^[0-9a-f]{32}$/),
  body: z.record(z.string(), z.unknown()),
  signature: z.string().min(10).max(200),
});
export type Envelope = z.infer<typeof Envelope>;

/** JSON with object keys sorted at every level: the same bytes on both sides whatever the key order on the wire. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const signedBytes = (e: Omit<Envelope, 'signature'>) => Buffer.from(`clearway-exchange:v1:${canonical(e)}`);

export function signEnvelope(e: Omit<Envelope, 'signature' | 'sentAt' | 'nonce'>, key: KeyObject, now: Date): Envelope {
  const unsigned = { ...e, sentAt: now.toISOString(), nonce: randomBytes(16).toString('hex') };
  return { ...unsigned, signature: sign(null, signedBytes(unsigned), key).toString('base64') };
}

export function checkEnvelopeSignature(e: Envelope, publicKeyPem: string): boolean {
  try {
    const { signature, ...rest } = e;
    return verify(null, signedBytes(rest), createPublicKey(publicKeyPem), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** How far a message's `sentAt` may be from the receiver's clock. */
export const FRESHNESS_MS = 5 * 60_000;
