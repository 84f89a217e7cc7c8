/** What depends only on the pack and the destination, built once per pack and destination and cached on the compiled pack. */
import { entry, glStatus, type CompiledPack } from './determination.compile.js';
import type { TraceEntry } from './determination.types.js';

/** What depends only on the pack and the destination. */
export interface DestProfile {
  destName: string;
  /** Country Chart row's X columns (US). */
  chartX: Set<string> | null;
  /** Per embargo (same index as cp.embargoes): the entry when the destination is not covered. */
  notCovered: TraceEntry[];
  /** Per general licence: the reason when the destination is not covered, and its entry. */
  glDestWhy: string[];
  glDestEntry: TraceEntry[];
}

/** The per-destination profile (built once per pack and destination). */
export function destProfile(cp: CompiledPack, dest: string): DestProfile {
  let p = cp.byDest.get(dest);
  if (p) return p;
  const pack = cp.pack;
  const destName = pack.countries[dest] ? `${pack.countries[dest]} (${dest})` : dest;
  const row = pack.countryChart?.rows[dest];
  const glDestWhy = cp.gls.map((g) => `${destName} is not a covered destination${g.def.countryGroups ? ` (Country Group ${g.def.countryGroups.join(', ')})` : ''}`);
  p = {
    destName,
    chartX: row ? new Set(row.x) : null,
    notCovered: cp.embargoes.map((e) =>
      e.def.kind === 'arms'
        ? entry(`embargo:${e.def.id}`, false, e.cite, `${destName} is not on the arms-embargo list.`)
        : entry(`embargo:${e.def.id}`, false, e.cite, `${destName} is not covered by ${e.def.name}.`, e.def.status !== 'V' ? e.def.status : undefined),
    ),
    glDestWhy,
    glDestEntry: cp.gls.map((g, i) => entry(`general-licence:${g.def.id}`, false, g.cite, `${g.def.id} not available: ${glDestWhy[i]}.`, glStatus(g.def))),
  };
  if (cp.byDest.size > 1000) cp.byDest.clear();
  cp.byDest.set(dest, p);
  return p;
}
