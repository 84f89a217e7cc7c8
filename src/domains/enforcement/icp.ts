/**
 * The seven core elements of an internal compliance programme, Commission Recommendation (EU) 2019/1318
 * (OJ L 205, 5.8.2019, p. 15), Annex, section 2: each audit scores them 0–3 and findings follow up the gaps.
 */
export const ICP_ELEMENTS = [
  { id: 'management_commitment', label: '1. Top-level management commitment to compliance' },
  { id: 'organisation_resources', label: '2. Organisation structure, responsibilities and resources' },
  { id: 'training_awareness', label: '3. Training and awareness raising' },
  { id: 'transaction_screening', label: '4. Transaction screening process and procedures' },
  { id: 'performance_review', label: '5. Performance review, audits, reporting and corrective actions' },
  { id: 'recordkeeping', label: '6. Recordkeeping and documentation' },
  { id: 'physical_information_security', label: '7. Physical and information security' },
] as const;
export type IcpElement = (typeof ICP_ELEMENTS)[number]['id'];
export const ELEMENT_IDS = ICP_ELEMENTS.map((e) => e.id) as [IcpElement, ...IcpElement[]];

export const RATINGS = ['inadequate', 'weak', 'adequate', 'strong'] as const;
export type IcpRatingLevel = (typeof RATINGS)[number];

export interface Checklist {
  [element: string]: { score: number; note: string | null };
}

export interface OpenFinding {
  severity: string;
  due_on: string;
}

/**
 * A rating from the audit's scores, lowered by what is still open: an open critical finding caps it at `weak`,
 * each open major finding drops one level, and open findings past their deadline drop one more. Closing
 * findings lifts it back; the scores only change with a new audit.
 */
export function rateIcp(checklist: Checklist, open: OpenFinding[], today: string) {
  const scores = ELEMENT_IDS.map((e) => checklist[e]?.score ?? 0);
  const mean = scores.reduce((s, n) => s + n, 0) / scores.length;
  let level = mean >= 2.5 ? 3 : mean >= 1.75 ? 2 : mean >= 1 ? 1 : 0;
  const reasons = [`mean element score ${mean.toFixed(2)} of 3 → ${RATINGS[level]}`];
  const majors = open.filter((f) => f.severity === 'major').length;
  if (majors) {
    level -= majors;
    reasons.push(`${majors} open major finding(s): −${majors}`);
  }
  if (open.some((f) => f.severity === 'critical') && level > 1) {
    level = 1;
    reasons.push('an open critical finding caps the rating at weak');
  }
  const overdue = open.filter((f) => f.due_on < today).length;
  if (overdue) {
    level -= 1;
    reasons.push(`${overdue} open finding(s) past their deadline: −1`);
  }
  level = Math.max(0, Math.min(3, level));
  return { rating: RATINGS[level]!, score: Math.round(mean * 100) / 100, reasons, overdue };
}
