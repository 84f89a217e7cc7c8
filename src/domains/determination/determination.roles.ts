/** Who may draft, read and adopt pack changes. */
import type { Role } from '../../platform/auth/roles.js';

/** Roles that draft and replay pack changes; adoption needs a senior officer (or admin). */
export const DRAFT_ROLES: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer'];
export const DRAFT_READERS: readonly Role[] = ['admin', 'licensing_officer', 'senior_officer', 'oversight'];
export const ADOPT_ROLES: readonly Role[] = ['admin', 'senior_officer'];
