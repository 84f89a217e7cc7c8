import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { notify } from '../../platform/notify.js';
import { newId } from '../../platform/ids.js';
import { assertOrgVisible, INDUSTRY, isIndustry, READERS, REGISTRATION_OFFICERS, requireRole } from './customs.policy.js';
import { ensureGeneralLicences } from './gl.repository.js';
import type { CustomsGlRegistrationsTable } from './customs.tables.js';

const present = (r: CustomsGlRegistrationsTable) => ({
  id: r.id,
  organisationId: r.organisation_id,
  generalLicence: r.general_licence_id,
  status: r.status,
  registeredAt: r.registered_at,
  firstUseAt: r.first_use_at,
  registerBy: r.register_by,
  suspendedAt: r.suspended_at,
  suspendReason: r.suspend_reason,
});

/** The exporter registers its organisation for a general licence (before first use, or completing a pending one). */
export async function registerForGeneralLicence(ctx: Ctx, glId: string) {
  const a = requireRole(ctx.actor, INDUSTRY);
  await ensureGeneralLicences(ctx.db, ctx.clock.now());
  return withTx(ctx.db, async (tx) => {
    const g = await tx.selectFrom('customs_general_licences').select('id').where('id', '=', glId.toUpperCase()).executeTakeFirst();
    if (!g) throw notFound('General licence');
    const now = ctx.clock.now().toISOString();
    const r = await tx.selectFrom('customs_gl_registrations').selectAll().where('organisation_id', '=', a.organisationId).where('general_licence_id', '=', g.id).executeTakeFirst();
    if (r?.status === 'registered') throw conflict(`Already registered for ${g.id}`);
    if (r?.status === 'suspended') throw conflict(`The registration for ${g.id} is suspended; an officer must reinstate it`);
    let row: CustomsGlRegistrationsTable;
    if (r) {
      row = { ...r, status: 'registered', registered_at: now, updated_at: now };
      await tx.updateTable('customs_gl_registrations').set({ status: 'registered', registered_at: now, updated_at: now }).where('id', '=', r.id).where('status', '=', 'pending').execute();
    } else {
      row = { id: newId(), organisation_id: a.organisationId, general_licence_id: g.id, status: 'registered', registered_at: now, first_use_at: null, register_by: null, suspended_at: null, suspend_reason: null, created_at: now, updated_at: now };
      await tx.insertInto('customs_gl_registrations').values(row).execute();
    }
    await recordAudit(tx, ctx, { action: 'customs.gl_registered', subjectType: 'customs_gl_registration', subjectId: row.id, before: r ? { status: r.status } : undefined, after: { status: 'registered', generalLicence: g.id } });
    return present(row);
  });
}

export async function listRegistrations(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, READERS);
  let query = ctx.db.selectFrom('customs_gl_registrations').selectAll().orderBy('created_at', 'desc').orderBy('id').limit(q.limit ?? 100).offset(q.offset ?? 0);
  if (isIndustry(a)) query = query.where('organisation_id', '=', a.organisationId);
  if (q.status) query = query.where('status', '=', q.status);
  return { registrations: (await query.execute()).map(present) };
}

/** Suspends or reinstates a registration (customs and licensing officers), with a reason; the exporter is told. */
export async function setRegistrationStatus(ctx: Ctx, id: string, action: 'suspend' | 'reinstate', reason: string) {
  const a = requireRole(ctx.actor, REGISTRATION_OFFICERS);
  if (!reason?.trim()) throw invalid({ reason: 'is required' });
  return withTx(ctx.db, async (tx) => {
    const r = await tx.selectFrom('customs_gl_registrations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) throw notFound('Registration');
    assertOrgVisible(a, r.organisation_id, 'Registration');
    const now = ctx.clock.now().toISOString();
    if (action === 'suspend' && r.status === 'suspended') throw conflict('The registration is already suspended');
    if (action === 'reinstate' && r.status !== 'suspended') throw conflict('Only a suspended registration can be reinstated');
    // Reinstating goes back to registered if the exporter had registered, else to pending.
    const status = action === 'suspend' ? 'suspended' : r.registered_at ? 'registered' : 'pending';
    const set = { status, suspended_at: action === 'suspend' ? now : null, suspend_reason: action === 'suspend' ? reason.trim() : null, updated_at: now };
    await tx.updateTable('customs_gl_registrations').set(set).where('id', '=', id).where('status', '=', r.status).execute();
    await recordAudit(tx, ctx, { action: `customs.gl_registration_${action}`, subjectType: 'customs_gl_registration', subjectId: id, before: { status: r.status }, after: { status }, details: { reason: reason.trim() } });
    await notify(tx, ctx.clock.now(), { organisationId: r.organisation_id }, { kind: `customs.gl_registration_${action}`, title: `Registration for ${r.general_licence_id} ${status}`, body: reason.trim(), link: '/customs/general-licences' });
    return present({ ...r, ...set });
  });
}
