import { AUTHORITY_READERS, requireRole, type Actor, type Role } from '../../platform/auth/roles.js';

/** Officers and oversight read full statistics, drill-downs and indicators. */
export const STATS_READERS: readonly Role[] = AUTHORITY_READERS;
/** Who may (re)publish a report edition. */
export const PUBLISHERS: readonly Role[] = ['admin', 'senior_officer'];
/** Who writes guidance pages. */
export const GUIDANCE_EDITORS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer'];
/** Who reads guidance drafts and version history. */
export const GUIDANCE_READERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
/** Oversight's observations: recorded by oversight only, read by senior officers, admins and oversight. */
export const OBSERVERS: readonly Role[] = ['oversight'];
export const OBSERVATION_READERS: readonly Role[] = ['admin', 'senior_officer', 'oversight'];

export const assertStatsReader = (a: Actor | null) => requireRole(a, STATS_READERS);
export const assertPublisher = (a: Actor | null) => requireRole(a, PUBLISHERS);
export const assertGuidanceEditor = (a: Actor | null) => requireRole(a, GUIDANCE_EDITORS);
export const assertGuidanceReader = (a: Actor | null) => requireRole(a, GUIDANCE_READERS);
export const assertObserver = (a: Actor | null) => requireRole(a, OBSERVERS);
export const assertObservationReader = (a: Actor | null) => requireRole(a, OBSERVATION_READERS);
