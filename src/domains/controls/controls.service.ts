import { diffWords } from 'diff';
import { parse } from 'csv-parse/sync';
import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { isoDate } from '../../platform/clock.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { AppError, conflict, invalid, notFound, unprocessable } from '../../platform/errors.js';
import { controlListAsOf, invalidateControlSnapshots, nearestCodes, normaliseCode } from './lookup.js';
import { newId } from '../../platform/ids.js';
import { notify } from '../../platform/notify.js';
import {
  childrenOf,
  findApplicableEntry,
  findEntry,
  fullTextSearch,
  inForce,
  joinTags,
  presentEntryRow,
  splitTags,
  type ControlEntry,
} from './controls.repository.js';
import { createRelease, insertEntries, LIST_IDS, searchTextOf } from './controls.import.js';
import { assertCanComment, assertCanReadAmendments, assertCanWriteControls } from './controls.policy.js';
import type { ControlAmendmentRow, ControlEntryRow } from './controls.tables.js';
import { csvCell } from '../../platform/csv.js';

const today = (ctx: Ctx) => isoDate(ctx.clock.now());
const CODE_LIKE = /^[A-Za-z]{0,4}\d[\w.]*$/;

function checkList(list: string) {
  if (!LIST_IDS.includes(list)) throw invalid({ list: `must be one of ${LIST_IDS.join(', ')}` });
}

// ---------------------------------------------------------------- reads (public)

export async function listEntries(
  ctx: Ctx,
  q: { list?: string; category?: string; regime?: string; productGroup?: string; q?: string; parent?: string; subItems?: boolean; asOf?: string; limit?: number; offset?: number },
) {
  const list = q.list ?? 'eu';
  checkList(list);
  const asOf = q.asOf ?? today(ctx);
  let base = inForce(ctx.db.selectFrom('control_entries').where('list_id', '=', list), asOf);
  if (q.parent) base = base.where('parent_code', '=', q.parent);
  else if (!q.subItems) base = base.where('depth', '=', 0);
  if (q.category) base = base.where('category', '=', q.category);
  if (q.productGroup) base = base.where('product_group', '=', q.productGroup.toUpperCase());
  if (q.regime) base = base.where('regimes', 'like', `%|${q.regime.toUpperCase().replace(/[%_|]/g, '')}%`);
  if (q.q?.trim()) {
    const term = q.q.trim();
    if (CODE_LIKE.test(term) && !term.includes(' ')) base = base.where('code', 'like', `${term.replace(/[%_]/g, '')}%`);
    else {
      const hits = await fullTextSearch(ctx.db, term, { asOf, list, limit: 2000 });
      const codes = [...new Set(hits.map((h) => (q.parent || q.subItems ? h.code : h.rootCode)))];
      if (!codes.length) return { total: 0, entries: [] };
      base = base.where('code', 'in', codes);
    }
  }
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await base
    .select(['code', 'title', 'list_id', 'regimes', 'category', 'product_group', 'depth', 'parent_code'])
    .orderBy('sort_key')
    .limit(q.limit ?? 50)
    .offset(q.offset ?? 0)
    .execute();
  return {
    total,
    entries: rows.map((r) => ({ code: r.code, title: r.title, list: r.list_id, regimes: splitTags(r.regimes), category: r.category, productGroup: r.product_group, parent: r.parent_code })),
  };
}

async function releaseInfo(db: Executor, id: string) {
  const r = await db.selectFrom('control_releases').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { id: r.id, version: r.version, title: r.title, effectiveFrom: r.effective_from } : null;
}

export async function getEntry(ctx: Ctx, q: { list?: string; code: string; asOf?: string; contractedOn?: string }) {
  const list = q.list ?? 'eu';
  checkList(list);
  const asOf = q.asOf ?? today(ctx);
  const code = normaliseCode(q.code);
  const applicable = await findApplicableEntry(ctx.db, list, code, { asOf, contractedOn: q.contractedOn ?? null });
  const e = applicable.entry;
  if (!e) {
    const near = nearestCodes(await controlListAsOf(ctx.db, list, asOf), code, 5);
    throw new AppError('not_found', `Control entry ${code} in list ${list} on ${asOf} not found${near.length ? `; nearest existing codes: ${near.join(', ')}` : ''}`, { code: near.length ? `nearest existing codes: ${near.join(', ')}` : 'no such entry' });
  }
  const children = await childrenOf(ctx.db, list, e.code, e.validFrom > asOf ? e.validFrom : asOf);
  const itemsRows = e.depth === 0
    ? await inForce(ctx.db.selectFrom('control_entries').select(['code', 'parent_code', 'depth', 'title', 'notes']).where('list_id', '=', list).where('root_code', '=', e.code).where('depth', '>', 0), asOf).orderBy('sort_key').limit(2000).execute()
    : [];
  const corr = await ctx.db
    .selectFrom('control_correspondences')
    .selectAll()
    .where((eb) => eb.or([eb.and([eb('from_list', '=', list), eb('from_code', '=', e.code)]), eb.and([eb('to_list', '=', list), eb('to_code', '=', e.code)])]))
    .execute();
  const hs = await ctx.db.selectFrom('control_hs_correlations').select(['hs6', 'note']).where('list_id', '=', list).where('code', '=', e.code).execute();
  return {
    code: e.code,
    title: e.title,
    text: e.text,
    notes: e.notes,
    parent: e.parent,
    children: children.map((c) => ({ code: c.code, title: c.title })),
    regimes: e.regimes,
    list: e.list,
    release: await releaseInfo(ctx.db, e.releaseId),
    category: e.category,
    productGroup: e.productGroup,
    reasons: e.reasons,
    sensitivity: e.sensitivity,
    status: e.status,
    validFrom: e.validFrom,
    validTo: e.validTo,
    graceUntil: e.graceUntil,
    sunsetDate: e.sunsetDate,
    nextReviewDate: e.nextReviewDate,
    asOf,
    grace: applicable.graceApplied ? { applied: true, until: applicable.graceUntil } : null,
    items: itemsRows.map((r) => ({ code: r.code, parent: r.parent_code, depth: Number(r.depth), title: r.title, notes: JSON.parse(r.notes) })),
    correspondences: corr.map((c) => (c.from_list === list && c.from_code === e.code ? { list: c.to_list, code: c.to_code, relation: c.relation } : { list: c.from_list, code: c.from_code, relation: inverse(c.relation) })),
    hs: hs.map((h) => ({ hs6: h.hs6, note: h.note })),
  };
}
const inverse = (r: string) => (r === 'broader' ? 'narrower' : r === 'narrower' ? 'broader' : r);

/** Ranked search lives in search.ts (BM25, thesaurus, misspellings, highlights). */
export { search } from './search.js';

export async function listReleases(ctx: Ctx, q: { list?: string }) {
  if (q.list) checkList(q.list);
  let query = ctx.db.selectFrom('control_releases').selectAll().orderBy('list_id').orderBy('effective_from');
  if (q.list) query = query.where('list_id', '=', q.list);
  const rows = await query.execute();
  const counts = await ctx.db.selectFrom('control_entries').select(['release_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('release_id').execute();
  const byRelease = new Map(counts.map((c) => [c.release_id, Number(c.n)]));
  return {
    releases: rows.map((r) => ({ id: r.id, list: r.list_id, version: r.version, title: r.title, effectiveFrom: r.effective_from, source: r.source, amendmentId: r.amendment_id, entriesChanged: byRelease.get(r.id) ?? 0 })),
  };
}

async function snapshot(db: Executor, list: string, asOf: string) {
  const rows = await inForce(db.selectFrom('control_entries').select(['code', 'title', 'text', 'notes']).where('list_id', '=', list), asOf).execute();
  return new Map(rows.map((r) => [r.code, r]));
}

/** Entries added, removed and changed between two releases of one list, with word-level changes. */
export async function diffReleases(ctx: Ctx, q: { from: string; to: string }) {
  const find = (ref: string) => ctx.db.selectFrom('control_releases').selectAll().where((eb) => eb.or([eb('id', '=', ref), eb('version', '=', ref)])).execute();
  const [fromRows, toRows] = [await find(q.from), await find(q.to)];
  if (fromRows.length !== 1) throw invalid({ from: fromRows.length ? 'is ambiguous; give the release id' : 'no such release' });
  if (toRows.length !== 1) throw invalid({ to: toRows.length ? 'is ambiguous; give the release id' : 'no such release' });
  const [from, to] = [fromRows[0], toRows[0]];
  if (from.list_id !== to.list_id) throw invalid({ to: `belongs to list ${to.list_id}, not ${from.list_id}` });
  const [a, b] = [await snapshot(ctx.db, from.list_id, from.effective_from), await snapshot(ctx.db, to.list_id, to.effective_from)];
  const added = [...b.values()].filter((e) => !a.has(e.code)).map((e) => ({ code: e.code, title: e.title }));
  const removed = [...a.values()].filter((e) => !b.has(e.code)).map((e) => ({ code: e.code, title: e.title }));
  const changed = [];
  for (const [code, old] of a) {
    const nu = b.get(code);
    if (!nu || (nu.title === old.title && nu.text === old.text && nu.notes === old.notes)) continue;
    const render = (e: { title: string; text: string; notes: string }) =>
      [e.title, e.text, ...(JSON.parse(e.notes) as { label: string; text: string }[]).map((n) => `${n.label}: ${n.text}`)].join('\n');
    changed.push({ code, title: nu.title, changes: diffWords(render(old), render(nu)).map((p) => ({ type: p.added ? 'added' : p.removed ? 'removed' : 'same', value: p.value })) });
  }
  const rel = (r: typeof from) => ({ id: r.id, version: r.version, effectiveFrom: r.effective_from });
  return { list: from.list_id, from: rel(from), to: rel(to), added, removed, changed };
}

export async function importReport(ctx: Ctx, q: { list?: string; unrepairedOnly?: boolean }) {
  let query = ctx.db.selectFrom('control_import_reports').selectAll().where('list_id', '=', q.list ?? 'eu').orderBy('code');
  if (q.unrepairedOnly) query = query.where('repaired', '=', 0);
  const rows = await query.execute();
  const summary: Record<string, { repaired: number; unrepaired: number }> = {};
  for (const r of rows) {
    summary[r.kind] ??= { repaired: 0, unrepaired: 0 };
    summary[r.kind][Number(r.repaired) ? 'repaired' : 'unrepaired']++;
  }
  return { summary, items: rows.map((r) => ({ code: r.code, kind: r.kind, detail: r.detail, repaired: Boolean(Number(r.repaired)) })) };
}

// ---------------------------------------------------------------- amendments

export interface AmendmentChange {
  action: 'add' | 'modify' | 'remove';
  code: string;
  parent?: string | null;
  title?: string;
  text?: string;
  notes?: { kind: 'note' | 'technical_note' | 'nb'; label: string; text: string }[];
  regimes?: string[];
  reasons?: string[];
  sensitivity?: string;
  nextReviewDate?: string;
  /** For `modify`: whether the new text is stricter (a grace period then protects earlier contracts). Defaults to true. */
  stricter?: boolean;
}

/** Grace protects contracts made under a less strict rule: added entries and tightened texts, never a decontrol. */
export const isStricter = (c: Pick<AmendmentChange, 'action' | 'stricter'>) => (c.action === 'add' ? true : c.action === 'remove' ? false : c.stricter ?? true);

async function validateChanges(db: Executor, list: string, changes: AmendmentChange[], asOf: string) {
  const fields: Record<string, string> = {};
  const codes = new Set<string>();
  for (const [i, c] of changes.entries()) {
    if (codes.has(c.code)) fields[`changes.${i}.code`] = `${c.code} appears twice in this amendment`;
    codes.add(c.code);
    const existing = await findEntry(db, list, c.code, asOf);
    if (c.action === 'add') {
      if (existing) fields[`changes.${i}.code`] = `${c.code} already exists in list ${list}; use "modify"`;
      if (!c.title?.trim()) fields[`changes.${i}.title`] = 'is required for a new entry';
      if (c.parent && !codes.has(c.parent) && !changes.some((x) => x.code === c.parent) && !(await findEntry(db, list, c.parent, asOf)))
        fields[`changes.${i}.parent`] = `${c.parent} does not exist in list ${list}`;
    } else if (!existing) fields[`changes.${i}.code`] = `${c.code} does not exist in list ${list}`;
  }
  if (Object.keys(fields).length) throw invalid(fields);
}

function presentAmendment(a: ControlAmendmentRow) {
  return {
    id: a.id,
    list: a.list_id,
    title: a.title,
    summary: a.summary,
    status: a.status,
    changes: JSON.parse(a.changes) as AmendmentChange[],
    consultationOpens: a.consultation_opens,
    consultationCloses: a.consultation_closes,
    consultationClosedEarly: a.consultation_closed_early_reason ? { reason: a.consultation_closed_early_reason } : null,
    effectiveDate: a.effective_date,
    graceUntil: a.grace_until,
    sunsetDate: a.sunset_date,
    releaseId: a.release_id,
    supersededBy: a.superseded_by,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
    adoptedAt: a.adopted_at,
  };
}

async function loadAmendment(db: Executor, id: string) {
  const a = await db.selectFrom('control_amendments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a) throw notFound('Amendment');
  return a;
}

export async function createAmendment(ctx: Ctx, input: { list: string; title: string; summary?: string; changes: AmendmentChange[] }) {
  assertCanWriteControls(ctx.actor);
  checkList(input.list);
  if (!input.changes.length) throw invalid({ changes: 'must contain at least one change' });
  return withTx(ctx.db, async (tx) => {
    await validateChanges(tx, input.list, input.changes, today(ctx));
    const row: ControlAmendmentRow = {
      id: newId(), list_id: input.list, title: input.title, summary: input.summary ?? '', status: 'draft', changes: JSON.stringify(input.changes),
      consultation_opens: null, consultation_closes: null, consultation_closed_early_reason: null, effective_date: null, grace_until: null, sunset_date: null, release_id: null, superseded_by: null,
      created_by: ctx.actor!.userId, created_at: nowIso(ctx), updated_at: nowIso(ctx), adopted_at: null,
    };
    await tx.insertInto('control_amendments').values(row).execute();
    await recordAudit(tx, ctx, { action: 'controls.amendment.created', subjectType: 'control_amendment', subjectId: row.id, after: { list: row.list_id, title: row.title, changes: input.changes.map((c) => `${c.action} ${c.code}`) } });
    return presentAmendment(row);
  });
}

export async function updateAmendment(ctx: Ctx, id: string, input: { title?: string; summary?: string; changes?: AmendmentChange[] }) {
  assertCanWriteControls(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const a = await loadAmendment(tx, id);
    if (a.status !== 'draft') throw conflict(`Only a draft can be edited; this amendment is ${a.status}`);
    if (input.changes) {
      if (!input.changes.length) throw invalid({ changes: 'must contain at least one change' });
      await validateChanges(tx, a.list_id, input.changes, today(ctx));
    }
    const patch = { title: input.title ?? a.title, summary: input.summary ?? a.summary, changes: input.changes ? JSON.stringify(input.changes) : a.changes, updated_at: nowIso(ctx) };
    await tx.updateTable('control_amendments').set(patch).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'controls.amendment.updated', subjectType: 'control_amendment', subjectId: id, before: { title: a.title }, after: { title: patch.title } });
    return presentAmendment({ ...a, ...patch });
  });
}

export async function listAmendments(ctx: Ctx, q: { status?: string; list?: string }) {
  assertCanReadAmendments(ctx.actor);
  let query = ctx.db.selectFrom('control_amendments').selectAll().orderBy('created_at', 'desc');
  if (q.status) query = query.where('status', '=', q.status);
  if (q.list) query = query.where('list_id', '=', q.list);
  const rows = await query.execute();
  const pending = await ctx.db.selectFrom('control_comments').select(['amendment_id', (eb) => eb.fn.countAll<number>().as('n')]).where('status', '=', 'pending').groupBy('amendment_id').execute();
  const p = new Map(pending.map((r) => [r.amendment_id, Number(r.n)]));
  return { amendments: rows.map((r) => ({ ...presentAmendment(r), pendingComments: p.get(r.id) ?? 0 })) };
}

export async function getAmendment(ctx: Ctx, id: string) {
  assertCanReadAmendments(ctx.actor);
  const a = await loadAmendment(ctx.db, id);
  const comments = await ctx.db.selectFrom('control_comments').selectAll().where('amendment_id', '=', id).orderBy('created_at').execute();
  return { ...presentAmendment(a), comments: comments.map(presentComment) };
}

function presentComment(c: { id: string; author_email: string; author_name: string | null; body: string; status: string; created_at: string; moderated_at: string | null; moderation_reason: string | null; organisation_id: string | null }) {
  return { id: c.id, authorEmail: c.author_email, authorName: c.author_name, organisationId: c.organisation_id, body: c.body, status: c.status, createdAt: c.created_at, moderatedAt: c.moderated_at, moderationReason: c.moderation_reason };
}

export async function openConsultation(ctx: Ctx, id: string, input: { closesOn: string }) {
  assertCanWriteControls(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const a = await loadAmendment(tx, id);
    if (a.status !== 'draft') throw conflict(`Only a draft can go to consultation; this amendment is ${a.status}`);
    const opens = today(ctx);
    if (input.closesOn <= opens) throw invalid({ closesOn: `must be after today (${opens})` });
    const patch = { status: 'consultation', consultation_opens: opens, consultation_closes: input.closesOn, updated_at: nowIso(ctx) };
    await tx.updateTable('control_amendments').set(patch).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'controls.amendment.consultation_opened', subjectType: 'control_amendment', subjectId: id, before: { status: a.status }, after: { status: 'consultation', closesOn: input.closesOn } });
    return presentAmendment({ ...a, ...patch });
  });
}

/** Public: open consultations, with their changes and the approved comments. */
export async function listConsultations(ctx: Ctx) {
  const rows = await ctx.db.selectFrom('control_amendments').selectAll().where('status', '=', 'consultation').orderBy('consultation_closes').execute();
  return { consultations: rows.map((r) => ({ ...presentAmendment(r), open: !r.consultation_closed_early_reason && today(ctx) <= (r.consultation_closes ?? '') })) };
}

export async function getConsultation(ctx: Ctx, id: string) {
  const a = await ctx.db.selectFrom('control_amendments').selectAll().where('id', '=', id).executeTakeFirst();
  if (!a || a.status === 'draft' || a.status === 'withdrawn') throw notFound('Consultation');
  const comments = await ctx.db.selectFrom('control_comments').selectAll().where('amendment_id', '=', id).where('status', '=', 'approved').orderBy('created_at').execute();
  return {
    ...presentAmendment(a),
    open: a.status === 'consultation' && !a.consultation_closed_early_reason && today(ctx) <= (a.consultation_closes ?? ''),
    // Published comments show the author's name only, never the email.
    comments: comments.map((c) => ({ id: c.id, authorName: c.author_name ?? 'Anonymous', body: c.body, createdAt: c.created_at })),
  };
}

export async function addComment(ctx: Ctx, id: string, input: { body: string; email?: string; name?: string }) {
  const actor = assertCanComment(ctx.actor);
  const email = actor ? actor.email : input.email?.trim().toLowerCase();
  if (!email || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw invalid({ email: 'an email address is required to comment without signing in' });
  return withTx(ctx.db, async (tx) => {
    const a = await tx.selectFrom('control_amendments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a || a.status === 'draft' || a.status === 'withdrawn') throw notFound('Consultation');
    const t = today(ctx);
    if (a.status !== 'consultation' || a.consultation_closed_early_reason || t < (a.consultation_opens ?? '') || t > (a.consultation_closes ?? ''))
      throw conflict(`The comment period is closed (it ran ${a.consultation_opens ?? '?'} to ${a.consultation_closes ?? '?'})`);
    const row = {
      id: newId(), amendment_id: id, author_user_id: actor?.userId ?? null, organisation_id: actor?.organisationId ?? null, author_email: email,
      author_name: input.name?.trim() || null /* never the organisation's name: comments are published */, body: input.body.trim(), status: 'pending',
      moderated_by: null, moderated_at: null, moderation_reason: null, created_at: nowIso(ctx),
    };
    await tx.insertInto('control_comments').values(row).execute();
    await recordAudit(tx, ctx, { action: 'controls.comment.submitted', subjectType: 'control_amendment', subjectId: id, details: { commentId: row.id, public: !actor } });
    return { id: row.id, status: row.status, createdAt: row.created_at };
  });
}

export async function moderateComment(ctx: Ctx, commentId: string, input: { decision: 'approve' | 'reject'; reason?: string }) {
  assertCanWriteControls(ctx.actor);
  if (input.decision === 'reject' && !input.reason?.trim()) throw invalid({ reason: 'is required when rejecting a comment' });
  return withTx(ctx.db, async (tx) => {
    const c = await tx.selectFrom('control_comments').selectAll().where('id', '=', commentId).executeTakeFirst();
    if (!c) throw notFound('Comment');
    if (c.status !== 'pending') throw conflict(`The comment was already ${c.status}`);
    const patch = { status: input.decision === 'approve' ? 'approved' : 'rejected', moderated_by: ctx.actor!.userId, moderated_at: nowIso(ctx), moderation_reason: input.reason ?? null };
    await tx.updateTable('control_comments').set(patch).where('id', '=', commentId).execute();
    await recordAudit(tx, ctx, { action: `controls.comment.${patch.status}`, subjectType: 'control_comment', subjectId: commentId, before: { status: c.status }, after: { status: patch.status, reason: patch.moderation_reason } });
    return presentComment({ ...c, ...patch });
  });
}

/** Closes a consultation before its date (an urgent amendment), with the reason on the record. */
export async function closeConsultationEarly(ctx: Ctx, id: string, input: { reason: string }) {
  assertCanWriteControls(ctx.actor);
  if (!input.reason?.trim()) throw invalid({ reason: 'is required to close a consultation early' });
  return withTx(ctx.db, async (tx) => {
    const a = await loadAmendment(tx, id);
    if (a.status !== 'consultation') throw conflict(`Only an amendment in consultation can be closed; this one is ${a.status}`);
    if (a.consultation_closed_early_reason) throw conflict('The consultation was already closed early');
    if (today(ctx) > (a.consultation_closes ?? '')) throw conflict(`The comment period already ended on ${a.consultation_closes}`);
    const patch = { consultation_closed_early_reason: input.reason.trim(), consultation_closes: today(ctx), updated_at: nowIso(ctx) };
    await tx.updateTable('control_amendments').set(patch).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'controls.amendment.consultation_closed_early', subjectType: 'control_amendment', subjectId: id, before: { closesOn: a.consultation_closes }, after: { closesOn: patch.consultation_closes, reason: patch.consultation_closed_early_reason } });
    return presentAmendment({ ...a, ...patch });
  });
}

/** Adopts an amendment: a new release effective on `effectiveDate`; earlier versions close that day. */
export async function adoptAmendment(ctx: Ctx, id: string, input: { effectiveDate: string; graceUntil?: string | null; sunsetDate?: string | null }) {
  assertCanWriteControls(ctx.actor);
  const fields: Record<string, string> = {};
  if (input.graceUntil && input.graceUntil <= input.effectiveDate) fields.graceUntil = 'must be after the effective date';
  if (input.sunsetDate && input.sunsetDate <= input.effectiveDate) fields.sunsetDate = 'must be after the effective date';
  if (Object.keys(fields).length) throw invalid(fields);
  return withTx(ctx.db, async (tx) => {
    const a = await loadAmendment(tx, id);
    if (a.status !== 'consultation') throw conflict(`Only an amendment that went through consultation can be adopted; this one is ${a.status}`);
    if (!a.consultation_closed_early_reason && today(ctx) <= (a.consultation_closes ?? ''))
      throw conflict(`The comment period runs until ${a.consultation_closes}; adopt it after that, or close it early with a reason`);
    const pending = await tx.selectFrom('control_comments').select('id').where('amendment_id', '=', id).where('status', '=', 'pending').execute();
    if (pending.length) throw conflict(`${pending.length} comment(s) still await moderation`);
    if (input.effectiveDate < today(ctx)) throw invalid({ effectiveDate: 'cannot be in the past' });
    const changes = JSON.parse(a.changes) as AmendmentChange[];
    await validateChanges(tx, a.list_id, changes, input.effectiveDate);
    const rel = await createRelease(tx, ctx.clock.now(), { list: a.list_id, version: `${input.effectiveDate} ${a.title}`.slice(0, 200), title: a.title, effectiveFrom: input.effectiveDate, source: `amendment ${a.id}`, amendmentId: a.id });
    const maxSort = Number((await tx.selectFrom('control_entries').select((eb) => eb.fn.max('sort_key').as('m')).where('list_id', '=', a.list_id).executeTakeFirst())?.m ?? 0);
    const newRows: Parameters<typeof insertEntries>[1] = [];
    const restored: Parameters<typeof insertEntries>[1] = [];
    for (const [i, c] of changes.entries()) {
      const old = await openRow(tx, a.list_id, c.code);
      if (old && old.valid_from >= input.effectiveDate) throw conflict(`${c.code} already has a version from ${old.valid_from}; pick a later effective date`);
      if (old) {
        const subtree = (eb: any) => eb.or([eb('code', '=', c.code), eb('code', 'like', `${c.code}.%`)]);
        const replaced = c.action === 'remove'
          ? await tx.selectFrom('control_entries').selectAll().where('list_id', '=', a.list_id).where('valid_to', 'is', null).where(subtree).execute()
          : [old];
        const close = tx.updateTable('control_entries').set({ valid_to: input.effectiveDate }).where('list_id', '=', a.list_id).where('valid_to', 'is', null);
        if (c.action === 'remove') await close.where(subtree).execute();
        else await close.where('id', '=', old.id).execute();
        // A sunset restores what the amendment replaced (its whole subtree for a removal) on the sunset date.
        if (input.sunsetDate)
          restored.push(...replaced.map(({ id: _i, created_at: _c, search_text: _s, valid_to: _v, search_tsv: _t, ...r }: ControlEntryRow & { search_tsv?: unknown }) => ({ ...r, status: 'active', valid_from: input.sunsetDate!, grace_until: null, amendment_id: a.id, release_id: rel.id })));
      }
      if (c.action === 'remove') continue;
      const parent = c.action === 'add' ? (c.parent ?? null) : old!.parent_code;
      const rootCode = parent ? ((await openRow(tx, a.list_id, parent))?.root_code ?? changes.find((x) => x.code === parent)?.code ?? parent) : c.code;
      newRows.push({
        list_id: a.list_id,
        code: c.code,
        root_code: c.action === 'add' ? rootCode : old!.root_code,
        parent_code: parent,
        depth: c.action === 'add' ? (parent ? c.code.split('.').length - 1 : 0) : Number(old!.depth),
        sort_key: old ? Number(old.sort_key) : maxSort + 1 + i,
        category: old?.category ?? (/^\d/.test(c.code) ? c.code[0] : null),
        product_group: old?.product_group ?? (/^\d[A-E]/.test(c.code) ? c.code[1] : null),
        title: c.title ?? old!.title,
        text: c.text ?? old?.text ?? '',
        notes: c.notes ? JSON.stringify(c.notes) : (old?.notes ?? '[]'),
        regimes: c.regimes ? joinTags(c.regimes) : (old?.regimes ?? ''),
        reasons: c.reasons ? joinTags(c.reasons) : (old?.reasons ?? ''),
        sensitivity: c.sensitivity ?? old?.sensitivity ?? 'standard',
        release_id: rel.id,
        amendment_id: a.id,
        valid_from: input.effectiveDate,
        // Grace only where the new version is stricter; a loosening applies to everyone at once.
        grace_until: isStricter(c) ? (input.graceUntil ?? null) : null,
        sunset_date: input.sunsetDate ?? null,
        next_review_date: c.nextReviewDate ?? old?.next_review_date ?? null,
      });
    }
    await insertEntries(tx, [...newRows, ...restored], ctx.clock.now());
    invalidateControlSnapshots();
    const patch = { status: 'adopted', effective_date: input.effectiveDate, grace_until: input.graceUntil ?? null, sunset_date: input.sunsetDate ?? null, release_id: rel.id, adopted_at: nowIso(ctx), updated_at: nowIso(ctx) };
    await tx.updateTable('control_amendments').set(patch).where('id', '=', id).execute();
    // Earlier adopted amendments all of whose changes are now replaced become superseded.
    const earlier = await tx.selectFrom('control_amendments').selectAll().where('list_id', '=', a.list_id).where('status', '=', 'adopted').where('id', '!=', id).execute();
    const touched = new Set(changes.map((c) => c.code));
    for (const e of earlier) {
      const codes = (JSON.parse(e.changes) as AmendmentChange[]).map((c) => c.code);
      if (codes.every((c) => touched.has(c))) {
        await tx.updateTable('control_amendments').set({ status: 'superseded', superseded_by: id, updated_at: nowIso(ctx) }).where('id', '=', e.id).execute();
        await recordAudit(tx, ctx, { action: 'controls.amendment.superseded', subjectType: 'control_amendment', subjectId: e.id, after: { supersededBy: id } });
      }
    }
    await recordAudit(tx, ctx, { action: 'controls.amendment.adopted', subjectType: 'control_amendment', subjectId: id, before: { status: a.status }, after: { status: 'adopted', effectiveDate: input.effectiveDate, graceUntil: patch.grace_until, sunsetDate: patch.sunset_date, releaseId: rel.id } });
    return presentAmendment({ ...a, ...patch });
  });
}

/** The open version of `code`: the newest without an end, not counting a restoration still waiting for a sunset. */
async function openRow(db: Executor, list: string, code: string): Promise<ControlEntryRow | undefined> {
  const rows = await db.selectFrom('control_entries').selectAll().where('list_id', '=', list).where('code', '=', code).where('valid_to', 'is', null).orderBy('valid_from', 'desc').execute();
  const waiting = (r: ControlEntryRow) => rows.some((o) => o !== r && o.amendment_id === r.amendment_id && o.sunset_date === r.valid_from && o.valid_from < r.valid_from);
  return rows.find((r) => !waiting(r)) ?? rows[0];
}

export async function withdrawAmendment(ctx: Ctx, id: string) {
  assertCanWriteControls(ctx.actor);
  return withTx(ctx.db, async (tx) => {
    const a = await loadAmendment(tx, id);
    if (a.status !== 'draft' && a.status !== 'consultation') throw conflict(`An ${a.status} amendment cannot be withdrawn`);
    await tx.updateTable('control_amendments').set({ status: 'withdrawn', updated_at: nowIso(ctx) }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'controls.amendment.withdrawn', subjectType: 'control_amendment', subjectId: id, before: { status: a.status }, after: { status: 'withdrawn' } });
    return presentAmendment({ ...a, status: 'withdrawn' });
  });
}

// ---------------------------------------------------------------- sunset, renewal, reviews

/** Renews (or re-dates) the sunset of the version in force; `sunsetDate: null` makes it permanent. */
export async function renewEntry(ctx: Ctx, input: { list: string; code: string; sunsetDate: string | null }) {
  assertCanWriteControls(ctx.actor);
  checkList(input.list);
  return withTx(ctx.db, async (tx) => {
    const row = await openRow(tx, input.list, input.code);
    if (!row || row.status !== 'active') throw notFound(`Active control entry ${input.code}`);
    if (!row.sunset_date) throw conflict(`${input.code} has no sunset date to renew`);
    if (row.sunset_date <= today(ctx)) throw conflict(`${input.code} already lapsed on ${row.sunset_date}`);
    if (input.sunsetDate && input.sunsetDate <= row.sunset_date) throw invalid({ sunsetDate: `must be after the current sunset date ${row.sunset_date}` });
    const subtree = (eb: any) => eb.or([eb('code', '=', input.code), eb('code', 'like', `${input.code}.%`)]);
    // The amendment's versions of the subtree carry the same sunset; what it replaced waits for the new date (or never returns).
    await tx.updateTable('control_entries').set({ sunset_date: input.sunsetDate }).where('list_id', '=', input.list).where(subtree).where('valid_to', 'is', null).where('sunset_date', '=', row.sunset_date).where('valid_from', '<=', today(ctx)).execute();
    const waiting = tx.selectFrom('control_entries').select('id').where('list_id', '=', input.list).where(subtree).where('valid_from', '=', row.sunset_date);
    const ids = (await (row.amendment_id ? waiting.where('amendment_id', '=', row.amendment_id) : waiting).execute()).map((r) => r.id);
    if (ids.length) {
      if (input.sunsetDate) await tx.updateTable('control_entries').set({ valid_from: input.sunsetDate }).where('id', 'in', ids).execute();
      else await tx.deleteFrom('control_entries').where('id', 'in', ids).execute();
    }
    invalidateControlSnapshots();
    await recordAudit(tx, ctx, { action: 'controls.entry.renewed', subjectType: 'control_entry', subjectId: row.id, before: { sunsetDate: row.sunset_date }, after: { sunsetDate: input.sunsetDate }, details: { list: input.list, code: input.code } });
    return presentEntryRow({ ...row, sunset_date: input.sunsetDate });
  });
}

/** Job: entries whose sunset date has come lapse (unless renewed before). */
export async function lapseSunsetEntries(ctx: Ctx) {
  const t = today(ctx);
  return withTx(ctx.db, async (tx) => {
    const rows = await tx.selectFrom('control_entries').select(['id', 'list_id', 'code', 'sunset_date']).where('status', '=', 'active').where('sunset_date', 'is not', null).where('sunset_date', '<=', t).execute();
    for (const r of rows) {
      await tx.updateTable('control_entries').set({ status: 'lapsed', valid_to: r.sunset_date }).where('id', '=', r.id).execute();
      // The subtree lapses with its head (but not a restoration that takes over on that very date).
      await tx.updateTable('control_entries').set({ status: 'lapsed', valid_to: r.sunset_date }).where('list_id', '=', r.list_id).where('code', 'like', `${r.code}.%`)
        .where('status', '=', 'active').where('valid_to', 'is', null).where('valid_from', '<', r.sunset_date!).where((eb) => eb.or([eb('sunset_date', 'is', null), eb('sunset_date', '>=', r.sunset_date!)])).execute();
      await recordAudit(tx, ctx, { action: 'controls.entry.lapsed', subjectType: 'control_entry', subjectId: r.id, details: { list: r.list_id, code: r.code, sunsetDate: r.sunset_date } });
    }
    if (rows.length) invalidateControlSnapshots();
    return { lapsed: rows.map((r) => `${r.list_id}:${r.code}`) };
  });
}

function addDays(date: string, days: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return isoDate(d);
}

async function dueEntries(db: Executor, asOf: string, withinDays: number) {
  return inForce(db.selectFrom('control_entries').select(['list_id', 'code', 'title', 'next_review_date']).where('depth', '=', 0).where('next_review_date', 'is not', null).where('next_review_date', '<=', addDays(asOf, withinDays)), asOf)
    .orderBy('next_review_date')
    .orderBy('list_id')
    .orderBy('sort_key')
    .execute();
}

/** Job: flags reviews due within 30 days and tells the authority's officers about new ones. */
export async function flagReviewsDue(ctx: Ctx) {
  const t = today(ctx);
  return withTx(ctx.db, async (tx) => {
    const due = await dueEntries(tx, t, 30);
    let created = 0;
    for (const d of due) {
      const exists = await tx.selectFrom('control_review_flags').select('id').where('list_id', '=', d.list_id).where('code', '=', d.code).where('due_date', '=', d.next_review_date!).executeTakeFirst();
      if (exists) continue;
      await tx.insertInto('control_review_flags').values({ id: newId(), list_id: d.list_id, code: d.code, due_date: d.next_review_date!, flagged_at: nowIso(ctx), reviewed_at: null, reviewed_by: null }).execute();
      created++;
    }
    if (created) {
      const orgs = await tx.selectFrom('organisations').select('id').where('kind', '=', 'authority').execute();
      for (const o of orgs)
        await notify(tx, ctx.clock.now(), { organisationId: o.id }, { kind: 'controls.reviews_due', title: `${created} control entries are due for review within 30 days`, body: 'See Controls → Reviews due.', link: '/controls/reviews' });
      await recordAudit(tx, ctx, { action: 'controls.reviews.flagged', subjectType: 'control_list', details: { flagged: created } });
    }
    return { due: due.length, flagged: created };
  });
}

export async function reviewsDue(ctx: Ctx, q: { withinDays?: number; list?: string }) {
  assertCanReadAmendments(ctx.actor);
  const t = today(ctx);
  let due = await dueEntries(ctx.db, t, q.withinDays ?? 30);
  if (q.list) due = due.filter((d) => d.list_id === q.list);
  const flags = await ctx.db.selectFrom('control_review_flags').selectAll().where('reviewed_at', 'is', null).execute();
  const flagged = new Set(flags.map((f) => `${f.list_id}:${f.code}:${f.due_date}`));
  return {
    asOf: t,
    withinDays: q.withinDays ?? 30,
    reviews: due.map((d) => ({ list: d.list_id, code: d.code, title: d.title, nextReviewDate: d.next_review_date, overdue: d.next_review_date! < t, flagged: flagged.has(`${d.list_id}:${d.code}:${d.next_review_date}`) })),
  };
}

export async function recordReview(ctx: Ctx, input: { list: string; code: string; nextReviewDate: string }) {
  assertCanWriteControls(ctx.actor);
  checkList(input.list);
  if (input.nextReviewDate <= today(ctx)) throw invalid({ nextReviewDate: 'must be in the future' });
  return withTx(ctx.db, async (tx) => {
    const row = await openRow(tx, input.list, input.code);
    if (!row) throw notFound(`Control entry ${input.code}`);
    await tx.updateTable('control_entries').set({ next_review_date: input.nextReviewDate }).where('id', '=', row.id).execute();
    await tx.updateTable('control_review_flags').set({ reviewed_at: nowIso(ctx), reviewed_by: ctx.actor!.userId }).where('list_id', '=', input.list).where('code', '=', input.code).where('reviewed_at', 'is', null).execute();
    await recordAudit(tx, ctx, { action: 'controls.entry.reviewed', subjectType: 'control_entry', subjectId: row.id, before: { nextReviewDate: row.next_review_date }, after: { nextReviewDate: input.nextReviewDate }, details: { list: input.list, code: input.code } });
    return { list: input.list, code: input.code, nextReviewDate: input.nextReviewDate };
  });
}

// ---------------------------------------------------------------- interoperability

const RELATIONS = ['equivalent', 'broader', 'narrower', 'related'];
export const CORRESPONDENCE_COLUMNS = ['from_list', 'from_code', 'to_list', 'to_code', 'relation', 'note'];
export const HS_COLUMNS = ['hs6', 'list', 'code', 'note'];

/** Imports a correspondence or HS-6 correlation CSV; any bad row rejects the whole file and keeps the previous set. */
export async function importInterop(ctx: Ctx, input: { kind: 'correspondence' | 'hs'; csv: string; source?: string }) {
  assertCanWriteControls(ctx.actor);
  let records: Record<string, string>[];
  try {
    records = parse(input.csv, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
  } catch (e) {
    throw invalid({ csv: `is not valid CSV: ${(e as Error).message}` });
  }
  const expected = input.kind === 'hs' ? HS_COLUMNS : CORRESPONDENCE_COLUMNS;
  const header = input.csv.split(/\r?\n/)[0].replace(/^\uFEFF/, '').split(',').map((h) => h.trim().toLowerCase());
  const missing = expected.filter((c) => c !== 'note' && !header.includes(c));
  if (missing.length) throw invalid({ csv: `header must have the columns ${expected.join(',')}; missing ${missing.join(', ')}` });
  if (!records.length) throw invalid({ csv: 'has no rows' });
  const t = today(ctx);
  const fields: Record<string, string> = {};
  const known = new Map<string, boolean>();
  const exists = async (list: string, code: string) => {
    const k = `${list}:${code}`;
    if (!known.has(k)) known.set(k, Boolean(await findEntry(ctx.db, list, code, t)));
    return known.get(k)!;
  };
  for (const [i, r] of records.entries()) {
    const line = `row ${i + 2}`;
    if (Object.keys(fields).length >= 20) break;
    if (input.kind === 'hs') {
      if (!/^\d{6}$/.test(r.hs6 ?? '')) fields[`${line}.hs6`] = `"${r.hs6 ?? ''}" is not a 6-digit HS code`;
      if (!LIST_IDS.includes(r.list)) fields[`${line}.list`] = `"${r.list ?? ''}" is not one of ${LIST_IDS.join(', ')}`;
      else if (!(await exists(r.list, r.code ?? ''))) fields[`${line}.code`] = `${r.code} is not an entry of list ${r.list}`;
    } else {
      for (const side of ['from', 'to'] as const) {
        const list = r[`${side}_list`];
        const code = r[`${side}_code`] ?? '';
        if (!LIST_IDS.includes(list)) fields[`${line}.${side}_list`] = `"${list ?? ''}" is not one of ${LIST_IDS.join(', ')}`;
        else if (!(await exists(list, code))) fields[`${line}.${side}_code`] = `${code} is not an entry of list ${list}`;
      }
      if (!RELATIONS.includes(r.relation)) fields[`${line}.relation`] = `"${r.relation ?? ''}" is not one of ${RELATIONS.join(', ')}`;
    }
  }
  if (Object.keys(fields).length) throw invalid(fields, `The file was rejected as a whole; nothing was imported (${Object.keys(fields).length} problem(s))`);
  const source = input.source?.trim() || `import ${nowIso(ctx)}`;
  return withTx(ctx.db, async (tx) => {
    if (input.kind === 'hs') {
      const before = await tx.selectFrom('control_hs_correlations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      await tx.deleteFrom('control_hs_correlations').execute();
      const rows = records.map((r) => ({ id: newId(), hs6: r.hs6, list_id: r.list, code: r.code, note: r.note || null, source, created_at: nowIso(ctx) }));
      for (let i = 0; i < rows.length; i += 500) await tx.insertInto('control_hs_correlations').values(rows.slice(i, i + 500)).execute();
      await recordAudit(tx, ctx, { action: 'controls.hs.imported', subjectType: 'control_hs_correlations', before: { rows: Number(before?.n ?? 0) }, after: { rows: rows.length }, details: { source } });
      return { kind: input.kind, imported: rows.length };
    }
    const before = await tx.selectFrom('control_correspondences').select((eb) => eb.fn.countAll<number>().as('n')).where('source', 'not like', 'seed:%').executeTakeFirst();
    await tx.deleteFrom('control_correspondences').where('source', 'not like', 'seed:%').execute();
    const rows = records.map((r) => ({ id: newId(), from_list: r.from_list, from_code: r.from_code, to_list: r.to_list, to_code: r.to_code, relation: r.relation, note: r.note || null, source, created_at: nowIso(ctx) }));
    for (let i = 0; i < rows.length; i += 500) await tx.insertInto('control_correspondences').values(rows.slice(i, i + 500)).execute();
    await recordAudit(tx, ctx, { action: 'controls.correspondence.imported', subjectType: 'control_correspondences', before: { rows: Number(before?.n ?? 0) }, after: { rows: rows.length }, details: { source } });
    return { kind: input.kind, imported: rows.length };
  });
}

export async function listCorrespondences(ctx: Ctx, q: { list?: string; code?: string }) {
  let query = ctx.db.selectFrom('control_correspondences').selectAll().orderBy('from_list').orderBy('from_code').limit(5000);
  if (q.list && q.code) query = query.where((eb) => eb.or([eb.and([eb('from_list', '=', q.list!), eb('from_code', '=', q.code!)]), eb.and([eb('to_list', '=', q.list!), eb('to_code', '=', q.code!)])]));
  else if (q.list) query = query.where((eb) => eb.or([eb('from_list', '=', q.list!), eb('to_list', '=', q.list!)]));
  const rows = await query.execute();
  return { correspondences: rows.map((r) => ({ fromList: r.from_list, fromCode: r.from_code, toList: r.to_list, toCode: r.to_code, relation: r.relation, note: r.note, source: r.source })) };
}

export async function hsLookup(ctx: Ctx, hs6: string) {
  const rows = await ctx.db.selectFrom('control_hs_correlations').selectAll().where('hs6', '=', hs6).orderBy('list_id').orderBy('code').execute();
  const entries = [];
  for (const r of rows) {
    const e = await findEntry(ctx.db, r.list_id, r.code, today(ctx));
    entries.push({ list: r.list_id, code: r.code, title: e?.title ?? null, regimes: e?.regimes ?? [], note: r.note });
  }
  return { hs6, entries };
}

// ---------------------------------------------------------------- export (open data)

export const EXPORT_CSV_COLUMNS = ['list', 'code', 'parent', 'depth', 'category', 'product_group', 'title', 'text', 'notes', 'regimes', 'reasons', 'sensitivity', 'status', 'valid_from', 'valid_to', 'sunset_date', 'next_review_date', 'release'];

export async function exportDatabase(ctx: Ctx, q: { format: 'json' | 'csv'; asOf?: string }) {
  const asOf = q.asOf ?? today(ctx);
  const rows = await inForce(ctx.db.selectFrom('control_entries').selectAll(), asOf).orderBy('list_id').orderBy('sort_key').execute();
  const releases = await ctx.db.selectFrom('control_releases').selectAll().execute();
  const relVersion = new Map(releases.map((r) => [r.id, r.version]));
  const entries: ControlEntry[] = rows.map(presentEntryRow);
  if (q.format === 'csv') {
    const lines = [EXPORT_CSV_COLUMNS.join(',')];
    for (const e of entries)
      lines.push([e.list, e.code, e.parent, e.depth, e.category, e.productGroup, e.title, e.text, JSON.stringify(e.notes), e.regimes.join(';'), e.reasons.join(';'), e.sensitivity, e.status, e.validFrom, e.validTo, e.sunsetDate, e.nextReviewDate, relVersion.get(e.releaseId)].map(csvCell).join(','));
    return lines.join('\r\n') + '\r\n';
  }
  const lists = await ctx.db.selectFrom('control_lists').selectAll().execute();
  const corr = await listCorrespondences(ctx, {});
  const hs = await ctx.db.selectFrom('control_hs_correlations').selectAll().execute();
  return {
    schemaVersion: 1,
    generatedAt: nowIso(ctx),
    asOf,
    lists: lists.map((l) => ({ id: l.id, name: l.name, authority: l.authority, description: l.description })),
    releases: releases.map((r) => ({ id: r.id, list: r.list_id, version: r.version, title: r.title, effectiveFrom: r.effective_from, source: r.source })),
    entries: entries.map((e) => ({ list: e.list, code: e.code, parent: e.parent, depth: e.depth, category: e.category, productGroup: e.productGroup, title: e.title, text: e.text, notes: e.notes, regimes: e.regimes, reasons: e.reasons, sensitivity: e.sensitivity, status: e.status, validFrom: e.validFrom, validTo: e.validTo, sunsetDate: e.sunsetDate, nextReviewDate: e.nextReviewDate, release: relVersion.get(e.releaseId) })),
    correspondences: corr.correspondences,
    hsCorrelations: hs.map((h) => ({ hs6: h.hs6, list: h.list_id, code: h.code, note: h.note })),
  };
}

export { unprocessable, searchTextOf };
