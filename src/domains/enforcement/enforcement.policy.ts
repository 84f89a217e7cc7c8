import { requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { forbidden, unauthenticated } from '../../platform/errors.js';

/**
 * Who may do what in enforcement (docs/enforcement.md):
 * - the hotline's public side needs no account and checks the receipt's passphrase instead;
 * - enforcement officers (of the authority or a partner agency) read and work hotline reports, investigations,
 *   proceedings and compliance audits; oversight reads them; admins read them;
 * - penalty calculations may be run by enforcement officers, senior officers and oversight (it stores nothing);
 * - an investigation is visible only inside the organisation (and team, when the officer has one) that holds it:
 *   another team's or agency's investigation is 404. Deconfliction tells both sides only that they overlap.
 */
export const WORKERS: Role[] = ['enforcement_officer'];
export const READERS: Role[] = ['enforcement_officer', 'oversight', 'admin'];
export const CALCULATORS: Role[] = ['enforcement_officer', 'senior_officer', 'oversight', 'admin'];
/** Those deciding a proceeding (decision, appeal): not the investigating officer's role. */
export const DECIDERS: Role[] = ['senior_officer'];
/** Proceedings are read by their deciders too (not the investigation file itself). */
export const PROCEEDING_READERS: Role[] = [...READERS, ...DECIDERS];

export { requireRole };

/**
 * The role check for investigations only. A partner agency's enforcement officers hold their own investigations
 * here, because deconfliction across agencies is what they are for; everything else in enforcement (hotline
 * reports, proceedings, audits) uses `requireRole`, which keeps partner agencies out of authority functions.
 */
export function requireInvestigator(actor: Actor | null, roles: readonly Role[]): Actor {
  if (!actor) throw unauthenticated();
  if (!roles.includes(actor.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return actor;
}
