import { invalid } from '../../../platform/errors.js';
import { findPack, type AwgPack, type BisPack, type Factor, type PenaltyPack } from './packs.js';

export interface Step {
  step: string;
  explanation: string;
  amount: number | null;
  citation: string;
}

export interface CalculationInput {
  pack: string;
  version?: string;
  transactionValue: number;
  egregious?: boolean;
  voluntarySelfDisclosure?: boolean;
  /** de-awg: intentional or negligent; serious (AWG § 19(1)…) or other; gravity; economic benefit. */
  intent?: 'intentional' | 'negligent';
  offence?: 'serious' | 'other';
  gravity?: 'low' | 'medium' | 'high';
  economicBenefit?: number;
  factors?: string[];
}

export interface Calculation {
  pack: string;
  version: string;
  title: string;
  currency: string;
  input: CalculationInput;
  steps: Step[];
  penalty: number;
  notes: string[];
}

const round = (n: number) => Math.round(n * 100) / 100;
const money = (n: number, cur: string) => `${cur} ${n.toLocaleString('en', { maximumFractionDigits: 2 })}`;

/** Runs a pack over the facts and returns every step with its citation. Stores nothing. */
export function calculatePenalty(input: CalculationInput): Calculation {
  const pack = findPack(input.pack, input.version);
  if (!pack) throw invalid({ [input.version && findPack(input.pack) ? 'version' : 'pack']: `no penalty guidance ${input.pack}${input.version ? ` version ${input.version}` : ''}; see GET /api/enforcement/penalties/packs` });
  const known = new Set(pack.factors.map((f) => f.id));
  const unknown = (input.factors ?? []).filter((f) => !known.has(f));
  if (unknown.length) throw invalid({ factors: `not in ${pack.id} ${pack.version}: ${unknown.join(', ')} (known: ${[...known].join(', ')})` });
  const r = pack.kind === 'us-bis' ? bis(pack, input) : awg(pack, input);
  return { pack: pack.id, version: pack.version, title: pack.title, currency: pack.currency, input, ...r };
}

/** Aggravating and mitigating factors as shares of the base, each its own step. */
function applyFactors(pack: PenaltyPack, base: number, ids: string[], steps: Step[]) {
  let total = base;
  const chosen = pack.factors.filter((f: Factor) => ids.includes(f.id));
  for (const f of chosen) {
    const delta = round(base * f.weight * (f.kind === 'aggravating' ? 1 : -1));
    total += delta;
    steps.push({ step: `${f.kind} factor`, explanation: `${f.label}: ${f.kind === 'aggravating' ? '+' : '−'}${f.weight * 100}% of the base (${f.weightSource === 'policy' ? 'weight set by this authority\'s policy' : 'weight from the source'})`, amount: delta, citation: f.citation });
  }
  return Math.max(0, round(total));
}

function bis(p: BisPack, i: CalculationInput) {
  if (i.egregious === undefined) throw invalid({ egregious: 'is required for the BIS guidance (true or false)' });
  if (i.voluntarySelfDisclosure === undefined) throw invalid({ voluntarySelfDisclosure: 'is required for the BIS guidance (true or false)' });
  const steps: Step[] = [];
  const cur = p.currency;
  const statMax = Math.max(p.statutoryMaximum.fixed, p.statutoryMaximum.multiple * i.transactionValue);
  steps.push({ step: 'statutory maximum', explanation: `Greater of ${money(p.statutoryMaximum.fixed, cur)} and ${p.statutoryMaximum.multiple} × the transaction value ${money(i.transactionValue, cur)}: ${money(statMax, cur)}`, amount: statMax, citation: p.statutoryMaximum.citation });
  steps.push({ step: 'egregiousness', explanation: i.egregious ? 'Egregious case' : 'Non-egregious case', amount: null, citation: p.egregiousCitation });
  steps.push({ step: 'voluntary self-disclosure', explanation: i.voluntarySelfDisclosure ? 'Voluntarily self-disclosed' : 'Not voluntarily self-disclosed', amount: null, citation: p.vsdCitation });
  let base: number;
  let how: string;
  const notes: string[] = [];
  if (i.egregious && i.voluntarySelfDisclosure) [base, how] = [statMax / 2, 'Egregious, self-disclosed: one-half of the statutory maximum'];
  else if (i.egregious) [base, how] = [statMax, 'Egregious, not self-disclosed: the statutory maximum'];
  else if (i.voluntarySelfDisclosure) {
    base = i.transactionValue / 2;
    how = 'Non-egregious, self-disclosed: one-half of the transaction value';
    if (p.caps.nonEgregiousVsd !== null && base > p.caps.nonEgregiousVsd) [base, how] = [p.caps.nonEgregiousVsd, `${how}, capped at ${money(p.caps.nonEgregiousVsd, cur)}`];
  } else {
    const band = p.schedule.find((b) => b.below === null || i.transactionValue < b.below)!;
    base = band.amount;
    how = `Non-egregious, not self-disclosed: the schedule amount for a transaction value ${band.below === null ? 'at the top band' : `below ${money(band.below, cur)}`}`;
    if (p.caps.nonEgregiousNonVsd !== null && base > p.caps.nonEgregiousNonVsd) [base, how] = [p.caps.nonEgregiousNonVsd, `${how}, capped`];
    notes.push(p.scheduleNote);
  }
  base = round(Math.min(base, statMax));
  steps.push({ step: 'base penalty', explanation: how, amount: base, citation: how.includes('capped') ? `${p.matrixCitation}; ${p.caps.citation}` : p.matrixCitation });
  const adjusted = applyFactors(p, base, i.factors ?? [], steps);
  const penalty = Math.min(adjusted, statMax);
  steps.push({ step: 'result', explanation: adjusted > statMax ? `Adjusted ${money(adjusted, cur)} exceeds the statutory maximum; limited to it` : `Base with factors applied: ${money(penalty, cur)}`, amount: penalty, citation: p.statutoryMaximum.citation });
  return { steps, penalty, notes };
}

function awg(p: AwgPack, i: CalculationInput) {
  const steps: Step[] = [];
  const cur = p.currency;
  const intent = i.intent ?? 'intentional';
  const offence = i.offence ?? 'serious';
  const gravity = i.gravity ?? 'medium';
  if (i.voluntarySelfDisclosure && intent === 'negligent') {
    steps.push({ step: 'self-disclosure', explanation: 'Negligent violation found by internal control, disclosed and remedied: not prosecuted', amount: 0, citation: p.selfDisclosureCitation });
    return { steps, penalty: 0, notes: [] };
  }
  let max = p.maxima[offence];
  steps.push({ step: 'maximum fine', explanation: `${offence === 'serious' ? 'Offence under § 19(1) and the listed paragraphs' : 'Other offence'}: up to ${money(max, cur)}`, amount: max, citation: p.maxima.citation });
  if (intent === 'negligent') {
    max /= 2;
    steps.push({ step: 'negligence', explanation: `Negligent: at most half, ${money(max, cur)}`, amount: max, citation: p.negligenceCitation });
  }
  const base = round(max * p.gravity[gravity]);
  steps.push({ step: 'base fine', explanation: `Gravity ${gravity}: ${p.gravity[gravity] * 100}% of the maximum`, amount: base, citation: p.gravityCitation });
  let fine = Math.min(applyFactors(p, base, i.factors ?? [], steps), max);
  const benefit = i.economicBenefit ?? 0;
  if (benefit > 0 && fine <= benefit) {
    fine = round(benefit * 1.1);
    steps.push({ step: 'economic benefit', explanation: `The fine must exceed the benefit of ${money(benefit, cur)}: raised to 110% of it (may exceed the maximum)`, amount: fine, citation: p.benefitCitation });
  }
  steps.push({ step: 'result', explanation: `Fine: ${money(fine, cur)}`, amount: fine, citation: p.gravityCitation });
  return { steps, penalty: fine, notes: i.voluntarySelfDisclosure ? ['A disclosure of an intentional violation does not bar a fine under AWG § 22(4); weigh it as cooperation.'] : [] };
}
