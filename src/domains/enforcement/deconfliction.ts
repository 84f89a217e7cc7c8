import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { newId } from '../../platform/ids.js';

const LEGAL_FORMS = new Set(['ltd', 'limited', 'llc', 'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'ab', 'as', 'plc', 'llp', 'lp', 'kg', 'pte', 'pty', 'ooo', 'zao', 'jsc', 'fze', 'fzco', 'the']);

/** The form of a party's name that overlaps are matched on: case, accents, punctuation, legal forms and word order ignored. */
export function partyKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\./g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !LEGAL_FORMS.has(w));
  return [...new Set(words)].sort().join(' ');
}

/** Another holder: a different organisation (partner agency), or the same organisation and a different team. */
const otherHolder = (a: { organisation_id: string; team: string | null }, b: { organisation_id: string; team: string | null }) =>
  a.organisation_id !== b.organisation_id || (a.team ?? '') !== (b.team ?? '');

/**
 * Records overlaps when a party just linked to `investigationId` is named in an open investigation held by another
 * team or agency. Both sides get an overlap row (and an audit event); what either learns is only that the overlap
 * exists and whom to contact (`overlapsFor`), never the other investigation's reference, title or records.
 */
export async function recordOverlaps(tx: Executor, ctx: Ctx, investigationId: string, key: string) {
  const mine = await tx.selectFrom('enforcement_investigations').select(['id', 'organisation_id', 'team']).where('id', '=', investigationId).executeTakeFirstOrThrow();
  const others = await tx
    .selectFrom('enforcement_links')
    .innerJoin('enforcement_investigations as i', 'i.id', 'enforcement_links.investigation_id')
    .select(['i.id', 'i.organisation_id', 'i.team'])
    .where('enforcement_links.party_key', '=', key)
    .where('i.status', '!=', 'closed')
    .where('i.id', '!=', investigationId)
    .distinct()
    .execute();
  let found = 0;
  for (const other of others.filter((o) => otherHolder(mine, o))) {
    for (const [a, b] of [[mine.id, other.id], [other.id, mine.id]] as const) {
      const exists = await tx.selectFrom('enforcement_overlaps').select('id').where('investigation_id', '=', a).where('other_investigation_id', '=', b).where('party_key', '=', key).executeTakeFirst();
      if (exists) continue;
      const id = newId();
      await tx.insertInto('enforcement_overlaps').values({ id, investigation_id: a, other_investigation_id: b, party_key: key, created_at: ctx.clock.now().toISOString() }).execute();
      await recordAudit(tx, ctx, { action: 'enforcement.deconfliction_overlap', subjectType: 'enforcement_investigation', subjectId: a, details: { overlap: id } });
      found++;
    }
  }
  return found;
}

/** What one side may know of its overlaps: which party of its own, who holds the other investigation, whom to contact. */
export async function overlapsFor(db: Executor, investigationId: string) {
  const rows = await db
    .selectFrom('enforcement_overlaps as o')
    .innerJoin('enforcement_investigations as i', 'i.id', 'o.other_investigation_id')
    .innerJoin('organisations as org', 'org.id', 'i.organisation_id')
    .select(['o.id', 'o.party_key', 'o.created_at', 'org.name as org_name', 'i.team', 'i.contact'])
    .where('o.investigation_id', '=', investigationId)
    .orderBy('o.created_at')
    .execute();
  // The party as this side named it (its own link), never the other side's wording.
  const own = await db.selectFrom('enforcement_links').select(['ref', 'party_key']).where('investigation_id', '=', investigationId).where('kind', '=', 'party').execute();
  return rows.map((r) => ({
    id: r.id,
    party: own.find((l) => l.party_key === r.party_key)?.ref ?? r.party_key,
    heldBy: r.team ? `${r.org_name} (${r.team} team)` : r.org_name,
    contact: r.contact,
    since: r.created_at,
  }));
}
