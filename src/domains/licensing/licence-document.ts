/** The licence as a document: the PDF (every party, the issuing authority and signatory, a verification code) and the public check of that code. */
import type { Ctx } from '../../platform/context.js';
import { notFound, invalid } from '../../platform/errors.js';
import { isoDate } from '../../platform/clock.js';
import { getLicence } from './licences.service.js';
import { renderLetter } from './letters.js';
import { normaliseVerificationCode } from './verification-code.js';

const ROLE_LABEL: Record<string, string> = { consignee: 'Consignee', end_user: 'End user', ultimate_end_user: 'Ultimate end user', third_party: 'Third party' };

/** Who signed the licence: the appeal decider for a licence issued on appeal, otherwise the officer who decided the case. */
async function signatory(ctx: Ctx, applicationId: string, onAppeal: boolean) {
  let userId: string | null = null;
  if (onAppeal) userId = (await ctx.db.selectFrom('lic_appeals').select('decided_by').where('application_id', '=', applicationId).where('status', '=', 'overturned').orderBy('decided_at', 'desc').executeTakeFirst())?.decided_by ?? null;
  if (!userId) userId = (await ctx.db.selectFrom('lic_applications').select('decided_by').where('id', '=', applicationId).executeTakeFirst())?.decided_by ?? null;
  if (!userId) return null;
  const u = await ctx.db.selectFrom('users').innerJoin('organisations', 'organisations.id', 'users.organisation_id').select(['users.name', 'users.email', 'users.role', 'organisations.name as org']).where('users.id', '=', userId).executeTakeFirst();
  return u ? { name: u.name || u.email, role: u.role.replace(/_/g, ' '), authority: u.org } : null;
}

export async function licencePdf(ctx: Ctx, id: string): Promise<{ filename: string; data: Buffer }> {
  const l = await getLicence(ctx, id); // checks who is asking
  const parties = await ctx.db.selectFrom('lic_parties').select(['role', 'sub_role', 'name', 'address', 'country']).where('application_id', '=', l.applicationId).orderBy('role').orderBy('name').execute();
  const sig = await signatory(ctx, l.applicationId, l.onAppeal);
  const data = await renderLetter({
    title: `Export licence ${l.reference}`,
    subtitle: `Issued by ${sig?.authority ?? 'the licensing authority'} · status: ${l.status}${l.onAppeal ? ' (issued on appeal)' : ''}`,
    sections: [
      { heading: 'Holder (exporter)', lines: [l.holder ?? ''] },
      {
        heading: 'Parties',
        lines: parties.length ? parties.map((p) => `${ROLE_LABEL[p.role] ?? p.role}${p.sub_role ? ` (${p.sub_role.replace(/_/g, ' ')})` : ''}: ${p.name}, ${p.address}, ${p.country}`) : ['None recorded.'],
      },
      { heading: 'Case', lines: [`Case reference: ${l.caseReference}`, `Destination: ${l.destination}`, `Export type: ${l.exportType}`] },
      { heading: 'Validity', lines: [`Valid from ${l.validFrom} to ${l.validTo} inclusive. Issued ${l.issuedAt.slice(0, 10)}.`] },
      { heading: 'Provisos', lines: l.provisos ? l.provisos.split('\n') : ['None.'] },
      { heading: 'Issuing authority and signatory', lines: sig ? [sig.authority, `Signed for the authority by ${sig.name} (${sig.role}), ${l.issuedAt.slice(0, 10)}`] : ['The licensing authority (signatory not recorded)'] },
      { heading: 'Verification', lines: [`Verification code: ${l.verificationCode ?? 'none'}`, `Anyone (customs, a bank) can check this licence at GET /api/licences/verify/${l.verificationCode ?? ''}: it answers valid, suspended, revoked or expired.`] },
    ],
    table: { headers: ['Good', 'Rating', 'Quantity', 'Value', 'Used'], rows: l.goods.map((g) => [g.description, g.rating ?? 'unrated', `${g.quantity} ${g.unit}`, `${g.value} ${g.currency}`, `${g.usedQuantity} / ${g.usedValue}`]) },
    footer: 'This licence is valid only for the goods, quantities, values, destination and parties shown and subject to the provisos above.',
  });
  return { filename: `${l.reference.replace(/\//g, '-')}.pdf`, data };
}

/**
 * Public check of a licence by its verification code: valid / suspended / revoked / expired (or surrendered, exhausted).
 * Shows what is printed on the licence anyway, nothing more. An unknown code is 404.
 */
export async function verifyLicence(ctx: Ctx, code: string) {
  const norm = normaliseVerificationCode(code);
  if (!norm) throw invalid({ code: 'is not a licence verification code (CW-XXXX-XXXX-XXXX)' });
  const l = await ctx.db
    .selectFrom('lic_licences')
    .innerJoin('lic_applications', 'lic_applications.id', 'lic_licences.application_id')
    .innerJoin('organisations', 'organisations.id', 'lic_licences.organisation_id')
    .select(['lic_licences.reference', 'lic_licences.status', 'lic_licences.valid_from', 'lic_licences.valid_to', 'lic_licences.issued_at', 'lic_applications.destination', 'organisations.name as holder'])
    .where('lic_licences.verification_code', '=', norm)
    .executeTakeFirst();
  if (!l) throw notFound('Licence');
  const today = isoDate(ctx.clock.now());
  // The daily expiry job may not have run yet: a licence past its end date is expired whatever its stored status.
  const status = l.status === 'active' && l.valid_to < today ? 'expired' : l.status;
  return { code: norm, valid: status === 'active', status: status === 'active' ? 'valid' : status, reference: l.reference, holder: l.holder, destination: l.destination, validFrom: l.valid_from, validTo: l.valid_to, issuedOn: l.issued_at.slice(0, 10), checkedAt: ctx.clock.now().toISOString() };
}
