import { EVENTS, publish } from '../../platform/events.js';
import type { Executor } from '../../platform/db/index.js';
import type { Ctx } from '../../platform/context.js';
import type { Role } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { conflict, forbidden, unprocessable } from '../../platform/errors.js';
import type { LicApplicationsTable } from './licensing.tables.js';
import { routeCase } from './routing.js';

/** Every case status, in journey order. */
export const STATUSES = [
  { code: 'draft', label: 'Draft', open: false, terminal: false },
  { code: 'submitted', label: 'Submitted', open: true, terminal: false },
  { code: 'initial_checks', label: 'Initial checks', open: true, terminal: false },
  { code: 'under_review', label: 'Under review', open: true, terminal: false },
  { code: 'referred', label: 'Referred for advice', open: true, terminal: false },
  { code: 'countersigning', label: 'Awaiting countersignature', open: true, terminal: false },
  { code: 'under_final_review', label: 'Under final review', open: true, terminal: false },
  { code: 'finalised', label: 'Finalised', open: false, terminal: false },
  { code: 'withdrawn', label: 'Withdrawn', open: false, terminal: true },
  { code: 'superseded', label: 'Superseded by an amendment', open: false, terminal: true },
  { code: 'under_appeal', label: 'Under appeal', open: false, terminal: false },
  { code: 'appeal_decided', label: 'Appeal decided', open: false, terminal: true },
] as const;
export type Status = (typeof STATUSES)[number]['code'];
export const OPEN_STATUSES: Status[] = STATUSES.filter((s) => s.open).map((s) => s.code);

const OFFICERS: Role[] = ['licensing_officer', 'senior_officer'];
const INDUSTRY: Role[] = ['exporter', 'exporter_admin'];

export interface Transition {
  from: Status[];
  to: Status;
  /** Roles whose action may cause this transition (admin covers system jobs). */
  roles: Role[];
  action: string;
}

/** The workflow as data: the only legal moves. `transition()` refuses anything else. */
export const TRANSITIONS: Transition[] = [
  { from: ['draft'], to: 'submitted', roles: INDUSTRY, action: 'submit' },
  { from: ['submitted'], to: 'initial_checks', roles: [...INDUSTRY, 'admin'], action: 'start_checks' },
  { from: ['submitted', 'initial_checks'], to: 'finalised', roles: [...INDUSTRY, 'admin'], action: 'no_licence_required' },
  { from: ['initial_checks'], to: 'under_review', roles: OFFICERS, action: 'start_review' },
  { from: ['under_review', 'countersigning', 'under_final_review'], to: 'referred', roles: OFFICERS, action: 'refer' },
  { from: ['referred'], to: 'under_review', roles: [...OFFICERS, 'adviser'], action: 'advice_complete' },
  { from: ['under_review'], to: 'countersigning', roles: OFFICERS, action: 'request_countersignature' },
  { from: ['under_review', 'countersigning'], to: 'under_final_review', roles: ['senior_officer'], action: 'countersign' },
  { from: ['countersigning', 'under_final_review'], to: 'under_review', roles: [...OFFICERS, 'adviser'], action: 'advice_changed' },
  { from: ['under_review', 'under_final_review'], to: 'finalised', roles: OFFICERS, action: 'decide' },
  { from: ['submitted', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'], to: 'withdrawn', roles: INDUSTRY, action: 'withdraw' },
  { from: ['draft', 'submitted', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'], to: 'superseded', roles: INDUSTRY, action: 'amend' },
  { from: ['finalised'], to: 'under_appeal', roles: INDUSTRY, action: 'appeal' },
  { from: ['under_appeal'], to: 'appeal_decided', roles: ['senior_officer'], action: 'decide_appeal' },
];

export function findTransition(from: string, to: string): Transition | undefined {
  return TRANSITIONS.find((t) => t.to === to && (t.from as string[]).includes(from));
}

type AppRow = LicApplicationsTable;

/**
 * THE transition function: checks the move is legal for this actor, applies it with a conditional update on
 * `row_version` (so concurrent movers cannot both win: the loser gets 409), audits it and re-routes the case.
 * `set` carries extra columns to write atomically with the status change.
 */
export async function transition(
  tx: Executor,
  ctx: Ctx,
  app: AppRow,
  to: Status,
  opts: { set?: Partial<AppRow>; details?: unknown; reason?: string } = {},
): Promise<AppRow> {
  const t = findTransition(app.status, to);
  if (!t) throw conflict(`A case that is ${app.status} cannot move to ${to}`);
  const actor = ctx.actor;
  if (!actor || !t.roles.includes(actor.role)) throw forbidden(`Only ${t.roles.join(', ')} may ${t.action.replace(/_/g, ' ')}`);
  const now = ctx.clock.now().toISOString();
  const openCase = (OPEN_STATUSES as string[]).includes(to) ? 1 : 0;
  const next: AppRow = { ...app, ...(opts.set ?? {}), status: to, open_case: openCase, row_version: app.row_version + 1, updated_at: now };
  const route = await routeCase(tx, next);
  next.queue = route.queue;
  next.risk_tier = route.riskTier;
  const { id: _id, ...changes } = { ...(opts.set ?? {}), status: to, open_case: openCase, row_version: next.row_version, updated_at: now, queue: next.queue, risk_tier: next.risk_tier };
  const res = await tx
    .updateTable('lic_applications')
    .set(changes)
    .where('id', '=', app.id)
    .where('row_version', '=', app.row_version)
    .where('status', '=', app.status)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('The case was changed by someone else at the same time; reload it and try again');
  await recordAudit(tx, ctx, {
    action: `case.${t.action}`,
    subjectType: 'application',
    subjectId: app.id,
    before: { status: app.status, queue: app.queue },
    after: { status: to, queue: next.queue, riskTier: next.risk_tier },
    details: opts.reason || opts.details ? { reason: opts.reason, ...(opts.details as object) } : undefined,
  });
  await publish(tx, ctx, { type: EVENTS.caseChanged, subjectId: app.id });
  return next;
}

/** Bumps row_version with a conditional update (for changes that are not status moves); 409 when someone else changed the case. */
export async function touchCase(tx: Executor, ctx: Ctx, app: AppRow, set: Partial<AppRow> = {}): Promise<AppRow> {
  const now = ctx.clock.now().toISOString();
  const next: AppRow = { ...app, ...set, row_version: app.row_version + 1, updated_at: now };
  const route = await routeCase(tx, next);
  next.queue = route.queue;
  next.risk_tier = route.riskTier;
  const { id: _id, ...rest } = set as Partial<AppRow> & { id?: string };
  const res = await tx
    .updateTable('lic_applications')
    .set({ ...rest, row_version: next.row_version, updated_at: now, queue: next.queue, risk_tier: next.risk_tier })
    .where('id', '=', app.id)
    .where('row_version', '=', app.row_version)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw conflict('The case was changed by someone else at the same time; reload it and try again');
  await publish(tx, ctx, { type: EVENTS.caseChanged, subjectId: app.id });
  return next;
}

export function assertStatus(app: AppRow, allowed: Status[], what: string) {
  if (!(allowed as string[]).includes(app.status)) throw unprocessable(`Cannot ${what} while the case is ${app.status}`);
}
