import type { Ctx } from '../../platform/context.js';
import { invalid, notFound } from '../../platform/errors.js';
import { isIndustry, READERS, requireRole } from './customs.policy.js';
import { findLicenceById, findLicenceByVerificationCode, findLicencesByHolder, findLicencesByReferences, type LicenceSnapshot } from './ports.js';

export function presentBalance(l: LicenceSnapshot) {
  return {
    id: l.id,
    reference: l.reference,
    verificationCode: l.verificationCode,
    holder: l.holder,
    status: l.status,
    validFrom: l.validFrom,
    validTo: l.validTo,
    destination: l.destination,
    parties: l.parties.map((p) => ({ role: p.role, name: p.name, country: p.country })),
    goods: l.goods.map((g) => ({
      id: g.id,
      description: g.description,
      rating: g.rating,
      unit: g.unit,
      currency: g.currency,
      authorisedQuantity: g.quantity,
      shippedQuantity: g.usedQuantity,
      remainingQuantity: Math.max(0, g.quantity - g.usedQuantity),
      authorisedValue: g.value,
      shippedValue: g.usedValue,
      remainingValue: Math.max(0, g.value - g.usedValue),
    })),
  };
}

/**
 * Licence lookup by reference, holder name or verification code (customs and other authority readers), and an
 * exporter's own licences with their remaining balance (no criteria: all of them). Another holder's licence is not found.
 */
export async function lookupLicences(ctx: Ctx, q: { reference?: string; holder?: string; verificationCode?: string; limit?: number }) {
  const a = requireRole(ctx.actor, READERS);
  let found: LicenceSnapshot[];
  if (q.reference) found = await findLicencesByReferences(ctx.db, [q.reference]);
  else if (q.verificationCode) {
    const l = await findLicenceByVerificationCode(ctx.db, q.verificationCode);
    found = l ? [l] : [];
  } else if (q.holder) found = await findLicencesByHolder(ctx.db, { holderName: q.holder, organisationId: isIndustry(a) ? a.organisationId : undefined, limit: q.limit });
  else if (isIndustry(a)) found = await findLicencesByHolder(ctx.db, { organisationId: a.organisationId, limit: q.limit ?? 200 });
  else throw invalid({ reference: 'give reference, holder or verificationCode' });
  if (isIndustry(a)) found = found.filter((l) => l.organisationId === a.organisationId);
  return { licences: found.map(presentBalance) };
}

/** One licence's balance (GET /api/customs/licences/{id}). */
export async function licenceBalance(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, READERS);
  const l = await findLicenceById(ctx.db, id);
  if (!l || (isIndustry(a) && l.organisationId !== a.organisationId)) throw notFound('Licence');
  return presentBalance(l);
}
