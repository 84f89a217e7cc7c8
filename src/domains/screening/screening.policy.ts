import { ROLES, requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { forbidden, notFound } from '../../platform/errors.js';

/**
 * Who may do what in screening (documented in docs/screening.md):
 * - search, batch, list versions: every signed-in role (the lists are public data; exporters must screen before they trade).
 * - stored parties (counterparties): exporters and exporter admins for their own organisation; licensing and senior officers and
 *   admins may create and edit any; oversight reads all. Another organisation's party is 404.
 * - review queue: officers, admins and oversight see every hit; exporters see their own organisation's.
 * - decisions: licensing and senior officers on any hit; exporters and exporter admins on their own organisation's counterparty hits
 *   until a hit is escalated (escalated hits are for officers only). Admins and oversight do not decide (separation of duties).
 */
export const SEARCH_ROLES: readonly Role[] = ROLES;
export const PARTY_WRITERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'exporter_admin', 'exporter'];
export const PARTY_READERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'exporter_admin', 'exporter'];
export const SEE_ALL_PARTIES: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
export const HIT_DECIDERS: readonly Role[] = ['licensing_officer', 'senior_officer', 'exporter_admin', 'exporter'];
export const OFFICERS: readonly Role[] = ['licensing_officer', 'senior_officer'];
export const LIST_UPDATERS: readonly Role[] = ['admin'];

export const seesAllParties = (a: Actor) => SEE_ALL_PARTIES.includes(a.role);

/** 404 unless the actor may see parties of this organisation. */
export function assertPartyVisible(a: Actor, organisationId: string, what = 'Party') {
  if (!seesAllParties(a) && a.organisationId !== organisationId) throw notFound(what);
}

/** May the actor decide this hit? (visibility was checked first) */
export function assertMayDecide(a: Actor, hit: { organisation_id: string; status: string }, party: { subject_type: string }) {
  requireRole(a, HIT_DECIDERS);
  if (OFFICERS.includes(a.role)) return;
  if (a.organisationId !== hit.organisation_id) throw notFound('Hit');
  if (party.subject_type !== 'counterparty') throw forbidden('Hits on application parties are decided by licensing officers');
  if (hit.status === 'escalated') throw forbidden('This hit was escalated: a licensing officer decides it');
}
