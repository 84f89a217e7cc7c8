import { requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { forbidden } from '../../platform/errors.js';

/** Who may create or manage users, and which roles they may hand out. */
export function assertCanManageUsers(actor: Actor | null, organisationId: string, role: Role): Actor {
  const a = requireRole(actor, ['admin', 'exporter_admin']);
  if (a.role === 'exporter_admin') {
    if (organisationId !== a.organisationId) throw forbidden('Exporter administrators manage only their own organisation');
    if (role !== 'exporter' && role !== 'exporter_admin') throw forbidden('Exporter administrators may only add exporter users');
  }
  return a;
}

export const assertCanListUsers = (actor: Actor | null) => requireRole(actor, ['admin', 'oversight', 'exporter_admin']);
export const assertCanManageOrganisations = (actor: Actor | null) => requireRole(actor, ['admin']);
export const assertCanListOrganisations = (actor: Actor | null) =>
  requireRole(actor, ['admin', 'oversight', 'licensing_officer', 'senior_officer', 'enforcement_officer', 'customs_officer']);
