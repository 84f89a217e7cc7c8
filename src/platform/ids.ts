import { randomBytes, randomUUID, createHash } from 'node:crypto';

export const newId = (): string => randomUUID();
/** A URL-safe random secret with the given prefix (tokens, session ids). */
export const newSecret = (prefix = ''): string => prefix + randomBytes(32).toString('base64url');
export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
