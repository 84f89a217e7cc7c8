/**
 * Amending an issued licence's goods: a licensing officer raises (or lowers, never below what was shipped) the licensed
 * quantity and value of goods, with a reason. Each amendment is a new version of the licence (row_version + 1) kept with
 * the before and after of every good it changed, audited in the same transaction, and the holder is notified. A held
 * customs line can then be released against the new balance (customs reads the goods through licences.port.ts).
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import { EVENTS, publish } from '../../platform/events.js';
import { isIndustry, requireRole, type Role } from '../../platform/auth/roles.js';
import { CASE_READERS, INDUSTRY, OFFICERS } from './licensing.policy.js';

export interface AmendmentInput {
  goods: { id: string; quantity?: number; value?: number }[];
  reason: string;
}

const READERS: Role[] = [...INDUSTRY, ...CASE_READERS, 'customs_officer', 'enforcement_officer'];
const AMENDABLE = ['active', 'suspended', 'exhausted'];
const EPS = 1e-9;

async function visibleLicence(ctx: Ctx, id: string, roles: Role[]) {
  const a = requireRole(ctx.actor, roles);
  const lic = await ctx.db.selectFrom('lic_licences').selectAll().where('id', '=', id).executeTakeFirst();
  if (!lic || (isIndustry(a) && lic.organisation_id !== a.organisationId)) throw notFound('Licence');
  return lic;
}

type Good = { id: string; description: string; unit: string; currency: string; quantity: number; value: number; used_quantity: number; used_value: number };

/** The new figures of each good the input names, or the field errors (`goods.N.quantity`: below what was shipped…). */
function planChanges(input: AmendmentInput, goods: Good[]) {
  const fields: Record<string, string> = {};
  const changes: { g: Good; quantity: number; value: number }[] = [];
  const seen = new Set<string>();
  input.goods.forEach((c, i) => {
    const g = goods.find((x) => x.id === c.id);
    if (!g) return void (fields[`goods.${i}.id`] = 'is not a good on this licence');
    if (seen.has(c.id)) return void (fields[`goods.${i}.id`] = 'appears twice');
    seen.add(c.id);
    if (c.quantity === undefined && c.value === undefined) return void (fields[`goods.${i}`] = 'give a new quantity or value');
    const quantity = c.quantity ?? Number(g.quantity);
    const value = c.value ?? Number(g.value);
    if (quantity + EPS < Number(g.used_quantity)) fields[`goods.${i}.quantity`] = `must be at least ${g.used_quantity} ${g.unit} (already shipped)`;
    if (value + EPS < Number(g.used_value)) fields[`goods.${i}.value`] = `must be at least ${g.used_value} ${g.currency} (already shipped)`;
    if (quantity !== Number(g.quantity) || value !== Number(g.value)) changes.push({ g, quantity, value });
  });
  if (!Object.keys(fields).length && !changes.length) fields.goods = 'change nothing: give a quantity or value different from the licensed one';
  return { fields, changes };
}

export async function amendLicence(ctx: Ctx, licenceId: string, input: AmendmentInput) {
  const a = requireRole(ctx.actor, OFFICERS);
  const reason = input.reason?.trim();
  if (!reason) throw invalid({ reason: 'is required' });
  return withTx(ctx.db, async (tx) => {
    const lic = await tx.selectFrom('lic_licences').selectAll().where('id', '=', licenceId).executeTakeFirst();
    if (!lic) throw notFound('Licence');
    if (!AMENDABLE.includes(lic.status)) throw conflict(`A licence that is ${lic.status} cannot be amended`);
    const goods = await tx.selectFrom('lic_licence_goods').selectAll().where('licence_id', '=', licenceId).orderBy('id').execute();
    const { fields, changes } = planChanges(input, goods);
    if (Object.keys(fields).length) throw invalid(fields, 'The amendment was not made');
    const now = nowIso(ctx);
    const version = Number(lic.row_version) + 1;
    for (const c of changes) {
      // Conditional on what was shipped, so a shipment committed meanwhile can never leave usage above the new figures.
      const res = await tx
        .updateTable('lic_licence_goods')
        .set({ quantity: c.quantity, value: c.value })
        .where('id', '=', c.g.id)
        .where('used_quantity', '<=', c.quantity + EPS)
        .where('used_value', '<=', c.value + EPS)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw conflict('Goods were shipped against the licence while it was being amended; reload it and try again');
    }
    const remains = goods.some((g) => {
      const c = changes.find((x) => x.g.id === g.id);
      return (c?.quantity ?? Number(g.quantity)) - Number(g.used_quantity) > EPS;
    });
    const status = lic.status === 'exhausted' && remains ? 'active' : lic.status;
    const moved = await tx.updateTable('lic_licences').set({ status, row_version: version, updated_at: now }).where('id', '=', lic.id).where('row_version', '=', lic.row_version).executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw conflict('The licence was changed by someone else at the same time; reload it');
    const record = changes.map((c) => ({
      licenceGoodId: c.g.id, description: c.g.description, unit: c.g.unit, currency: c.g.currency,
      before: { quantity: Number(c.g.quantity), value: Number(c.g.value) }, after: { quantity: c.quantity, value: c.value }, shipped: { quantity: Number(c.g.used_quantity), value: Number(c.g.used_value) },
    }));
    const id = newId();
    await tx.insertInto('lic_licence_amendments').values({ id, licence_id: lic.id, version, goods: JSON.stringify(record), reason, status_before: lic.status, status_after: status, amended_by: a.userId, amended_at: now }).execute();
    await recordAudit(tx, ctx, { action: 'licence.amended', subjectType: 'licence', subjectId: lic.id, before: { version: lic.row_version, status: lic.status, goods: record.map((r) => ({ id: r.licenceGoodId, ...r.before })) }, after: { version, status, goods: record.map((r) => ({ id: r.licenceGoodId, ...r.after })) }, details: { reason, amendmentId: id } });
    await notify(tx, ctx.clock.now(), { organisationId: lic.organisation_id }, { kind: 'licence.amended', title: `Licence ${lic.reference} amended (version ${version})`, body: reason, link: `/licences/${lic.id}` });
    await publish(tx, ctx, { type: EVENTS.caseChanged, subjectId: lic.application_id });
    return { amendment: presentAmendment({ id, version, goods: JSON.stringify(record), reason, status_before: lic.status, status_after: status, amended_by: a.userId, amended_at: now }), licence: { id: lic.id, reference: lic.reference, status, version } };
  });
}

function presentAmendment(r: { id: string; version: number; goods: string; reason: string; status_before: string; status_after: string; amended_by: string; amended_at: string }) {
  return { id: r.id, version: Number(r.version), goods: JSON.parse(r.goods), reason: r.reason, statusBefore: r.status_before, statusAfter: r.status_after, amendedBy: r.amended_by, amendedAt: r.amended_at };
}

/** The licence's amendments, newest first (the holder sees its own licences'; another holder's licence is 404). */
export async function listAmendments(ctx: Ctx, licenceId: string) {
  const lic = await visibleLicence(ctx, licenceId, READERS);
  const rows = await ctx.db.selectFrom('lic_licence_amendments').selectAll().where('licence_id', '=', lic.id).orderBy('version', 'desc').execute();
  return { licence: { id: lic.id, reference: lic.reference, status: lic.status, version: Number(lic.row_version) }, amendments: rows.map(presentAmendment) };
}
