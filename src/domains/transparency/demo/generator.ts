import { caseProfiles, type CaseProfile } from '../stats-data.js';
import { NO_HOLIDAYS, addWorkingDays as addCalendarWorkingDays } from '../../../platform/calendar.js';

/**
 * Plans a demo year of licence applications. Destinations, control ratings, outcomes and refusal criteria are drawn
 * from the real UK decisions of 2012–2014 (data/stats/uk-case-profiles-2012-2014.csv.gz) in their real proportions:
 * each planned case copies one real licence decision's destination, ratings, outcome and criteria.
 * What the UK data does not give is drawn from documented assumptions (ASSUMPTIONS below).
 */
export const ASSUMPTIONS = {
  /** Share of approvals issued with provisos (conditions). */
  provisoShare: 0.3,
  humanitarianShare: 0.02,
  /** Share of applications from research organisations. */
  researchShare: 0.05,
  /** Share of cases where the officer asks the exporter a question (the clock stops until answered). */
  questionShare: 0.15,
  /** Share of refusals appealed, and of appeals overturned. */
  appealShare: 0.2,
  overturnShare: 0.15,
  /** Share of issued licences later suspended or revoked. */
  suspendShare: 0.004,
  revokeShare: 0.002,
  /** Working days from receipt to decision (log-normal; median ≈ 14, p90 ≈ 35; humanitarian cases are fast-tracked). */
  processingMedian: 14,
  processingSigma: 0.7,
};

export interface PlannedGood {
  rating: string | null;
  description: string;
  value: number;
}

export interface CasePlan {
  n: number;
  submitAt: Date;
  destination: string;
  destinationName: string;
  goods: PlannedGood[];
  declarations: { militaryEndUse: boolean; wmdSuspected: boolean; humanitarian: boolean };
  research: boolean;
  outcome: 'approved' | 'approved_with_provisos' | 'refused';
  criteria: string[];
  question: { askAt: Date; answerAt: Date } | null;
  adviseAt: Date;
  decideAt: Date;
  appeal: { lodgeAt: Date; decideAt: Date; outcome: 'upheld' | 'overturned' } | null;
  licenceAction: { at: Date; action: 'suspend' | 'revoke' } | null;
}

/** Deterministic PRNG (mulberry32) so a seed reproduces the same year. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const RATING_RE = /^(ML\d{1,2}|PL\d{4}|\d[A-E]\d{3})$/;

const DESCRIPTIONS: Record<string, string> = {
  military: 'Military equipment components',
  dual_use: 'Dual-use equipment',
};

/** Adds working days (Mon–Fri) to a date, keeping the time of day. */
export function addWorkingDays(d: Date, n: number): Date {
  const iso = d.toISOString();
  return new Date(addCalendarWorkingDays(iso.slice(0, 10), n, NO_HOLIDAYS) + iso.slice(10));
}

const atHour = (d: Date, hour: number, minute: number) => {
  const o = new Date(d);
  o.setUTCHours(hour, minute, 0, 0);
  return o;
};

export function planYear(year: number, count: number, seed = year): CasePlan[] {
  const r = rng(seed);
  const profiles = caseProfiles().filter((p) => p.iso2 && p.iso2.length === 2 && p.iso2 !== 'GB');
  const cum: number[] = [];
  let total = 0;
  for (const p of profiles) cum.push((total += p.cases));
  const pick = (): CaseProfile => {
    const x = r() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return profiles[lo]!;
  };
  const approvedValues = profiles.filter((p) => p.outcome === 'approved' && p.valueGbp > 0).map((p) => p.valueGbp / p.cases);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const start = Date.UTC(year, 0, 2);
  const span = Date.UTC(year, 11, 31) - start;

  const plans: CasePlan[] = [];
  for (let n = 0; n < count; n++) {
    const p = pick();
    let day = new Date(start + Math.floor(r() * span));
    while (day.getUTCDay() === 0 || day.getUTCDay() === 6) day = new Date(day.getTime() + 86_400_000);
    const submitAt = atHour(day, 8 + Math.floor(r() * 9), Math.floor(r() * 60));
    const unrated = p.ratings.filter((x) => !RATING_RE.test(x));
    const rated = p.ratings.filter((x) => RATING_RE.test(x));
    const caseValue = p.outcome === 'approved' && p.valueGbp > 0 ? p.valueGbp / p.cases : approvedValues[Math.floor(r() * approvedValues.length)]!;
    const goods: PlannedGood[] = (rated.length ? rated : [null]).map((rating) => ({
      rating,
      description: rating ? `${rating.startsWith('ML') || rating.startsWith('PL5') ? DESCRIPTIONS.military : DESCRIPTIONS.dual_use} (${rating})` : 'Unlisted industrial equipment',
      value: Math.max(100, Math.round(caseValue / Math.max(1, rated.length))),
    }));
    const humanitarian = r() < ASSUMPTIONS.humanitarianShare;
    const days = Math.max(1, Math.round(ASSUMPTIONS.processingMedian * Math.exp(ASSUMPTIONS.processingSigma * normal()) * (humanitarian ? 0.5 : 1)));
    const hasQuestion = r() < ASSUMPTIONS.questionShare && days >= 4;
    const askAt = hasQuestion ? atHour(addWorkingDays(submitAt, 1 + Math.floor(r() * Math.max(1, days / 3))), 10, 0) : null;
    const question = askAt ? { askAt, answerAt: atHour(addWorkingDays(askAt, 1 + Math.floor(r() * 6)), 11, 30) } : null;
    const base = question ? question.answerAt : submitAt;
    const decideAt = atHour(addWorkingDays(submitAt, days + (question ? Math.max(0, Math.round((question.answerAt.getTime() - question.askAt.getTime()) / 86_400_000 * 5 / 7)) : 0)), 15, 0);
    const adviseAt = new Date(Math.max(base.getTime() + 60_000, decideAt.getTime() - 2 * 3600_000));
    const refused = p.outcome === 'refused';
    const outcome = refused ? 'refused' : r() < ASSUMPTIONS.provisoShare ? 'approved_with_provisos' : 'approved';
    const appeal =
      refused && r() < ASSUMPTIONS.appealShare
        ? (() => {
            const lodgeAt = atHour(addWorkingDays(decideAt, 2 + Math.floor(r() * 12)), 10, 0);
            return { lodgeAt, decideAt: atHour(addWorkingDays(lodgeAt, 10 + Math.floor(r() * 20)), 14, 0), outcome: (r() < ASSUMPTIONS.overturnShare ? 'overturned' : 'upheld') as 'upheld' | 'overturned' };
          })()
        : null;
    const x = r();
    const licenceAction = !refused && x < ASSUMPTIONS.suspendShare + ASSUMPTIONS.revokeShare
      ? { at: atHour(addWorkingDays(decideAt, 20 + Math.floor(r() * 80)), 12, 0), action: (x < ASSUMPTIONS.revokeShare ? 'revoke' : 'suspend') as 'suspend' | 'revoke' }
      : null;
    plans.push({
      n,
      submitAt,
      destination: p.iso2,
      destinationName: p.destination,
      goods,
      declarations: {
        militaryEndUse: unrated.includes('MEND'),
        wmdSuspected: !rated.length && unrated.some((u) => u === 'END USE' || u === 'ART 4B'),
        humanitarian,
      },
      research: r() < ASSUMPTIONS.researchShare,
      outcome,
      criteria: refused ? (p.criteria.length ? p.criteria : ['7']) : [],
      question,
      adviseAt,
      decideAt,
      appeal,
      licenceAction,
    });
  }
  return plans;
}
