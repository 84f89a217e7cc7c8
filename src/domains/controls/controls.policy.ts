import { requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { forbidden } from '../../platform/errors.js';

/** Officers who write amendments, moderate comments, import correspondences and record reviews. */
export const CONTROL_WRITERS: readonly Role[] = ['licensing_officer', 'senior_officer', 'admin'];
/** Who reads amendments, all comments and the reviews dashboard (oversight reads, never writes). */
export const CONTROL_READERS: readonly Role[] = ['licensing_officer', 'senior_officer', 'admin', 'oversight'];
/** Roles that may comment on a consultation besides anonymous members of the public. */
export const COMMENTER_ROLES: readonly Role[] = ['exporter', 'exporter_admin'];

export const assertCanWriteControls = (actor: Actor | null) => requireRole(actor, CONTROL_WRITERS);
export const assertCanReadAmendments = (actor: Actor | null) => requireRole(actor, CONTROL_READERS);

/** Exporters and the public comment; authority staff do not comment on their own consultation. */
export function assertCanComment(actor: Actor | null) {
  if (actor && !COMMENTER_ROLES.includes(actor.role)) throw forbidden('Consultation comments come from exporters and the public');
  return actor;
}
