/** Published pack versions and what the exporter form needs (the rules are public knowledge: any signed-in user). */
import type { Ctx } from '../../platform/context.js';
import { requireActor } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';
import { isoDate } from '../../platform/clock.js';
import type { PackChange } from './determination.changes.js';
import { packInForce } from './determination.packcache.js';
import { DRAFT_READERS } from './determination.roles.js';
import * as repo from './determination.repository.js';
import { POLICIES, type Policy, type PolicyPack } from './determination.types.js';

export const presentPack = (r: Omit<repo.PackRow, 'content' | 'changes'> & { changes?: string | null }) => ({
  id: r.id,
  policy: r.policy as Policy,
  key: r.pack_key,
  version: Number(r.version),
  versionLabel: `${r.pack_key}@${r.version}`,
  status: r.status,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  checksum: r.checksum,
  basedOnId: r.based_on_id,
  note: r.note,
  createdBy: r.created_by,
  createdAt: r.created_at,
  ...(r.changes ? { changes: JSON.parse(r.changes) as PackChange[] } : {}),
});

/** Published pack versions (any signed-in user: the rules are public knowledge). */
export async function listPacks(ctx: Ctx, policy?: Policy) {
  requireActor(ctx.actor);
  return (await repo.listPackVersions(ctx.db, policy)).map(presentPack);
}

/** A pack version's content (or the one in force today for `policy`). Drafts only for draft readers. */
export async function getPack(ctx: Ctx, idOrPolicy: string) {
  const actor = requireActor(ctx.actor);
  let row;
  if ((POLICIES as readonly string[]).includes(idOrPolicy)) {
    const meta = await repo.findPackInForce(ctx.db, idOrPolicy, isoDate(ctx.clock.now()));
    row = meta ? await repo.findPack(ctx.db, meta.id) : undefined;
  } else row = await repo.findPack(ctx.db, idOrPolicy);
  if (!row) throw notFound('Policy pack');
  if (row.status !== 'active' && !DRAFT_READERS.includes(actor.role)) throw notFound('Policy pack');
  return { ...presentPack(row), content: JSON.parse(row.content) as PolicyPack };
}

/** What the exporter form needs: the packs in force today, countries, end uses and each pack's general licences. */
export async function formOptions(ctx: Ctx) {
  requireActor(ctx.actor);
  const today = isoDate(ctx.clock.now());
  const policies = [];
  let countries: Record<string, string> = {};
  for (const p of POLICIES) {
    const meta = await repo.findPackInForce(ctx.db, p, today);
    if (!meta) continue;
    const { cp } = await packInForce(ctx.db, p, today);
    if (!Object.keys(countries).length) countries = cp.pack.countries;
    policies.push({
      policy: p,
      versionLabel: cp.versionLabel,
      name: cp.pack.name,
      historical: !!cp.pack.historical,
      generalLicences: cp.pack.generalLicences.map((g) => ({ id: g.id, name: g.name, flagged: g.flagged })),
      embargoes: cp.pack.embargoes.map((e) => ({ id: e.id, name: e.name, kind: e.kind })),
      exemptions: cp.pack.exemptions.map((e) => ({ id: e.id, name: e.name })),
      hasCountryChart: !!cp.pack.countryChart,
      hasSectionI: !!cp.pack.sectionI,
    });
  }
  return { policies, countries: Object.entries(countries).map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name)) };
}
