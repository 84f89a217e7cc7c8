/** 1 M-name synthetic corpus for the bench: real name tokens recombined by position within each schema (seeded). */
import type { ListedParty } from '../../src/domains/screening/model.js';
import { mulberry32 } from './queries.js';

/** Synthetic parties from real tokens: each position drawn from the same position of a random real name of the same schema. */
export function synthesize(parties: ListedParty[], target: number, seed: number): ListedParty[] {
  const r = mulberry32(seed);
  const bySchema = new Map<string, string[][]>();
  for (const p of parties)
    for (const n of p.names) {
      const toks = n.full.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
      if (!toks.length) continue;
      const a = bySchema.get(p.schema) ?? [];
      a.push(toks);
      bySchema.set(p.schema, a);
    }
  const schemas = [...bySchema.keys()];
  const out: ListedParty[] = [];
  let names = 0;
  let i = 0;
  while (names < target) {
    const schema = schemas[Math.floor(r() * schemas.length)];
    const pool = bySchema.get(schema)!;
    const shape = pool[Math.floor(r() * pool.length)];
    const nNames = 1 + Math.floor(r() * 3);
    const ps: ListedParty['names'] = [];
    for (let k = 0; k < nNames; k++) {
      const toks = shape.map((_, pos) => {
        for (let tries = 0; tries < 5; tries++) {
          const o = pool[Math.floor(r() * pool.length)];
          if (o.length > pos) return o[pos];
        }
        return shape[pos];
      });
      ps.push({ full: toks.join(' '), type: k === 0 ? 'primary' : 'aka' });
    }
    names += ps.length;
    out.push({
      id: `synthetic:${i}`, source: 'synthetic', sourceId: String(i++), schema: schema as ListedParty['schema'], names: ps, addresses: [],
      countries: [], birthDates: [], identifiers: [], programmes: [],
    });
  }
  return out;
}
