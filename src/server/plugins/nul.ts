import type { FastifyInstance } from 'fastify';
import { AppError } from '../../platform/errors.js';

/** Where in a parsed value a NUL character sits (a key or a string value), or null. */
export function findNul(value: unknown, path = 'body', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  if (Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const p = `${path}.${k}`;
    if (k.includes('\u0000')) return path;
    const hit = findNul(v, p, depth + 1);
    if (hit) return hit;
  }
  return null;
}

const nulError = (field: string) =>
  new AppError('validation_failed', `${field} contains a NUL character (\\u0000), which no field accepts`, { [field]: 'must not contain NUL characters' });

/**
 * NUL characters are refused once, at the edge, for every route: PostgreSQL text cannot hold them (a 500 otherwise)
 * and no field of ours means anything by one. Path and query are checked before routing and authentication,
 * JSON bodies after parsing. Uploaded files are bytes and are not affected.
 */
export function registerNulGuard(app: FastifyInstance) {
  app.addHook('onRequest', async (req) => {
    const raw = req.raw.url ?? '';
    if (/%00|\u0000/i.test(raw)) {
      const q = raw.indexOf('?');
      const inQuery = q >= 0 && /%00|\u0000/i.test(raw.slice(q));
      throw nulError(inQuery ? 'query' : 'path');
    }
  });
  app.addHook('preValidation', async (req) => {
    const hit = findNul(req.body);
    if (hit) throw nulError(hit.replace(/^body\./, '') || 'body');
  });
}
