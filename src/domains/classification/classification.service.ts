import type { Ctx } from '../../platform/context.js';
import { nowIso } from '../../platform/context.js';
import { isoDate } from '../../platform/clock.js';
import { lockKey, withTx, type Executor } from '../../platform/db/index.js';
import { recordAudit } from '../../platform/audit/audit.js';
import { notify } from '../../platform/notify.js';
import { storeUpload, readStoredFile } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { conflict, invalid, notFound } from '../../platform/errors.js';
import { isAuthority, type Actor } from '../../platform/auth/roles.js';
import * as repo from './classification.repository.js';
import type { ParameterRow, PrecedentRow, RequestRow, RulingRow } from './classification.repository.js';
import {
  assertCanFile,
  assertCanReadRequests,
  assertCanRule,
  assertCanSearchPrecedents,
  assertCanSeeRequest,
  isFiler,
  precedentView,
  requestScope,
} from './classification.policy.js';
import { codeFormatProblem, lookupEntry, normaliseCode, type ControlList } from './classification.controls.js';
import { controlListAsOf, nearestCodes } from '../controls/lookup.js';
import { combine, docTokens, parameterKey, parameterScore, parseQuantity, tokenize, type Param } from './classification.similarity.js';
import { precedentIndex, type PrecedentIndex } from './classification.index.js';
import { redactionFor, redactManufacturer, redactText, type RedactionContext } from './classification.redact.js';
import { presentPublication } from './classification.publication.js';

export const STATUSES = ['submitted', 'ruled'] as const;
export type Status = (typeof STATUSES)[number];

export interface ParameterInput {
  name: string;
  value: string | number;
  unit?: string | null;
}

export interface FileRequestInput {
  productName: string;
  description: string;
  manufacturer: string;
  partNumber?: string | null;
  /** Consent to show the part number in published (redacted) rulings. */
  publishPartNumber?: boolean;
  /** Consent to show the product description (redacted) in the published ruling. */
  publishDescription?: boolean;
  parameters?: ParameterInput[];
}

export interface RulingInput {
  list?: ControlList;
  code?: string | null;
  notListed?: boolean;
  rationale: string;
}

// ---------- presentation ----------

const presentParam = (p: ParameterRow) => ({ name: p.name, value: p.value, unit: p.unit });
const toParam = (p: ParameterRow): Param => ({ nameKey: p.name_key, label: p.name, value: p.value, num: p.value_num, baseUnit: p.base_unit });

function presentRuling(g: RulingRow, viewer: Actor, officer: { email: string; name: string | null } | null) {
  return {
    list: g.list,
    code: g.code,
    title: g.title,
    notListed: Boolean(Number(g.not_listed)),
    rationale: g.rationale,
    ruledAt: g.ruled_at,
    // Which officer ruled is the authority's business.
    ...(isAuthority(viewer) ? { ruledBy: officer?.email ?? g.ruled_by } : {}),
  };
}

async function presentRequestFull(db: Executor, viewer: Actor, r: RequestRow) {
  const [params, ruling, org, file, requester] = await Promise.all([
    repo.parametersOf(db, [r.id]),
    repo.findRuling(db, r.id),
    db.selectFrom('organisations').select(['id', 'name']).where('id', '=', r.organisation_id).executeTakeFirst(),
    r.datasheet_file_id ? repo.findFile(db, r.datasheet_file_id) : Promise.resolve(undefined),
    repo.userLabel(db, r.created_by),
  ]);
  const officer = ruling ? await repo.userLabel(db, ruling.ruled_by) : null;
  return {
    id: r.id,
    reference: r.reference,
    status: r.status as Status,
    productName: r.product_name,
    description: r.description,
    manufacturer: r.manufacturer,
    partNumber: r.part_number,
    publishPartNumber: Boolean(Number(r.publish_part_number)),
    publishDescription: Boolean(Number(r.publish_description)),
    parameters: (params.get(r.id) ?? []).map(presentParam),
    organisation: { id: r.organisation_id, name: org?.name ?? '' },
    requestedBy: requester?.email ?? null,
    datasheet: file ? { id: file.id, filename: file.filename, contentType: file.content_type, size: Number(file.size), uploadedAt: file.created_at } : null,
    submittedAt: r.submitted_at,
    updatedAt: r.updated_at,
    ruling: ruling ? presentRuling(ruling, viewer, officer) : null,
  };
}

// ---------- requests ----------

function buildParameters(requestId: string, input: ParameterInput[]): ParameterRow[] {
  const fields: Record<string, string> = {};
  const rows = input.map((p, i) => {
    const name = p.name.trim();
    const value = typeof p.value === 'number' ? String(p.value) : p.value.trim();
    const unit = p.unit?.trim() || null;
    if (!name) fields[`parameters.${i}.name`] = 'is required';
    if (!value) fields[`parameters.${i}.value`] = 'is required';
    const q = parseQuantity(p.value, unit);
    return { id: newId(), request_id: requestId, position: i, name, name_key: parameterKey(name), value, value_num: q.num, unit, base_unit: q.baseUnit };
  });
  if (Object.keys(fields).length) throw invalid(fields);
  return rows;
}

/** An exporter files a classification request for a product of their organisation. With an idempotency key, a retry returns the request already filed. */
export async function fileRequest(ctx: Ctx, input: FileRequestInput, opts: { idempotencyKey?: string } = {}) {
  const a = assertCanFile(ctx.actor);
  const scope = `classification.file:${a.userId}`;
  const fields: Record<string, string> = {};
  if (!input.productName.trim()) fields.productName = 'is required';
  if (!input.description.trim()) fields.description = 'is required';
  if (!input.manufacturer.trim()) fields.manufacturer = 'is required';
  const partNumber = input.partNumber?.trim() || null;
  if (input.publishPartNumber && !partNumber) fields.publishPartNumber = 'consent to publish a part number needs a partNumber';
  if (Object.keys(fields).length) throw invalid(fields);
  const id = newId();
  const params = buildParameters(id, input.parameters ?? []);
  const now = nowIso(ctx);
  return withTx(ctx.db, async (tx) => {
    if (opts.idempotencyKey) {
      await lockKey(tx, `${scope}:${opts.idempotencyKey}`);
      const prior = await tx.selectFrom('idempotency_keys').select('response').where('scope', '=', scope).where('key', '=', opts.idempotencyKey).executeTakeFirst();
      if (prior) {
        const { id: priorId } = JSON.parse(prior.response) as { id: string };
        const existing = await repo.findRequest(tx, priorId);
        if (existing) return presentRequestFull(tx, a, existing);
      }
    }
    const row: RequestRow = {
      id,
      reference: await repo.nextReference(tx, ctx.clock.now().getUTCFullYear()),
      organisation_id: a.organisationId,
      created_by: a.userId,
      product_name: input.productName.trim(),
      description: input.description.trim(),
      manufacturer: input.manufacturer.trim(),
      part_number: partNumber,
      publish_part_number: input.publishPartNumber ? 1 : 0,
      publish_description: input.publishDescription ? 1 : 0,
      status: 'submitted',
      datasheet_file_id: null,
      submitted_at: now,
      updated_at: now,
    };
    await repo.insertRequest(tx, row, params);
    await recordAudit(tx, ctx, {
      action: 'classification.request_filed',
      subjectType: 'classification_request',
      subjectId: id,
      after: { reference: row.reference, status: row.status, productName: row.product_name, manufacturer: row.manufacturer, partNumber, publishPartNumber: Boolean(row.publish_part_number), publishDescription: Boolean(row.publish_description), parameters: params.length },
    });
    if (opts.idempotencyKey) await tx.insertInto('idempotency_keys').values({ scope, key: opts.idempotencyKey, response: JSON.stringify({ id }), created_at: now }).execute();
    return {
      id,
      reference: row.reference,
      status: 'submitted' as Status,
      productName: row.product_name,
      description: row.description,
      manufacturer: row.manufacturer,
      partNumber,
      publishPartNumber: Boolean(row.publish_part_number),
      publishDescription: Boolean(row.publish_description),
      parameters: params.map(presentParam),
      organisation: { id: a.organisationId, name: a.organisationName },
      requestedBy: a.email,
      datasheet: null,
      submittedAt: now,
      updatedAt: now,
      ruling: null,
    };
  });
}

/** Requests the caller may see: exporters their organisation's, officers and oversight all, advisers/customs/enforcement the ruled ones. */
export async function listRequests(ctx: Ctx, q: { status?: string; q?: string; limit?: number; offset?: number }) {
  const a = assertCanReadRequests(ctx.actor);
  const { total, rows } = await repo.listRequests(ctx.db, { ...requestScope(a), status: q.status, text: q.q?.trim() || undefined, limit: q.limit ?? 50, offset: q.offset ?? 0 });
  return {
    total,
    requests: rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      status: r.status as Status,
      productName: r.product_name,
      manufacturer: r.manufacturer,
      partNumber: r.part_number,
      organisation: { id: r.organisation_id, name: r.organisation_name },
      hasDatasheet: r.datasheet_file_id !== null,
      submittedAt: r.submitted_at,
      ruling: r.ruling_ruled_at
        ? { list: r.ruling_list, code: r.ruling_code, title: r.ruling_title, notListed: Boolean(Number(r.ruling_not_listed)), ruledAt: r.ruling_ruled_at }
        : null,
    })),
  };
}

/** One request with its parameters, datasheet and ruling; another organisation's is a 404. */
export async function getRequest(ctx: Ctx, id: string) {
  const a = assertCanReadRequests(ctx.actor);
  const r = await repo.findRequest(ctx.db, id);
  assertCanSeeRequest(a, r);
  return presentRequestFull(ctx.db, a, r);
}

export interface UploadedFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/**
 * Attaches (or replaces) the product datasheet while the request awaits a ruling. `read` parses the upload only
 * after the caller's access has been checked, so nobody's bytes are read for a request they may not touch.
 */
export async function uploadDatasheet(ctx: Ctx, id: string, read: () => Promise<UploadedFile | undefined>) {
  const a = assertCanFile(ctx.actor);
  const r = await repo.findRequest(ctx.db, id);
  assertCanSeeRequest(a, r);
  if (r.status !== 'submitted') throw conflict(`Request ${r.reference} has been ruled on; its datasheet can no longer change`);
  const file = await read();
  if (!file) throw invalid({ file: 'is required: send the datasheet as the multipart field "file"' });
  return withTx(ctx.db, async (tx) => {
    await lockKey(tx, `classification.request:${id}`);
    const current = await repo.findRequest(tx, id);
    if (!current || current.status !== 'submitted') throw conflict(`Request ${r.reference} has been ruled on; its datasheet can no longer change`);
    const stored = await storeUpload(tx, ctx, { ...file, organisationId: r.organisation_id });
    await repo.setDatasheet(tx, id, stored.id, nowIso(ctx));
    await recordAudit(tx, ctx, {
      action: 'classification.datasheet_uploaded',
      subjectType: 'classification_request',
      subjectId: id,
      before: { datasheetFileId: current.datasheet_file_id },
      after: { datasheetFileId: stored.id, filename: stored.filename, contentType: stored.content_type, size: stored.size, sha256: stored.sha256 },
    });
    return { id: stored.id, filename: stored.filename, contentType: stored.content_type, size: stored.size, sha256: stored.sha256, uploadedAt: stored.created_at };
  });
}

/** The datasheet's bytes, for whoever may see the request. */
export async function getDatasheet(ctx: Ctx, id: string) {
  const a = assertCanReadRequests(ctx.actor);
  const r = await repo.findRequest(ctx.db, id);
  assertCanSeeRequest(a, r);
  const file = r.datasheet_file_id ? await repo.findFile(ctx.db, r.datasheet_file_id) : undefined;
  if (!file) throw notFound('Datasheet');
  return { filename: file.filename, contentType: file.content_type, data: readStoredFile(file.storage_path) };
}

/** An officer rules: a control entry down to the sub-item, or "not listed", with a rationale. The exporter is notified. */
export async function ruleOnRequest(ctx: Ctx, id: string, input: RulingInput) {
  const a = assertCanRule(ctx.actor);
  const r = await repo.findRequest(ctx.db, id);
  if (!r) throw notFound('Classification request');
  if (r.status === 'ruled') throw conflict(`Request ${r.reference} has already been ruled on`);
  const list: ControlList = input.list ?? 'eu';
  const rationale = input.rationale.trim();
  const fields: Record<string, string> = {};
  if (rationale.length < 10) fields.rationale = 'explain the ruling (at least 10 characters)';
  let code: string | null = null;
  let title: string | null = null;
  if (input.notListed && input.code) fields.notListed = 'give either a code or notListed: true, not both';
  else if (!input.notListed && !input.code?.trim()) fields.code = 'give the control entry (e.g. 5A002.a.1) or notListed: true';
  else if (input.code) {
    code = normaliseCode(input.code);
    const problem = codeFormatProblem(list, code);
    if (problem) fields.code = problem;
  }
  if (Object.keys(fields).length) throw invalid(fields);
  if (code) {
    const asOf = isoDate(ctx.clock.now());
    const found = await lookupEntry(ctx.db, list, code, asOf);
    if (found.status === 'unknown') {
      const near = nearestCodes(await controlListAsOf(ctx.db, list, asOf), code, 5);
      throw invalid({ code: `${code} is not an entry of the ${list.toUpperCase()} control list in force on ${asOf}${near.length ? `; nearest existing codes: ${near.join(', ')}` : ''}` });
    }
    if (found.status === 'found') {
      code = found.code;
      title = found.title;
    }
  }
  const now = nowIso(ctx);
  return withTx(ctx.db, async (tx) => {
    // Two officers ruling at once: the second waits here, then sees the first ruling (409, never a constraint error).
    await lockKey(tx, `classification.request:${id}`);
    const current = await repo.findRequest(tx, id);
    if (!current || current.status === 'ruled' || (await repo.findRuling(tx, id))) throw conflict(`Request ${r.reference} has already been ruled on`);
    const ruling: RulingRow = {
      id: newId(),
      request_id: id,
      list: code ? list : null,
      code,
      title,
      not_listed: code ? 0 : 1,
      rationale,
      ruled_by: a.userId,
      ruled_at: now,
    };
    await repo.insertRuling(tx, ruling);
    await repo.setStatus(tx, id, 'ruled', now);
    await recordAudit(tx, ctx, {
      action: 'classification.ruled',
      subjectType: 'classification_request',
      subjectId: id,
      before: { status: current.status },
      after: { status: 'ruled', list: ruling.list, code, notListed: !code, rationale },
      details: { reference: r.reference, rulingId: ruling.id },
    });
    const verdict = code ? `controlled under ${list.toUpperCase()} ${code}${title ? ` (${title})` : ''}` : 'not listed on any control list';
    await notify(tx, ctx.clock.now(), { userId: r.created_by }, {
      kind: 'classification.ruled',
      title: `Ruling on ${r.reference}: ${code ?? 'not listed'}`,
      body: `${r.product_name} is ${verdict}.`,
      link: `/classification/requests/${id}`,
    });
    return presentRequestFull(tx, a, { ...current, status: 'ruled', updated_at: now });
  });
}

// ---------- precedents ----------


/** A parameter as another organisation sees it: names and values pass through the same redaction as free text. */
const redactParam = (x: ParameterRow, r: RedactionContext) => ({ name: redactText(x.name, r), value: redactText(x.value, r), unit: x.unit === null ? null : redactText(x.unit, r) });

function presentPrecedent(p: PrecedentRow, view: 'full' | 'redacted', own: boolean) {
  const ruling = { list: p.list, code: p.code, title: p.title, notListed: Boolean(Number(p.not_listed)), ruledAt: p.ruled_at };
  if (view === 'full') {
    return {
      view,
      own,
      requestId: p.id,
      reference: p.reference,
      productName: p.product_name,
      description: p.description,
      manufacturer: p.manufacturer,
      partNumber: p.part_number,
      organisation: { id: p.organisation_id, name: p.organisation_name } as { id: string; name: string } | null,
      parameters: p.parameters.map(presentParam),
      ruling: { ...ruling, rationale: p.rationale },
    };
  }
  const r = redactionFor(p);
  return {
    view,
    own,
    requestId: null as string | null,
    reference: p.reference,
    productName: redactText(p.product_name, r),
    description: redactText(p.description, r),
    manufacturer: redactManufacturer(p.manufacturer, r),
    partNumber: Number(p.publish_part_number) ? p.part_number : null,
    organisation: null,
    parameters: p.parameters.map((x) => redactParam(x, r)),
    ruling: { ...ruling, ruledAt: p.ruled_at.slice(0, 10), rationale: redactText(p.rationale, r) },
  };
}

/** Parses `name:value[:unit]` (or `name:value unit`) parameter queries. */
export function parseParamQuery(items: string[]): Param[] {
  return items.map((s, i) => {
    const parts = s.split(':');
    if (parts.length < 2 || !parts[0].trim() || !parts[1].trim())
      throw invalid({ [items.length > 1 ? `param.${i}` : 'param']: `"${s}" is not name:value or name:value:unit (e.g. frequency:5:GHz)` });
    const [name, value, ...unit] = parts;
    const q = parseQuantity(value.trim(), unit.join(':').trim() || null);
    return { nameKey: parameterKey(name), label: name.trim(), value: value.trim(), num: q.num, baseUnit: q.baseUnit };
  });
}

interface Ranked {
  p: PrecedentRow;
  score: number;
  textScore: number | null;
  parameterScore: number | null;
  matchedParameters: string[];
}

/** Ranks precedents against text and/or parameters; best first, weak matches (score < minScore) dropped. */
function rank(index: PrecedentIndex, textTokens: string[] | null, params: Param[] | null, minScore: number, opts: { exclude?: string | null; only?: Set<string> } = {}): Ranked[] {
  const textScores = textTokens ? index.text.score(textTokens) : null;
  const out: Ranked[] = [];
  index.docs.forEach((d, i) => {
    if (d.row.id === opts.exclude || (opts.only && !opts.only.has(d.row.id))) return;
    const ts = textScores ? textScores[i] : null;
    const ps = params ? parameterScore(params, d.params) : null;
    const score = combine(ts, ps?.score ?? null);
    if (score >= minScore) out.push({ p: d.row, score, textScore: ts, parameterScore: ps?.score ?? null, matchedParameters: ps?.matched ?? [] });
  });
  return out.sort((x, y) => y.score - x.score || y.p.ruled_at.localeCompare(x.p.ruled_at));
}

const round = (n: number | null) => (n === null ? null : Math.round(n * 1000) / 1000);

/**
 * Similar earlier rulings: by text (TF-IDF over name, description, manufacturer) and technical parameters
 * (same names, close values). `like` uses a request's own product as the query. Authority users see precedents
 * in full; exporters see their organisation's in full and others redacted.
 */
export async function searchPrecedents(ctx: Ctx, q: { q?: string; param?: string[]; like?: string; limit?: number }) {
  const a = assertCanSearchPrecedents(ctx.actor);
  let textTokens: string[] | null = q.q?.trim() ? tokenize(q.q) : null;
  let params: Param[] | null = q.param?.length ? parseParamQuery(q.param) : null;
  let exclude: string | null = null;
  if (q.like) {
    if (!isFiler(a)) assertCanReadRequests(a);
    const r = await repo.findRequest(ctx.db, q.like);
    assertCanSeeRequest(a, r);
    exclude = r.id;
    const own = (await repo.parametersOf(ctx.db, [r.id])).get(r.id) ?? [];
    textTokens = [...(textTokens ?? []), ...docTokens({ name: r.product_name, description: r.description, manufacturer: r.manufacturer })];
    if (own.length) params = [...(params ?? []), ...own.map(toParam)];
  }
  if (!textTokens && !params) throw invalid({ q: 'give q (words), param (name:value:unit) or like (a request id)' });
  if (textTokens && !textTokens.length && !params) throw invalid({ q: 'has no searchable words' });
  const index = await precedentIndex(ctx.db);
  const ranked = rank(index, textTokens, params, 0.05, { exclude }).slice(0, q.limit ?? 10);
  return {
    total: ranked.length,
    results: ranked.map((x) => {
      const own = isFiler(a) && x.p.organisation_id === a.organisationId;
      return {
        ...presentPrecedent(x.p, precedentView(a, x.p.organisation_id), own),
        score: round(x.score)!,
        textScore: round(x.textScore),
        parameterScore: round(x.parameterScore),
        matchedParameters: x.matchedParameters,
      };
    }),
  };
}

/**
 * Published rulings for everyone (no sign-in): only what the authority chose to publish (see classification.publication.ts),
 * stored already redacted. Text search reads the published text only, so a query cannot rank rulings by hidden words.
 */
export async function publicRulings(ctx: Ctx, q: { q?: string; code?: string; limit?: number; offset?: number }) {
  // Public by design: no permission check; nothing but the publication record is read.
  let rows = (await repo.listPublications(ctx.db)).map(presentPublication);
  if (q.code?.trim()) {
    const c = normaliseCode(q.code);
    rows = rows.filter((p) => p.rating.code && (p.rating.code === c || p.rating.code.startsWith(c + '.') || (c.length < 5 && p.rating.code.startsWith(c))));
  }
  let scored: Array<(typeof rows)[number] & { score?: number }> = rows;
  if (q.q?.trim()) {
    const want = [...new Set(tokenize(q.q))];
    if (!want.length) throw invalid({ q: 'has no searchable words' });
    scored = rows
      .map((p) => {
        const have = new Set(tokenize([p.publicSummary, p.description ?? '', ...p.parameters.map((x) => `${x.name} ${x.value}`), p.rating.title ?? ''].join(' ')));
        return { ...p, score: round(want.filter((w) => have.has(w)).length / want.length)! };
      })
      .filter((p) => p.score > 0)
      .sort((a, b) => b.score - a.score);
  }
  const offset = q.offset ?? 0;
  return { total: scored.length, rulings: scored.slice(offset, offset + (q.limit ?? 20)) };
}
