import { isIndustry, requireRole, type Actor, type Role } from '../../platform/auth/roles.js';
import { notFound } from '../../platform/errors.js';

/**
 * Who may do what in customs (docs/customs.md):
 * - declare: exporters and exporter admins (for their own organisation) and customs officers;
 * - read declarations, holds, licence balances and reconciliation: the declaring organisation's exporters, customs and
 *   enforcement officers, licensing officers, admins and oversight (oversight reads, never writes);
 * - decide holds (release / refuse): customs officers; cancel a declaration: its organisation or a customs officer;
 * - general licences: exporters register and file returns for their organisation; licensing officers change terms;
 *   customs and licensing officers suspend or reinstate registrations.
 */
export const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];
export const DECLARANTS: Role[] = [...INDUSTRY, 'customs_officer'];
export const AUTHORITY_READERS: Role[] = ['customs_officer', 'enforcement_officer', 'licensing_officer', 'senior_officer', 'admin', 'oversight'];
export const READERS: Role[] = [...INDUSTRY, ...AUTHORITY_READERS];
export const HOLD_DECIDERS: Role[] = ['customs_officer'];
export const CANCELLERS: Role[] = [...INDUSTRY, 'customs_officer'];
export const GL_TERM_EDITORS: Role[] = ['licensing_officer', 'senior_officer', 'admin'];
export const REGISTRATION_OFFICERS: Role[] = ['customs_officer', 'licensing_officer', 'senior_officer'];

/** 404 unless the actor may see rows of this organisation (industry: only its own). */
export function assertOrgVisible(a: Actor, organisationId: string | null, what: string) {
  if (isIndustry(a) && organisationId !== a.organisationId) throw notFound(what);
}

export { requireRole, isIndustry };
