/** Officers' drafts of pack changes: create, read, list, and adopt as the next version of the pack. */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { requireRole } from '../../platform/auth/roles.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { withTx } from '../../platform/db/index.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { isoDate } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import { applyChanges, PackChangesSchema } from './determination.changes.js';
import { forgetPacksInForce } from './determination.packcache.js';
import { presentPack } from './determination.pack-views.js';
import { ADOPT_ROLES, DRAFT_READERS, DRAFT_ROLES } from './determination.roles.js';
import * as repo from './determination.repository.js';
import type { Policy, PolicyPack } from './determination.types.js';

const checksumOf = (text: string) => createHash('sha256').update(text).digest('hex');

/** Creates a draft: the pack in force (or `basedOn`) with officer changes applied. Nothing takes effect until adopted. */
export async function createDraft(ctx: Ctx, body: { policy: Policy; changes: unknown; note?: string; basedOn?: string }) {
  const actor = requireRole(ctx.actor, DRAFT_ROLES);
  const parsed = PackChangesSchema.safeParse(body.changes);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const i of parsed.error.issues) fields[['changes', ...i.path].join('.')] ??= i.message;
    throw invalid(fields);
  }
  const changes = parsed.data;
  return withTx(ctx.db, async (tx) => {
    const baseMeta = body.basedOn ? await repo.findPack(tx, body.basedOn) : await repo.findPackInForce(tx, body.policy, isoDate(ctx.clock.now()));
    if (!baseMeta || baseMeta.status !== 'active' || baseMeta.policy !== body.policy) throw invalid({ basedOn: `no published ${body.policy} pack to base the draft on` });
    const baseContent = await repo.packContent(tx, baseMeta.id);
    const draft = applyChanges(JSON.parse(baseContent!) as PolicyPack, changes);
    const text = JSON.stringify(draft);
    const row: repo.PackRow = {
      id: newId(),
      policy: body.policy,
      pack_key: baseMeta.pack_key,
      version: Number(baseMeta.version),
      status: 'draft',
      effective_from: baseMeta.effective_from,
      effective_to: null,
      content: text,
      checksum: checksumOf(text),
      based_on_id: baseMeta.id,
      changes: JSON.stringify(changes),
      note: body.note ?? null,
      created_by: actor.userId,
      created_at: nowIso(ctx),
    };
    await repo.insertPack(tx, row);
    await recordAudit(tx, ctx, { action: 'determination.pack_draft.created', subjectType: 'determination_pack', subjectId: row.id, details: { policy: body.policy, basedOn: baseMeta.id, changes, note: body.note ?? null } });
    return presentPack(row);
  });
}

export async function loadDraft(ctx: Ctx, id: string) {
  const row = await repo.findPack(ctx.db, id);
  if (!row || !['draft', 'adopted_draft'].includes(row.status)) throw notFound('Draft');
  return row;
}

export async function getDraft(ctx: Ctx, id: string) {
  requireRole(ctx.actor, DRAFT_READERS);
  const row = await loadDraft(ctx, id);
  const replays = await ctx.db.selectFrom('determination_replays').select(['id', 'created_at', 'total', 'changed']).where('draft_id', '=', id).orderBy('created_at', 'desc').execute();
  return { ...presentPack(row), replays: replays.map((r) => ({ id: r.id, createdAt: r.created_at, total: Number(r.total), changed: Number(r.changed) })) };
}

export async function listDrafts(ctx: Ctx, policy?: Policy) {
  requireRole(ctx.actor, DRAFT_READERS);
  return (await repo.listPackVersions(ctx.db, policy, ['draft', 'adopted_draft'])).map(presentPack);
}


/** Adopts a draft: publishes it as the next version of the pack, in force from `effectiveFrom` (the previous version ends then). */
export async function adoptDraft(ctx: Ctx, id: string, body: { effectiveFrom?: string; note?: string }) {
  const actor = requireRole(ctx.actor, ADOPT_ROLES);
  const effectiveFrom = body.effectiveFrom ?? isoDate(ctx.clock.now());
  const adopted = await withTx(ctx.db, async (tx) => {
    const draft = await repo.findPack(tx, id);
    if (!draft || !['draft', 'adopted_draft'].includes(draft.status)) throw notFound('Draft');
    if (draft.status !== 'draft') throw conflict('This draft was already adopted');
    const later = await tx.selectFrom('determination_packs').select(['id', 'version']).where('policy', '=', draft.policy).where('status', '=', 'active').where('effective_from', '>=', effectiveFrom).executeTakeFirst();
    if (later) throw conflict(`Version ${later.version} of the ${draft.policy} pack already takes effect on or after ${effectiveFrom}`);
    const version = (await repo.maxVersion(tx, draft.policy)) + 1;
    const open = await tx.selectFrom('determination_packs').select(['id', 'version', 'effective_to']).where('policy', '=', draft.policy).where('status', '=', 'active').where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', effectiveFrom)])).execute();
    for (const o of open) await tx.updateTable('determination_packs').set({ effective_to: effectiveFrom }).where('id', '=', o.id).execute();
    const row: repo.PackRow = {
      id: newId(),
      policy: draft.policy,
      pack_key: draft.pack_key,
      version,
      status: 'active',
      effective_from: effectiveFrom,
      effective_to: null,
      content: draft.content,
      checksum: draft.checksum,
      based_on_id: draft.based_on_id,
      changes: draft.changes,
      note: body.note ?? draft.note,
      created_by: actor.userId,
      created_at: nowIso(ctx),
    };
    await repo.insertPack(tx, row);
    await tx.updateTable('determination_packs').set({ status: 'adopted_draft' }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, {
      action: 'determination.pack.adopted',
      subjectType: 'determination_pack',
      subjectId: row.id,
      before: { versions: open.map((o) => ({ id: o.id, version: o.version, effectiveTo: o.effective_to })) },
      after: { id: row.id, version, effectiveFrom },
      details: { draftId: id, changes: draft.changes ? JSON.parse(draft.changes) : [] },
    });
    return presentPack(row);
  });
  forgetPacksInForce(ctx.db);
  return adopted;
}
