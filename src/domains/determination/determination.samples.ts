/** Sample determinations for what-if demos, from real approved UK dual-use licence records. */
import type { Ctx, Deps } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx } from '../../platform/db/index.js';
import { isoDate } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { readBundledText } from '../../platform/data.js';
import { evaluate } from './determination.evaluator.js';
import { packInForce } from './determination.packcache.js';
import type { DeterminationsTable } from './determination.tables.js';
import type { DeterminationInput, EvaluationContext } from './determination.types.js';


/**
 * Stores sample determinations for what-if demos, from real approved UK dual-use licence records (2014-01 → 2015-03:
 * rating, value in GBP, destination), evaluated under the EU pack in force, owned by a "Sample exporter" organisation.
 * End use is not in the source, so every sample is `civil`. Idempotent per organisation (skips when it already has samples).
 */
export async function loadSampleDeterminations(deps: Deps, opts: { count?: number; orgName?: string } = {}) {
  const count = Math.max(1, Math.min(opts.count ?? 2000, 10_000));
  const orgName = opts.orgName ?? 'Sample exporter (UK dual-use licences 2014-2015)';
  const ctx: Ctx = { ...deps, actor: SYSTEM_ACTOR, requestId: 'sample' };
  const lines = readBundledText('eu-2021-821/sample-shipments-uk-2014.csv.gz').trim().split('\n').slice(1);
  return withTx(deps.db, async (tx) => {
    let org = await tx.selectFrom('organisations').select(['id']).where('name', '=', orgName).executeTakeFirst();
    if (!org) {
      org = { id: newId() };
      await tx.insertInto('organisations').values({ id: org.id, name: orgName, kind: 'exporter', country: 'GB', created_at: nowIso(ctx) }).execute();
      await recordAudit(tx, ctx, { action: 'organisation.created', subjectType: 'organisation', subjectId: org.id, after: { name: orgName, kind: 'exporter' } });
    }
    const existing = await tx.selectFrom('determinations').select((eb) => eb.fn.countAll().as('n')).where('organisation_id', '=', org.id).executeTakeFirst();
    if (Number(existing?.n ?? 0) > 0) return { organisationId: org.id, stored: 0, skipped: true };
    const date = isoDate(deps.clock.now());
    const { row: packRow, cp } = await packInForce(tx, 'eu', date);
    const rows: DeterminationsTable[] = [];
    const step = Math.max(1, Math.floor(lines.length / count));
    for (let i = 0; i < lines.length && rows.length < count; i += step) {
      const [, rating, value, destination] = lines[i]!.split(',');
      const input: DeterminationInput = { policy: 'eu', date, destination: destination!, endUse: 'civil', items: [{ code: rating!, value: Number(value) }] };
      const context: EvaluationContext = { parties: [] };
      const result = evaluate(cp, input, context);
      rows.push({
        id: newId(), organisation_id: org.id, user_id: null, policy: 'eu', pack_id: packRow.id, policy_version: result.policyVersion, outcome: result.outcome, tier: result.tier,
        destination: destination!, end_use: 'civil', total_value: Number(value), item_count: 1, application_id: null, source: 'sample',
        input: JSON.stringify(input), context: JSON.stringify(context), result: JSON.stringify(result), created_at: nowIso(ctx),
      });
    }
    for (let i = 0; i < rows.length; i += 200) await tx.insertInto('determinations').values(rows.slice(i, i + 200)).execute();
    await recordAudit(tx, ctx, { action: 'determination.samples_loaded', subjectType: 'organisation', subjectId: org.id, details: { count: rows.length, source: 'data/eu-2021-821/sample-shipments-uk-2014.csv.gz' } });
    return { organisationId: org.id, stored: rows.length, skipped: false };
  });
}
