import { EVENTS, publish } from '../../platform/events.js';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { sql, withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, forbidden, invalid, notFound, unprocessable } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import { isoDate } from '../../platform/clock.js';
import { isIndustry, requireActor, requireRole, type Role } from '../../platform/auth/roles.js';
import type { LicApplicationsTable, LicLicencesTable } from './licensing.tables.js';
import { CASE_READERS, INDUSTRY, OFFICERS, assertCanSee } from './licensing.policy.js';
import { REFUSAL_CRITERIA, loadApplication, nextCounter } from './licensing.repository.js';
import { renderLetter } from './letters.js';
import { newVerificationCode } from './verification-code.js';

/** Licence lifecycle as data: the only legal moves, and who may make them. */
export const LICENCE_TRANSITIONS: { action: string; from: string[]; to: string; roles: Role[] }[] = [
  { action: 'suspend', from: ['active'], to: 'suspended', roles: OFFICERS },
  { action: 'reinstate', from: ['suspended'], to: 'active', roles: OFFICERS },
  { action: 'revoke', from: ['active', 'suspended'], to: 'revoked', roles: OFFICERS },
  { action: 'surrender', from: ['active', 'suspended'], to: 'surrendered', roles: INDUSTRY },
  { action: 'exhaust', from: ['active'], to: 'exhausted', roles: [...OFFICERS, 'customs_officer', 'admin'] },
  { action: 'expire', from: ['active', 'suspended'], to: 'expired', roles: ['admin'] },
];
export const LICENCE_ACTIONS = ['suspend', 'reinstate', 'revoke', 'surrender', 'exhaust'] as const;

/** Issues the licence for an approved case: every good not refused in the consolidated advice, with its quantity and value. */
export async function issueLicence(tx: Executor, ctx: Ctx, app: LicApplicationsTable, opts: { provisos: string | null; validTo: string | null; onAppeal: boolean }) {
  const goods = await tx.selectFrom('lic_goods').selectAll().where('application_id', '=', app.id).orderBy('position').execute();
  const refusedGoods = new Set(
    (await tx.selectFrom('lic_advice').select('good_id').where('application_id', '=', app.id).where('level', '=', 'officer').where('decision', 'in', ['refuse', 'no_licence_required']).where('good_id', 'is not', null).execute()).map((r) => r.good_id!),
  );
  const adviceProvisos = (await tx.selectFrom('lic_advice').select('provisos').where('application_id', '=', app.id).where('level', '=', 'officer').where('decision', '=', 'approve_with_provisos').execute())
    .map((r) => r.provisos)
    .filter((p): p is string => Boolean(p));
  const licensed = goods.filter((g) => !refusedGoods.has(g.id));
  if (!licensed.length) throw unprocessable('Every good is refused or needs no licence in the advice; there is nothing to license');
  const today = isoDate(ctx.clock.now());
  const validTo = opts.validTo ?? (app.export_type === 'temporary' && app.temporary_return_date ? app.temporary_return_date : `${Number(today.slice(0, 4)) + 2}${today.slice(4)}`.replace(/-02-29$/, '-02-28'));
  if (validTo <= today) throw invalid({ validTo: 'must be after today' });
  const n = await tx.selectFrom('lic_licences').select('id').where('application_id', '=', app.id).execute();
  const provisos = [...new Set([opts.provisos, ...adviceProvisos].filter((p): p is string => Boolean(p?.trim())))].join('\n') || null;
  const now = nowIso(ctx);
  const lic: LicLicencesTable = {
    id: newId(),
    reference: `${app.reference}/L${n.length + 1}`,
    application_id: app.id,
    organisation_id: app.organisation_id,
    status: 'active',
    issued_at: now,
    valid_from: today,
    valid_to: validTo,
    provisos,
    on_appeal: opts.onAppeal ? 1 : 0,
    verification_code: newVerificationCode(),
    row_version: 1,
    created_at: now,
    updated_at: now,
  };
  await tx.insertInto('lic_licences').values(lic).execute();
  await tx
    .insertInto('lic_licence_goods')
    .values(licensed.map((g) => ({ id: newId(), licence_id: lic.id, good_id: g.id, description: g.description, rating: g.rating, quantity: g.quantity, unit: g.unit, value: g.value, currency: g.currency, used_quantity: 0, used_value: 0 })))
    .execute();
  await recordAudit(tx, ctx, { action: 'licence.issued', subjectType: 'licence', subjectId: lic.id, after: { reference: lic.reference, applicationId: app.id, validFrom: lic.valid_from, validTo: lic.valid_to, provisos, onAppeal: opts.onAppeal, goods: licensed.length } });
  await publish(tx, ctx, { type: EVENTS.caseChanged, subjectId: app.id });
  return lic;
}

async function loadLicenceFor(db: Executor, ctx: Ctx, id: string) {
  const a = requireActor(ctx.actor);
  const lic = await db.selectFrom('lic_licences').selectAll().where('id', '=', id).executeTakeFirst();
  if (!lic) throw notFound('Licence');
  if (isIndustry(a)) {
    if (lic.organisation_id !== a.organisationId) throw notFound('Licence');
  } else if (a.role === 'adviser') {
    const app = await loadApplication(db, lic.application_id);
    await assertCanSee(db, a, app, 'Licence');
  } else if (![...CASE_READERS, 'customs_officer', 'enforcement_officer'].includes(a.role)) throw forbidden();
  return lic;
}

const LICENCE_READERS: Role[] = [...INDUSTRY, ...CASE_READERS, 'customs_officer', 'enforcement_officer', 'adviser'];

export async function getLicence(ctx: Ctx, id: string) {
  requireRole(ctx.actor, LICENCE_READERS);
  const lic = await loadLicenceFor(ctx.db, ctx, id);
  const goods = await ctx.db.selectFrom('lic_licence_goods').selectAll().where('licence_id', '=', id).execute();
  const app = await ctx.db.selectFrom('lic_applications').select(['reference', 'destination', 'export_type', 'outcome']).where('id', '=', lic.application_id).executeTakeFirst();
  const org = await ctx.db.selectFrom('organisations').select(['name']).where('id', '=', lic.organisation_id).executeTakeFirst();
  return {
    id: lic.id,
    reference: lic.reference,
    applicationId: lic.application_id,
    caseReference: app?.reference ?? null,
    holder: org?.name ?? null,
    destination: app?.destination ?? null,
    exportType: app?.export_type ?? null,
    status: lic.status,
    issuedAt: lic.issued_at,
    validFrom: lic.valid_from,
    validTo: lic.valid_to,
    provisos: lic.provisos,
    onAppeal: Boolean(lic.on_appeal),
    verificationCode: lic.verification_code,
    goods: goods.map((g) => ({ id: g.id, goodId: g.good_id, description: g.description, rating: g.rating, quantity: g.quantity, unit: g.unit, value: g.value, currency: g.currency, usedQuantity: g.used_quantity, usedValue: g.used_value })),
    pdf: `/api/licences/${lic.id}/pdf`,
  };
}

/** Licences, newest first, with the total: search by licence reference or holder, filter by status and destination. */
export async function listLicences(ctx: Ctx, q: { status?: string; search?: string; destination?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, [...INDUSTRY, ...CASE_READERS, 'customs_officer', 'enforcement_officer']);
  let base = ctx.db
    .selectFrom('lic_licences')
    .innerJoin('lic_applications', 'lic_applications.id', 'lic_licences.application_id')
    .innerJoin('organisations', 'organisations.id', 'lic_licences.organisation_id');
  if (isIndustry(a)) base = base.where('lic_licences.organisation_id', '=', a.organisationId);
  if (q.status) base = base.where('lic_licences.status', '=', q.status);
  if (q.destination) base = base.where('lic_applications.destination', '=', q.destination.toUpperCase());
  if (q.search) {
    const t = `%${q.search.trim().toLowerCase().replace(/[\\%]/g, '')}%`;
    base = base.where((eb) => eb.or([eb(sql`lower(lic_licences.reference)`, 'like', t), eb(sql`lower(organisations.name)`, 'like', t)]));
  }
  const [rows, count] = await Promise.all([
    base
      .select(['lic_licences.id', 'lic_licences.reference', 'lic_licences.status', 'lic_licences.valid_from', 'lic_licences.valid_to', 'lic_licences.issued_at', 'lic_applications.destination', 'lic_licences.application_id', 'organisations.name as holder'])
      .orderBy('lic_licences.issued_at', 'desc')
      .orderBy('lic_licences.id')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return {
    total: Number(count?.n ?? 0),
    licences: rows.map((r) => ({ id: r.id, reference: r.reference, status: r.status, validFrom: r.valid_from, validTo: r.valid_to, issuedAt: r.issued_at, destination: r.destination, applicationId: r.application_id, holder: r.holder })),
  };
}

async function moveLicence(tx: Executor, ctx: Ctx, lic: LicLicencesTable, action: string, reason: string | null) {
  const t = LICENCE_TRANSITIONS.find((x) => x.action === action);
  if (!t) throw invalid({ action: `must be one of ${LICENCE_TRANSITIONS.map((x) => x.action).join(', ')}` });
  if (!ctx.actor || !t.roles.includes(ctx.actor.role)) throw forbidden(`Only ${t.roles.join(', ')} may ${action} a licence`);
  if (!t.from.includes(lic.status)) throw conflict(`A licence that is ${lic.status} cannot be ${t.to === 'active' ? 'reinstated' : t.to}`);
  const now = nowIso(ctx);
  const res = await tx.updateTable('lic_licences').set({ status: t.to, row_version: lic.row_version + 1, updated_at: now }).where('id', '=', lic.id).where('row_version', '=', lic.row_version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('The licence was changed by someone else at the same time; reload it');
  await recordAudit(tx, ctx, { action: `licence.${action}`, subjectType: 'licence', subjectId: lic.id, before: { status: lic.status }, after: { status: t.to }, details: reason ? { reason } : undefined });
  await notify(tx, ctx.clock.now(), { organisationId: lic.organisation_id }, {
    kind: `licence.${t.to}`,
    title: `Licence ${lic.reference} ${t.to === 'active' ? 'reinstated' : t.to}`,
    body: reason ?? `The licence is now ${t.to}.`,
    link: `/licences/${lic.id}`,
  });
  await publish(tx, ctx, { type: EVENTS.caseChanged, subjectId: lic.application_id });
  return { id: lic.id, reference: lic.reference, status: t.to };
}

/** suspend / reinstate / revoke (officers), surrender (the holder), exhaust (officers, customs). */
export async function licenceAction(ctx: Ctx, id: string, action: string, reason?: string) {
  const t = LICENCE_TRANSITIONS.find((x) => x.action === action && action !== 'expire');
  if (!t) throw invalid({ action: `must be one of ${LICENCE_ACTIONS.join(', ')}` });
  requireRole(ctx.actor, t.roles);
  if (action !== 'surrender' && !reason?.trim()) throw invalid({ reason: 'is required' });
  return withTx(ctx.db, async (tx) => {
    const lic = await loadLicenceFor(tx, ctx, id);
    return moveLicence(tx, ctx, lic, action, reason ?? null);
  });
}

/** Customs record a shipment against the licence; when every good is used up the licence is exhausted. */
export async function recordUsage(ctx: Ctx, id: string, input: { licenceGoodId: string; quantity: number; value?: number }) {
  requireRole(ctx.actor, ['customs_officer', ...OFFICERS]);
  return withTx(ctx.db, async (tx) => {
    const lic = await loadLicenceFor(tx, ctx, id);
    if (lic.status !== 'active') throw conflict(`The licence is ${lic.status}; nothing may be shipped against it`);
    const g = await tx.selectFrom('lic_licence_goods').selectAll().where('id', '=', input.licenceGoodId).where('licence_id', '=', id).executeTakeFirst();
    if (!g) throw invalid({ licenceGoodId: 'is not a good on this licence' });
    const usedQ = g.used_quantity + input.quantity;
    const usedV = g.used_value + (input.value ?? 0);
    if (usedQ > g.quantity + 1e-9) throw unprocessable(`Only ${g.quantity - g.used_quantity} ${g.unit} remain on this licence`, { quantity: 'exceeds the licensed quantity' });
    if (usedV > g.value + 1e-9) throw unprocessable(`Only ${g.value - g.used_value} ${g.currency} of value remain on this licence`, { value: 'exceeds the licensed value' });
    await tx.updateTable('lic_licence_goods').set({ used_quantity: usedQ, used_value: usedV }).where('id', '=', g.id).execute();
    await recordAudit(tx, ctx, { action: 'licence.usage_recorded', subjectType: 'licence', subjectId: id, details: { licenceGoodId: g.id, quantity: input.quantity, value: input.value ?? 0 } });
    const all = await tx.selectFrom('lic_licence_goods').select(['quantity', 'used_quantity']).where('licence_id', '=', id).execute();
    let status = lic.status;
    if (all.every((x) => x.used_quantity >= x.quantity - 1e-9)) status = (await moveLicence(tx, ctx, lic, 'exhaust', 'every licensed quantity has been shipped')).status;
    return { id, status, licenceGoodId: g.id, usedQuantity: usedQ, usedValue: usedV };
  });
}

/** Scheduled: licences past their validity end expire. */
export async function expireLicences(ctx: Ctx): Promise<number> {
  requireRole(ctx.actor, ['admin']);
  const today = isoDate(ctx.clock.now());
  const due = await ctx.db.selectFrom('lic_licences').selectAll().where('status', 'in', ['active', 'suspended']).where('valid_to', '<', today).execute();
  for (const lic of due) await withTx(ctx.db, (tx) => moveLicence(tx, ctx, lic, 'expire', `validity ended on ${lic.valid_to}`));
  return due.length;
}

/** The refusal letter for a refused case, with the criteria and the rationale the exporter may see. */
export async function refusalLetterPdf(ctx: Ctx, applicationId: string): Promise<{ filename: string; data: Buffer }> {
  const a = requireRole(ctx.actor, [...INDUSTRY, ...CASE_READERS, 'adviser']);
  const app = await loadApplication(ctx.db, applicationId);
  await assertCanSee(ctx.db, a, app);
  if (app.outcome !== 'refused' && !(app.status === 'appeal_decided' && app.refusal_criteria)) throw notFound('Refusal letter');
  const org = await ctx.db.selectFrom('organisations').select('name').where('id', '=', app.organisation_id).executeTakeFirst();
  const criteria = (app.refusal_criteria ?? '').split(',').filter(Boolean);
  const appealBy = isoDate(new Date(new Date(app.decided_at!).getTime() + 28 * 86_400_000));
  const data = await renderLetter({
    title: `Refusal of export licence application ${app.reference}`,
    subtitle: `Decided ${app.decided_at?.slice(0, 10)}`,
    sections: [
      { heading: 'To', lines: [org?.name ?? ''] },
      { heading: 'Decision', lines: ['Your application has been refused under the following criteria:', ...criteria.map((c) => `Criterion ${c}: ${REFUSAL_CRITERIA[c] ?? c}`)] },
      { heading: 'Reasons', lines: [app.public_rationale ?? ''] },
      { heading: 'Appeal', lines: [`You may appeal this decision, with your grounds, until ${appealBy} (28 days).`] },
    ],
  });
  return { filename: `refusal-${(app.reference ?? app.id).replace(/\//g, '-')}.pdf`, data };
}
