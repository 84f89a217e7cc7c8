import type { Executor } from '../../platform/db/index.js';
import { MatchIndex } from './matching/index.js';
import type { ListedParty } from './model.js';
import * as repo from './screening.repository.js';

/**
 * The process's in-memory MatchIndex over the current version of every list.
 * Before every search the caller asks for the index with its executor: one small query reads the current version ids,
 * so a process notices versions imported by another process (or the CLI) and brings its index up to date: incrementally
 * from the stored diff when it knows the predecessor version, otherwise by rebuilding from the stored entities.
 */
export interface LoadedIndex {
  key: string;
  index: MatchIndex;
  /** source → current version id */
  versions: Record<string, string>;
  /** source → data date and fetch time of the current version (list freshness, see freshness.ts) */
  meta: Record<string, { id: string; dataDate: string | null; fetchedAt: string }>;
  builtAt: number;
  buildMs: number;
}

let cache: LoadedIndex | null = null;
let inflight: { key: string; db: Executor; promise: Promise<LoadedIndex> } | null = null;

export async function getIndex(db: Executor): Promise<LoadedIndex> {
  const cur = await repo.currentVersions(db);
  const key = cur.map((v) => v.id).sort().join(',');
  if (cache && cache.key === key) return cache;
  if (inflight && inflight.key === key && inflight.db === db) return inflight.promise;
  const promise = load(db, cur, key);
  inflight = { key, db, promise };
  try {
    const loaded = await promise;
    cache = loaded;
    return loaded;
  } finally {
    if (inflight?.promise === promise) inflight = null;
  }
}

async function load(db: Executor, cur: repo.VersionRow[], key: string): Promise<LoadedIndex> {
  const t0 = Date.now();
  const versions = Object.fromEntries(cur.map((v) => [v.source, v.id]));
  const meta = Object.fromEntries(cur.map((v) => [v.source, { id: v.id, dataDate: v.data_date, fetchedAt: v.fetched_at }]));
  const base = cache;
  if (base) {
    // Incremental: every source either unchanged, or its new version's predecessor is the one we hold.
    const steps = cur.filter((v) => base.versions[v.source] !== v.id);
    const droppedSources = Object.keys(base.versions).filter((s) => !versions[s]);
    const chainable = droppedSources.length === 0 && steps.every((v) => v.previous_version_id && v.previous_version_id === base.versions[v.source]);
    if (chainable && steps.length) {
      // Copy-on-write is too costly for a big index; build a fresh one only when the diff is large.
      const changes = (await Promise.all(steps.map((v) => repo.versionChanges(db, v.id)))).flat();
      if (changes.length < 5000) {
        const index = base.index;
        for (const c of changes) {
          if (c.change === 'removed') index.remove(c.entity_id);
          else index.add(JSON.parse(c.data) as ListedParty);
        }
        return { key, index, versions, meta, builtAt: Date.now(), buildMs: Date.now() - t0 };
      }
    }
  }
  const parties = await repo.allEntities(db);
  const index = MatchIndex.build(parties);
  return { key, index, versions, meta, builtAt: Date.now(), buildMs: Date.now() - t0 };
}

/** Drops the cached index (tests, or after bulk changes). */
export function resetIndexCache() {
  cache = null;
  inflight = null;
}
