import type { Ctx } from '../../platform/context.js';
import { requireRole } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';
import type { ListedParty } from './model.js';
import { linkEntities } from './entities.js';
import { getIndex, type LoadedIndex } from './screening.index.js';
import { SEARCH_ROLES } from './screening.policy.js';
import { SOURCES } from './lists/sources.js';
import type { ScreeningMatch } from './screening.service.js';

type Links = ReturnType<typeof linkEntities>;
const cache = new WeakMap<LoadedIndex, Links>();

/** The entity links of the index in force (computed once per index). */
export function linksOf(ix: LoadedIndex): Links {
  let l = cache.get(ix);
  if (!l) {
    l = linkEntities(ix.index.allParties());
    cache.set(ix, l);
  }
  return l;
}

function listing(p: ListedParty, ix: LoadedIndex) {
  return { entityId: p.id, source: p.source, list: p.list ?? null, schema: p.schema, name: p.names[0]?.full ?? p.id, programmes: p.programmes, listedOn: p.listedOn ?? null, listVersion: ix.versions[p.source] ?? '' };
}

/**
 * Matches grouped into entities: one result per real-world person or organisation with every listing of it (also the
 * listings whose names did not match this query), best score first.
 */
export function groupMatches(ix: LoadedIndex, matches: ScreeningMatch[]) {
  const { entityOf, members } = linksOf(ix);
  const out = new Map<string, { id: string; name: string; score: number; sources: string[]; programmes: string[]; listings: Array<ReturnType<typeof listing> & { score: number | null }> }>();
  for (const m of matches) {
    const id = entityOf.get(m.entityId) ?? `entity:${m.entityId}`;
    if (out.has(id)) continue;
    const score = new Map(matches.filter((x) => (entityOf.get(x.entityId) ?? `entity:${x.entityId}`) === id).map((x) => [x.entityId, x.score]));
    const parties = (members.get(id) ?? [m.entityId]).map((pid) => ix.index.get(pid)).filter((p): p is ListedParty => !!p);
    out.set(id, {
      id,
      name: m.name,
      score: m.score,
      sources: [...new Set(parties.map((p) => p.source))],
      programmes: [...new Set(parties.flatMap((p) => p.programmes))],
      listings: parties.map((p) => ({ ...listing(p, ix), score: score.get(p.id) ?? null })),
    });
  }
  return [...out.values()];
}

/** GET /api/screening/profiles/:id — one entity (by any of its listings' ids or its entity id) across every list. */
export async function entityProfile(ctx: Ctx, id: string) {
  requireRole(ctx.actor, SEARCH_ROLES);
  const ix = await getIndex(ctx.db);
  const { entityOf, members } = linksOf(ix);
  const entity = id.startsWith('entity:') ? (members.has(id) ? id : undefined) : entityOf.get(id);
  if (!entity) throw notFound('Listed entity');
  const parties = members.get(entity)!.map((pid) => ix.index.get(pid)!).filter(Boolean);
  const feed = (source: string) => SOURCES.find((s) => s.name === source)?.files.find((f) => f.url)?.url ?? null;
  const uniqBy = <T>(xs: T[], k: (x: T) => string) => [...new Map(xs.map((x) => [k(x), x])).values()];
  return {
    profile: {
      id: entity,
      name: parties[0]?.names[0]?.full ?? entity,
      schema: parties.find((p) => p.schema !== 'LegalEntity')?.schema ?? parties[0]?.schema,
      names: uniqBy(parties.flatMap((p) => p.names.map((n) => ({ name: n.full, type: n.type, source: p.source }))), (n) => `${n.name.toUpperCase()}|${n.source}`),
      addresses: uniqBy(parties.flatMap((p) => p.addresses.map((a) => ({ ...a, source: p.source }))), (a) => `${a.full.toUpperCase()}|${a.source}`),
      identifiers: uniqBy(parties.flatMap((p) => p.identifiers.map((i) => ({ ...i, source: p.source }))), (i) => `${i.type}|${i.value}|${i.source}`),
      birthDates: [...new Set(parties.flatMap((p) => p.birthDates))],
      countries: [...new Set(parties.flatMap((p) => p.countries))],
      programmes: [...new Set(parties.flatMap((p) => p.programmes))],
      listings: parties.map((p) => ({ ...listing(p, ix), remarks: p.remarks ?? null, sourceUrls: p.sourceUrls ?? [], sourceFeed: feed(p.source) })),
    },
  };
}
