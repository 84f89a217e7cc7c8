/** This authority's exchange key: ed25519, created on first use in a file outside the database (CLEARWAY_EXCHANGE_KEY_FILE). */
import { createPublicKey } from 'node:crypto';
import { keyIdOf, loadOrCreateSigningKey, type SigningKey } from '../../platform/audit/checkpoint.js';
import { invalid } from '../../platform/errors.js';
import type { Config } from '../../platform/config.js';

const cache = new Map<string, SigningKey>();

export function exchangeKey(config: Config): SigningKey {
  const file = config.exchangeKeyFile;
  let key = cache.get(file);
  if (!key) {
    try {
      key = loadOrCreateSigningKey(file);
    } catch (err) {
      // Another process created the file between our check and our write: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      key = loadOrCreateSigningKey(file);
    }
    cache.set(file, key);
  }
  return key;
}

/** Parses a peer's public key (PEM, SPKI) and returns its id; a 400 naming the field when it is not an ed25519 key. */
export function peerKey(pem: string, field = 'publicKey'): { pem: string; keyId: string } {
  try {
    const k = createPublicKey(pem.trim());
    if (k.asymmetricKeyType !== 'ed25519') throw new Error('not ed25519');
    return { pem: k.export({ type: 'spki', format: 'pem' }).toString(), keyId: keyIdOf(k) };
  } catch {
    throw invalid({ [field]: 'must be an ed25519 public key in PEM form (-----BEGIN PUBLIC KEY-----…), as `clearway exchange keys show` prints it' });
  }
}
