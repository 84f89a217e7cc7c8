import { readFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Executor } from './db/index.js';

/** The repository's bundled data folder (works from any working directory). */
export const BUNDLED_DATA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../data');

/** Reads a bundled snapshot (`data/<source>/<file>.gz` is gunzipped transparently). */
export function readBundled(relPath: string): Buffer {
  const p = join(BUNDLED_DATA_DIR, relPath);
  if (existsSync(p)) return p.endsWith('.gz') ? gunzipSync(readFileSync(p)) : readFileSync(p);
  if (existsSync(p + '.gz')) return gunzipSync(readFileSync(p + '.gz'));
  throw new Error(`Bundled data file ${relPath} is missing from ${BUNDLED_DATA_DIR}`);
}

export const readBundledText = (relPath: string) => readBundled(relPath).toString('utf8');

/** Small key/value state (what was seeded, with which checksum). */
export async function getState(db: Executor, key: string): Promise<string | null> {
  const row = await db.selectFrom('app_state').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value ?? null;
}

export async function setState(db: Executor, key: string, value: string, now: Date): Promise<void> {
  await db
    .insertInto('app_state')
    .values({ key, value, updated_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now.toISOString() }))
    .execute();
}
