import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { invalid } from '../../platform/errors.js';
import { refusalCriteria } from './stats-data.js';
import { csvCell } from '../../platform/csv.js';
import { generalLicenceUseByDestination } from '../customs/index.js';

/** Small-cell threshold: public outputs show counts 1–4 as "<5" and withhold statistics computed from fewer than 5 cases. */
export const SUPPRESSION_THRESHOLD = 5;
export const SUPPRESSED = '<5' as const;

export interface Period {
  id: string;
  kind: 'year' | 'quarter';
  /** "2025" or "2025-Q1" (the same as the id). */
  period: string;
  title: string;
  /** Inclusive start, exclusive end, ISO date-times (UTC). */
  start: string;
  end: string;
}

const QUARTER_NAMES = ['January to March', 'April to June', 'July to September', 'October to December'];

/** Parses an edition id: `2025` (annual) or `2025-Q3` (quarterly). Throws 400 otherwise. */
export function parsePeriod(id: string): Period {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(id);
  if (!m) throw invalid({ id: 'must be a year like 2025 or a quarter like 2025-Q1' });
  const year = Number(m[1]);
  if (year < 1990 || year > 2200) throw invalid({ id: 'year is out of range' });
  if (!m[2]) {
    return { id, kind: 'year', period: id, title: `Strategic export licensing statistics ${year}`, start: `${year}-01-01T00:00:00.000Z`, end: `${year + 1}-01-01T00:00:00.000Z` };
  }
  const q = Number(m[2]);
  const sm = (q - 1) * 3 + 1;
  const em = sm + 3;
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    id,
    kind: 'quarter',
    period: id,
    title: `Strategic export licensing statistics ${year} Q${q} (${QUARTER_NAMES[q - 1]})`,
    start: `${year}-${pad(sm)}-01T00:00:00.000Z`,
    end: em > 12 ? `${year + 1}-01-01T00:00:00.000Z` : `${year}-${pad(em)}-01T00:00:00.000Z`,
  };
}

/** The number of cases, or "<5" in public outputs. */
export type Count = number | typeof SUPPRESSED;

export interface ReportBody {
  id: string;
  period: string;
  periodKind: 'year' | 'quarter';
  title: string;
  periodStart: string;
  periodEnd: string;
  generatedAt: string;
  suppressed: boolean;
  applications: { received: Count; decided: Count; withdrawn: Count };
  outcomeTotals: { outcome: string; count: Count }[];
  outcomes: { destination: string; destinationName: string; outcome: string; count: Count }[];
  outcomesByCaseType: { caseType: string; outcome: string; count: Count }[];
  outcomesByControlCategory: { controlCategory: string; regime: string; outcome: string; count: Count }[];
  refusalCriteria: { criterion: string; description: string; count: Count }[];
  processingDays: {
    median: number | null;
    p90: number | null;
    targetDays: number | null;
    decidedWithTarget: Count;
    withinTarget: Count;
    withinTargetShare: number | null;
    distribution: { band: string; from: number; to: number | null; count: Count }[];
  };
  questions: { casesWithQuestions: Count; questionsAsked: Count; clockStopDays: number; casesDecided: Count };
  appeals: { lodged: Count; decided: Count; outcomes: { outcome: string; count: Count }[] };
  humanitarian: { decided: Count; processingDays: { median: number | null; p90: number | null } };
  research: { decided: Count; processingDays: { median: number | null; p90: number | null } };
  licences: { suspended: Count; revoked: Count; valueByType: { licenceType: string; cases: Count; value: number | null }[] };
  decisionsOverTime: { month: string; outcome: string; count: Count }[];
  /** Released customs lines under general licences, by licence, destination and currency (customs' snapshot). */
  generalLicenceUse?: { generalLicence: string; destination: string; currency: string; lines: Count; exporters: Count; value: number | null }[];
}

export const DISTRIBUTION_BANDS: { band: string; from: number; to: number | null }[] = [
  { band: '0-5', from: 0, to: 5 },
  { band: '6-10', from: 6, to: 10 },
  { band: '11-20', from: 11, to: 20 },
  { band: '21-30', from: 21, to: 30 },
  { band: '31-60', from: 31, to: 60 },
  { band: '61+', from: 61, to: null },
];

/** Nearest-rank percentile over a histogram of whole days. */
export function percentile(hist: { days: number; n: number }[], p: number): number | null {
  const sorted = [...hist].filter((h) => h.n > 0).sort((a, b) => a.days - b.days);
  const total = sorted.reduce((s, h) => s + h.n, 0);
  if (!total) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let cum = 0;
  for (const h of sorted) {
    cum += h.n;
    if (cum >= rank) return h.days;
  }
  return sorted[sorted.length - 1]!.days;
}

const num = (v: unknown) => Number(v ?? 0) || 0;

/** Licences suspended and revoked in the period (moved out of buildReport to keep it within its size). */
const licenceActions = (db: Executor, start: string, end: string) =>
  db
    .selectFrom('stats_case_facts')
    .select([
      sql<number>`sum(case when suspended_at >= ${start} and suspended_at < ${end} then 1 else 0 end)`.as('suspended'),
      sql<number>`sum(case when revoked_at >= ${start} and revoked_at < ${end} then 1 else 0 end)`.as('revoked'),
    ])
    .where((eb) => eb.or([eb.and([eb('suspended_at', '>=', start), eb('suspended_at', '<', end)]), eb.and([eb('revoked_at', '>=', start), eb('revoked_at', '<', end)])]))
    .executeTakeFirst();

/**
 * Builds the full (unsuppressed) report for a period with aggregate SQL over the fact tables.
 * Queries run concurrently (on PostgreSQL each takes its own pooled connection).
 */
export async function buildReport(db: Executor, period: Period, now: Date): Promise<ReportBody> {
  const { start, end } = period;
  const decided = () => db.selectFrom('stats_case_facts as f').where('f.decided_at', '>=', start).where('f.decided_at', '<', end).where('f.outcome', 'is not', null);

  const [received, byDest, byType, byCat, crit, hist, questions, appealsLodged, appealsDecided, lic, value, overTime] = await Promise.all([
    db.selectFrom('stats_case_facts').select((eb) => eb.fn.countAll().as('n')).where('received_at', '>=', start).where('received_at', '<', end).executeTakeFirst(),
    decided().select(['f.destination', 'f.outcome', (eb) => eb.fn.max('f.destination_name').as('name'), (eb) => eb.fn.countAll().as('n')]).groupBy(['f.destination', 'f.outcome']).execute(),
    decided().select(['f.case_type', 'f.outcome', (eb) => eb.fn.countAll().as('n')]).groupBy(['f.case_type', 'f.outcome']).execute(),
    db
      .selectFrom('stats_fact_regimes as g')
      .where('g.decided_at', '>=', start)
      .where('g.decided_at', '<', end)
      .where('g.outcome', 'is not', null)
      .select(['g.control_category', 'g.regime', 'g.outcome', (eb) => eb.fn.countAll().as('n')])
      .groupBy(['g.control_category', 'g.regime', 'g.outcome'])
      .execute(),
    decided().innerJoin('stats_fact_criteria as c', 'c.case_id', 'f.case_id').select(['c.criterion', (eb) => eb.fn.countAll().as('n')]).groupBy('c.criterion').execute(),
    decided()
      .where('f.processing_days', 'is not', null)
      .where('f.outcome', '!=', 'withdrawn')
      .select([
        'f.processing_days as days',
        'f.humanitarian',
        'f.research',
        (eb) => eb.fn.countAll().as('n'),
        sql<number>`sum(case when f.within_target = 1 then 1 else 0 end)`.as('within'),
        sql<number>`sum(case when f.within_target is not null then 1 else 0 end)`.as('with_target'),
        (eb) => eb.fn.max('f.target_days').as('target'),
      ])
      .groupBy(['f.processing_days', 'f.humanitarian', 'f.research'])
      .execute(),
    decided()
      .select([
        sql<number>`sum(case when f.questions_count > 0 then 1 else 0 end)`.as('cases'),
        sql<number>`sum(f.questions_count)`.as('asked'),
        sql<number>`sum(f.clock_stop_days)`.as('stop_days'),
        (eb) => eb.fn.countAll().as('n'),
      ])
      .executeTakeFirst(),
    db.selectFrom('stats_case_facts').select((eb) => eb.fn.countAll().as('n')).where('appeal_lodged_at', '>=', start).where('appeal_lodged_at', '<', end).executeTakeFirst(),
    db
      .selectFrom('stats_case_facts')
      .select(['appeal_outcome', (eb) => eb.fn.countAll().as('n')])
      .where('appeal_decided_at', '>=', start)
      .where('appeal_decided_at', '<', end)
      .where('appeal_outcome', 'in', ['upheld', 'overturned'])
      .groupBy('appeal_outcome')
      .execute(),
    licenceActions(db, start, end),
    decided().where('f.licence_type', 'is not', null).select(['f.licence_type', (eb) => eb.fn.countAll().as('n'), (eb) => eb.fn.sum('f.licence_value').as('v')]).groupBy('f.licence_type').execute(),
    decided().select([sql<string>`substr(f.decided_at, 1, 7)`.as('month'), 'f.outcome', (eb) => eb.fn.countAll().as('n')]).groupBy([sql`substr(f.decided_at, 1, 7)`, 'f.outcome']).execute(),
  ]);

  const lastDay = new Date(new Date(end).getTime() - 86_400_000).toISOString().slice(0, 10);
  const glUse = await generalLicenceUseByDestination(db, { from: start.slice(0, 10), to: lastDay, minCell: 0 });
  const outcomeTotals = new Map<string, number>();
  for (const r of byDest) outcomeTotals.set(r.outcome!, (outcomeTotals.get(r.outcome!) ?? 0) + num(r.n));
  const decidedTotal = [...outcomeTotals.values()].reduce((a, b) => a + b, 0);

  const all: { days: number; n: number }[] = [];
  const hum: { days: number; n: number }[] = [];
  const res: { days: number; n: number }[] = [];
  let within = 0;
  let withTarget = 0;
  const targets = new Map<number, number>();
  for (const h of hist) {
    const e = { days: num(h.days), n: num(h.n) };
    all.push(e);
    if (num(h.humanitarian)) hum.push(e);
    if (num(h.research)) res.push(e);
    within += num(h.within);
    withTarget += num(h.with_target);
    if (h.target != null) targets.set(num(h.target), (targets.get(num(h.target)) ?? 0) + e.n);
  }
  const sumN = (xs: { n: number }[]) => xs.reduce((s, x) => s + x.n, 0);
  const descriptions = new Map(refusalCriteria().map((c) => [c.criterion, c.description]));
  const targetDays = [...targets.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;

  return {
    id: period.id,
    period: period.period,
    periodKind: period.kind,
    title: period.title,
    periodStart: period.start.slice(0, 10),
    periodEnd: new Date(new Date(period.end).getTime() - 86_400_000).toISOString().slice(0, 10),
    generatedAt: now.toISOString(),
    suppressed: false,
    applications: { received: num(received?.n), decided: decidedTotal - (outcomeTotals.get('withdrawn') ?? 0), withdrawn: outcomeTotals.get('withdrawn') ?? 0 },
    outcomeTotals: [...outcomeTotals.entries()].map(([outcome, count]) => ({ outcome, count })).sort((a, b) => a.outcome.localeCompare(b.outcome)),
    outcomes: byDest
      .map((r) => ({ destination: r.destination, destinationName: String(r.name ?? r.destination), outcome: r.outcome!, count: num(r.n) }))
      .sort((a, b) => a.destinationName.localeCompare(b.destinationName) || a.outcome.localeCompare(b.outcome)),
    outcomesByCaseType: byType.map((r) => ({ caseType: r.case_type, outcome: r.outcome!, count: num(r.n) })).sort((a, b) => a.caseType.localeCompare(b.caseType) || a.outcome.localeCompare(b.outcome)),
    outcomesByControlCategory: byCat
      .map((r) => ({ controlCategory: r.control_category, regime: r.regime, outcome: r.outcome!, count: num(r.n) }))
      .sort((a, b) => a.controlCategory.localeCompare(b.controlCategory) || a.regime.localeCompare(b.regime) || a.outcome.localeCompare(b.outcome)),
    refusalCriteria: crit
      .map((r) => ({ criterion: r.criterion, description: descriptions.get(r.criterion) ?? '', count: num(r.n) }))
      .sort((a, b) => a.criterion.localeCompare(b.criterion, undefined, { numeric: true })),
    processingDays: {
      median: percentile(all, 0.5),
      p90: percentile(all, 0.9),
      targetDays,
      decidedWithTarget: withTarget,
      withinTarget: within,
      withinTargetShare: withTarget ? Math.round((within / withTarget) * 1000) / 1000 : null,
      distribution: DISTRIBUTION_BANDS.map((b) => ({ ...b, count: sumN(all.filter((h) => h.days >= b.from && (b.to == null || h.days <= b.to))) })),
    },
    questions: { casesWithQuestions: num(questions?.cases), questionsAsked: num(questions?.asked), clockStopDays: num(questions?.stop_days), casesDecided: num(questions?.n) },
    appeals: {
      lodged: num(appealsLodged?.n),
      decided: appealsDecided.reduce((s, r) => s + num(r.n), 0),
      outcomes: appealsDecided.map((r) => ({ outcome: r.appeal_outcome!, count: num(r.n) })).sort((a, b) => a.outcome.localeCompare(b.outcome)),
    },
    humanitarian: { decided: sumN(hum), processingDays: { median: percentile(hum, 0.5), p90: percentile(hum, 0.9) } },
    research: { decided: sumN(res), processingDays: { median: percentile(res, 0.5), p90: percentile(res, 0.9) } },
    licences: {
      suspended: num(lic?.suspended),
      revoked: num(lic?.revoked),
      valueByType: value.map((r) => ({ licenceType: r.licence_type!, cases: num(r.n), value: Math.round(num(r.v)) })).sort((a, b) => a.licenceType.localeCompare(b.licenceType)),
    },
    decisionsOverTime: overTime.map((r) => ({ month: r.month, outcome: r.outcome!, count: num(r.n) })).sort((a, b) => a.month.localeCompare(b.month) || a.outcome.localeCompare(b.outcome)),
    generalLicenceUse: glUse.map((g) => ({ generalLicence: g.generalLicence, destination: g.destination, currency: g.currency, lines: g.lines ?? 0, exporters: g.exporters ?? 0, value: g.value })),
  };
}

/** A count as the public sees it: 1–4 becomes "<5" (0 and 5+ are shown). */
export const suppressCount = (c: Count): Count => (typeof c === 'number' && c > 0 && c < SUPPRESSION_THRESHOLD ? SUPPRESSED : c);
const small = (c: Count) => typeof c === 'number' && c < SUPPRESSION_THRESHOLD;

/** The public version of a report: small cells suppressed, statistics over fewer than 5 cases withheld (null). */
export function suppressReport(r: ReportBody): ReportBody {
  const s = suppressCount;
  const stats = (n: Count, p: { median: number | null; p90: number | null }) => (small(n) ? { median: null, p90: null } : p);
  const pd = r.processingDays;
  return {
    ...r,
    suppressed: true,
    applications: { received: s(r.applications.received), decided: s(r.applications.decided), withdrawn: s(r.applications.withdrawn) },
    outcomeTotals: r.outcomeTotals.map((x) => ({ ...x, count: s(x.count) })),
    outcomes: r.outcomes.map((x) => ({ ...x, count: s(x.count) })),
    outcomesByCaseType: r.outcomesByCaseType.map((x) => ({ ...x, count: s(x.count) })),
    outcomesByControlCategory: r.outcomesByControlCategory.map((x) => ({ ...x, count: s(x.count) })),
    refusalCriteria: r.refusalCriteria.map((x) => ({ ...x, count: s(x.count) })),
    processingDays: {
      ...stats(r.applications.decided, { median: pd.median, p90: pd.p90 }),
      targetDays: pd.targetDays,
      decidedWithTarget: s(pd.decidedWithTarget),
      withinTarget: s(pd.withinTarget),
      withinTargetShare: small(pd.decidedWithTarget) ? null : pd.withinTargetShare,
      distribution: pd.distribution.map((x) => ({ ...x, count: s(x.count) })),
    },
    questions: { casesWithQuestions: s(r.questions.casesWithQuestions), questionsAsked: s(r.questions.questionsAsked), clockStopDays: r.questions.clockStopDays, casesDecided: s(r.questions.casesDecided) },
    appeals: { lodged: s(r.appeals.lodged), decided: s(r.appeals.decided), outcomes: r.appeals.outcomes.map((x) => ({ ...x, count: s(x.count) })) },
    humanitarian: { decided: s(r.humanitarian.decided), processingDays: stats(r.humanitarian.decided, r.humanitarian.processingDays) },
    research: { decided: s(r.research.decided), processingDays: stats(r.research.decided, r.research.processingDays) },
    licences: {
      suspended: s(r.licences.suspended),
      revoked: s(r.licences.revoked),
      valueByType: r.licences.valueByType.map((x) => ({ licenceType: x.licenceType, cases: s(x.cases), value: small(x.cases) ? null : x.value })),
    },
    decisionsOverTime: r.decisionsOverTime.map((x) => ({ ...x, count: s(x.count) })),
    // Value withheld when fewer than 5 lines or 3 exporters: one exporter's trade could be read off it.
    generalLicenceUse: r.generalLicenceUse?.map((x) => ({ ...x, lines: s(x.lines), exporters: s(x.exporters), value: small(x.lines) || (typeof x.exporters === 'number' && x.exporters < 3) ? null : x.value })),
  };
}

const CSV_HEADER = ['table', 'key', 'subkey', 'outcome', 'value'] as const;
export const REPORT_CSV_COLUMNS = CSV_HEADER;

/** The report as long-format CSV: table,key,subkey,outcome,value (one row per cell). */
export function reportToCsv(r: ReportBody): string {
  const out: unknown[][] = [CSV_HEADER as unknown as unknown[]];
  const row = (table: string, key: unknown, subkey: unknown, outcome: unknown, value: unknown) => out.push([table, key, subkey, outcome, value]);
  row('edition', 'period', '', '', r.period);
  row('edition', 'title', '', '', r.title);
  row('edition', 'period_start', '', '', r.periodStart);
  row('edition', 'period_end', '', '', r.periodEnd);
  row('applications', 'received', '', '', r.applications.received);
  row('applications', 'decided', '', '', r.applications.decided);
  row('applications', 'withdrawn', '', '', r.applications.withdrawn);
  for (const x of r.outcomeTotals) row('outcome_totals', x.outcome, '', x.outcome, x.count);
  for (const x of r.outcomes) row('outcomes_by_destination', x.destination, x.destinationName, x.outcome, x.count);
  for (const x of r.outcomesByCaseType) row('outcomes_by_case_type', x.caseType, '', x.outcome, x.count);
  for (const x of r.outcomesByControlCategory) row('outcomes_by_control_category', x.controlCategory, x.regime, x.outcome, x.count);
  for (const x of r.refusalCriteria) row('refusal_criteria', x.criterion, '', 'refused', x.count);
  const pd = r.processingDays;
  row('processing_days', 'median', '', '', pd.median);
  row('processing_days', 'p90', '', '', pd.p90);
  row('processing_days', 'target_days', '', '', pd.targetDays);
  row('processing_days', 'within_target', '', '', pd.withinTarget);
  row('processing_days', 'within_target_share', '', '', pd.withinTargetShare);
  for (const b of pd.distribution) row('processing_days_distribution', b.band, '', '', b.count);
  row('questions', 'cases_with_questions', '', '', r.questions.casesWithQuestions);
  row('questions', 'questions_asked', '', '', r.questions.questionsAsked);
  row('questions', 'clock_stop_days', '', '', r.questions.clockStopDays);
  row('appeals', 'lodged', '', '', r.appeals.lodged);
  row('appeals', 'decided', '', '', r.appeals.decided);
  for (const x of r.appeals.outcomes) row('appeals', 'outcome', '', x.outcome, x.count);
  row('humanitarian', 'decided', '', '', r.humanitarian.decided);
  row('humanitarian', 'median_days', '', '', r.humanitarian.processingDays.median);
  row('humanitarian', 'p90_days', '', '', r.humanitarian.processingDays.p90);
  row('research', 'decided', '', '', r.research.decided);
  row('research', 'median_days', '', '', r.research.processingDays.median);
  row('research', 'p90_days', '', '', r.research.processingDays.p90);
  row('licences', 'suspended', '', '', r.licences.suspended);
  row('licences', 'revoked', '', '', r.licences.revoked);
  for (const x of r.licences.valueByType) {
    row('licence_value', x.licenceType, 'cases', '', x.cases);
    row('licence_value', x.licenceType, 'value', '', x.value);
  }
  for (const x of r.decisionsOverTime) row('decisions_by_month', x.month, '', x.outcome, x.count);
  for (const x of r.generalLicenceUse ?? []) {
    row('general_licence_use', x.generalLicence, `${x.destination} ${x.currency}`, 'lines', x.lines);
    row('general_licence_use', x.generalLicence, `${x.destination} ${x.currency}`, 'value', x.value);
  }
  return out.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
