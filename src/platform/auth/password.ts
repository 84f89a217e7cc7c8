import { hash, verify } from '@node-rs/argon2';
import { readBundledText } from '../data.js';

// argon2id (algorithm 2) with OWASP's recommended minimums.
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string): Promise<string> => hash(password, OPTIONS);

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash computed once, verified against when the user does not exist, so timing does not reveal which emails are registered. */
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword('not-a-real-password-' + Math.random()));

let common: Set<string> | null = null;
/** The bundled list of common passwords (data/common-passwords, 49,233 entries), loaded once. */
function commonPasswords(): Set<string> {
  return (common ??= new Set(readBundledText('common-passwords/passwords.txt.gz').split('\n').filter(Boolean)));
}

/** Why a password is too easy to guess, or null: a common password (also with digits or symbols around it), or repetition. */
function guessable(password: string): string | null {
  const lower = password.toLowerCase();
  const list = commonPasswords();
  if (list.has(lower)) return 'is one of the most common passwords; choose another';
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (core.length >= 4 && list.has(core)) return `is a common password ("${core}") with digits or symbols added; choose another`;
  if (new Set(lower).size <= 3) return 'repeats the same few characters; choose another';
  const unit = /^(.+?)\1+$/.exec(lower)?.[1];
  if (unit && (unit.length <= 4 || list.has(unit))) return 'repeats a short pattern; choose another';
  if (SEQUENCES.some((seq) => seq.includes(lower))) return 'is a keyboard or alphabet sequence; choose another';
  return null;
}

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', 'qwertyuiopasdfghjklzxcvbnm', '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p'].flatMap((s) => [s.repeat(4), [...s].reverse().join('').repeat(4)]);

/** Password rules, returned as a field error message or null: 12 to 256 characters, not common, not repetitive. */
export function passwordProblem(password: string): string | null {
  if (password.length < 12) return 'must be at least 12 characters';
  if (password.length > 256) return 'must be at most 256 characters';
  return guessable(password);
}
