import { requireActor, requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { forbidden, notFound } from '../../platform/errors.js';

/**
 * Who may do what with end-use checks (docs/verification.md):
 * - officers (licensing and senior officers of the authority) request and assign checks, decide proposals and listings;
 * - authority readers (admin, oversight, enforcement) read checks, proposals, the unverified list and reliability records;
 * - users of a partner_agency organisation (embassy, partner authority) see and report only the checks assigned to their
 *   organisation; any other check is 404 for them, and every officer action is 403.
 */
export const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
export const READERS: Role[] = ['licensing_officer', 'senior_officer', 'admin', 'oversight', 'enforcement_officer'];

export const isPartner = (a: Actor) => a.organisationKind === 'partner_agency';

/** An authority officer (never a partner agency's user, whatever its role). */
export function requireOfficer(actor: Actor | null): Actor {
  const a = requireRole(actor, OFFICERS);
  if (isPartner(a)) throw forbidden('Partner agencies report on their checks; officers request and decide');
  return a;
}

/** An authority reader (not a partner agency). */
export function requireReader(actor: Actor | null): Actor {
  const a = requireRole(actor, READERS);
  if (isPartner(a)) throw forbidden('Partner agencies see only the checks assigned to them');
  return a;
}

/** Anyone who may see checks at all: authority readers, or a partner agency's users (scoped to their checks). */
export function requireCheckViewer(actor: Actor | null): Actor {
  const a = requireActor(actor);
  if (isPartner(a)) return a;
  return requireReader(a);
}

/** 404 unless the actor may see this check (partner agencies: only those assigned to their organisation). */
export function assertCheckVisible(a: Actor, check: { assigned_org_id: string | null }) {
  if (isPartner(a) && check.assigned_org_id !== a.organisationId) throw notFound('Check');
}
