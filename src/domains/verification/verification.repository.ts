import type { Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { normalisePartyName } from '../licensing/verification.port.js';
import type { VerChecksTable } from './verification.tables.js';

/** The same party across applications: normalised name and country. */
export const partyKey = (name: string, country: string) => `${normalisePartyName(name)}|${country.toUpperCase()}`;

export const OPEN_STATUSES = ['requested', 'assigned'];
export const ADVERSE_OUTCOMES = ['unfavourable', 'unable_to_verify', 'refused'];

export async function loadCheck(db: Executor, id: string): Promise<VerChecksTable> {
  const c = await db.selectFrom('ver_checks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!c) throw notFound('Check');
  return c;
}

const json = <T>(s: string | null, fallback: T): T => {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
};

export function presentCheck(c: VerChecksTable, today?: string) {
  return {
    id: c.id,
    reference: c.reference,
    kind: c.kind,
    status: c.status,
    subject: { applicationId: c.application_id, licenceId: c.licence_id, declarationReference: c.declaration_reference },
    party: { id: c.party_id, name: c.party_name, country: c.party_country },
    destination: c.destination,
    reason: c.reason,
    requestedBy: c.requested_by,
    assignedOrganisationId: c.assigned_org_id,
    assignedUserId: c.assigned_user_id,
    assignedAt: c.assigned_at,
    dueOn: c.due_on,
    overdue: !!today && OPEN_STATUSES.includes(c.status) && c.due_on < today,
    escalatedAt: c.escalated_at,
    report: c.reported_at
      ? {
          outcome: c.outcome,
          visitedOn: c.visited_on,
          findings: c.findings,
          items: json<unknown[]>(c.items_seen, []),
          evidenceFileIds: json<string[]>(c.evidence_file_ids, []),
          reportedBy: c.reported_by,
          reportedAt: c.reported_at,
        }
      : null,
    proposalId: c.proposal_id,
    createdAt: c.created_at,
    updatedAt: c.updated_at,
  };
}

export const todayOf = (now: Date) => now.toISOString().slice(0, 10);
export const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
