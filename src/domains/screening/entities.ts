import type { ListedParty } from './model.js';
import { exactKey, normalizeName } from './matching/index.js';

/**
 * One entity across lists (FollowTheMoney-style record linkage): listings of the same person or organisation on the SDN,
 * UN, UK, CSL, EU… lists are joined when they share an identifier, or a distinctive strong name (not a weak alias, not
 * a name shared by many listings) with no contradiction: same kind of party, an overlapping birth year for persons
 * (persons without birth dates need a name of three words or more), an overlapping country when both give countries,
 * and never two listings of the same sub-list (those are different entries by construction).
 */
const MAX_SHARED = 8;

const normId = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '');
const years = (p: ListedParty) => new Set(p.birthDates.map((d) => d.slice(0, 4)));

function compatible(a: ListedParty, b: ListedParty, nameTokens: number): boolean {
  if (a.source === b.source && (a.list ?? '') === (b.list ?? '')) return false;
  if (a.schema !== b.schema && a.schema !== 'LegalEntity' && b.schema !== 'LegalEntity') return false;
  if (a.schema === 'Person' || b.schema === 'Person') {
    const ya = years(a);
    const yb = years(b);
    if (ya.size && yb.size) {
      if (![...ya].some((y) => yb.has(y))) return false;
    } else if (nameTokens < 3) return false;
  }
  if (a.countries.length && b.countries.length && !a.countries.some((c) => b.countries.includes(c))) return false;
  return true;
}

/** party id → entity id ("entity:" + the smallest member id), for every party given. */
export function linkEntities(parties: Iterable<ListedParty>): { entityOf: Map<string, string>; members: Map<string, string[]> } {
  const list = [...parties];
  const byId = new Map(list.map((p) => [p.id, p]));
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  // a cluster never holds two listings of one sub-list: the source lists them as different entries (an alias of one
  // may be another's name, e.g. KOREA KUMRYONG TRADING CORPORATION is a KOMID alias on the SDN and its own UN entry)
  const subLists = new Map<string, Set<string>>();
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return;
    const sa = subLists.get(ra)!;
    const sb = subLists.get(rb)!;
    for (const k of sb) if (sa.has(k)) return;
    const [root, child] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(child, root);
    const merged = new Set([...sa, ...sb]);
    subLists.set(root, merged);
  };
  for (const p of list) {
    parent.set(p.id, p.id);
    subLists.set(p.id, new Set([`${p.source}|${p.list ?? ''}`]));
  }
  const byKey = new Map<string, Array<{ id: string; tokens: number; primary: boolean }>>();
  const byIdent = new Map<string, string[]>();
  for (const p of list) {
    const keys = new Set<string>();
    for (const n of p.names) {
      if (n.type === 'weak') continue;
      const norm = normalizeName(n.full);
      const core = norm.filter((t) => t.kind === 'name');
      const key = exactKey(norm);
      if (!core.length || (core.length === 1 && core[0]!.text.length < 5) || key.length < 5 || keys.has(key)) continue;
      keys.add(key);
      const arr = byKey.get(key) ?? [];
      arr.push({ id: p.id, tokens: core.length, primary: n.type === 'primary' });
      byKey.set(key, arr);
    }
    for (const i of p.identifiers) {
      const v = normId(i.value);
      if (v.length < 6 || (v.match(/\d/g)?.length ?? 0) < 3) continue;
      const arr = byIdent.get(v) ?? [];
      if (!arr.includes(p.id)) arr.push(p.id);
      byIdent.set(v, arr);
    }
  }
  for (const ids of byIdent.values()) {
    if (ids.length < 2 || ids.length > MAX_SHARED) continue;
    for (let k = 1; k < ids.length; k++) if (compatible(byId.get(ids[0]!)!, byId.get(ids[k]!)!, 3)) union(ids[0]!, ids[k]!);
  }
  // primary names first, so aliases cannot pull a listing into the wrong cluster before its own name places it
  for (const primaryOnly of [true, false]) {
    for (const arr0 of byKey.values()) {
      const arr = primaryOnly ? arr0.filter((x) => x.primary) : arr0;
      if (arr.length < 2 || arr0.length > MAX_SHARED) continue;
      for (let i = 0; i < arr.length; i++)
        for (let j = i + 1; j < arr.length; j++) if (compatible(byId.get(arr[i]!.id)!, byId.get(arr[j]!.id)!, arr[i]!.tokens)) union(arr[i]!.id, arr[j]!.id);
    }
  }
  const entityOf = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const p of list) {
    const e = `entity:${find(p.id)}`;
    entityOf.set(p.id, e);
    const m = members.get(e) ?? [];
    m.push(p.id);
    members.set(e, m);
  }
  return { entityOf, members };
}
