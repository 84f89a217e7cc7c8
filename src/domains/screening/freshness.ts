import type { LoadedIndex } from './screening.index.js';
import { SOURCES } from './lists/sources.js';

/** Default for CLEARWAY_LIST_MAX_AGE_DAYS: a list whose data is older than this is flagged stale on every response. */
export const DEFAULT_MAX_LIST_AGE_DAYS = 30;

export interface ListVersionInfo {
  versionId: string | null;
  title: string;
  loaded: boolean;
  /** date of the data (the snapshot's date, or the day it was fetched when the feed carries none) */
  dataDate: string | null;
  fetchedAt: string | null;
  ageDays: number | null;
  stale: boolean;
}

/** CLEARWAY_LIST_MAX_AGE_DAYS (a positive number of days), or the default when unset. */
export function maxListAgeDays(env = process.env): { days: number; warning?: string } {
  const raw = env.CLEARWAY_LIST_MAX_AGE_DAYS;
  if (raw === undefined || raw.trim() === '') return { days: DEFAULT_MAX_LIST_AGE_DAYS };
  const n = Number(raw);
  if (Number.isFinite(n) && n > 0) return { days: n };
  return { days: DEFAULT_MAX_LIST_AGE_DAYS, warning: `CLEARWAY_LIST_MAX_AGE_DAYS="${raw}" is not a positive number; using ${DEFAULT_MAX_LIST_AGE_DAYS}` };
}

/**
 * Every source's version in force with its date and age, and warnings for lists that are not loaded (nothing was
 * screened against them) or older than the configured age. Shown on every screening response: a screening is only
 * as good as the lists behind it.
 */
export function listFreshness(ix: Pick<LoadedIndex, 'meta'>, now: Date): { listVersions: Record<string, ListVersionInfo>; warnings: string[] } {
  const { days, warning } = maxListAgeDays();
  const warnings: string[] = warning ? [warning] : [];
  const listVersions: Record<string, ListVersionInfo> = {};
  for (const s of SOURCES) {
    const m = ix.meta[s.name];
    if (!m) {
      listVersions[s.name] = { versionId: null, title: s.title, loaded: false, dataDate: null, fetchedAt: null, ageDays: null, stale: true };
      warnings.push(`${s.name} (${s.title}) is not loaded: names were not screened against it`);
      continue;
    }
    const dataDate = m.dataDate || m.fetchedAt.slice(0, 10);
    const ageDays = Math.max(0, Math.floor((now.getTime() - Date.parse(`${dataDate.slice(0, 10)}T00:00:00Z`)) / 86_400_000));
    const stale = ageDays > days;
    listVersions[s.name] = { versionId: m.id, title: s.title, loaded: true, dataDate, fetchedAt: m.fetchedAt, ageDays, stale };
    if (stale) warnings.push(`${s.name} data is ${ageDays} days old (dated ${dataDate}; older than ${days} days)`);
  }
  return { listVersions, warnings };
}
