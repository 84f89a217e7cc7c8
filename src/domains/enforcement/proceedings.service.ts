import type { Ctx } from '../../platform/context.js';
import { withTx } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, invalid, notFound, unprocessable } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import type { Actor } from '../../platform/auth/roles.js';
import { DECIDERS, PROCEEDING_READERS, WORKERS, requireRole } from './enforcement.policy.js';
import { canSee, openInvestigation } from './investigations.service.js';
import { calculatePenalty, type CalculationInput } from './penalties/calculate.js';
import { partyKey } from './deconfliction.js';

type Row = NonNullable<Awaited<ReturnType<typeof loadRow>>>;
const APPEAL_DAYS = 28;
const day = (iso: string) => iso.slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000).toISOString().slice(0, 10);

const loadRow = (ctx: Ctx, id: string) =>
  ctx.db.selectFrom('enforcement_proceedings as p').innerJoin('enforcement_investigations as i', 'i.id', 'p.investigation_id').selectAll('p').select(['i.organisation_id', 'i.team']).where('p.id', '=', id).executeTakeFirst();

async function load(ctx: Ctx, a: Actor, id: string) {
  const p = await loadRow(ctx, id);
  if (!p || !canSee(a, p)) throw notFound('Proceeding');
  return p;
}

const present = (p: Row) => ({
  id: p.id,
  investigationId: p.investigation_id,
  respondent: p.respondent,
  status: p.status,
  charges: p.charges,
  calculation: JSON.parse(p.calculation),
  proposedPenalty: p.proposed_penalty,
  currency: p.currency,
  noticeAt: p.notice_at,
  responseDueOn: p.response_due_on,
  response: p.response,
  respondedAt: p.responded_at,
  hearingOn: p.hearing_on,
  decision: p.decision,
  decisionReasons: p.decision_reasons,
  finalPenalty: p.final_penalty,
  decidedAt: p.decided_at,
  appealGrounds: p.appeal_grounds,
  appealedAt: p.appealed_at,
  appealOutcome: p.appeal_outcome,
  appealDecidedAt: p.appeal_decided_at,
  publicSummary: p.public_summary,
  publishedAt: p.published_at,
});

/** Notice of charges: the respondent, the charges, the calculated penalty (kept with every step) and the response period. */
export async function chargeRespondent(ctx: Ctx, investigationId: string, input: { respondent: string; charges: string; calculation: CalculationInput; responseDays?: number }) {
  const a = requireRole(ctx.actor, WORKERS);
  await openInvestigation(ctx.db, a, investigationId);
  const calc = calculatePenalty(input.calculation);
  const now = ctx.clock.now();
  const row = {
    id: newId(), investigation_id: investigationId, respondent: input.respondent, calculation: JSON.stringify(calc), proposed_penalty: calc.penalty, currency: calc.currency,
    status: 'charged', charges: input.charges, notice_at: now.toISOString(), response_due_on: addDays(now, input.responseDays ?? 30), response: null, responded_at: null,
    hearing_on: null, decision: null, decision_reasons: null, final_penalty: null, decided_at: null, appeal_grounds: null, appealed_at: null, appeal_outcome: null,
    appeal_decided_at: null, public_summary: null, published_at: null, created_by: a.userId,
  };
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('enforcement_proceedings').values(row).execute();
    await recordAudit(tx, ctx, { action: 'enforcement.notice_of_charges', subjectType: 'enforcement_proceeding', subjectId: row.id, after: { investigationId, proposedPenalty: calc.penalty, pack: `${calc.pack}@${calc.version}`, responseDueOn: row.response_due_on } });
  });
  return getProceeding(ctx, row.id);
}

export async function listProceedings(ctx: Ctx, investigationId: string) {
  const a = requireRole(ctx.actor, PROCEEDING_READERS);
  const rows = await ctx.db.selectFrom('enforcement_proceedings as p').innerJoin('enforcement_investigations as i', 'i.id', 'p.investigation_id').selectAll('p').select(['i.organisation_id', 'i.team']).where('p.investigation_id', '=', investigationId).orderBy('p.notice_at').execute();
  return { proceedings: rows.filter((r) => canSee(a, r)).map(present) };
}

/** All proceedings the caller may see (deciders: their organisation's), newest notice first. */
export async function listAllProceedings(ctx: Ctx, q: { status?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, PROCEEDING_READERS);
  let query = ctx.db.selectFrom('enforcement_proceedings as p').innerJoin('enforcement_investigations as i', 'i.id', 'p.investigation_id').where('i.organisation_id', '=', a.organisationId);
  if (a.role === 'enforcement_officer') query = a.team === null ? query.where('i.team', 'is', null) : query.where('i.team', '=', a.team);
  if (q.status) query = query.where('p.status', '=', q.status);
  const total = Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await query.selectAll('p').select(['i.organisation_id', 'i.team']).orderBy('p.notice_at', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return { total, proceedings: rows.map(present) };
}

export async function getProceeding(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, PROCEEDING_READERS);
  return present(await load(ctx, a, id));
}

type Step = 'response' | 'hearing' | 'decision' | 'appeal' | 'appeal_decision' | 'publish';
/** Which status each step needs, and the status it leads to. */
const FLOW: Record<Step, { from: string[]; to: string; roles: typeof WORKERS }> = {
  response: { from: ['charged'], to: 'responded', roles: WORKERS },
  hearing: { from: ['charged', 'responded'], to: 'hearing_scheduled', roles: WORKERS },
  decision: { from: ['responded', 'hearing_scheduled', 'charged'], to: 'decided', roles: DECIDERS },
  appeal: { from: ['decided'], to: 'appealed', roles: WORKERS },
  appeal_decision: { from: ['appealed'], to: 'appeal_decided', roles: DECIDERS },
  publish: { from: ['decided', 'appeal_decided'], to: 'published', roles: WORKERS },
};

/** Moves a proceeding one due-process step, dated and audited; refuses a step out of order with the reason. */
export async function advance(ctx: Ctx, id: string, step: Step, input: Record<string, unknown>) {
  const a = requireRole(ctx.actor, FLOW[step].roles);
  const p = await load(ctx, a, id);
  if (!FLOW[step].from.includes(p.status)) throw new AppError('conflict', `Cannot record the ${step.replace('_', ' ')} while the proceeding is ${p.status.replace('_', ' ')}`);
  const now = ctx.clock.now();
  const today = day(now.toISOString());
  const changes = stepChanges(p, step, input, now, today);
  await withTx(ctx.db, async (tx) => {
    await tx.updateTable('enforcement_proceedings').set({ ...changes, status: FLOW[step].to }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: `enforcement.proceeding_${step}`, subjectType: 'enforcement_proceeding', subjectId: id, before: { status: p.status }, after: { status: FLOW[step].to, ...changes } });
  });
  return getProceeding(ctx, id);
}

function stepChanges(p: Row, step: Step, input: Record<string, unknown>, now: Date, today: string) {
  const at = now.toISOString();
  switch (step) {
    case 'response':
      if (today > p.response_due_on) throw new AppError('conflict', `The response period ended on ${p.response_due_on}`);
      return { response: String(input.response), responded_at: at };
    case 'hearing':
      if (String(input.hearingOn) < today) throw invalid({ hearingOn: 'is in the past' });
      return { hearing_on: String(input.hearingOn) };
    case 'decision':
      // Deciding before the respondent answered needs the response period to be over.
      if (p.status === 'charged' && today <= p.response_due_on) throw new AppError('conflict', `The respondent may answer until ${p.response_due_on}; decide after that or once they have answered`);
      if (input.decision === 'dismissed' && input.finalPenalty) throw invalid({ finalPenalty: 'must be 0 when the charges are dismissed' });
      return { decision: String(input.decision), decision_reasons: String(input.reasons), final_penalty: input.decision === 'dismissed' ? 0 : Number(input.finalPenalty ?? p.proposed_penalty), decided_at: at };
    case 'appeal':
      if (today > addDays(new Date(p.decided_at!), APPEAL_DAYS)) throw new AppError('conflict', `The ${APPEAL_DAYS}-day appeal period ended on ${addDays(new Date(p.decided_at!), APPEAL_DAYS)}`);
      return { appeal_grounds: String(input.grounds), appealed_at: at };
    case 'appeal_decision':
      return { appeal_outcome: `${input.outcome}: ${input.reasons}`, final_penalty: input.outcome === 'allowed' ? 0 : Number(input.finalPenalty ?? p.final_penalty), appeal_decided_at: at };
    case 'publish': {
      if (p.status === 'decided' && today <= addDays(new Date(p.decided_at!), APPEAL_DAYS)) throw new AppError('conflict', `Publish after the appeal period ends (${addDays(new Date(p.decided_at!), APPEAL_DAYS)}) or once an appeal is decided`);
      const summary = String(input.publicSummary);
      const named = partyKey(p.respondent).split(' ').filter((w) => w.length > 2 && partyKey(summary).split(' ').includes(w));
      if (named.length) throw unprocessable('The public summary names the respondent; anonymise it', { publicSummary: `contains ${named.map((w) => `"${w}"`).join(', ')} from the respondent's name` });
      return { public_summary: summary, published_at: at };
    }
  }
}

/** The transparency portal: published, anonymised summaries only (no respondent, investigation or people). */
export async function publishedSummaries(ctx: Ctx, q: { limit?: number; offset?: number }) {
  const rows = await ctx.db.selectFrom('enforcement_proceedings').select(['id', 'public_summary', 'published_at', 'final_penalty', 'currency', 'decision', 'appeal_outcome', 'calculation']).where('published_at', 'is not', null).orderBy('published_at', 'desc').limit(q.limit ?? 50).offset(q.offset ?? 0).execute();
  return {
    summaries: rows.map((r) => {
      const calc = JSON.parse(r.calculation) as { pack: string; version: string };
      return { id: r.id, publishedAt: r.published_at!, summary: r.public_summary!, penalty: r.final_penalty, currency: r.currency, decision: r.decision, appealed: r.appeal_outcome !== null, guidance: `${calc.pack}@${calc.version}` };
    }),
  };
}
