import anyAscii from 'any-ascii';
import { sql, type Executor } from '../../platform/db/index.js';
import { notFound } from '../../platform/errors.js';
import type { LicApplicationsTable } from './licensing.tables.js';

/** UK Strategic Export Licensing Criteria (2021): the structured reasons a refusal cites. */
export const REFUSAL_CRITERIA: Record<string, string> = {
  '1': 'International obligations and commitments (non-proliferation, embargoes, sanctions)',
  '2': 'Respect for human rights and international humanitarian law',
  '3': 'Internal situation in the country of final destination (armed conflict, tensions)',
  '4': 'Preservation of regional peace, security and stability',
  '5': 'National security of the United Kingdom and of allies',
  '6': 'Behaviour of the buyer country towards the international community (terrorism, international law)',
  '7': 'Risk of diversion or re-export to undesirable end users',
  '8': 'Compatibility with the technical and economic capacity of the recipient country',
};

export const PARTY_ROLES = ['consignee', 'end_user', 'ultimate_end_user', 'third_party'] as const;
export const THIRD_PARTY_SUB_ROLES = ['broker', 'agent', 'freight_forwarder', 'intermediate_consignee', 'consultant', 'other'] as const;
export const ADVICE_DECISIONS = ['approve', 'approve_with_provisos', 'refuse', 'no_licence_required'] as const;
export const FINAL_OUTCOMES = ['approved', 'approved_with_provisos', 'refused'] as const;
export const DOCUMENT_KINDS = ['end_user_undertaking', 'technical_specification', 'contract', 'appeal_evidence', 'correspondence', 'other'] as const;

export async function loadApplication(db: Executor, id: string): Promise<LicApplicationsTable> {
  // Ids are UUIDs; anything else cannot exist (and PostgreSQL would reject nothing here since ids are text).
  const app = await db.selectFrom('lic_applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!app) throw notFound('Application');
  return app;
}

export async function loadHolidays(db: Executor): Promise<Set<string>> {
  const rows = await db.selectFrom('lic_holidays').select('date').execute();
  return new Set(rows.map((r) => r.date));
}

export async function loadCaseType(db: Executor, code: string) {
  return db.selectFrom('lic_case_types').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Next number of a named counter (atomic upsert; safe across processes). */
export async function nextCounter(db: Executor, name: string): Promise<number> {
  const row = await db
    .insertInto('lic_counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`lic_counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}

/** Case reference such as GBSIEL/2026/0000123. */
export async function nextCaseReference(db: Executor, prefix: string, year: number): Promise<string> {
  const n = await nextCounter(db, `case:${prefix}:${year}`);
  return `${prefix}/${year}/${String(n).padStart(7, '0')}`;
}

const SUFFIXES = new Set(['ltd', 'limited', 'llc', 'inc', 'incorporated', 'gmbh', 'co', 'company', 'corp', 'corporation', 'sa', 'plc', 'the', 'ag', 'bv', 'srl', 'spa', 'llp', 'pte', 'pty', 'oy', 'ab', 'as', 'sarl', 'kk', 'jsc', 'ooo', 'of', 'and']);

/** Lower-case ASCII words without punctuation or company suffixes, for denial matching. */
export function normaliseName(name: string): string {
  return anyAscii(name)
    .toLowerCase()
    .replace(/[.']/g, '') // "S.A." → "sa", "O'Brien" → "obrien"
    .replace(/[^a-z0-9]+/g, ' ')
    .split(' ')
    .filter((w) => w && !SUFFIXES.has(w))
    .join(' ');
}

/** 1 for the same normalised name, otherwise the share of words in common (Jaccard). */
export function nameSimilarity(a: string, b: string): number {
  if (!a || !b) return 0;
  if (a === b) return 1;
  const A = new Set(a.split(' '));
  const B = new Set(b.split(' '));
  let common = 0;
  for (const w of A) if (B.has(w)) common++;
  return common / (A.size + B.size - common);
}

export const parseJson = <T>(s: string | null | undefined, fallback: T): T => {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export const ratingsColumn = (ratings: (string | null | undefined)[]) => {
  const set = [...new Set(ratings.filter((r): r is string => Boolean(r)).map((r) => r.trim().toUpperCase()))];
  return set.length ? `,${set.join(',')},` : '';
};

/**
 * Finalised cases, for transparency statistics and exports: one row per case with the columns reports group by.
 * Stable contract (see docs/licensing.md): add fields, never rename.
 */
export async function listFinalisedCases(db: Executor, opts: { from?: string; to?: string; limit?: number; offset?: number } = {}) {
  let q = db
    .selectFrom('lic_applications')
    .select([
      'id',
      'reference',
      'case_type',
      'export_type',
      'outcome',
      'destination',
      'ratings',
      'refusal_criteria',
      'humanitarian',
      'submitted_at',
      'decided_at',
      'public_rationale',
      'status',
      'organisation_id',
    ])
    .where('outcome', 'is not', null)
    .orderBy('decided_at')
    .orderBy('id');
  if (opts.from) q = q.where('decided_at', '>=', opts.from);
  if (opts.to) q = q.where('decided_at', '<', opts.to);
  if (opts.limit) q = q.limit(opts.limit).offset(opts.offset ?? 0);
  const rows = await q.execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    caseType: r.case_type,
    exportType: r.export_type,
    outcome: r.outcome!,
    destination: r.destination,
    ratings: r.ratings.split(',').filter(Boolean),
    refusalCriteria: (r.refusal_criteria ?? '').split(',').filter(Boolean),
    humanitarian: Boolean(Number(r.humanitarian)),
    submittedAt: r.submitted_at,
    decidedAt: r.decided_at,
    publicRationale: r.public_rationale,
    status: r.status,
    organisationId: r.organisation_id,
  }));
}

/** The ratings column (",ML10,5A002,") as a list. */
export const splitRatings = (s: string | null | undefined) => (s ?? '').split(',').filter(Boolean);
