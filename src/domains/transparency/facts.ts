import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { invalid } from '../../platform/errors.js';
import { countryName } from './stats-data.js';
import { NO_HOLIDAYS, workingDaysBetween as calendarDaysBetween } from '../../platform/calendar.js';

/**
 * What the statistics know about one case. Written (upserted) by `recordCaseFact` whenever a case is submitted,
 * decided, withdrawn, appealed, or its licence is suspended or revoked. Omitted fields keep their stored value.
 */
export interface CaseFact {
  caseId: string;
  reference?: string | null;
  /** e.g. siel, oiel, sitcl, … (licensing's case_type code). */
  caseType?: string;
  /** ISO date-time the application was submitted (received). */
  receivedAt?: string | null;
  /** ISO date-time of the final decision (null while open). */
  decidedAt?: string | null;
  /** approved | approved_with_provisos | refused | no_licence_required | withdrawn */
  outcome?: string | null;
  /** ISO 3166-1 alpha-2 of the final destination (or a published destination name when there is no code). */
  destination?: string;
  destinationName?: string;
  /** The goods' control ratings (ML10, 5A002, End Use…) with their values; category and regime are derived. */
  goods?: { rating: string | null; value?: number }[];
  /** Refusal criteria cited (1–8). */
  refusalCriteria?: string[];
  /** Working days from receipt to decision, excluding clock stops; computed (Mon–Fri) when omitted. */
  processingDays?: number | null;
  /** Statutory target in working days. */
  targetDays?: number | null;
  questionsCount?: number;
  clockStopDays?: number;
  humanitarian?: boolean;
  research?: boolean;
  appealLodgedAt?: string | null;
  appealDecidedAt?: string | null;
  /** pending | upheld | overturned */
  appealOutcome?: string | null;
  /** individual | general | null */
  licenceType?: 'individual' | 'general' | null;
  /** Value of the goods licensed (GBP or the licence currency; used for shares only). */
  licenceValue?: number;
  suspendedAt?: string | null;
  revokedAt?: string | null;
}

export const OUTCOMES = ['approved', 'approved_with_provisos', 'refused', 'no_licence_required', 'withdrawn'] as const;
export const APPEAL_OUTCOMES = ['pending', 'upheld', 'overturned'] as const;

/** Control category and regime of a rating, following the UK ratings file and the EU dual-use numbering (xx0xx WA, 1xx MTCR, 2xx NSG, 3xx AG, 4xx CWC). */
export function classifyRating(raw: string | null | undefined): { rating: string; category: string; regime: string } {
  const rating = (raw ?? '').trim().toUpperCase();
  if (!rating) return { rating: 'UNRATED', category: 'other', regime: 'none' };
  if (/^ML\d+/.test(rating)) return { rating, category: 'military', regime: 'WA-ML' };
  if (rating === 'MILTA') return { rating, category: 'military', regime: 'WA-ML' };
  if (/^PL5\d+/.test(rating)) return { rating, category: 'military', regime: 'UK-national' };
  if (/^PL\d+/.test(rating)) return { rating, category: 'dual_use', regime: 'UK-national' };
  const du = /^\d[A-E](\d)\d\d/.exec(rating);
  if (du) {
    const regime = ({ '0': 'WA', '1': 'MTCR', '2': 'NSG', '3': 'AG', '4': 'CWC' } as Record<string, string>)[du[1]!] ?? 'national';
    return { rating, category: 'dual_use', regime };
  }
  if (rating === 'END USE' || rating === 'MEND' || rating === 'ART 4B') return { rating, category: 'catch_all', regime: 'end-use' };
  if (/^(HR|FR) A/.test(rating)) return { rating, category: 'other', regime: 'anti-torture' };
  if (/^[A-Z]{3}( OG)?$/.test(rating)) return { rating, category: 'sanctions', regime: 'sanctions' };
  return { rating, category: 'other', regime: 'other' };
}

/** Mon–Fri working days after `from` up to and including `to` (dates in UTC), minus the given holidays; 0 when `to` is not later. */
export function workingDaysBetween(fromIso: string, toIso: string, holidays: ReadonlySet<string> = NO_HOLIDAYS): number {
  const n = calendarDaysBetween(fromIso.slice(0, 10), toIso.slice(0, 10), holidays);
  return n > 0 ? n : 0; // also 0 for an unreadable date (NaN)
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function checkFact(f: CaseFact) {
  const fields: Record<string, string> = {};
  if (!f.caseId || typeof f.caseId !== 'string') fields.caseId = 'is required';
  for (const k of ['receivedAt', 'decidedAt', 'appealLodgedAt', 'appealDecidedAt', 'suspendedAt', 'revokedAt'] as const) {
    const v = f[k];
    if (v != null && !ISO_RE.test(v)) fields[k] = 'must be an ISO date or date-time';
  }
  if (f.outcome != null && !/^[a-z_]{2,40}$/.test(f.outcome)) fields.outcome = `must be one of ${OUTCOMES.join(', ')}`;
  if (f.appealOutcome != null && !(APPEAL_OUTCOMES as readonly string[]).includes(f.appealOutcome)) fields.appealOutcome = `must be one of ${APPEAL_OUTCOMES.join(', ')}`;
  for (const k of ['processingDays', 'targetDays', 'questionsCount', 'clockStopDays'] as const) {
    const v = f[k];
    if (v != null && (!Number.isInteger(v) || v < 0)) fields[k] = 'must be a whole number of days, 0 or more';
  }
  if (Object.keys(fields).length) throw invalid(fields, 'The case fact is invalid');
}

const toIso = (v: string | null | undefined) => (v == null ? null : v.length === 10 ? `${v}T00:00:00.000Z` : new Date(v).toISOString());

type FactRow = import('./transparency.tables.js').StatsCaseFactsTable;

/** Merges a fact into the stored row (or a blank one) and derives processing days and the within-target flag. */
function mergeFact(prev: FactRow | undefined, f: CaseFact, now: string, firstGood?: { category: string; regime: string }): FactRow {
  const pick = <K extends keyof CaseFact, T>(k: K, col: T, map: (v: NonNullable<CaseFact[K]>) => T): T => {
    const v = f[k];
    if (v === undefined) return col;
    return v === null ? (null as T) : map(v as NonNullable<CaseFact[K]>);
  };
  const dest = f.destination ?? prev?.destination ?? 'unknown';
  const row: FactRow = {
    case_id: f.caseId,
    reference: pick('reference', prev?.reference ?? null, (v) => v),
    case_type: f.caseType ?? prev?.case_type ?? 'siel',
    received_at: pick('receivedAt', prev?.received_at ?? null, (v) => toIso(v)),
    decided_at: pick('decidedAt', prev?.decided_at ?? null, (v) => toIso(v)),
    outcome: pick('outcome', prev?.outcome ?? null, (v) => v),
    destination: dest,
    destination_name: f.destinationName ?? (f.destination ? countryName(dest) : prev?.destination_name) ?? countryName(dest),
    control_category: firstGood?.category ?? prev?.control_category ?? 'other',
    regime: firstGood?.regime ?? prev?.regime ?? 'none',
    processing_days: pick('processingDays', prev?.processing_days ?? null, (v) => v),
    target_days: pick('targetDays', prev?.target_days ?? null, (v) => v),
    within_target: null,
    questions_count: f.questionsCount ?? prev?.questions_count ?? 0,
    clock_stop_days: f.clockStopDays ?? prev?.clock_stop_days ?? 0,
    humanitarian: f.humanitarian === undefined ? (prev?.humanitarian ?? 0) : f.humanitarian ? 1 : 0,
    research: f.research === undefined ? (prev?.research ?? 0) : f.research ? 1 : 0,
    appeal_lodged_at: pick('appealLodgedAt', prev?.appeal_lodged_at ?? null, (v) => toIso(v)),
    appeal_decided_at: pick('appealDecidedAt', prev?.appeal_decided_at ?? null, (v) => toIso(v)),
    appeal_outcome: pick('appealOutcome', prev?.appeal_outcome ?? null, (v) => v),
    licence_type: pick('licenceType', prev?.licence_type ?? null, (v) => v),
    licence_value: f.licenceValue ?? prev?.licence_value ?? 0,
    suspended_at: pick('suspendedAt', prev?.suspended_at ?? null, (v) => toIso(v)),
    revoked_at: pick('revokedAt', prev?.revoked_at ?? null, (v) => toIso(v)),
    updated_at: now,
  };
  if (f.processingDays === undefined && row.received_at && row.decided_at && (f.decidedAt !== undefined || f.receivedAt !== undefined || f.clockStopDays !== undefined || row.processing_days == null))
    row.processing_days = Math.max(0, workingDaysBetween(row.received_at, row.decided_at) - row.clock_stop_days);
  if (!row.decided_at) row.processing_days = null;
  row.within_target = row.processing_days != null && row.target_days != null ? (row.processing_days <= row.target_days ? 1 : 0) : null;
  return row;
}

/**
 * Records (upserts) what the statistics need about a case, inside the caller's transaction.
 * Call it on submission, decision, withdrawal, appeal lodged/decided and licence suspension/revocation.
 * `goods` and `refusalCriteria`, when given, replace the stored lists.
 */
export async function recordCaseFact(tx: Executor, fact: CaseFact, now: string = new Date().toISOString()): Promise<void> {
  checkFact(fact);
  const prev = await tx.selectFrom('stats_case_facts').selectAll().where('case_id', '=', fact.caseId).executeTakeFirst();
  const goods = fact.goods?.map((g, i) => ({ line: i + 1, value: Number(g.value ?? 0) || 0, ...classifyRating(g.rating) }));
  const row = mergeFact(prev, fact, now, goods?.[0]);
  if (prev) await tx.updateTable('stats_case_facts').set(row).where('case_id', '=', fact.caseId).execute();
  else await tx.insertInto('stats_case_facts').values(row).execute();
  if (goods) {
    await tx.deleteFrom('stats_fact_goods').where('case_id', '=', fact.caseId).execute();
    if (goods.length)
      await tx
        .insertInto('stats_fact_goods')
        .values(goods.map((g) => ({ case_id: fact.caseId, line: g.line, rating: g.rating, control_category: g.category, regime: g.regime, value: g.value })))
        .execute();
  }
  await writeRegimes(tx, [fact.caseId]);
  if (fact.refusalCriteria) {
    await tx.deleteFrom('stats_fact_criteria').where('case_id', '=', fact.caseId).execute();
    const crit = [...new Set(fact.refusalCriteria.map((c) => String(c).trim()).filter(Boolean))];
    if (crit.length) await tx.insertInto('stats_fact_criteria').values(crit.map((criterion) => ({ case_id: fact.caseId, criterion }))).execute();
  }
}

/**
 * Inserts many new facts at once (fixtures, demo data, benchmarks): no merge with stored rows, batched.
 * Existing rows with the same case id are replaced.
 */
export async function insertCaseFacts(tx: Executor, facts: CaseFact[], now: string = new Date().toISOString()): Promise<void> {
  const rows: FactRow[] = [];
  const goods: { case_id: string; line: number; rating: string; control_category: string; regime: string; value: number }[] = [];
  const crit: { case_id: string; criterion: string }[] = [];
  for (const f of facts) {
    checkFact(f);
    const g = (f.goods ?? []).map((x, i) => ({ case_id: f.caseId, line: i + 1, value: Number(x.value ?? 0) || 0, ...classifyRating(x.rating) }));
    rows.push(mergeFact(undefined, f, now, g[0]));
    for (const x of g) goods.push({ case_id: x.case_id, line: x.line, rating: x.rating, control_category: x.category, regime: x.regime, value: x.value });
    for (const c of new Set(f.refusalCriteria ?? [])) crit.push({ case_id: f.caseId, criterion: String(c) });
  }
  const ids = facts.map((f) => f.caseId);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await tx.deleteFrom('stats_fact_goods').where('case_id', 'in', chunk).execute();
    await tx.deleteFrom('stats_fact_criteria').where('case_id', 'in', chunk).execute();
    await tx.deleteFrom('stats_fact_regimes').where('case_id', 'in', chunk).execute();
    await tx.deleteFrom('stats_case_facts').where('case_id', 'in', chunk).execute();
  }
  // SQLite allows 32766 bound parameters; facts have 26 columns.
  for (let i = 0; i < rows.length; i += 1000) await tx.insertInto('stats_case_facts').values(rows.slice(i, i + 1000)).execute();
  for (let i = 0; i < goods.length; i += 4000) await tx.insertInto('stats_fact_goods').values(goods.slice(i, i + 4000)).execute();
  for (let i = 0; i < crit.length; i += 8000) await tx.insertInto('stats_fact_criteria').values(crit.slice(i, i + 8000)).execute();
  for (let i = 0; i < ids.length; i += 500) await writeRegimes(tx, ids.slice(i, i + 500));
}

/** Rewrites the distinct category/regime rows of some cases from their goods, copying outcome and decision time. */
async function writeRegimes(tx: Executor, caseIds: string[]): Promise<void> {
  await tx.deleteFrom('stats_fact_regimes').where('case_id', 'in', caseIds).execute();
  await tx
    .insertInto('stats_fact_regimes')
    .columns(['case_id', 'control_category', 'regime', 'outcome', 'decided_at'])
    .expression(
      tx
        .selectFrom('stats_fact_goods as g')
        .innerJoin('stats_case_facts as f', 'f.case_id', 'g.case_id')
        .select(['g.case_id', 'g.control_category', 'g.regime', 'f.outcome', 'f.decided_at'])
        .where('g.case_id', 'in', caseIds)
        .distinct(),
    )
    .execute();
}

/** Removes every fact (used by a full rebuild). */
export async function clearCaseFacts(tx: Executor): Promise<void> {
  await tx.deleteFrom('stats_fact_regimes').execute();
  await tx.deleteFrom('stats_fact_goods').execute();
  await tx.deleteFrom('stats_fact_criteria').execute();
  await tx.deleteFrom('stats_case_facts').execute();
}

export { sql };
