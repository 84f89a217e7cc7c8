import type { Ctx } from '../../platform/context.js';
import { requireRole } from '../../platform/auth/roles.js';
import { withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notify.js';
import { newId } from '../../platform/ids.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { DEFAULT_THRESHOLD, type Match, type MatchExplanation, type SearchQuery } from './matching/index.js';
import type { ListedParty } from './model.js';
import { getIndex, type LoadedIndex } from './screening.index.js';
import { listFreshness, type ListVersionInfo } from './freshness.js';
import { groupMatches } from './entities.service.js';
import { countryCode } from './lists/countries.js';
import { partyHash } from './lists/common.js';
import * as repo from './screening.repository.js';
import { HIT_DECIDERS, PARTY_READERS, PARTY_WRITERS, SEARCH_ROLES, assertMayDecide, assertPartyVisible, seesAllParties } from './screening.policy.js';
import type { ScreeningHitsTable, ScreeningPartiesTable } from './screening.tables.js';

export { DEFAULT_THRESHOLD };
export const DEFAULT_LIMIT = 10;
export const MAX_LIMIT = 100;

/** The API's match shape. */
export interface ScreeningMatch {
  entityId: string;
  source: string;
  /** Sub-list, e.g. "Entity List", "Denied Persons List", "Unverified List", "SDN", "UN DPRK". */
  list: string | null;
  schema: string;
  name: string;
  matchedName: string;
  score: number;
  explanation: MatchExplanation;
  listVersion: string;
}

export interface ScreenQuery {
  name: string;
  type?: string;
  country?: string;
  dateOfBirth?: string;
  identifiers?: string[];
}

const TYPE_MAP: Record<string, SearchQuery['type']> = {
  person: 'person', individual: 'person', organization: 'organization', organisation: 'organization', entity: 'organization', company: 'organization',
  vessel: 'vessel', ship: 'vessel', aircraft: 'aircraft',
};

/** Validates and maps a caller's query to the matcher's; 400 with the field and reason on bad input. */
export function toSearchQuery(q: ScreenQuery, prefix = ''): SearchQuery {
  const fields: Record<string, string> = {};
  const name = (q.name ?? '').replace(/\s+/g, ' ').trim();
  if (!name) fields[prefix + 'name'] = 'is required';
  else if (name.length > 300) fields[prefix + 'name'] = 'is longer than 300 characters';
  let type: SearchQuery['type'];
  if (q.type !== undefined && q.type !== null && String(q.type).trim() !== '') {
    type = TYPE_MAP[String(q.type).trim().toLowerCase()];
    if (!type) fields[prefix + 'type'] = 'must be person, organization, vessel or aircraft';
  }
  let country: string | undefined;
  if (q.country !== undefined && q.country !== null && String(q.country).trim() !== '') {
    country = countryCode(String(q.country).trim().toUpperCase().length === 2 ? String(q.country).trim().toUpperCase() : String(q.country));
    if (!country) fields[prefix + 'country'] = 'must be an ISO 3166-1 alpha-2 code or a country name';
  }
  // unpadded months and days (1970-1-5) are read as meant (1970-01-05)
  const dob = q.dateOfBirth ? String(q.dateOfBirth).trim().replace(/^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$/, (_m, y: string, mo: string, d?: string) => `${y}-${mo.padStart(2, '0')}${d ? '-' + d.padStart(2, '0') : ''}`) : '';
  if (dob && !/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/.test(dob)) fields[prefix + 'dateOfBirth'] = 'must be YYYY, YYYY-MM or YYYY-MM-DD';
  if (Object.keys(fields).length) throw invalid(fields);
  return {
    name,
    ...(type ? { type } : {}),
    ...(country ? { country } : {}),
    ...(dob ? { dateOfBirth: dob } : {}),
    ...(q.identifiers?.length ? { identifiers: q.identifiers.map(String).filter((s) => s.trim()).slice(0, 20) } : {}),
  };
}

export function presentMatch(m: Match, versions: Record<string, string>): ScreeningMatch {
  return {
    entityId: m.partyId,
    source: m.party.source,
    list: m.party.list ?? null,
    schema: m.party.schema,
    name: m.party.names[0]?.full ?? m.partyId,
    matchedName: m.matchedName,
    score: m.score,
    explanation: m.explanation,
    listVersion: versions[m.party.source] ?? '',
  };
}

function checkOptions(o: { threshold?: number; limit?: number }) {
  const fields: Record<string, string> = {};
  if (o.threshold !== undefined && !(o.threshold >= 0 && o.threshold <= 1)) fields.threshold = 'must be between 0 and 1';
  if (o.limit !== undefined && !(Number.isInteger(o.limit) && o.limit >= 1 && o.limit <= MAX_LIMIT)) fields.limit = `must be an integer from 1 to ${MAX_LIMIT}`;
  if (Object.keys(fields).length) throw invalid(fields);
}

/** Runs one query against an index (no permission check: callers check). */
export function runSearch(ix: LoadedIndex, q: SearchQuery, o: { threshold?: number; limit?: number }): ScreeningMatch[] {
  return ix.index.search(q, { threshold: o.threshold ?? DEFAULT_THRESHOLD, limit: o.limit ?? DEFAULT_LIMIT }).map((m) => presentMatch(m, ix.versions));
}

/**
 * Screens a name against the current lists; best first, matches at or above the threshold (default DEFAULT_THRESHOLD).
 * For other domains: no storage, no review. Every role may call it.
 */
export async function screenName(ctx: Ctx, query: ScreenQuery & { threshold?: number; limit?: number }): Promise<ScreeningMatch[]> {
  requireRole(ctx.actor, SEARCH_ROLES);
  checkOptions(query);
  const q = toSearchQuery(query);
  const ix = await getIndex(ctx.db);
  return runSearch(ix, q, query);
}

/** POST /api/screening/search */
export async function search(ctx: Ctx, input: ScreenQuery & { threshold?: number; limit?: number }) {
  const matches = await screenName(ctx, input);
  const ix = await getIndex(ctx.db);
  return { matches, entities: groupMatches(ix, matches), ...listFreshness(ix, ctx.clock.now()) };
}

// ---- stored parties ----------------------------------------------------------------------------

export function presentParty(p: ScreeningPartiesTable) {
  return {
    id: p.id,
    organisationId: p.organisation_id,
    name: p.name,
    type: p.type,
    country: p.country,
    dateOfBirth: p.date_of_birth,
    subjectType: p.subject_type,
    subjectId: p.subject_id,
    status: p.status,
    lastScreenedAt: p.last_screened_at,
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

export function presentHit(h: ScreeningHitsTable, party?: ScreeningPartiesTable) {
  return {
    id: h.id,
    partyId: h.party_id,
    partyName: party?.name,
    organisationId: h.organisation_id,
    entityId: h.entity_id,
    source: h.source,
    list: h.list,
    name: h.entity_name,
    matchedName: h.matched_name,
    score: Number(h.score),
    explanation: JSON.parse(h.explanation) as MatchExplanation,
    listVersion: h.list_version_id,
    status: h.status,
    reason: h.reason,
    decidedBy: h.decided_by,
    decidedAt: h.decided_at,
    createdAt: h.created_at,
    updatedAt: h.updated_at,
  };
}

interface ScreenOutcome {
  hits: ScreeningHitsTable[];
  newHits: ScreeningHitsTable[];
  cleared: number;
  listVersions: Record<string, string>;
  /** every list's version, date and age, and warnings (not loaded, stale): shown on every screening response */
  freshness: { listVersions: Record<string, ListVersionInfo>; warnings: string[] };
}

/**
 * Screens a stored party and records the hits: a new hit opens for review; a hit cleared as a false positive stays cleared
 * while the listing is unchanged (same content hash) and reopens when the listing changed. Audited with the list versions used.
 * `onlyEntities` restricts recorded hits to those entities (re-screening against a version's added and changed entities).
 */
export async function screenStoredParty(tx: Executor, ctx: Ctx, party: ScreeningPartiesTable, trigger: string, onlyEntities?: Set<string>): Promise<ScreenOutcome> {
  const ix = await getIndex(tx);
  const q = toSearchQuery({ name: party.name, type: party.type ?? undefined, country: party.country ?? undefined, dateOfBirth: party.date_of_birth ?? undefined });
  let matches = ix.index.search(q, { threshold: DEFAULT_THRESHOLD, limit: onlyEntities ? 50 : 20 });
  if (onlyEntities) matches = matches.filter((m) => onlyEntities.has(m.partyId));
  const now = ctx.clock.now().toISOString();
  const existing = new Map((await repo.hitsForParty(tx, party.id)).map((h) => [h.entity_id, h]));
  const hits: ScreeningHitsTable[] = [];
  const newHits: ScreeningHitsTable[] = [];
  let cleared = 0;
  for (const m of matches) {
    const hash = partyHash(m.party);
    const versionId = ix.versions[m.party.source] ?? '';
    const fields = {
      source: m.party.source,
      list: m.party.list ?? null,
      entity_name: m.party.names[0]?.full ?? m.partyId,
      matched_name: m.matchedName,
      score: m.score,
      explanation: JSON.stringify(m.explanation),
      list_version_id: versionId,
      updated_at: now,
    };
    const old = existing.get(m.partyId);
    if (!old) {
      const row: ScreeningHitsTable = { id: newId(), party_id: party.id, organisation_id: party.organisation_id, entity_id: m.partyId, ...fields, entity_hash: hash, status: 'open', reason: null, decided_by: null, decided_at: null, created_at: now };
      await tx.insertInto('screening_hits').values(row).execute();
      hits.push(row);
      newHits.push(row);
    } else if (old.status === 'false_positive' && old.entity_hash === hash) {
      cleared++;
    } else if (old.status === 'false_positive' || old.status === 'withdrawn') {
      // The listing changed since it was cleared (the clearance lapses), or a withdrawn hit matches again.
      const row = { ...old, ...fields, entity_hash: hash, status: 'open', reason: null, decided_by: null, decided_at: null };
      await tx.updateTable('screening_hits').set(row).where('id', '=', old.id).execute();
      hits.push(row);
      newHits.push(row);
    } else {
      const row = { ...old, ...fields, entity_hash: old.status === 'true_match' ? old.entity_hash : hash };
      await tx.updateTable('screening_hits').set(row).where('id', '=', old.id).execute();
      hits.push(row);
    }
  }
  // A full screening (not a re-screen against one version's changes) withdraws pending hits that no longer match,
  // e.g. after the party's name was corrected; decided hits keep their decision.
  const withdrawn: string[] = [];
  if (!onlyEntities) {
    const matched = new Set(matches.map((m) => m.partyId));
    for (const h of existing.values()) {
      if ((h.status === 'open' || h.status === 'escalated') && !matched.has(h.entity_id)) {
        await tx.updateTable('screening_hits').set({ status: 'withdrawn', reason: 'No longer matches at the threshold after re-screening', updated_at: now }).where('id', '=', h.id).execute();
        withdrawn.push(h.entity_id);
      }
    }
  }
  const status = await refreshPartyStatus(tx, party.id, now);
  await tx.insertInto('screening_runs').values({ id: newId(), party_id: party.id, organisation_id: party.organisation_id, trigger, list_versions: JSON.stringify(ix.versions), hit_count: hits.length, new_hit_count: newHits.length, created_by: ctx.actor?.userId ?? null, created_at: now }).execute();
  await recordAudit(tx, ctx, {
    action: 'screening.party_screened',
    subjectType: 'screening_party',
    subjectId: party.id,
    details: { trigger, status, listVersions: ix.versions, threshold: DEFAULT_THRESHOLD, hits: hits.map((h) => ({ entityId: h.entity_id, score: h.score, status: h.status })), newHits: newHits.length, stillCleared: cleared, withdrawn },
  });
  if (newHits.length) {
    const title = `Screening: ${newHits.length} new hit${newHits.length > 1 ? 's' : ''} for ${party.name}`;
    const body = newHits.map((h) => `${h.entity_name} (${h.list ?? h.source}, score ${Number(h.score).toFixed(2)})`).join('; ');
    await notify(tx, ctx.clock.now(), { organisationId: party.organisation_id }, { kind: 'screening.hit', title, body, link: '/screening/review' });
  }
  return { hits, newHits, cleared, listVersions: ix.versions, freshness: listFreshness(ix, ctx.clock.now()) };
}

async function refreshPartyStatus(tx: Executor, partyId: string, now: string): Promise<string> {
  const hits = await repo.hitsForParty(tx, partyId);
  const status = hits.some((h) => h.status === 'true_match') ? 'match' : hits.some((h) => h.status === 'open' || h.status === 'escalated') ? 'review' : 'clear';
  await tx.updateTable('screening_parties').set({ status, last_screened_at: now, updated_at: now }).where('id', '=', partyId).execute();
  return status;
}

export interface PartyInput {
  name: string;
  type?: string | null;
  country?: string | null;
  dateOfBirth?: string | null;
}

async function insertParty(tx: Executor, ctx: Ctx, organisationId: string, input: PartyInput, subject: { type: string; id?: string }) {
  const q = toSearchQuery({ name: input.name, type: input.type ?? undefined, country: input.country ?? undefined, dateOfBirth: input.dateOfBirth ?? undefined });
  const now = ctx.clock.now().toISOString();
  const id = newId();
  const row: ScreeningPartiesTable = {
    id,
    organisation_id: organisationId,
    name: q.name,
    type: q.type ?? null,
    country: q.country ?? null,
    date_of_birth: q.dateOfBirth ?? null,
    subject_type: subject.type,
    subject_id: subject.id ?? id,
    status: 'clear',
    last_screened_at: null,
    created_by: ctx.actor?.userId ?? null,
    created_at: now,
    updated_at: now,
    deleted_at: null,
  };
  await tx.insertInto('screening_parties').values(row).execute();
  await recordAudit(tx, ctx, { action: 'screening.party_created', subjectType: 'screening_party', subjectId: id, after: presentParty(row) });
  return row;
}

/**
 * For other domains (e.g. licensing on application submission): stores the party under its subject and screens it in the
 * caller's transaction. Hits go to the review queue. Returns the hits (not cleared) and the list versions used.
 */
export async function screenAndStoreParty(
  tx: Executor,
  ctx: Ctx,
  party: { organisationId: string; name: string; country?: string; type?: string; subjectType: string; subjectId: string },
): Promise<{ hits: Array<{ entityId: string; source: string; list: string | null; name: string; score: number }>; listVersions: Record<string, string> }> {
  requireRole(ctx.actor, SEARCH_ROLES);
  // Lenient with what other domains hold: a type that is not a party schema (e.g. "end_user") or an unknown country is left out.
  const type = party.type ? TYPE_MAP[party.type.trim().toLowerCase()] : undefined;
  const country = party.country ? countryCode(party.country.trim().length === 2 ? party.country.trim().toUpperCase() : party.country) : undefined;
  const existing = await tx
    .selectFrom('screening_parties')
    .selectAll()
    .where('organisation_id', '=', party.organisationId)
    .where('subject_type', '=', party.subjectType)
    .where('subject_id', '=', party.subjectId)
    .where('name', '=', party.name.replace(/\s+/g, ' ').trim())
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  const row = existing ?? (await insertParty(tx, ctx, party.organisationId, { name: party.name, type, country }, { type: party.subjectType, id: party.subjectId }));
  const out = await screenStoredParty(tx, ctx, row, party.subjectType);
  return {
    hits: out.hits.map((h) => ({ entityId: h.entity_id, source: h.source, list: h.list, name: h.entity_name, score: Number(h.score) })),
    listVersions: out.listVersions,
  };
}

export async function createParty(ctx: Ctx, input: PartyInput & { organisationId?: string }) {
  const a = requireRole(ctx.actor, PARTY_WRITERS);
  let orgId = a.organisationId;
  if (input.organisationId && input.organisationId !== a.organisationId) {
    if (!seesAllParties(a) || a.role === 'oversight') throw notFound('Organisation');
    const org = await ctx.db.selectFrom('organisations').select('id').where('id', '=', input.organisationId).executeTakeFirst();
    if (!org) throw invalid({ organisationId: 'no such organisation' });
    orgId = org.id;
  }
  toSearchQuery({ name: input.name, type: input.type ?? undefined, country: input.country ?? undefined, dateOfBirth: input.dateOfBirth ?? undefined });
  return withTx(ctx.db, async (tx) => {
    const row = await insertParty(tx, ctx, orgId, input, { type: 'counterparty' });
    const out = await screenStoredParty(tx, ctx, row, 'entered');
    const fresh = (await repo.findParty(tx, row.id))!;
    return { party: presentParty(fresh), hits: out.hits.map((h) => presentHit(h)), ...out.freshness };
  });
}

export async function listParties(ctx: Ctx, q: { status?: string; subjectType?: string; organisationId?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, PARTY_READERS);
  let query = ctx.db.selectFrom('screening_parties').selectAll().where('deleted_at', 'is', null).orderBy('created_at', 'desc').limit(q.limit ?? 100).offset(q.offset ?? 0);
  if (!seesAllParties(a)) query = query.where('organisation_id', '=', a.organisationId);
  else if (q.organisationId) query = query.where('organisation_id', '=', q.organisationId);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.subjectType) query = query.where('subject_type', '=', q.subjectType);
  return { parties: (await query.execute()).map(presentParty) };
}

async function visibleParty(ctx: Ctx, db: Executor, id: string) {
  const a = requireRole(ctx.actor, PARTY_READERS);
  const p = await repo.findParty(db, id);
  if (!p) throw notFound('Party');
  assertPartyVisible(a, p.organisation_id);
  return { a, p };
}

export async function getParty(ctx: Ctx, id: string) {
  const { p } = await visibleParty(ctx, ctx.db, id);
  const hits = await repo.hitsForParty(ctx.db, id);
  const runs = await ctx.db.selectFrom('screening_runs').selectAll().where('party_id', '=', id).orderBy('created_at', 'desc').limit(20).execute();
  return {
    party: presentParty(p),
    hits: hits.map((h) => presentHit(h, p)),
    screenings: runs.map((r) => ({ id: r.id, trigger: r.trigger, listVersions: JSON.parse(r.list_versions), hitCount: Number(r.hit_count), newHitCount: Number(r.new_hit_count), createdAt: r.created_at })),
  };
}

export async function updateParty(ctx: Ctx, id: string, input: Partial<PartyInput>) {
  const a = requireRole(ctx.actor, PARTY_WRITERS);
  return withTx(ctx.db, async (tx) => {
    const p = await repo.findParty(tx, id);
    if (!p) throw notFound('Party');
    assertPartyVisible(a, p.organisation_id);
    if (p.subject_type !== 'counterparty') throw conflict(`This party belongs to a ${p.subject_type}; change it there`);
    const merged = { name: input.name ?? p.name, type: input.type === undefined ? p.type : input.type, country: input.country === undefined ? p.country : input.country, dateOfBirth: input.dateOfBirth === undefined ? p.date_of_birth : input.dateOfBirth };
    const q = toSearchQuery({ name: merged.name, type: merged.type ?? undefined, country: merged.country ?? undefined, dateOfBirth: merged.dateOfBirth ?? undefined });
    const now = ctx.clock.now().toISOString();
    const after = { ...p, name: q.name, type: q.type ?? null, country: q.country ?? null, date_of_birth: q.dateOfBirth ?? null, updated_at: now };
    await tx.updateTable('screening_parties').set(after).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'screening.party_updated', subjectType: 'screening_party', subjectId: id, before: presentParty(p), after: presentParty(after) });
    const out = await screenStoredParty(tx, ctx, after, 'updated');
    const fresh = (await repo.findParty(tx, id))!;
    return { party: presentParty(fresh), hits: out.hits.map((h) => presentHit(h)), ...out.freshness };
  });
}

export async function deleteParty(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, PARTY_WRITERS);
  await withTx(ctx.db, async (tx) => {
    const p = await repo.findParty(tx, id);
    if (!p) throw notFound('Party');
    assertPartyVisible(a, p.organisation_id);
    if (p.subject_type !== 'counterparty') throw conflict(`This party belongs to a ${p.subject_type}; it cannot be deleted here`);
    const now = ctx.clock.now().toISOString();
    await tx.updateTable('screening_parties').set({ deleted_at: now, updated_at: now }).where('id', '=', id).execute();
    await recordAudit(tx, ctx, { action: 'screening.party_deleted', subjectType: 'screening_party', subjectId: id, before: presentParty(p) });
  });
}

export async function rescreenParty(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, PARTY_WRITERS);
  return withTx(ctx.db, async (tx) => {
    const p = await repo.findParty(tx, id);
    if (!p) throw notFound('Party');
    assertPartyVisible(a, p.organisation_id);
    const out = await screenStoredParty(tx, ctx, p, 'manual');
    const fresh = (await repo.findParty(tx, id))!;
    return { party: presentParty(fresh), hits: out.hits.map((h) => presentHit(h)), ...out.freshness };
  });
}

// ---- review queue --------------------------------------------------------------------------------

export async function listHits(ctx: Ctx, q: { status?: string; partyId?: string; limit?: number; offset?: number }) {
  const a = requireRole(ctx.actor, PARTY_READERS);
  let query = ctx.db
    .selectFrom('screening_hits')
    .innerJoin('screening_parties', 'screening_parties.id', 'screening_hits.party_id')
    .selectAll('screening_hits')
    .select(['screening_parties.name as party_name', 'screening_parties.subject_type as party_subject_type'])
    .where('screening_parties.deleted_at', 'is', null)
    .orderBy('screening_hits.created_at', 'desc')
    .orderBy('screening_hits.score', 'desc')
    .limit(q.limit ?? 100)
    .offset(q.offset ?? 0);
  if (!seesAllParties(a)) query = query.where('screening_hits.organisation_id', '=', a.organisationId);
  if (q.status === 'pending') query = query.where('screening_hits.status', 'in', ['open', 'escalated']);
  else if (q.status) query = query.where('screening_hits.status', '=', q.status);
  if (q.partyId) query = query.where('screening_hits.party_id', '=', q.partyId);
  const rows = await query.execute();
  return { hits: rows.map((r) => ({ ...presentHit(r), partyName: r.party_name, partySubjectType: r.party_subject_type })) };
}

export async function getHit(ctx: Ctx, id: string) {
  const a = requireRole(ctx.actor, PARTY_READERS);
  const h = await repo.findHit(ctx.db, id);
  if (!h) throw notFound('Hit');
  assertPartyVisible(a, h.organisation_id, 'Hit');
  const party = await ctx.db.selectFrom('screening_parties').selectAll().where('id', '=', h.party_id).executeTakeFirst();
  const decisions = await ctx.db.selectFrom('screening_decisions').selectAll().where('hit_id', '=', id).orderBy('decided_at').execute();
  const entity = await ctx.db.selectFrom('screening_entities').select(['data', 'hash']).where('id', '=', h.entity_id).executeTakeFirst();
  return {
    hit: presentHit(h, party),
    entity: entity ? (JSON.parse(entity.data) as ListedParty) : null,
    listingChangedSinceDecision: !!entity && entity.hash !== h.entity_hash,
    decisions: decisions.map((d) => ({ id: d.id, decision: d.decision, reason: d.reason, listVersion: d.list_version_id, decidedBy: d.decided_by, decidedAt: d.decided_at })),
  };
}

export type Decision = 'true_match' | 'false_positive' | 'escalate';
const STATUS_OF: Record<Decision, string> = { true_match: 'true_match', false_positive: 'false_positive', escalate: 'escalated' };

export async function decideHit(ctx: Ctx, id: string, input: { decision: Decision; reason: string }) {
  const a = requireRole(ctx.actor, HIT_DECIDERS);
  const reason = (input.reason ?? '').trim();
  if (reason.length < 3) throw invalid({ reason: 'give a reason (at least 3 characters)' });
  return withTx(ctx.db, async (tx) => {
    const h = await repo.findHit(tx, id);
    if (!h) throw notFound('Hit');
    assertPartyVisible(a, h.organisation_id, 'Hit');
    const party = await tx.selectFrom('screening_parties').selectAll().where('id', '=', h.party_id).executeTakeFirst();
    if (!party || party.deleted_at) throw notFound('Hit');
    assertMayDecide(a, h, party);
    const entity = await tx.selectFrom('screening_entities').select(['hash', 'source']).where('id', '=', h.entity_id).executeTakeFirst();
    const current = await repo.currentVersion(tx, h.source);
    const now = ctx.clock.now().toISOString();
    const status = STATUS_OF[input.decision];
    const entityHash = entity?.hash ?? h.entity_hash;
    const listVersion = current?.id ?? h.list_version_id;
    await tx.updateTable('screening_hits').set({ status, reason, decided_by: a.userId, decided_at: now, updated_at: now, entity_hash: entityHash, list_version_id: listVersion }).where('id', '=', id).execute();
    await tx.insertInto('screening_decisions').values({ id: newId(), hit_id: id, decision: input.decision, reason, entity_hash: entityHash, list_version_id: listVersion, decided_by: a.userId, decided_at: now }).execute();
    await recordAudit(tx, ctx, {
      action: 'screening.hit_decided',
      subjectType: 'screening_hit',
      subjectId: id,
      before: { status: h.status },
      after: { status },
      details: { decision: input.decision, reason, partyId: h.party_id, entityId: h.entity_id, listVersion, entityHash },
    });
    await refreshPartyStatus(tx, h.party_id, now);
    if (input.decision === 'escalate') {
      for (const uid of await repo.reviewerUserIds(tx))
        await notify(tx, ctx.clock.now(), { userId: uid }, { kind: 'screening.escalated', title: `Screening hit escalated: ${party.name}`, body: `${h.entity_name} (${h.list ?? h.source}): ${reason}`, link: '/screening/review' });
    }
    const fresh = (await repo.findHit(tx, id))!;
    return { hit: presentHit(fresh, party) };
  });
}

// ---- re-screening on list change ----------------------------------------------------------------------

/** Screens every stored party against the added and changed entities of a list version; new hits go to the review queue. */
export async function rescreenForVersion(ctx: Ctx, versionId: string, progress?: (f: number, m: string) => Promise<void>) {
  const version = await repo.findVersion(ctx.db, versionId);
  if (!version) throw notFound('List version');
  const changed = await ctx.db.selectFrom('screening_version_changes').select('entity_id').where('version_id', '=', versionId).where('change', 'in', ['added', 'changed']).execute();
  const only = new Set(changed.map((c) => c.entity_id));
  if (!only.size) return { versionId, parties: 0, newHits: 0 };
  const parties = await ctx.db.selectFrom('screening_parties').selectAll().where('deleted_at', 'is', null).orderBy('id').execute();
  let newHits = 0;
  for (let i = 0; i < parties.length; i++) {
    const out = await withTx(ctx.db, (tx) => screenStoredParty(tx, ctx, parties[i]!, 'rescreen', only));
    newHits += out.newHits.length;
    if (progress && i % 20 === 0) await progress(i / parties.length, `${i}/${parties.length} parties`);
  }
  if (newHits) {
    await withTx(ctx.db, async (tx) => {
      for (const uid of await repo.reviewerUserIds(tx))
        await notify(tx, ctx.clock.now(), { userId: uid }, { kind: 'screening.rescreen', title: `List change ${version.source} v${version.seq}: ${newHits} new hit(s)`, body: `Re-screening ${parties.length} stored parties against ${only.size} added or changed entities raised ${newHits} new hit(s).`, link: '/screening/review' });
    });
  }
  return { versionId, parties: parties.length, newHits };
}
