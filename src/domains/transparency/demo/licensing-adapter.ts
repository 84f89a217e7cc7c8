/**
 * The one place the demo generator calls the licensing domain. Every step goes through licensing's real services
 * (so screening, determination, routing, decisions, licences and the audit trail are real), as the right person,
 * at the step's simulated time.
 */
import type { Ctx, Deps } from '../../../platform/context.js';
import type { Actor } from '../../../platform/auth/roles.js';
import { FixedClock } from '../../../platform/clock.js';
import { createApplication, submitApplication, answerQuestion, lodgeAppeal } from '../../licensing/applications.service.js';
import { askQuestion, clearFlag, giveAdvice, countersign, decide, decideAppeal } from '../../licensing/cases.service.js';
import { licenceAction } from '../../licensing/licences.service.js';
import type { CasePlan } from './generator.js';

export interface DemoCast {
  exporters: Actor[];
  researchExporters: Actor[];
  officers: Actor[];
  seniors: Actor[];
}

export interface CaseState {
  applicationId?: string;
  finalised?: boolean;
  licenceId?: string;
  questionId?: string;
  exporter: Actor;
  officer: Actor;
  seniorA: Actor;
  seniorB: Actor;
  failed?: string;
}

const at = (deps: Deps, actor: Actor, when: Date): Ctx => ({ ...deps, clock: new FixedClock(when), actor, requestId: 'demo' });

export async function submitStep(deps: Deps, plan: CasePlan, s: CaseState, party: { consignee: string; endUser: string; address: string }) {
  const ctx = at(deps, s.exporter, plan.submitAt);
  const draft = (await createApplication(ctx, {
    caseType: 'standard',
    exportType: 'permanent',
    destination: plan.destination,
    endUse: plan.declarations.humanitarian ? 'Humanitarian demining and disaster relief equipment for a recognised NGO' : 'Integration into equipment for the end user named below',
    declarations: { accepted: true, humanitarian: plan.declarations.humanitarian, militaryEndUse: plan.declarations.militaryEndUse, wmdSuspected: plan.declarations.wmdSuspected },
    goods: plan.goods.map((g) => ({ description: g.description, rating: g.rating, quantity: 1, unit: 'item', value: g.value, currency: 'GBP' })),
    parties: [
      { role: 'consignee', name: party.consignee, address: party.address, country: plan.destination },
      { role: 'end_user', name: party.endUser, address: party.address, country: plan.destination },
    ],
  })) as { id: string };
  s.applicationId = draft.id;
  const res = await submitApplication(ctx, draft.id);
  s.finalised = res.determination.noLicenceRequired;
}

export async function askStep(deps: Deps, plan: CasePlan, s: CaseState) {
  const q = await askQuestion(at(deps, s.officer, plan.question!.askAt), s.applicationId!, 'Please provide the end-user undertaking signed by the end user.');
  s.questionId = q.id;
}

export async function answerStep(deps: Deps, plan: CasePlan, s: CaseState) {
  await answerQuestion(at(deps, s.exporter, plan.question!.answerAt), s.applicationId!, s.questionId!, 'Signed end-user undertaking attached.');
}

export async function adviseStep(deps: Deps, plan: CasePlan, s: CaseState) {
  const ctx = at(deps, s.officer, plan.adviseAt);
  // Blocking flags (screening hit, denial match, catch-all) are assessed by the officer before advising.
  const flags = await deps.db.selectFrom('lic_flags').select(['id', 'code']).where('application_id', '=', s.applicationId!).where('cleared_at', 'is', null).where('blocking', '=', 1).execute();
  for (const f of flags) await clearFlag(ctx, s.applicationId!, f.id, `Assessed by the case officer (${f.code}); recorded in the advice`);
  const refused = plan.outcome === 'refused';
  await giveAdvice(ctx, s.applicationId!, {
    decision: refused ? 'refuse' : plan.outcome === 'approved_with_provisos' ? 'approve_with_provisos' : 'approve',
    criteria: refused ? plan.criteria : undefined,
    provisos: plan.outcome === 'approved_with_provisos' ? 'End-use monitoring visit on request; no re-export without prior consent.' : null,
    rationale: refused ? `Refused under criteria ${plan.criteria.join(', ')} after assessment of the end user and destination.` : 'Consistent with policy for these goods and this destination.',
  });
  await countersign(at(deps, s.seniorA, new Date(plan.adviseAt.getTime() + 30 * 60_000)), s.applicationId!, { comment: 'Agreed.' });
}

export async function decideStep(deps: Deps, plan: CasePlan, s: CaseState) {
  const refused = plan.outcome === 'refused';
  const res = (await decide(at(deps, s.officer, plan.decideAt), s.applicationId!, {
    outcome: plan.outcome,
    criteria: refused ? plan.criteria : undefined,
    provisos: plan.outcome === 'approved_with_provisos' ? 'End-use monitoring visit on request; no re-export without prior consent.' : null,
    rationale: refused ? `Refused under criteria ${plan.criteria.join(', ')}.` : 'Approved: consistent with policy for these goods and this destination.',
    departureReason: 'Assessed on the facts of this case.',
  })) as { licenceId?: string };
  s.licenceId = res.licenceId;
}

export async function appealLodgeStep(deps: Deps, plan: CasePlan, s: CaseState) {
  await lodgeAppeal(at(deps, s.exporter, plan.appeal!.lodgeAt), s.applicationId!, { grounds: 'The end user has provided new assurances and a revised end-user undertaking.' });
}

export async function appealDecideStep(deps: Deps, plan: CasePlan, s: CaseState) {
  const res = (await decideAppeal(at(deps, s.seniorB, plan.appeal!.decideAt), s.applicationId!, {
    outcome: plan.appeal!.outcome,
    rationale: plan.appeal!.outcome === 'overturned' ? 'The new assurances address the diversion risk.' : 'The grounds do not change the assessment.',
  })) as { licenceId?: string };
  if (res.licenceId) s.licenceId = res.licenceId;
}

export async function licenceStep(deps: Deps, plan: CasePlan, s: CaseState) {
  if (!s.licenceId) return;
  await licenceAction(at(deps, s.officer, plan.licenceAction!.at), s.licenceId, plan.licenceAction!.action, 'Information received after issue about the end user.');
}
