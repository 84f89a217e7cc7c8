/** What-if replay: a draft evaluated against every stored determination of its policy, differences counted. */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { requireRole } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { compilePack, evaluate } from './determination.evaluator.js';
import { loadDraft } from './determination.drafts.js';
import { compiledPackById } from './determination.packcache.js';
import { DRAFT_READERS, DRAFT_ROLES } from './determination.roles.js';
import * as repo from './determination.repository.js';
import { OUTCOME_RANK, type DeterminationInput, type EvaluationContext, type Policy, type PolicyPack } from './determination.types.js';

export interface ReplayChange {
  determinationId: string;
  applicationId: string | null;
  organisationId: string;
  destination: string;
  endUse: string;
  value: number;
  before: string;
  after: string;
  items: { code: string | null; before: string; after: string }[];
}

export interface ReplayReport {
  id: string;
  draftId: string;
  policy: Policy;
  baseline: string;
  total: number;
  applicationsTotal: number;
  changed: number;
  applicationsChanged: number;
  stricter: number;
  looser: number;
  transitions: Record<string, number>;
  tradeValueAffected: number;
  humanitarianAffected: number;
  researchAffected: number;
  disasterReliefAffected: number;
  changes: ReplayChange[];
  changesTruncated: boolean;
  createdAt: string;
}

const MAX_LISTED_CHANGES = 1000;

/**
 * Replays a draft against every stored determination of its policy (including those made for licensing applications):
 * each stored input (with the party screening results captured at the time) is evaluated under the draft's baseline
 * version and under the draft, and the differences are counted. Pure evaluation; no re-screening.
 */
export async function replayDraft(ctx: Ctx, id: string): Promise<ReplayReport> {
  const actor = requireRole(ctx.actor, DRAFT_ROLES);
  const draft = await loadDraft(ctx, id);
  const baseMeta = await repo.findPack(ctx.db, draft.based_on_id!);
  if (!baseMeta) throw notFound('Baseline pack');
  const baseline = await compiledPackById(ctx.db, baseMeta.id, Number(baseMeta.version));
  const proposed = compilePack(JSON.parse(draft.content) as PolicyPack, Number(baseMeta.version));
  const report: ReplayReport = {
    id: newId(),
    draftId: id,
    policy: draft.policy as Policy,
    baseline: baseline.versionLabel,
    total: 0,
    applicationsTotal: 0,
    changed: 0,
    applicationsChanged: 0,
    stricter: 0,
    looser: 0,
    transitions: {},
    tradeValueAffected: 0,
    humanitarianAffected: 0,
    researchAffected: 0,
    disasterReliefAffected: 0,
    changes: [],
    changesTruncated: false,
    createdAt: nowIso(ctx),
  };
  let after: string | null = null;
  for (;;) {
    const page = await repo.determinationPage(ctx.db, draft.policy, after, 2000);
    if (!page.length) break;
    after = page[page.length - 1]!.id;
    for (const d of page) {
      const input = JSON.parse(d.input) as DeterminationInput;
      const context = JSON.parse(d.context) as EvaluationContext;
      const a = evaluate(baseline, input, context);
      const b = evaluate(proposed, input, context);
      report.total++;
      if (d.application_id) report.applicationsTotal++;
      const itemDiffs = a.items.map((x, i) => ({ code: x.code, before: x.outcome, after: b.items[i]!.outcome })).filter((x) => x.before !== x.after);
      if (a.outcome === b.outcome && !itemDiffs.length) continue;
      report.changed++;
      if (d.application_id) report.applicationsChanged++;
      if (OUTCOME_RANK[b.outcome] > OUTCOME_RANK[a.outcome]) report.stricter++;
      else if (OUTCOME_RANK[b.outcome] < OUTCOME_RANK[a.outcome]) report.looser++;
      const key = `${a.outcome}→${b.outcome}`;
      report.transitions[key] = (report.transitions[key] ?? 0) + 1;
      const value = Number(d.total_value);
      report.tradeValueAffected += value;
      if (d.end_use === 'humanitarian') report.humanitarianAffected++;
      if (d.end_use === 'research') report.researchAffected++;
      if (d.end_use === 'disaster_relief') report.disasterReliefAffected++;
      if (report.changes.length < MAX_LISTED_CHANGES) {
        report.changes.push({ determinationId: d.id, applicationId: d.application_id, organisationId: d.organisation_id, destination: d.destination, endUse: d.end_use, value, before: a.outcome, after: b.outcome, items: itemDiffs });
      } else report.changesTruncated = true;
    }
  }
  await withTx(ctx.db, async (tx) => {
    await tx.insertInto('determination_replays').values({ id: report.id, draft_id: id, created_by: actor.userId, created_at: report.createdAt, total: report.total, changed: report.changed, report: JSON.stringify(report) }).execute();
    await recordAudit(tx, ctx, { action: 'determination.pack_draft.replayed', subjectType: 'determination_pack', subjectId: id, details: { replayId: report.id, total: report.total, changed: report.changed, tradeValueAffected: report.tradeValueAffected } });
  });
  return report;
}

export async function getReplay(ctx: Ctx, replayId: string): Promise<ReplayReport> {
  requireRole(ctx.actor, DRAFT_READERS);
  const r = await ctx.db.selectFrom('determination_replays').select('report').where('id', '=', replayId).executeTakeFirst();
  if (!r) throw notFound('Replay');
  return JSON.parse(r.report) as ReplayReport;
}
