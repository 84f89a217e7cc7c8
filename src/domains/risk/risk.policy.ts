import { requireRole, type Role } from '../../platform/auth/roles.js';

/**
 * Who may do what in risk (docs/risk.md): the authority's officers read alerts, targeting lists and the party graph;
 * customs and enforcement officers run scans, triage, escalate and dismiss, and draw targeting lists; admins run scans;
 * oversight reads everything and changes nothing. Industry and advisers have no access.
 */
export const RISK_READERS: Role[] = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'];
export const RISK_SCANNERS: Role[] = ['customs_officer', 'enforcement_officer', 'admin'];
export const RISK_DECIDERS: Role[] = ['customs_officer', 'enforcement_officer'];

export { requireRole };
