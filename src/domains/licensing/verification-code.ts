import { randomBytes } from 'node:crypto';

// Crockford base32 without I, L, O, U: read aloud or typed from paper without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A random licence verification code, e.g. "CW-7K3M-Q9XD-2HFB" (60 bits: not guessable by enumeration). */
export function newVerificationCode(): string {
  const bytes = randomBytes(12);
  let s = '';
  for (let i = 0; i < 12; i++) s += ALPHABET[bytes[i] & 31];
  return `CW-${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8, 12)}`;
}

/** Normalises what a person typed (case, spaces, missing dashes, O for 0, I/L for 1). */
export function normaliseVerificationCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  const body = raw.startsWith('CW') ? raw.slice(2) : raw;
  if (!/^[0-9A-HJKMNP-TV-Z]{12}$/.test(body)) return null;
  return `CW-${body.slice(0, 4)}-${body.slice(4, 8)}-${body.slice(8, 12)}`;
}
