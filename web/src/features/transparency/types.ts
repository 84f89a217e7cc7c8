export type Count = number | '<5';
export interface Edition { id: string; period: string; title: string }
export interface Report {
  id: string;
  period: string;
  periodKind: 'year' | 'quarter';
  title: string;
  periodStart: string;
  periodEnd: string;
  revision: number | null;
  publishedAt: string | null;
  applications: { received: Count; decided: Count; withdrawn: Count };
  outcomeTotals: { outcome: string; count: Count }[];
  outcomes: { destination: string; destinationName: string; outcome: string; count: Count }[];
  outcomesByCaseType: { caseType: string; outcome: string; count: Count }[];
  outcomesByControlCategory: { controlCategory: string; regime: string; outcome: string; count: Count }[];
  refusalCriteria: { criterion: string; description: string; count: Count }[];
  processingDays: { median: number | null; p90: number | null; targetDays: number | null; withinTarget: Count; withinTargetShare: number | null; distribution: { band: string; count: Count }[] };
  questions: { casesWithQuestions: Count; questionsAsked: Count; clockStopDays: number };
  appeals: { lodged: Count; decided: Count; outcomes: { outcome: string; count: Count }[] };
  humanitarian: { decided: Count; processingDays: { median: number | null; p90: number | null } };
  research: { decided: Count; processingDays: { median: number | null; p90: number | null } };
  licences: { suspended: Count; revoked: Count; valueByType: { licenceType: string; cases: Count; value: number | null }[] };
  decisionsOverTime: { month: string; outcome: string; count: Count }[];
}
export interface IndicatorPoint {
  quarter: string;
  decided: Count;
  medianProcessingDays: number | null;
  withinTargetShare: number | null;
  refusalRate: number | null;
  appealOverturnRate: number | null;
  humanitarianMedianDays?: number | null;
  otherMedianDays?: number | null;
  generalLicenceValueShare?: number | null;
  individualLicenceValueShare?: number | null;
}
export const num = (c: Count) => (typeof c === 'number' ? c : 0);
export const pct = (v: number | null | undefined) => (v == null ? '—' : `${Math.round(v * 1000) / 10}%`);
export const days = (v: number | null | undefined) => (v == null ? '—' : `${v} days`);
