import { requireRole, type Actor, type Role } from '../../platform/auth/roles.js';

/** Peers and keys are configuration: administrators change them, oversight reads. */
export const PEER_ADMINS: Role[] = ['admin'];
export const EXCHANGE_READERS: Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
/** Sharing denials, consulting and answering are licensing decisions. */
export const EXCHANGE_OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];

export const assertPeerAdmin = (a: Actor | null) => requireRole(a, PEER_ADMINS);
export const assertExchangeReader = (a: Actor | null) => requireRole(a, EXCHANGE_READERS);
export const assertExchangeOfficer = (a: Actor | null) => requireRole(a, EXCHANGE_OFFICERS);
