import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound, unprocessable } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import { isoDate } from '../../platform/clock.js';
import { requireActor, requireRole, isIndustry } from '../../platform/auth/roles.js';
import { storeUpload, readStoredFile } from '../../platform/files.js';
import type { LicApplicationsTable } from './licensing.tables.js';
import { APPLICATION_READERS, INDUSTRY, assertCanSee, requireExporter } from './licensing.policy.js';
import {
  DOCUMENT_KINDS,
  REFUSAL_CRITERIA,
  loadApplication,
  loadCaseType,
  loadHolidays,
  nextCaseReference,
  parseJson,
  ratingsColumn,
} from './licensing.repository.js';
import { transition, touchCase } from './workflow.js';
import { determineLicence, screenParty, type DetermineResult } from './integrations.js';
import { FLAG_DEFS } from './routing.js';
import { addWorkingDays, clockView, workingDaysBetween } from './clock.js';
import { matchApplicationAgainstDenials } from './denials.service.js';

// ----------------------------------------------------------------------------------------------------------------
// Product catalogue
// ----------------------------------------------------------------------------------------------------------------

export interface ProductInput {
  name: string;
  description: string;
  rating?: string | null;
  partNumber?: string | null;
}

const presentProduct = (p: { id: string; name: string; description: string; rating: string | null; part_number: string | null; archived: number; created_at: string }) => ({
  id: p.id,
  name: p.name,
  description: p.description,
  rating: p.rating,
  partNumber: p.part_number,
  archived: Boolean(Number(p.archived)),
  createdAt: p.created_at,
});

export async function listProducts(ctx: Ctx) {
  const a = requireExporter(ctx.actor);
  const rows = await ctx.db.selectFrom('lic_products').selectAll().where('organisation_id', '=', a.organisationId).where('archived', '=', 0).orderBy('name').execute();
  return rows.map(presentProduct);
}

export async function createProduct(ctx: Ctx, input: ProductInput) {
  const a = requireExporter(ctx.actor);
  if (!input.rating && input.description.trim().length < 10)
    throw invalid({ description: 'an unrated product needs a description of at least 10 characters so the authority can assess it' });
  const now = nowIso(ctx);
  const row = {
    id: newId(),
    organisation_id: a.organisationId,
    name: input.name.trim(),
    description: input.description.trim(),
    rating: input.rating?.trim().toUpperCase() || null,
    part_number: input.partNumber?.trim() || null,
    archived: 0,
    created_at: now,
    updated_at: now,
  };
  return withTx(ctx.db, async (tx) => {
    await tx.insertInto('lic_products').values(row).execute();
    await recordAudit(tx, ctx, { action: 'product.created', subjectType: 'product', subjectId: row.id, after: row });
    return presentProduct(row);
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Applications (exporter side)
// ----------------------------------------------------------------------------------------------------------------

export interface GoodInput {
  productId?: string | null;
  description?: string | null;
  rating?: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
}

export interface PartyInput {
  /** Keeps an existing party of this application (and its documents); a new party otherwise. */
  id?: string;
  role: 'consignee' | 'end_user' | 'ultimate_end_user' | 'third_party';
  subRole?: string | null;
  name: string;
  address: string;
  country: string;
  type?: 'entity' | 'individual';
  website?: string | null;
}

export interface ApplicationInput {
  caseType?: string;
  exportType?: 'permanent' | 'temporary';
  temporaryReturnDate?: string | null;
  destination?: string | null;
  transit?: string[];
  endUse?: string | null;
  declarations?: { militaryEndUse?: boolean; wmdInformed?: boolean; wmdSuspected?: boolean; humanitarian?: boolean; accepted?: boolean };
  goods?: GoodInput[];
  parties?: PartyInput[];
}

async function writeGoodsAndParties(tx: Executor, ctx: Ctx, app: LicApplicationsTable, input: ApplicationInput): Promise<string | undefined> {
  let ratings: string | undefined;
  if (input.goods) {
    const fields: Record<string, string> = {};
    const rows = [];
    for (const [i, g] of input.goods.entries()) {
      let description = g.description?.trim() || '';
      let rating = g.rating?.trim().toUpperCase() || null;
      if (g.productId) {
        const p = await tx.selectFrom('lic_products').selectAll().where('id', '=', g.productId).where('organisation_id', '=', app.organisation_id).executeTakeFirst();
        if (!p) {
          fields[`goods.${i}.productId`] = 'no such product in your catalogue';
          continue;
        }
        description = description || p.description;
        rating = rating ?? p.rating;
      }
      if (!description) fields[`goods.${i}.description`] = 'give a description or pick a catalogue product';
      rows.push({ id: newId(), application_id: app.id, product_id: g.productId ?? null, position: i + 1, description, rating, quantity: g.quantity, unit: g.unit, value: g.value, currency: g.currency.toUpperCase() });
    }
    if (Object.keys(fields).length) throw invalid(fields);
    await tx.deleteFrom('lic_goods').where('application_id', '=', app.id).execute();
    if (rows.length) await tx.insertInto('lic_goods').values(rows).execute();
    ratings = ratingsColumn(rows.map((r) => r.rating));
  }
  if (input.parties) {
    const before = new Set((await tx.selectFrom('lic_parties').select('id').where('application_id', '=', app.id).execute()).map((p) => p.id));
    await tx.deleteFrom('lic_parties').where('application_id', '=', app.id).execute();
    const kept = new Set<string>();
    const rows = input.parties.map((p) => ({
      id: p.id && before.has(p.id) && !kept.has(p.id) ? (kept.add(p.id), p.id) : newId(),
      application_id: app.id,
      role: p.role,
      sub_role: p.role === 'third_party' ? (p.subRole ?? 'other') : null,
      name: p.name.trim(),
      address: p.address.trim(),
      country: p.country.toUpperCase(),
      party_type: p.type ?? 'entity',
      website: p.website ?? null,
    }));
    if (rows.length) await tx.insertInto('lic_parties').values(rows).execute();
    // A removed party's documents stay on the application as a whole.
    const removed = [...before].filter((pid) => !kept.has(pid));
    if (removed.length) await tx.updateTable('lic_documents').set({ party_id: null }).where('application_id', '=', app.id).where('party_id', 'in', removed).execute();
  }
  void ctx;
  return ratings;
}

function applicationColumns(input: ApplicationInput): Partial<LicApplicationsTable> {
  const c: Partial<LicApplicationsTable> = {};
  if (input.exportType !== undefined) c.export_type = input.exportType;
  if (input.caseType !== undefined) c.case_type = input.caseType;
  else if (input.exportType === 'temporary') c.case_type = 'temporary';
  if (input.temporaryReturnDate !== undefined) c.temporary_return_date = input.temporaryReturnDate;
  if (input.destination !== undefined) c.destination = input.destination?.toUpperCase() ?? null;
  if (input.transit !== undefined) c.transit = JSON.stringify(input.transit.map((t) => t.toUpperCase()));
  if (input.endUse !== undefined) c.end_use = input.endUse;
  const d = input.declarations;
  if (d) {
    if (d.militaryEndUse !== undefined) c.military_end_use = d.militaryEndUse ? 1 : 0;
    if (d.wmdInformed !== undefined) c.wmd_informed = d.wmdInformed ? 1 : 0;
    if (d.wmdSuspected !== undefined) c.wmd_suspected = d.wmdSuspected ? 1 : 0;
    if (d.humanitarian !== undefined) c.humanitarian = d.humanitarian ? 1 : 0;
    if (d.accepted !== undefined) c.declaration_accepted = d.accepted ? 1 : 0;
  }
  return c;
}

async function checkCaseType(db: Executor, code: string | undefined) {
  if (code === undefined) return;
  if (!(await loadCaseType(db, code))) {
    const all = await db.selectFrom('lic_case_types').select('code').execute();
    throw invalid({ caseType: `must be one of ${all.map((r) => r.code).join(', ')}` });
  }
}

/** Creates a draft application. With an idempotency key, a retry returns the same draft. */
export async function createApplication(ctx: Ctx, input: ApplicationInput, opts: { idempotencyKey?: string } = {}) {
  const a = requireExporter(ctx.actor);
  const scope = `licensing.create:${a.userId}`;
  try {
    return await createIn(ctx, a.organisationId, a.userId, scope, input, opts);
  } catch (e) {
    // A concurrent retry with the same key won the race: answer with its draft.
    if (opts.idempotencyKey) {
      const prior = await ctx.db.selectFrom('idempotency_keys').select('response').where('scope', '=', scope).where('key', '=', opts.idempotencyKey).executeTakeFirst();
      if (prior) return JSON.parse(prior.response) as { id: string; status: 'draft' };
    }
    throw e;
  }
}

/** The case-work columns of an application nobody has submitted yet (new drafts and amendment copies). */
const UNDECIDED_CASE_STATE = {
  determination: null,
  determination_outcome: null,
  screening: null,
  sla_target_days: null,
  due_date: null,
  clock_paused: 0,
  clock_paused_since: null,
  paused_working_days: 0,
  overdue: 0,
  submitted_at: null,
  decided_at: null,
  decided_by: null,
  rationale: null,
  public_rationale: null,
  refusal_criteria: null,
  provisos: null,
  departure_reason: null,
  withdrawn_at: null,
  assigned_to: null,
  assigned_at: null,
} as const satisfies Partial<LicApplicationsTable>;

async function createIn(ctx: Ctx, organisationId: string, userId: string, scope: string, input: ApplicationInput, opts: { idempotencyKey?: string }) {
  return withTx(ctx.db, async (tx) => {
    if (opts.idempotencyKey) {
      const prior = await tx.selectFrom('idempotency_keys').select('response').where('scope', '=', scope).where('key', '=', opts.idempotencyKey).executeTakeFirst();
      if (prior) return JSON.parse(prior.response) as { id: string; status: 'draft' };
    }
    await checkCaseType(tx, input.caseType);
    const now = nowIso(ctx);
    const app: LicApplicationsTable = {
      id: newId(),
      organisation_id: organisationId,
      created_by: userId,
      reference: null,
      status: 'draft',
      outcome: null,
      case_type: 'standard',
      export_type: 'permanent',
      temporary_return_date: null,
      destination: null,
      transit: '[]',
      end_use: null,
      military_end_use: 0,
      wmd_informed: 0,
      wmd_suspected: 0,
      humanitarian: 0,
      declaration_accepted: 0,
      ratings: '',
      queue: null,
      risk_tier: null,
      open_case: 0,
      row_version: 1,
      app_version: 1,
      supersedes_id: null,
      superseded_by_id: null,
      ...UNDECIDED_CASE_STATE,
      created_at: now,
      updated_at: now,
      ...applicationColumns(input),
    };
    await tx.insertInto('lic_applications').values(app).execute();
    const ratings = await writeGoodsAndParties(tx, ctx, app, input);
    if (ratings !== undefined) await tx.updateTable('lic_applications').set({ ratings }).where('id', '=', app.id).execute();
    await recordAudit(tx, ctx, { action: 'application.created', subjectType: 'application', subjectId: app.id, after: input });
    const res = { id: app.id, status: 'draft' as const };
    if (opts.idempotencyKey) await tx.insertInto('idempotency_keys').values({ scope, key: opts.idempotencyKey, response: JSON.stringify(res), created_at: now }).execute();
    return res;
  });
}

async function loadOwnDraft(tx: Executor, ctx: Ctx, id: string) {
  const a = requireExporter(ctx.actor);
  const app = await loadApplication(tx, id);
  if (app.organisation_id !== a.organisationId) throw notFound('Application');
  return app;
}

/** Updates a draft (only the parts given; goods and parties are replaced as a whole when given). */
export async function updateApplication(ctx: Ctx, id: string, input: ApplicationInput) {
  requireExporter(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const app = await loadOwnDraft(tx, ctx, id);
    if (app.status !== 'draft') throw conflict(`Only a draft can be edited; this application is ${app.status}. Use POST /api/applications/${id}/amend to change a submitted application.`);
    await checkCaseType(tx, input.caseType);
    const cols = applicationColumns(input);
    const ratings = await writeGoodsAndParties(tx, ctx, app, input);
    if (ratings !== undefined) cols.ratings = ratings;
    await touchCase(tx, ctx, app, cols);
    await recordAudit(tx, ctx, { action: 'application.updated', subjectType: 'application', subjectId: id, after: input });
    return getApplicationIn(tx, ctx, id);
  });
}

/** What a submission needs; every missing part is reported at once by field. */
async function completenessProblems(tx: Executor, app: LicApplicationsTable, today: string) {
  const f: Record<string, string> = {};
  const goods = await tx.selectFrom('lic_goods').selectAll().where('application_id', '=', app.id).execute();
  const parties = await tx.selectFrom('lic_parties').selectAll().where('application_id', '=', app.id).execute();
  if (!app.destination) f.destination = 'is required';
  if (!goods.length) f.goods = 'add at least one good';
  if (!parties.some((p) => p.role === 'consignee')) f['parties.consignee'] = 'a consignee is required';
  if (!parties.some((p) => p.role === 'end_user')) f['parties.end_user'] = 'an end user is required';
  if (!app.end_use || app.end_use.trim().length < 10) f.endUse = 'describe the end use (at least 10 characters)';
  if (!app.declaration_accepted) f['declarations.accepted'] = 'you must confirm the declaration';
  if (app.export_type === 'temporary') {
    if (!app.temporary_return_date) f.temporaryReturnDate = 'is required for a temporary export';
    else if (app.temporary_return_date <= today) f.temporaryReturnDate = 'must be in the future';
  }
  return { fields: f, goods, parties };
}

const endUseCategory = (app: LicApplicationsTable) =>
  app.wmd_informed || app.wmd_suspected ? 'wmd' : app.military_end_use ? 'military' : app.humanitarian ? 'humanitarian' : 'civil';

export interface SubmitResult {
  id: string;
  reference: string;
  status: string;
  determination: { outcome: string; policyVersion: string; noLicenceRequired: boolean; reasons: string[]; items: { code: string | null; outcome: string }[] };
}

/**
 * Submits a draft: screening of every party, licence determination, denial matching, flags, routing and the
 * statutory clock, all attached to the new case. A retry with the same Idempotency-Key returns the first answer.
 */
export async function submitApplication(ctx: Ctx, id: string, opts: { idempotencyKey?: string } = {}): Promise<SubmitResult> {
  const a = requireExporter(ctx.actor);
  const scope = `licensing.submit:${a.organisationId}`;
  const findPrior = async (db: Executor) =>
    opts.idempotencyKey
      ? await db.selectFrom('idempotency_keys').select('response').where('scope', '=', scope).where('key', '=', opts.idempotencyKey).executeTakeFirst()
      : undefined;
  const prior = await findPrior(ctx.db);
  if (prior) {
    const r = JSON.parse(prior.response) as SubmitResult;
    if (r.id !== id) throw conflict('This Idempotency-Key was already used to submit another application');
    return r;
  }
  const today = isoDate(ctx.clock.now());
  // Determination reads only; run it before the write transaction.
  const draft = await loadApplication(ctx.db, id);
  if (draft.organisation_id !== a.organisationId) throw notFound('Application');
  if (draft.status !== 'draft') throw conflict(`This application was already submitted (${draft.reference ?? draft.status})`);
  const pre = await completenessProblems(ctx.db, draft, today);
  if (Object.keys(pre.fields).length) throw invalid(pre.fields, 'The application is not complete');
  const determination = await determineLicence(ctx, {
    policy: ctx.config.authorityPolicy,
    date: today,
    exporter: { informed: draft.wmd_informed ? ['wmd'] : [], aware: draft.wmd_suspected ? ['wmd'] : [] },
    destination: draft.destination!,
    transit: parseJson<string[]>(draft.transit, []),
    endUse: endUseCategory(draft),
    items: pre.goods.map((g) => ({ code: g.rating ?? undefined, description: g.description, quantity: g.quantity, value: g.value })),
    parties: pre.parties.map((p) => ({ role: p.role, name: p.name, country: p.country })),
  }, { applicationId: id });

  try {
    return await withTx(ctx.db, async (tx) => {
      const again = await findPrior(tx);
      if (again) return JSON.parse(again.response) as SubmitResult;
      let app = await loadApplication(tx, id);
      if (app.status !== 'draft') throw conflict(`This application was already submitted (${app.reference ?? app.status})`);
      const { goods, parties } = await completenessProblems(tx, app, today);
      const caseType = (await loadCaseType(tx, app.case_type))!;
      const holidays = await loadHolidays(tx);
      const reference = await nextCaseReference(tx, caseType.reference_prefix, ctx.clock.now().getUTCFullYear());
      const now = nowIso(ctx);
      app = await transition(tx, ctx, app, 'submitted', {
        set: {
          reference,
          submitted_at: now,
          sla_target_days: caseType.target_days,
          due_date: addWorkingDays(today, caseType.target_days, holidays),
          determination: JSON.stringify(determination),
          determination_outcome: determination.outcome,
          ratings: ratingsColumn(goods.map((g) => g.rating)),
        },
      });

      // Screening of every party, stored against the case.
      const screening = [];
      for (const p of parties) {
        // Stored under the authority, not the exporter: the exporter must never see hits on its application parties (no tipping-off).
        const r = await screenParty(tx, ctx, { organisationId: await authorityOrganisationId(tx, ctx), name: p.name, country: p.country, type: p.party_type as 'entity' | 'individual', subjectType: 'application_party', subjectId: p.id });
        screening.push({ partyId: p.id, role: p.role, name: p.name, screened: r.screened, hits: r.hits, listVersions: r.listVersions });
      }
      const flags: { code: string; details: unknown; label?: string; blocking?: boolean }[] = [];
      const unscreened = screening.filter((s) => !s.screened);
      if (unscreened.length) flags.push({ code: 'parties_not_screened', label: 'parties not screened', blocking: true, details: { parties: unscreened.map((s) => s.name), reason: 'screening was unavailable on submission; screen the parties before any decision' } });
      const hitParties = screening.filter((s) => s.hits.length);
      if (hitParties.length) flags.push({ code: 'screening_hit', details: hitParties.map((s) => ({ party: s.name, hits: s.hits.slice(0, 5) })) });
      if (catchAllTriggered(determination, app)) flags.push({ code: 'catch_all', details: { reason: 'unlisted goods with a declared or determined WMD/military end-use concern' } });
      if (app.humanitarian) flags.push({ code: 'humanitarian', details: null });
      if (determination.fallback) flags.push({ code: 'determination_unavailable', details: { reason: 'the policy engine failed; determine the goods manually' } });
      const denialMatches = await matchApplicationAgainstDenials(tx, ctx, app.id, parties);
      if (denialMatches > 0) flags.push({ code: 'denial_match', details: { candidates: denialMatches } });
      for (const f of flags) await raiseFlagRow(tx, ctx, app.id, f.code, 'auto', f.details, f.label, f.blocking);

      const noLicence = determination.outcome === 'no_licence_required' && !flags.some((f) => f.blocking ?? FLAG_DEFS[f.code]?.blocking);
      app = await transition(tx, ctx, { ...app, screening: JSON.stringify(screening) }, 'initial_checks', { set: { screening: JSON.stringify(screening) } });
      if (noLicence) {
        app = await transition(tx, ctx, app, 'finalised', {
          set: {
            outcome: 'no_licence_required',
            decided_at: now,
            rationale: 'Determination on submission: no licence is required for these goods to this destination and end use.',
            public_rationale: 'No licence required.',
          },
          details: { determination: determination.outcome },
        });
      }
      const reasons = determinationReasons(determination);
      if (app.supersedes_id) await supersede(tx, ctx, app);
      await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, {
        kind: noLicence ? 'application.no_licence_required' : 'application.submitted',
        title: noLicence ? `${reference}: no licence required` : `${reference} submitted`,
        body: noLicence ? `No licence is required. ${reasons.join(' ')}` : `Your application was received. Target decision date ${app.due_date}.`,
        link: `/applications/${app.id}`,
      });
      const res: SubmitResult = {
        id: app.id,
        reference,
        status: app.status,
        determination: {
          outcome: determination.outcome,
          policyVersion: determination.policyVersion,
          noLicenceRequired: noLicence,
          reasons,
          items: determination.items.map((i) => ({ code: (i.code as string | null | undefined) ?? null, outcome: i.outcome })),
        },
      };
      if (opts.idempotencyKey) await tx.insertInto('idempotency_keys').values({ scope, key: opts.idempotencyKey, response: JSON.stringify(res), created_at: now }).execute();
      return res;
    });
  } catch (e) {
    // A concurrent retry with the same key lost the race: answer with the winner's response.
    const p = await findPrior(ctx.db);
    if (p) return JSON.parse(p.response) as SubmitResult;
    throw e;
  }
}

/** The licensing authority's organisation (screening of application parties is its record). Created if the database has none yet. */
async function authorityOrganisationId(tx: Executor, ctx: Ctx): Promise<string> {
  const org = await tx.selectFrom('organisations').select('id').where('kind', '=', 'authority').orderBy('created_at').orderBy('id').executeTakeFirst();
  if (org) return org.id;
  const id = newId();
  await tx.insertInto('organisations').values({ id, name: 'Licensing authority', kind: 'authority', country: null, created_at: nowIso(ctx) }).execute();
  return id;
}

function catchAllTriggered(d: DetermineResult, app: LicApplicationsTable): boolean {
  const traceHit = d.items.some((i) => !i.code && i.outcome !== 'no_licence_required' && JSON.stringify(i.trace ?? []).toLowerCase().includes('catch'));
  return traceHit || (Boolean(app.wmd_informed || app.wmd_suspected) && d.items.some((i) => !i.code));
}

function determinationReasons(d: DetermineResult): string[] {
  const out: string[] = [];
  for (const i of d.items) {
    const applied = ((i.trace ?? []) as { applied?: boolean; detail?: string }[]).filter((t) => t.applied && t.detail).map((t) => t.detail!);
    const label = i.code ? `${i.code}` : String(i.description ?? 'unrated item');
    out.push(`${label}: ${i.outcome.replace(/_/g, ' ')}${applied.length ? ` (${applied.slice(0, 2).join('; ')})` : ''}.`);
  }
  return out;
}

export async function raiseFlagRow(tx: Executor, ctx: Ctx, applicationId: string, code: string, source: 'auto' | 'manual', details: unknown, label?: string, blocking?: boolean) {
  const def = FLAG_DEFS[code] ?? FLAG_DEFS.manual;
  const existing = await tx.selectFrom('lic_flags').select('id').where('application_id', '=', applicationId).where('code', '=', code).where('cleared_at', 'is', null).executeTakeFirst();
  if (existing && code !== 'manual') return existing.id;
  const row = { id: newId(), application_id: applicationId, code, label: label ?? def.label, blocking: (blocking ?? def.blocking) ? 1 : 0, source, details: details == null ? null : JSON.stringify(details), raised_at: nowIso(ctx), cleared_at: null, cleared_by: null, clear_reason: null };
  await tx.insertInto('lic_flags').values(row).execute();
  await recordAudit(tx, ctx, { action: 'case.flag_raised', subjectType: 'application', subjectId: applicationId, details: { code, label: row.label, blocking: Boolean(row.blocking) } });
  return row.id;
}

/** On submitting an amendment: the previous version is superseded. */
async function supersede(tx: Executor, ctx: Ctx, app: LicApplicationsTable) {
  const old = await loadApplication(tx, app.supersedes_id!);
  if (old.status === 'superseded') return;
  await transition(tx, ctx, old, 'superseded', { set: { superseded_by_id: app.id }, details: { by: app.reference } });
}

/** A major amendment: copies the application into a new draft version that supersedes the old one once submitted. */
export async function amendApplication(ctx: Ctx, id: string) {
  requireExporter(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const old = await loadOwnDraft(tx, ctx, id);
    if (!['submitted', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'].includes(old.status))
      throw conflict(`Only a case under consideration can be amended; this one is ${old.status}`);
    const pending = await tx.selectFrom('lic_applications').select('id').where('supersedes_id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    if (pending) return { id: pending.id, status: 'draft' as const, supersedes: id };
    const now = nowIso(ctx);
    const copy: LicApplicationsTable = {
      ...old,
      id: newId(),
      reference: null,
      status: 'draft',
      outcome: null,
      queue: null,
      risk_tier: null,
      open_case: 0,
      row_version: 1,
      app_version: old.app_version + 1,
      supersedes_id: old.id,
      superseded_by_id: null,
      ...UNDECIDED_CASE_STATE,
      declaration_accepted: 0,
      created_by: ctx.actor!.userId,
      created_at: now,
      updated_at: now,
    };
    await tx.insertInto('lic_applications').values(copy).execute();
    const goods = await tx.selectFrom('lic_goods').selectAll().where('application_id', '=', id).execute();
    if (goods.length) await tx.insertInto('lic_goods').values(goods.map((g) => ({ ...g, id: newId(), application_id: copy.id }))).execute();
    const parties = await tx.selectFrom('lic_parties').selectAll().where('application_id', '=', id).execute();
    if (parties.length) await tx.insertInto('lic_parties').values(parties.map((p) => ({ ...p, id: newId(), application_id: copy.id }))).execute();
    await recordAudit(tx, ctx, { action: 'application.amendment_started', subjectType: 'application', subjectId: copy.id, details: { supersedes: old.reference, version: copy.app_version } });
    return { id: copy.id, status: 'draft' as const, supersedes: id };
  });
}

export async function withdrawApplication(ctx: Ctx, id: string, reason?: string) {
  requireExporter(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const app = await loadOwnDraft(tx, ctx, id);
    const next = await transition(tx, ctx, app, 'withdrawn', { set: { withdrawn_at: nowIso(ctx), clock_paused: 0, clock_paused_since: null }, reason });
    return { id, reference: next.reference, status: next.status };
  });
}

/** How many applications listApplications would page through. */
export async function countApplications(ctx: Ctx, q: { status?: string } = {}) {
  const a = requireRole(ctx.actor, INDUSTRY);
  let countQ = ctx.db.selectFrom('lic_applications').select((eb) => eb.fn.countAll<number>().as('n')).where('organisation_id', '=', a.organisationId);
  if (q.status) countQ = countQ.where('status', '=', q.status);
  return Number((await countQ.executeTakeFirst())?.n ?? 0);
}

export async function listApplications(ctx: Ctx, q: { status?: string; limit?: number; offset?: number } = {}) {
  const a = requireRole(ctx.actor, INDUSTRY);
  let query = ctx.db
    .selectFrom('lic_applications')
    .select(['id', 'reference', 'status', 'outcome', 'destination', 'case_type', 'export_type', 'submitted_at', 'due_date', 'created_at', 'updated_at', 'app_version'])
    .where('organisation_id', '=', a.organisationId)
    .orderBy('created_at', 'desc')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0);
  if (q.status) query = query.where('status', '=', q.status);
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    status: r.status,
    outcome: r.outcome,
    destination: r.destination,
    caseType: r.case_type,
    exportType: r.export_type,
    submittedAt: r.submitted_at,
    dueDate: r.due_date,
    version: r.app_version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

export async function getApplication(ctx: Ctx, id: string) {
  requireRole(ctx.actor, APPLICATION_READERS);
  return getApplicationIn(ctx.db, ctx, id);
}

/** The application as the exporter sees it (the authority's case view adds advice, flags and internal notes). */
export async function getApplicationIn(db: Executor, ctx: Ctx, id: string) {
  const a = requireActor(ctx.actor);
  const app = await loadApplication(db, id);
  await assertCanSee(db, a, app);
  const [goods, parties, documents, questions, licences, appeals, holidays] = await Promise.all([
    db.selectFrom('lic_goods').selectAll().where('application_id', '=', id).orderBy('position').execute(),
    db.selectFrom('lic_parties').selectAll().where('application_id', '=', id).orderBy('role').orderBy('name').execute(),
    db.selectFrom('lic_documents').selectAll().where('application_id', '=', id).orderBy('created_at').execute(),
    db.selectFrom('lic_questions').selectAll().where('application_id', '=', id).orderBy('asked_at').execute(),
    db.selectFrom('lic_licences').select(['id', 'reference', 'status', 'valid_from', 'valid_to', 'on_appeal']).where('application_id', '=', id).execute(),
    db.selectFrom('lic_appeals').selectAll().where('application_id', '=', id).orderBy('lodged_at').execute(),
    loadHolidays(db),
  ]);
  const today = isoDate(ctx.clock.now());
  const clock =
    app.submitted_at && app.sla_target_days != null
      ? clockView({ submittedOn: app.submitted_at.slice(0, 10), targetDays: app.sla_target_days, pausedWorkingDays: app.paused_working_days, pausedSince: app.clock_paused_since }, today, holidays)
      : null;
  const determination = parseJson<DetermineResult | null>(app.determination, null);
  const finalOutcome = app.outcome && ['finalised', 'under_appeal', 'appeal_decided'].includes(app.status);
  const appealDeadline = app.outcome === 'refused' && app.decided_at ? new Date(new Date(app.decided_at).getTime() + 28 * 86_400_000).toISOString() : null;
  return {
    id: app.id,
    reference: app.reference,
    status: app.status,
    outcome: app.outcome,
    caseType: app.case_type,
    exportType: app.export_type,
    temporaryReturnDate: app.temporary_return_date,
    destination: app.destination,
    transit: parseJson<string[]>(app.transit, []),
    endUse: app.end_use,
    declarations: {
      militaryEndUse: Boolean(app.military_end_use),
      wmdInformed: Boolean(app.wmd_informed),
      wmdSuspected: Boolean(app.wmd_suspected),
      humanitarian: Boolean(app.humanitarian),
      accepted: Boolean(app.declaration_accepted),
    },
    version: app.app_version,
    supersedesId: app.supersedes_id,
    supersededById: app.superseded_by_id,
    goods: goods.map((g) => ({ id: g.id, productId: g.product_id, description: g.description, rating: g.rating, quantity: g.quantity, unit: g.unit, value: g.value, currency: g.currency })),
    parties: parties.map((p) => ({ id: p.id, role: p.role, subRole: p.sub_role, name: p.name, address: p.address, country: p.country, type: p.party_type, website: p.website })),
    documents: documents.map((d) => ({ id: d.id, kind: d.kind, partyId: d.party_id ?? null, filename: d.filename, contentType: d.content_type, size: d.size, createdAt: d.created_at })),
    determination: determination ? { outcome: determination.outcome, policyVersion: determination.policyVersion, reasons: determinationReasons(determination) } : null,
    questions: questions.map((q) => ({ id: q.id, text: q.text, askedAt: q.asked_at, answer: q.answer, answeredAt: q.answered_at, open: !q.answered_at })),
    clock: clock && app.status !== 'draft' && !['finalised', 'withdrawn', 'superseded', 'under_appeal', 'appeal_decided'].includes(app.status) ? clock : clock ? { ...clock, daysRemaining: null, overdue: false } : null,
    submittedAt: app.submitted_at,
    decision: finalOutcome
      ? {
          outcome: app.outcome,
          decidedAt: app.decided_at,
          provisos: app.provisos,
          criteria: (app.refusal_criteria ?? '').split(',').filter(Boolean).map((c) => ({ code: c, title: REFUSAL_CRITERIA[c] ?? c })),
          rationale: isIndustry(a) ? app.public_rationale : app.rationale,
          publicRationale: app.public_rationale,
          appealDeadline,
        }
      : null,
    licences: licences.map((l) => ({ id: l.id, reference: l.reference, status: l.status, validFrom: l.valid_from, validTo: l.valid_to, onAppeal: Boolean(l.on_appeal) })),
    appeals: appeals.map((p) => ({ id: p.id, grounds: p.grounds, status: p.status, lodgedAt: p.lodged_at, decidedAt: p.decided_at, rationale: p.rationale })),
    createdAt: app.created_at,
    updatedAt: app.updated_at,
  };
}

/** Answers an open question; when no question is left open the clock restarts and the due date moves by the paused working days. */
export async function answerQuestion(ctx: Ctx, id: string, questionId: string, answer: string) {
  const a = requireExporter(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const app = await loadOwnDraft(tx, ctx, id);
    const q = await tx.selectFrom('lic_questions').selectAll().where('id', '=', questionId).where('application_id', '=', id).executeTakeFirst();
    if (!q) throw notFound('Question');
    if (q.answered_at) throw conflict('This question was already answered');
    const now = nowIso(ctx);
    await tx.updateTable('lic_questions').set({ answer, answered_by: a.userId, answered_at: now }).where('id', '=', questionId).where('answered_at', 'is', null).execute();
    const stillOpen = await tx.selectFrom('lic_questions').select('id').where('application_id', '=', id).where('answered_at', 'is', null).executeTakeFirst();
    let set: Partial<LicApplicationsTable> = {};
    let pausedDays = 0;
    if (!stillOpen && app.clock_paused && app.clock_paused_since) {
      const holidays = await loadHolidays(tx);
      const today = isoDate(ctx.clock.now());
      pausedDays = Math.max(0, workingDaysBetween(app.clock_paused_since, today, holidays));
      const total = app.paused_working_days + pausedDays;
      set = {
        clock_paused: 0,
        clock_paused_since: null,
        paused_working_days: total,
        due_date: app.submitted_at && app.sla_target_days != null ? addWorkingDays(app.submitted_at.slice(0, 10), app.sla_target_days + total, holidays) : app.due_date,
      };
    }
    await touchCase(tx, ctx, app, set);
    await recordAudit(tx, ctx, { action: 'case.question_answered', subjectType: 'application', subjectId: id, details: { questionId, clockRestarted: !stillOpen, pausedWorkingDays: pausedDays } });
    await notify(tx, ctx.clock.now(), { userId: q.asked_by }, { kind: 'case.question_answered', title: `${app.reference}: question answered`, body: answer.slice(0, 300), link: `/cases/${id}` });
    return { questionId, answeredAt: now, clockPaused: Boolean(stillOpen), dueDate: set.due_date ?? app.due_date };
  });
}

// ----------------------------------------------------------------------------------------------------------------
// Documents
// ----------------------------------------------------------------------------------------------------------------

export interface DocumentUpload {
  /** The party the document is about (e.g. an end-user undertaking); omitted for the application as a whole. */
  partyId?: string | null;
  kind: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** Adds a supporting document. `read` supplies the upload and is called only after the access checks. */
export async function addDocument(ctx: Ctx, id: string, read: DocumentUpload | (() => Promise<DocumentUpload>)) {
  requireExporter(ctx.actor);
  const own = await loadOwnDraft(ctx.db, ctx, id);
  if (['withdrawn', 'superseded', 'appeal_decided'].includes(own.status)) throw conflict(`Documents cannot be added to a case that is ${own.status}`);
  const input = typeof read === 'function' ? await read() : read;
  if (!(DOCUMENT_KINDS as readonly string[]).includes(input.kind)) throw invalid({ kind: `must be one of ${DOCUMENT_KINDS.join(', ')}` });
  return withTx(ctx.db, async (tx) => {
    const app = await loadOwnDraft(tx, ctx, id);
    const file = await storeUpload(tx, ctx, { filename: input.filename, contentType: input.contentType, data: input.data, organisationId: app.organisation_id });
    if (input.partyId && !(await tx.selectFrom('lic_parties').select('id').where('id', '=', input.partyId).where('application_id', '=', id).executeTakeFirst()))
      throw invalid({ partyId: 'is not a party on this application' });
    const row = { id: newId(), application_id: id, file_id: file.id, kind: input.kind, filename: file.filename, content_type: file.content_type, size: file.size, created_by: ctx.actor!.userId, created_at: nowIso(ctx), party_id: input.partyId ?? null };
    await tx.insertInto('lic_documents').values(row).execute();
    await recordAudit(tx, ctx, { action: 'application.document_added', subjectType: 'application', subjectId: id, details: { documentId: row.id, kind: row.kind, filename: row.filename, size: row.size, sha256: file.sha256 } });
    return { id: row.id, kind: row.kind, partyId: row.party_id, filename: row.filename, contentType: row.content_type, size: row.size, createdAt: row.created_at };
  });
}

export async function readDocument(ctx: Ctx, id: string, documentId: string) {
  const a = requireRole(ctx.actor, APPLICATION_READERS);
  const app = await loadApplication(ctx.db, id);
  await assertCanSee(ctx.db, a, app);
  const d = await ctx.db.selectFrom('lic_documents').innerJoin('files', 'files.id', 'lic_documents.file_id').select(['lic_documents.filename', 'lic_documents.content_type', 'files.storage_path']).where('lic_documents.id', '=', documentId).where('lic_documents.application_id', '=', id).executeTakeFirst();
  if (!d) throw notFound('Document');
  return { filename: d.filename, contentType: d.content_type, data: readStoredFile(d.storage_path) };
}

// ----------------------------------------------------------------------------------------------------------------
// Appeals (exporter side)
// ----------------------------------------------------------------------------------------------------------------

export const APPEAL_WINDOW_DAYS = 28;

export async function lodgeAppeal(ctx: Ctx, id: string, input: { grounds: string; documentIds?: string[] }) {
  const a = requireExporter(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const app = await loadOwnDraft(tx, ctx, id);
    if (app.outcome !== 'refused' || app.status !== 'finalised') throw unprocessable(`Only a refusal can be appealed; this case is ${app.status}${app.outcome ? ` (${app.outcome})` : ''}`);
    const deadline = new Date(new Date(app.decided_at!).getTime() + APPEAL_WINDOW_DAYS * 86_400_000);
    if (ctx.clock.now() > deadline) throw unprocessable(`The ${APPEAL_WINDOW_DAYS}-day appeal window closed on ${deadline.toISOString().slice(0, 10)}`);
    const docIds = input.documentIds ?? [];
    if (docIds.length) {
      const found = await tx.selectFrom('lic_documents').select('id').where('application_id', '=', id).where('id', 'in', docIds).execute();
      if (found.length !== new Set(docIds).size) throw invalid({ documentIds: 'every document must be uploaded to this application first' });
    }
    const row = { id: newId(), application_id: id, grounds: input.grounds, document_ids: JSON.stringify(docIds), lodged_by: a.userId, lodged_at: nowIso(ctx), status: 'pending', decided_by: null, decided_at: null, rationale: null };
    await tx.insertInto('lic_appeals').values(row).execute();
    const next = await transition(tx, ctx, app, 'under_appeal', { details: { appealId: row.id } });
    // Appeals are decided by a senior officer who did not take the original decision: tell each of them.
    const seniors = await tx.selectFrom('users').select('id').where('role', '=', 'senior_officer').where('disabled', '=', 0).execute();
    for (const u of seniors.filter((x) => x.id !== app.decided_by))
      await notify(tx, ctx.clock.now(), { userId: u.id }, { kind: 'case.appeal_received', title: `${app.reference}: appeal to decide`, body: input.grounds.slice(0, 300), link: `/cases/${id}` });
    await notify(tx, ctx.clock.now(), { organisationId: app.organisation_id }, { kind: 'application.appeal_lodged', title: `${app.reference}: appeal lodged`, body: 'Your appeal was received; a senior officer who did not take the original decision will decide it.', link: `/applications/${id}` });
    return { id: row.id, applicationId: id, status: row.status, lodgedAt: row.lodged_at, caseStatus: next.status };
  });
}
