import { forbidden, unauthenticated } from '../errors.js';

export const ROLES = [
  'admin',
  'licensing_officer',
  'senior_officer',
  'adviser',
  'customs_officer',
  'enforcement_officer',
  'oversight',
  'exporter_admin',
  'exporter',
] as const;
export type Role = (typeof ROLES)[number];

export const ORG_KINDS = ['authority', 'exporter', 'research', 'partner_agency'] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

/** Named role groups that policies use. */
export const AUTHORITY_ROLES: readonly Role[] = [
  'admin',
  'licensing_officer',
  'senior_officer',
  'adviser',
  'customs_officer',
  'enforcement_officer',
  'oversight',
];
export const OFFICER_ROLES: readonly Role[] = ['licensing_officer', 'senior_officer'];
export const INDUSTRY_ROLES: readonly Role[] = ['exporter_admin', 'exporter'];
/** Roles that may read everything the authority holds (oversight reads but never writes). */
export const AUTHORITY_READERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];

/** Who is asking. `null` actor means an anonymous (public) caller. */
export interface Actor {
  userId: string;
  email: string;
  role: Role;
  team: string | null;
  organisationId: string;
  organisationName: string;
  organisationKind: OrgKind;
  via: 'session' | 'token' | 'system';
}

/** The actor used by jobs, seeding and the CLI when no person is involved. */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  email: 'system@clearway.local',
  role: 'admin',
  team: null,
  organisationId: 'system',
  organisationName: 'Clearway',
  organisationKind: 'authority',
  via: 'system',
};

/** Throws 401 for anonymous callers, 403 when the role is not one of `roles`. Returns the actor narrowed to non-null. */
export function requireRole(actor: Actor | null, roles: readonly Role[]): Actor {
  if (!actor) throw unauthenticated();
  // A partner agency's users (an embassy, a partner authority) hold authority roles but are not the authority: they
  // use only what is built for them (their assigned end-use checks), never a role-gated authority function.
  if (actor.organisationKind === 'partner_agency') throw forbidden('A partner agency can use only the end-use checks assigned to it');
  if (!roles.includes(actor.role)) throw forbidden(`This needs one of the roles: ${roles.join(', ')}`);
  return actor;
}

/** Throws 401 for anonymous callers. */
export function requireActor(actor: Actor | null): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}

export const isIndustry = (a: Actor) => INDUSTRY_ROLES.includes(a.role);
export const isAuthority = (a: Actor) => AUTHORITY_ROLES.includes(a.role) && a.organisationKind !== 'partner_agency';
