/** The compiled pack in force for a policy on a date: compiled once per stored version, the in-force lookup cached for a second. */
import type { Executor } from '../../platform/db/index.js';
import { notFound, unprocessable } from '../../platform/errors.js';
import { compilePack, type CompiledPack } from './determination.evaluator.js';
import * as repo from './determination.repository.js';
import type { Policy, PolicyPack } from './determination.types.js';

const compiledById = new Map<string, CompiledPack>();
export async function compiledPackById(db: Executor, id: string, version: number): Promise<CompiledPack> {
  const hit = compiledById.get(id);
  if (hit) return hit;
  const content = await repo.packContent(db, id);
  if (!content) throw notFound('Policy pack');
  const cp = compilePack(JSON.parse(content) as PolicyPack, version);
  if (compiledById.size > 64) compiledById.delete(compiledById.keys().next().value!);
  compiledById.set(id, cp);
  return cp;
}

/** Which version is in force, remembered for a second per database (adoption here clears it; other processes see it within 1 s). */
const inForceCache = new WeakMap<object, Map<string, { row: NonNullable<Awaited<ReturnType<typeof repo.findPackInForce>>>; at: number }>>();
const IN_FORCE_TTL_MS = 1000;
export function forgetPacksInForce(db: object) {
  inForceCache.delete(db);
}

/** The compiled pack in force for a policy on a date. Inside a transaction the lookup is not cached. */
export async function packInForce(db: Executor, policy: Policy, date: string) {
  const cache = db.isTransaction ? undefined : inForceCache.get(db) ?? inForceCache.set(db, new Map()).get(db)!;
  const key = `${policy}|${date}`;
  const hit = cache?.get(key);
  let row = hit && Date.now() - hit.at < IN_FORCE_TTL_MS ? hit.row : undefined;
  if (!row) {
    row = await repo.findPackInForce(db, policy, date);
    if (row && cache) {
      if (cache.size > 100) cache.clear();
      cache.set(key, { row, at: Date.now() });
    }
  }
  if (!row) throw unprocessable(`No ${policy} policy pack is in force on ${date}`, { date: `no ${policy} pack in force on this date` });
  return { row, cp: await compiledPackById(db, row.id, row.version) };
}
