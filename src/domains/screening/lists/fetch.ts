import { fetch } from 'undici';
import type { Ctx } from '../../../platform/context.js';
import { AppError } from '../../../platform/errors.js';
import { FeedError, type FeedFiles } from './common.js';
import { SOURCES, sourceByName } from './sources.js';
import { importListVersion, raiseFeedAlert, presentVersion } from '../lists.service.js';

export interface UpdateOutcome {
  source: string;
  status: 'created' | 'unchanged' | 'rejected' | 'skipped';
  version?: ReturnType<typeof presentVersion>;
  error?: string;
  urls?: Record<string, string>;
}

/** The URL each file of a source is fetched from: the env var when set (empty = leave this optional file out), else the official URL. */
export function sourceUrls(sourceName: string, env: NodeJS.ProcessEnv = process.env): Record<string, string | null> {
  const s = sourceByName(sourceName);
  const out: Record<string, string | null> = {};
  for (const f of s.files) {
    const v = env[f.env];
    out[f.key] = v !== undefined ? v.trim() || null : f.url || null;
  }
  return out;
}

async function download(source: string, file: string, url: string, timeoutMs: number): Promise<Buffer> {
  let res;
  for (let attempt = 1; ; attempt++) {
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
      break;
    } catch (e) {
      // A connection the server closed between requests fails once; retry network errors once, never HTTP answers.
      if (attempt < 2 && !(e instanceof Error && e.name === 'TimeoutError')) continue;
      const cause = (e as { cause?: { message?: string } }).cause?.message;
      throw new FeedError(source, file, `download from ${url} failed: ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
    }
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    throw new FeedError(source, file, `download from ${url} answered HTTP ${res.status}`);
  }
  let buf: Buffer;
  try {
    buf = Buffer.from(await res.arrayBuffer());
  } catch (e) {
    throw new FeedError(source, file, `download from ${url} broke off: ${(e as Error).message}`);
  }
  const declared = res.headers.get('content-length');
  if (declared && /^\d+$/.test(declared) && Number(declared) !== buf.length && !res.headers.get('content-encoding'))
    throw new FeedError(source, file, `truncated download: ${buf.length} of ${declared} bytes`);
  return buf;
}

/**
 * Fetches one source (or all) from its URLs and imports it. A source whose feed is broken is rejected whole,
 * an alert raised, the previous version kept; the other sources still update.
 */
export async function updateLists(ctx: Ctx, opts: { source?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<UpdateOutcome[]> {
  const names = opts.source ? [sourceByName(opts.source).name] : SOURCES.map((s) => s.name);
  const out: UpdateOutcome[] = [];
  for (const name of names) {
    const s = sourceByName(name);
    const urls = sourceUrls(name, opts.env ?? process.env);
    const missing = s.files.filter((f) => f.required && !urls[f.key]);
    if (missing.length) {
      out.push({ source: name, status: 'skipped', error: `no URL configured: set ${missing.map((f) => f.env).join(', ')}` });
      continue;
    }
    const used: Record<string, string> = {};
    try {
      const files: FeedFiles = {};
      for (const f of s.files) {
        const url = urls[f.key];
        if (!url) continue;
        used[f.key] = url;
        files[f.key] = await download(name, f.key, url, opts.timeoutMs ?? 120_000);
      }
      const res = await importListVersion(ctx, name, files, { kind: 'url', detail: Object.values(used).join(' ') });
      out.push({ source: name, status: res.status, version: res.version, urls: used });
    } catch (e) {
      if (e instanceof FeedError) {
        await raiseFeedAlert(ctx, name, e, Object.values(used).join(' '));
        out.push({ source: name, status: 'rejected', error: e.message, urls: used });
      } else if (e instanceof AppError && e.code === 'unprocessable') {
        out.push({ source: name, status: 'rejected', error: e.message, urls: used });
      } else throw e;
    }
  }
  return out;
}
