import { sql } from 'kysely';
import type { Executor } from '../../platform/db/index.js';
import { percentile, SUPPRESSION_THRESHOLD } from './report.js';

/** One quarter of impact indicators. */
export interface IndicatorPoint {
  quarter: string; // 2025-Q1
  decided: number;
  medianProcessingDays: number | null;
  withinTargetShare: number | null;
  refusalRate: number | null;
  appealsDecided: number;
  appealOverturnRate: number | null;
  humanitarianMedianDays: number | null;
  otherMedianDays: number | null;
  generalLicenceValueShare: number | null;
  individualLicenceValueShare: number | null;
}

/** The indicators the public sees (documented in docs/transparency.md); the rest are for officers and oversight. */
export const PUBLIC_INDICATORS = ['medianProcessingDays', 'withinTargetShare', 'refusalRate', 'appealOverturnRate'] as const;

const quarterOf = (month: string) => `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1000) / 1000 : null);
const n = (v: unknown) => Number(v ?? 0) || 0;

/** Impact indicators per quarter over every decided case (aggregate SQL by month, folded into quarters). */
export async function computeIndicators(db: Executor, opts: { fromYear?: number; toYear?: number } = {}): Promise<IndicatorPoint[]> {
  const from = opts.fromYear ? `${opts.fromYear}-01-01` : '0000';
  const to = opts.toYear ? `${opts.toYear + 1}-01-01` : '9999';
  const month = sql<string>`substr(decided_at, 1, 7)`;
  const [hist, appeals, values] = await Promise.all([
    db
      .selectFrom('stats_case_facts')
      .where('decided_at', '>=', from)
      .where('decided_at', '<', to)
      .where('outcome', 'is not', null)
      .where('outcome', '!=', 'withdrawn')
      .select([
        month.as('month'),
        'processing_days as days',
        'humanitarian',
        (eb) => eb.fn.countAll().as('n'),
        sql<number>`sum(case when outcome = 'refused' then 1 else 0 end)`.as('refused'),
        sql<number>`sum(case when within_target = 1 then 1 else 0 end)`.as('within'),
        sql<number>`sum(case when within_target is not null then 1 else 0 end)`.as('with_target'),
      ])
      .groupBy([month, 'processing_days', 'humanitarian'])
      .execute(),
    db
      .selectFrom('stats_case_facts')
      .where('appeal_decided_at', '>=', from)
      .where('appeal_decided_at', '<', to)
      .where('appeal_outcome', 'in', ['upheld', 'overturned'])
      .select([sql<string>`substr(appeal_decided_at, 1, 7)`.as('month'), 'appeal_outcome', (eb) => eb.fn.countAll().as('n')])
      .groupBy([sql`substr(appeal_decided_at, 1, 7)`, 'appeal_outcome'])
      .execute(),
    db
      .selectFrom('stats_case_facts')
      .where('decided_at', '>=', from)
      .where('decided_at', '<', to)
      .where('licence_type', 'is not', null)
      .select([month.as('month'), 'licence_type', (eb) => eb.fn.sum('licence_value').as('v')])
      .groupBy([month, 'licence_type'])
      .execute(),
  ]);
  type Acc = { decided: number; refused: number; within: number; withTarget: number; all: { days: number; n: number }[]; hum: { days: number; n: number }[]; other: { days: number; n: number }[]; upheld: number; overturned: number; general: number; individual: number };
  const qs = new Map<string, Acc>();
  const acc = (q: string) => {
    let a = qs.get(q);
    if (!a) qs.set(q, (a = { decided: 0, refused: 0, within: 0, withTarget: 0, all: [], hum: [], other: [], upheld: 0, overturned: 0, general: 0, individual: 0 }));
    return a;
  };
  for (const r of hist) {
    const a = acc(quarterOf(r.month));
    a.decided += n(r.n);
    a.refused += n(r.refused);
    a.within += n(r.within);
    a.withTarget += n(r.with_target);
    if (r.days != null) {
      const e = { days: n(r.days), n: n(r.n) };
      a.all.push(e);
      (n(r.humanitarian) ? a.hum : a.other).push(e);
    }
  }
  for (const r of appeals) {
    const a = acc(quarterOf(r.month));
    if (r.appeal_outcome === 'overturned') a.overturned += n(r.n);
    else a.upheld += n(r.n);
  }
  for (const r of values) {
    const a = acc(quarterOf(r.month));
    if (r.licence_type === 'general') a.general += n(r.v);
    else a.individual += n(r.v);
  }
  return [...qs.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([quarter, a]) => ({
      quarter,
      decided: a.decided,
      medianProcessingDays: percentile(a.all, 0.5),
      withinTargetShare: ratio(a.within, a.withTarget),
      refusalRate: ratio(a.refused, a.decided),
      appealsDecided: a.upheld + a.overturned,
      appealOverturnRate: ratio(a.overturned, a.upheld + a.overturned),
      humanitarianMedianDays: percentile(a.hum, 0.5),
      otherMedianDays: percentile(a.other, 0.5),
      generalLicenceValueShare: ratio(a.general, a.general + a.individual),
      individualLicenceValueShare: ratio(a.individual, a.general + a.individual),
    }));
}

/** The public subset: the documented indicators only; a quarter with fewer than 5 decisions (or appeals) is withheld (null). */
export function publicIndicators(points: IndicatorPoint[]) {
  return points.map((p) => {
    const few = p.decided < SUPPRESSION_THRESHOLD;
    return {
      quarter: p.quarter,
      decided: few && p.decided > 0 ? ('<5' as const) : p.decided,
      medianProcessingDays: few ? null : p.medianProcessingDays,
      withinTargetShare: few ? null : p.withinTargetShare,
      refusalRate: few ? null : p.refusalRate,
      appealOverturnRate: p.appealsDecided < SUPPRESSION_THRESHOLD ? null : p.appealOverturnRate,
    };
  });
}
