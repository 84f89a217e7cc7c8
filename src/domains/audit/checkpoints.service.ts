import { existsSync } from 'node:fs';
import type { Ctx } from '../../platform/context.js';
import { loadOrCreateSigningKey, readCheckpointFile } from '../../platform/audit/checkpoint.js';

/**
 * The transparency portal's copy of the signed checkpoints (public by design): read from the exported file, never
 * from the database, so rolling the database back does not roll the published checkpoints back with it.
 */
export function publicCheckpoints(ctx: Pick<Ctx, 'config'>, opts: { limit?: number } = {}) {
  const { auditKeyFile, auditCheckpointFile } = ctx.config;
  const key = existsSync(auditKeyFile) ? loadOrCreateSigningKey(auditKeyFile) : null;
  const all = readCheckpointFile(auditCheckpointFile);
  const limit = opts.limit ?? 1000;
  return {
    algorithm: 'ed25519',
    keyId: key?.keyId ?? null,
    publicKey: key?.publicKeyPem ?? null,
    total: all.length,
    checkpoints: all.slice(-limit),
  };
}
