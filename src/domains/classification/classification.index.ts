/**
 * An in-process cache of the precedent corpus (every ruled request) with its TF-IDF index and prepared parameters,
 * so a search does not reload and re-tokenise every precedent. Before each use a cheap query (count and latest
 * ruling time) tells whether rulings were added, here or by another process on the same database; new rulings are
 * loaded incrementally and the index rebuilt from the cached tokens.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';
import { loadPrecedents, type PrecedentRow } from './classification.repository.js';
import { docTokens, TfIdfIndex, type Param } from './classification.similarity.js';

export interface PrecedentDoc {
  row: PrecedentRow;
  tokens: string[];
  params: Param[];
}

export interface PrecedentIndex {
  /** Newest ruling first. */
  docs: PrecedentDoc[];
  text: TfIdfIndex;
}

interface Cached {
  count: number;
  latest: string | null;
  index: PrecedentIndex;
}

const caches = new WeakMap<object, Cached>();
const building = new WeakMap<object, Promise<Cached>>();

const prepare = (row: PrecedentRow): PrecedentDoc => ({
  row,
  tokens: docTokens({ name: row.product_name, description: row.description, manufacturer: row.manufacturer }),
  params: row.parameters.map((p) => ({ nameKey: p.name_key, value: p.value, num: p.value_num, baseUnit: p.base_unit })),
});

const build = (docs: PrecedentDoc[]): PrecedentIndex => {
  docs.sort((a, b) => b.row.ruled_at.localeCompare(a.row.ruled_at) || b.row.reference.localeCompare(a.row.reference));
  return { docs, text: new TfIdfIndex(docs.map((d) => d.tokens)) };
};

async function version(db: Kysely<DB>) {
  const v = await db
    .selectFrom('classification_rulings')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('ruled_at').as('latest')])
    .executeTakeFirst();
  return { count: Number(v?.n ?? 0), latest: (v?.latest as string | null) ?? null };
}

/** The current precedent index for this database. */
export async function precedentIndex(db: Kysely<DB>): Promise<PrecedentIndex> {
  const v = await version(db);
  const cached = caches.get(db);
  if (cached && cached.count === v.count && cached.latest === v.latest) return cached.index;
  const inFlight = building.get(db);
  if (inFlight) return (await inFlight).index;
  const p = (async (): Promise<Cached> => {
    let docs: PrecedentDoc[];
    if (cached && v.count > cached.count && cached.latest) {
      // Incremental: rulings are never deleted or edited, so only those at or after the last one seen are new.
      const known = new Set(cached.index.docs.map((d) => d.row.id));
      const fresh = (await loadPrecedents(db, { since: cached.latest })).filter((r) => !known.has(r.id));
      docs = [...cached.index.docs, ...fresh.map(prepare)];
      // A ruling stamped earlier than the last one seen (another process's clock) means a full reload.
      if (docs.length !== v.count) docs = (await loadPrecedents(db)).map(prepare);
    } else {
      docs = (await loadPrecedents(db)).map(prepare);
    }
    const next = { count: docs.length, latest: v.latest, index: build(docs) };
    caches.set(db, next);
    return next;
  })();
  building.set(db, p);
  try {
    return (await p).index;
  } finally {
    building.delete(db);
  }
}
