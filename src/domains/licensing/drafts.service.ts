/** Drafts the exporter can finish or throw away: copy an application into a new draft, delete a draft. */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, notFound } from '../../platform/errors.js';
import { requireExporter } from './licensing.policy.js';
import { loadApplication, parseJson } from './licensing.repository.js';
import { createApplication, type ApplicationInput, type PartyInput } from './applications.service.js';

async function ownApplication(ctx: Ctx, id: string) {
  const a = requireExporter(ctx.actor);
  const app = await loadApplication(ctx.db, id);
  if (app.organisation_id !== a.organisationId) throw notFound('Application');
  return app;
}

/** Copies any of the organisation's applications (draft or decided) into a new draft: goods, parties, route and end use; declarations are left for the exporter to confirm again. */
export async function copyApplication(ctx: Ctx, id: string) {
  const app = await ownApplication(ctx, id);
  const [goods, parties] = await Promise.all([
    ctx.db.selectFrom('lic_goods').selectAll().where('application_id', '=', id).orderBy('position').execute(),
    ctx.db.selectFrom('lic_parties').selectAll().where('application_id', '=', id).execute(),
  ]);
  const input: ApplicationInput = {
    caseType: app.case_type,
    exportType: app.export_type as 'permanent' | 'temporary',
    temporaryReturnDate: null,
    destination: app.destination,
    transit: parseJson<string[]>(app.transit, []),
    endUse: app.end_use,
    declarations: { militaryEndUse: Boolean(app.military_end_use), wmdInformed: Boolean(app.wmd_informed), wmdSuspected: Boolean(app.wmd_suspected), humanitarian: Boolean(app.humanitarian), accepted: false },
    goods: goods.map((g) => ({ productId: g.product_id, description: g.description, rating: g.rating, quantity: g.quantity, unit: g.unit, value: g.value, currency: g.currency })),
    parties: parties.map((p) => ({ role: p.role as PartyInput['role'], subRole: p.sub_role, name: p.name, address: p.address, country: p.country, type: p.party_type as 'entity' | 'individual', website: p.website })),
  };
  const res = await createApplication(ctx, input);
  return { ...res, copiedFrom: id };
}

/** Deletes a draft (never a submitted application: that is withdrawn). Documents uploaded to it are deleted with it. */
export async function deleteDraft(ctx: Ctx, id: string) {
  const app = await ownApplication(ctx, id);
  if (app.status !== 'draft') throw conflict(`Only a draft can be deleted; this application is ${app.status}. Withdraw it instead.`);
  return withTx(ctx.db, async (tx) => {
    const again = await loadApplication(tx, id);
    if (again.status !== 'draft') throw conflict('The draft was submitted meanwhile');
    for (const t of ['lic_goods', 'lic_parties', 'lic_documents'] as const) await tx.deleteFrom(t).where('application_id', '=', id).execute();
    const del = await tx.deleteFrom('lic_applications').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
    if (Number(del.numDeletedRows) !== 1) throw conflict('The draft was submitted or deleted meanwhile');
    await recordAudit(tx, ctx, { action: 'application.draft_deleted', subjectType: 'application', subjectId: id, before: { status: 'draft', destination: app.destination, createdAt: app.created_at }, details: { at: nowIso(ctx) } });
    return { id, deleted: true };
  });
}
