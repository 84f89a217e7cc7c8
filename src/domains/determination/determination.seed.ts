/** Loading the bundled packs into the database (version 1, or a new version when the bundled data changed). */
import type { Ctx, Deps } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { SYSTEM_ACTOR } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx } from '../../platform/db/index.js';
import { isoDate } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { getState, setState } from '../../platform/data.js';
import { BUNDLED_EFFECTIVE_FROM, bundledPack } from './determination.packs.js';
import { forgetPacksInForce } from './determination.packcache.js';
import * as repo from './determination.repository.js';
import { POLICIES, type Policy, type PolicyPack } from './determination.types.js';


/** Loads the bundled packs as version 1 (or as a new version when the bundled data changed). Idempotent. */
export async function seedPacks(deps: Deps, policies: readonly Policy[] = POLICIES) {
  const ctx: Ctx = { ...deps, actor: SYSTEM_ACTOR, requestId: 'seed' };
  for (const policy of policies) {
    const { text, checksum } = bundledPack(policy);
    const key = `seed:determination:pack:${policy}`;
    if ((await getState(deps.db, key)) === checksum) continue;
    await withTx(deps.db, async (tx) => {
      const existing = await tx.selectFrom('determination_packs').select(['id', 'checksum']).where('policy', '=', policy).where('status', '=', 'active').where('checksum', '=', checksum).executeTakeFirst();
      if (!existing) {
        const version = (await repo.maxVersion(tx, policy)) + 1;
        const effectiveFrom = version === 1 ? BUNDLED_EFFECTIVE_FROM[policy] : isoDate(deps.clock.now());
        if (version > 1) {
          await tx
            .updateTable('determination_packs')
            .set({ effective_to: effectiveFrom })
            .where('policy', '=', policy)
            .where('status', '=', 'active')
            .where('effective_to', 'is', null)
            .where('effective_from', '<', effectiveFrom)
            .execute();
        }
        const pack = JSON.parse(text) as PolicyPack;
        const row: repo.PackRow = { id: newId(), policy, pack_key: pack.key, version, status: 'active', effective_from: effectiveFrom, effective_to: null, content: text, checksum, based_on_id: null, changes: null, note: 'bundled data', created_by: null, created_at: nowIso(ctx) };
        await repo.insertPack(tx, row);
        await recordAudit(tx, ctx, { action: 'determination.pack.seeded', subjectType: 'determination_pack', subjectId: row.id, details: { policy, version, checksum } });
        deps.log.info({ policy, version }, `determination: loaded the bundled ${policy} policy pack as version ${version}`);
      }
      await setState(tx, key, checksum, deps.clock.now());
    });
    forgetPacksInForce(deps.db);
  }
}

