import { OFFICER_ROLES, isAuthority, requireActor, requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';

/** Exporters file requests for their own organisation. */
export const FILERS: readonly Role[] = ['exporter', 'exporter_admin'];
/** Licensing and senior officers rule. */
export const RULERS: readonly Role[] = OFFICER_ROLES;
/** See every request, pending or ruled, with full details (oversight and admin read, never write). */
export const FULL_READERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
/** Advisers, customs and enforcement officers see ruled requests (the rulings) in full, read-only; pending requests are not theirs to see. */
export const RULING_READERS: readonly Role[] = ['adviser', 'customs_officer', 'enforcement_officer'];
export const REQUEST_READERS: readonly Role[] = [...FULL_READERS, ...RULING_READERS, ...FILERS];

export const assertCanFile = (actor: Actor | null) => requireRole(actor, FILERS);
export const assertCanRule = (actor: Actor | null) => requireRole(actor, RULERS);
export const assertCanReadRequests = (actor: Actor | null) => requireRole(actor, REQUEST_READERS);
/** Everyone signed in may search precedents; what they see depends on who they are (see precedentView). */
export const assertCanSearchPrecedents = (actor: Actor | null) => requireActor(actor);

export const isFiler = (a: Actor) => FILERS.includes(a.role);

/** Scoping applied to request lists for this actor. */
export function requestScope(a: Actor): { organisationId?: string; ruledOnly?: boolean } {
  if (isFiler(a)) return { organisationId: a.organisationId };
  if (RULING_READERS.includes(a.role)) return { ruledOnly: true };
  return {};
}

/** Throws 404 when the actor may not see this request (another organisation's, or a pending one for ruling readers). */
export function assertCanSeeRequest(a: Actor, req: { organisation_id: string; status: string } | undefined): asserts req {
  if (!req) throw notFound('Classification request');
  if (isFiler(a) && req.organisation_id !== a.organisationId) throw notFound('Classification request');
  if (RULING_READERS.includes(a.role) && req.status !== 'ruled') throw notFound('Classification request');
}

/** How an actor sees a precedent: in full (the authority, the requesting organisation) or redacted (other exporters). */
export function precedentView(a: Actor, organisationId: string): 'full' | 'redacted' {
  // Only the authority sees other organisations' precedents in full (a partner agency's adviser is not the authority).
  if (!isAuthority(a)) return a.organisationId === organisationId ? 'full' : 'redacted';
  return 'full';
}
