/**
 * Licence determination service: resolves the pack version in force and the parties' screening results, runs the pure
 * evaluator, and stores the determination (owned by the caller's organisation) for replay. The other use cases live in
 * their own files (read, pack views, drafts, replay, samples, seeding) and are re-exported here for routes and callers.
 *
 * Exported for other domains:
 *   determine(ctx, input, opts?) → DeterminationResult     (licensing calls it on application submission)
 */
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { requireActor } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import type { DeterminationsTable } from './determination.tables.js';
import type { Executor } from '../../platform/db/index.js';
import { isoDate } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { evaluate } from './determination.evaluator.js';
import { parseDeterminationInput } from './determination.schema.js';
import { icpAssessment, screenParties } from '../../platform/ports.js';
import { isIndustry } from '../../platform/auth/roles.js';
import { controlListFor } from './determination.controllist.js';
import { packInForce } from './determination.packcache.js';
import { groupCommit } from './determination.store.js';
import * as repo from './determination.repository.js';
import type { DeterminationInput, DeterminationResult, EvaluationContext, ResolvedParty } from './determination.types.js';

export type { DeterminationInput, DeterminationResult } from './determination.types.js';
export { ADOPT_ROLES, DRAFT_READERS, DRAFT_ROLES } from './determination.roles.js';
export { forgetPacksInForce, packInForce } from './determination.packcache.js';
export { getDetermination, listDeterminations } from './determination.read.js';
export { formOptions, getPack, listPacks } from './determination.pack-views.js';
export { adoptDraft, createDraft, getDraft, listDrafts } from './determination.drafts.js';
export { getReplay, replayDraft, type ReplayChange, type ReplayReport } from './determination.replay.js';
export { loadSampleDeterminations } from './determination.samples.js';
export { seedPacks } from './determination.seed.js';

// ------------------------------------------------------------------------------------------ party resolution

/**
 * Screens each party through the typed screening port before evaluation. Screening unavailable (no list loaded, index
 * not built, an error) marks every party `screened: false`, which makes the determination review_required.
 */
export async function resolveParties(ctx: Ctx, input: DeterminationInput): Promise<{ parties: ResolvedParty[]; listVersions?: Record<string, string> }> {
  const parties = input.parties ?? [];
  if (!parties.length) return { parties: [] };
  const r = await screenParties(ctx, parties);
  if (!r.screened) {
    ctx.log.warn({ reason: r.reason }, 'party screening unavailable during determination');
    return { parties: parties.map((p) => ({ ...p, screened: false, matches: [] })), listVersions: {} };
  }
  return {
    parties: parties.map((p, i) => ({ ...p, screened: true, matches: r.hits.filter((h) => h.party === i).map((h) => ({ list: h.list, source: h.source, score: h.score, matchedName: h.matchedName })) })),
    listVersions: r.listVersions,
  };
}

// ------------------------------------------------------------------------------------------ determine

export interface DetermineOptions {
  /** Store the determination (default true) so it can be replayed and shown later. */
  store?: boolean;
  /** Run inside the caller's transaction (e.g. licensing's application submission). */
  tx?: Executor;
  /** The licensing application this determination belongs to. */
  applicationId?: string;
  /** Where it came from: api | cli | licensing | seed. */
  source?: string;
  /** Already-resolved party screening results (skips screening). */
  parties?: ResolvedParty[];
}

/**
 * Determines whether a shipment needs a licence. Any signed-in user may call it; the stored determination belongs to the
 * caller's organisation. `input` is validated here too (so callers other than HTTP get the same 400s).
 */
export async function determine(ctx: Ctx, rawInput: DeterminationInput, opts: DetermineOptions = {}): Promise<DeterminationResult> {
  const actor = requireActor(ctx.actor);
  const input = parseDeterminationInput(rawInput);
  const date = input.date ?? isoDate(ctx.clock.now());
  input.date = date;
  const db = opts.tx ?? ctx.db;
  const { row: packRow, cp } = await packInForce(db, input.policy, date);
  const controlList = await controlListFor(db, cp, input);
  const screened = opts.parties ? { parties: opts.parties } : await resolveParties(ctx, input);
  // An exporter's own ICP claim gives way to the authority's audit of it, when there is one.
  const icp = isIndustry(actor) ? await icpAssessment(ctx, actor.organisationId) : null;
  const context: EvaluationContext = { ...screened, ...(controlList ? { controlList } : {}), ...(icp ? { icpAssessment: icp } : {}) };
  const result = evaluate(cp, input, context);
  // Oversight reads and changes nothing: it may ask, but its questions are not stored (nor counted in replays).
  if (opts.store === false || actor.role === 'oversight') return result;
  const id = newId();
  const totalValue = input.items.reduce((s, i) => s + (i.value ?? 0), 0);
  const row: DeterminationsTable = {
    id,
    organisation_id: actor.organisationId,
    user_id: actor.via === 'system' ? null : actor.userId,
    policy: input.policy,
    pack_id: packRow.id,
    policy_version: result.policyVersion,
    outcome: result.outcome,
    tier: result.tier,
    destination: input.destination,
    end_use: input.endUse,
    total_value: totalValue,
    item_count: input.items.length,
    application_id: opts.applicationId ?? null,
    source: opts.source ?? 'api',
    input: JSON.stringify(input),
    context: JSON.stringify({ ...context, controlList: context.controlList ? { releaseId: context.controlList.releaseId } : undefined }),
    result: JSON.stringify(result),
    created_at: nowIso(ctx),
  };
  const audit = {
    action: 'determination.created',
    subjectType: 'determination',
    subjectId: id,
    details: { policyVersion: result.policyVersion, outcome: result.outcome, destination: input.destination, applicationId: opts.applicationId ?? null },
  };
  if (opts.tx) {
    await repo.insertDetermination(opts.tx, row);
    await recordAudit(opts.tx, ctx, audit);
  } else await groupCommit(ctx, row, audit);
  return { id, ...result };
}
