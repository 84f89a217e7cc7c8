/** General-licence terms and registrations (customs' own tables). */
import type { Ctx } from '../../platform/context.js';
import type { Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { readBundledText } from '../../platform/data.js';
import { newId } from '../../platform/ids.js';
import type { GlTerms, RegistrationState } from './checks.js';
import type { CustomsGeneralLicencesTable } from './customs.tables.js';

/** Registration terms we start from; officers change them (PATCH /api/customs/general-licences/{id}). */
const DEFAULT_TIMING: Record<string, { timing: 'before_first_use' | 'after_first_use'; days: number }> = {
  // EU001: registration before first use (Annex II, EU001 Part 3); the others: within 30 days after first use (Art 12(6)).
  EU001: { timing: 'before_first_use', days: 0 },
};

interface Ugea {
  id: string;
  name: string;
  items: { scope: string; codes?: string[] };
  excludedCodes?: string[];
  destinations?: string[];
}

/** Builds customs' terms from the bundled UGEA facts (data/eu-2021-821/ugeas.json.gz), expanding pseudo-codes; incomplete lists are marked so lines are held. */
export function bundledGeneralLicences(now: string): CustomsGeneralLicencesTable[] {
  const src = JSON.parse(readBundledText('eu-2021-821/ugeas.json')) as { ugeas: Ugea[]; annexIIg: string[]; annexIV: string[] };
  const expand = (codes: string[], seen = new Set<string>()): { codes: string[]; complete: boolean } => {
    let complete = true;
    const out: string[] = [];
    for (const raw of codes) {
      const c = raw.replace(/\(.*\)$/, '').trim();
      if (raw.includes('(expected)') || c === 'MORE_UNVERIFIED') complete = false;
      if (c === 'MORE_UNVERIFIED' || seen.has(c)) continue;
      seen.add(c);
      if (c === 'SECTION_I') {
        const x = expand(src.annexIIg, seen);
        out.push(...x.codes);
        complete &&= x.complete;
      } else if (c === 'ANNEX_IV_ALL') out.push(...src.annexIV);
      else if (c.startsWith('GROUP_D_ALL')) out.push('GROUP_D_ALL'); // "except demo/operating software": excluded whole (fail closed)
      else out.push(c);
    }
    return { codes: [...new Set(out)], complete };
  };
  return src.ugeas.map((u) => {
    const ex = expand(u.excludedCodes ?? []);
    const items = expand(u.items.codes ?? []);
    const scope = u.items.scope === 'annex_i_all' ? 'all_listed' : u.items.scope.startsWith('annex_i_groups') ? 'groups' : 'list';
    const t = DEFAULT_TIMING[u.id] ?? { timing: 'after_first_use' as const, days: 30 };
    return {
      id: u.id,
      name: u.name,
      destinations: JSON.stringify(u.destinations ?? []),
      item_scope: scope,
      item_codes: JSON.stringify(items.codes),
      item_groups: JSON.stringify(scope === 'groups' ? ['D', 'E'] : []),
      excluded_codes: JSON.stringify(ex.codes),
      lists_complete: ex.complete && items.complete && (scope !== 'list' || items.codes.length > 0) ? 1 : 0,
      registration_timing: t.timing,
      registration_deadline_days: t.days,
      return_period_months: 6,
      return_due_days: 30,
      source: 'data/eu-2021-821/ugeas.json.gz (Reg. (EU) 2021/821 Annex II)',
      updated_at: now,
    };
  });
}

/** Inserts the bundled general licences that are missing (idempotent; officers' changes are kept). */
export async function ensureGeneralLicences(db: Executor, now: Date) {
  const have = new Set((await db.selectFrom('customs_general_licences').select('id').execute()).map((r) => r.id));
  const missing = bundledGeneralLicences(now.toISOString()).filter((g) => !have.has(g.id));
  if (missing.length) await db.insertInto('customs_general_licences').values(missing).onConflict((oc) => oc.column('id').doNothing()).execute();
  return missing.length;
}

export const presentGlTerms = (g: CustomsGeneralLicencesTable): GlTerms & { returnPeriodMonths: number; returnDueDays: number; source: string } => ({
  id: g.id,
  name: g.name,
  destinations: JSON.parse(g.destinations),
  itemScope: g.item_scope,
  itemCodes: JSON.parse(g.item_codes),
  itemGroups: JSON.parse(g.item_groups),
  excluded: JSON.parse(g.excluded_codes),
  listsComplete: g.lists_complete === 1,
  registrationTiming: g.registration_timing as GlTerms['registrationTiming'],
  registrationDeadlineDays: Number(g.registration_deadline_days),
  returnPeriodMonths: Number(g.return_period_months),
  returnDueDays: Number(g.return_due_days),
  source: g.source,
});

export async function loadGlTerms(db: Executor): Promise<Map<string, GlTerms>> {
  let rows = await db.selectFrom('customs_general_licences').selectAll().execute();
  if (!rows.length) {
    await ensureGeneralLicences(db, new Date());
    rows = await db.selectFrom('customs_general_licences').selectAll().execute();
  }
  return new Map(rows.map((g) => [g.id, presentGlTerms(g)]));
}

/** organisation → general licence → registration state */
export async function loadRegistrations(db: Executor, orgIds: string[]) {
  const out = new Map<string, Map<string, RegistrationState>>();
  if (!orgIds.length) return out;
  const rows = await db.selectFrom('customs_gl_registrations').select(['organisation_id', 'general_licence_id', 'status', 'register_by']).where('organisation_id', 'in', orgIds).execute();
  for (const r of rows) {
    const m = out.get(r.organisation_id) ?? new Map<string, RegistrationState>();
    m.set(r.general_licence_id, { status: r.status, registerBy: r.register_by });
    out.set(r.organisation_id, m);
  }
  return out;
}

/** First use of a general licence registered after first use: a pending registration with its deadline. */
export async function openPendingRegistration(tx: Executor, ctx: Ctx, i: { organisationId: string; generalLicenceId: string; firstUse: string; registerBy: string }) {
  const now = ctx.clock.now().toISOString();
  const id = newId();
  await tx
    .insertInto('customs_gl_registrations')
    .values({ id, organisation_id: i.organisationId, general_licence_id: i.generalLicenceId, status: 'pending', registered_at: null, first_use_at: i.firstUse, register_by: i.registerBy, suspended_at: null, suspend_reason: null, created_at: now, updated_at: now })
    .execute();
  await recordAudit(tx, ctx, { action: 'customs.gl_first_use', subjectType: 'customs_gl_registration', subjectId: id, after: { generalLicence: i.generalLicenceId, organisationId: i.organisationId, firstUse: i.firstUse, registerBy: i.registerBy } });
}
