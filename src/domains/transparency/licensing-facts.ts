import type { Executor } from '../../platform/db/index.js';
import { recordCaseFact, workingDaysBetween, type CaseFact } from './facts.js';

/**
 * Reads one licensing case (lic_applications and its goods, questions, appeals and licence) and records its fact.
 * Licensing can call this after any decision, withdrawal, appeal or licence change instead of building a CaseFact itself.
 * Unsubmitted drafts are ignored. Returns the fact recorded (or null).
 */
export async function refreshCaseFact(tx: Executor, applicationId: string, now: string = new Date().toISOString()): Promise<CaseFact | null> {
  const fact = await caseFactFromLicensing(tx, applicationId);
  if (fact) await recordCaseFact(tx, fact, now);
  return fact;
}

export async function caseFactFromLicensing(tx: Executor, applicationId: string): Promise<CaseFact | null> {
  const a = await tx.selectFrom('lic_applications').selectAll().where('id', '=', applicationId).executeTakeFirst();
  if (!a || !a.submitted_at) return null;
  const [goods, questions, appeal, licence, org, holidays] = await Promise.all([
    tx.selectFrom('lic_goods').select(['rating', 'value']).where('application_id', '=', a.id).orderBy('position').execute(),
    tx.selectFrom('lic_questions').select((eb) => eb.fn.countAll().as('n')).where('application_id', '=', a.id).executeTakeFirst(),
    tx.selectFrom('lic_appeals').selectAll().where('application_id', '=', a.id).orderBy('lodged_at', 'desc').executeTakeFirst(),
    tx.selectFrom('lic_licences').selectAll().where('application_id', '=', a.id).orderBy('issued_at', 'desc').executeTakeFirst(),
    tx.selectFrom('organisations').select('kind').where('id', '=', a.organisation_id).executeTakeFirst(),
    a.decided_at
      ? tx.selectFrom('lic_holidays').select('date').where('date', '>', a.submitted_at.slice(0, 10)).where('date', '<=', a.decided_at.slice(0, 10)).execute()
      : Promise.resolve([] as { date: string }[]),
  ]);
  let licenceValue = 0;
  if (licence) {
    const v = await tx.selectFrom('lic_licence_goods').select((eb) => eb.fn.sum('value').as('v')).where('licence_id', '=', licence.id).executeTakeFirst();
    licenceValue = Number(v?.v ?? 0) || 0;
  }
  const withdrawn = !!a.withdrawn_at && !a.outcome;
  const decidedAt = withdrawn ? a.withdrawn_at : a.decided_at;
  const clockStop = Number(a.paused_working_days ?? 0) || 0;
  const processing = decidedAt ? Math.max(0, workingDaysBetween(a.submitted_at, decidedAt, new Set(holidays.map((h) => h.date))) - clockStop) : null;
  const status = licence?.status ?? null;
  return {
    caseId: a.id,
    reference: a.reference,
    caseType: a.case_type,
    receivedAt: a.submitted_at,
    decidedAt: decidedAt ?? null,
    outcome: withdrawn ? 'withdrawn' : (a.outcome ?? null),
    destination: a.destination ?? 'unknown',
    goods: goods.map((g) => ({ rating: g.rating, value: Number(g.value) || 0 })),
    refusalCriteria: (a.refusal_criteria ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    processingDays: processing,
    targetDays: a.sla_target_days ?? null,
    questionsCount: Number(questions?.n ?? 0) || 0,
    clockStopDays: clockStop,
    humanitarian: !!Number(a.humanitarian),
    research: org?.kind === 'research',
    appealLodgedAt: appeal?.lodged_at ?? null,
    appealDecidedAt: appeal?.decided_at ?? null,
    appealOutcome: appeal?.status ?? null,
    licenceType: licence ? 'individual' : null,
    licenceValue,
    suspendedAt: status === 'suspended' ? (licence?.updated_at ?? null) : undefined,
    revokedAt: status === 'revoked' ? (licence?.updated_at ?? null) : undefined,
  };
}

/** Rebuilds the facts of every submitted licensing case (for a first load or after a fix). Returns how many were recorded. */
export async function rebuildFactsFromLicensing(db: Executor, now: string, onProgress?: (done: number, total: number) => Promise<void> | void): Promise<number> {
  const ids = await db.selectFrom('lic_applications').select('id').where('submitted_at', 'is not', null).execute();
  let done = 0;
  for (const { id } of ids) {
    await refreshCaseFact(db, id, now);
    if (++done % 200 === 0) await onProgress?.(done, ids.length);
  }
  return done;
}
