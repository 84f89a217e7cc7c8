import type { Executor } from './db/index.js';
import type { Ctx } from './context.js';

/**
 * In-transaction domain events. A domain publishes what happened; domains further down the dependency
 * order subscribe (e.g. transparency keeps its statistics facts current when licensing changes a case)
 * without the publisher importing them. Handlers run in the publisher's transaction, so the reaction
 * commits or rolls back with the change.
 */
export interface DomainEvent {
  type: string;
  subjectId: string;
}

type Handler = (tx: Executor, ctx: Ctx, event: DomainEvent) => Promise<void>;
const handlers = new Map<string, Handler[]>();

export function subscribe(type: string, handler: Handler): void {
  handlers.set(type, [...(handlers.get(type) ?? []), handler]);
}

export async function publish(tx: Executor, ctx: Ctx, event: DomainEvent): Promise<void> {
  for (const h of handlers.get(event.type) ?? []) await h(tx, ctx, event);
}

/** Event types, listed here so publishers and subscribers agree on the names. */
export const EVENTS = {
  /** A licence application/case changed status, was decided or appealed, or its licence changed. subjectId = application id. */
  caseChanged: 'licensing.case_changed',
} as const;
