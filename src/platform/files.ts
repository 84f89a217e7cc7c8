import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Executor } from './db/index.js';
import type { Ctx } from './context.js';
import { newId } from './ids.js';
import { invalid } from './errors.js';

/** File types accepted for uploads, by declared type and by the magic bytes actually sent. */
const ALLOWED: Record<string, (b: Buffer) => boolean> = {
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'text/plain': (b) => !b.includes(0),
  'text/csv': (b) => !b.includes(0),
};
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * Stores an upload under the upload directory with a random name (never the client's), after checking
 * its type by content and its size. Returns the files row.
 */
export async function storeUpload(tx: Executor, ctx: Ctx, input: { filename: string; contentType: string; data: Buffer; organisationId: string | null }) {
  const check = ALLOWED[input.contentType];
  if (!check) throw invalid({ file: `type ${input.contentType} is not accepted; send PDF, PNG, JPEG, plain text or CSV` });
  if (input.data.length === 0) throw invalid({ file: 'is empty' });
  if (input.data.length > MAX_UPLOAD_BYTES) throw invalid({ file: `is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB` });
  if (!check(input.data)) throw invalid({ file: `content does not look like ${input.contentType}` });
  const id = newId();
  const dir = resolve(ctx.config.uploadDir);
  mkdirSync(dir, { recursive: true });
  const storagePath = join(dir, id);
  writeFileSync(storagePath, input.data, { mode: 0o600 });
  const row = {
    id,
    organisation_id: input.organisationId,
    filename: input.filename.replace(/[^\w.\- ]+/g, '_').slice(0, 200) || 'file',
    content_type: input.contentType,
    size: input.data.length,
    sha256: createHash('sha256').update(input.data).digest('hex'),
    storage_path: storagePath,
    created_by: ctx.actor?.userId ?? null,
    created_at: ctx.clock.now().toISOString(),
  };
  await tx.insertInto('files').values(row).execute();
  return row;
}

/** Reads a stored file's bytes (callers check access first). */
export const readStoredFile = (storagePath: string) => readFileSync(storagePath);
