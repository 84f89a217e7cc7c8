/**
 * Penalty guidance as versioned policy data. A pack says how a base penalty is reached and which factors move it,
 * each with the text it comes from. Weights are this authority's policy choices where the source gives none
 * (marked `weightSource: 'policy'`); the figures a source does give are transcribed with their citation.
 */
export interface Factor {
  id: string;
  label: string;
  kind: 'aggravating' | 'mitigating';
  /** Fraction of the base penalty added (aggravating) or taken off (mitigating). */
  weight: number;
  weightSource: 'source' | 'policy';
  citation: string;
}

export interface BisPack {
  kind: 'us-bis';
  id: string;
  version: string;
  title: string;
  currency: 'USD';
  sources: { citation: string; url: string }[];
  /** Statutory maximum per violation: the greater of `fixed` and `multiple` × transaction value. */
  statutoryMaximum: { fixed: number; multiple: number; citation: string };
  /** Caps on the base penalty in non-egregious cases (removed in 2024). */
  caps: { nonEgregiousVsd: number | null; nonEgregiousNonVsd: number | null; citation: string };
  /** Non-egregious, not self-disclosed: the amount for the first band whose `below` exceeds the value (null: no upper bound). */
  schedule: { below: number | null; amount: number }[];
  scheduleNote: string;
  matrixCitation: string;
  egregiousCitation: string;
  vsdCitation: string;
  factors: Factor[];
}

export interface AwgPack {
  kind: 'de-awg';
  id: string;
  version: string;
  title: string;
  currency: 'EUR';
  sources: { citation: string; url: string }[];
  maxima: { serious: number; other: number; citation: string };
  negligenceCitation: string;
  selfDisclosureCitation: string;
  /** Share of the applicable maximum by gravity: the authority's assessment scale under OWiG § 17(3). */
  gravity: Record<'low' | 'medium' | 'high', number>;
  gravityCitation: string;
  benefitCitation: string;
  factors: Factor[];
}

export type PenaltyPack = BisPack | AwgPack;

const BIS_SOURCES = [
  { citation: '15 CFR Part 766, Supplement No. 1 (Guidance on Charging and Penalty Determinations in Settlement of Administrative Enforcement Cases)', url: 'https://www.ecfr.gov/current/title-15/subtitle-B/chapter-VII/subchapter-C/part-766/appendix-Supplement%20No.%201%20to%20Part%20766' },
];
const BIS_FACTORS: Factor[] = [
  { id: 'willful_or_reckless', label: 'Willful or reckless violation of law', kind: 'aggravating', weight: 0.25, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.A.1' },
  { id: 'awareness', label: 'Awareness of the conduct at issue', kind: 'aggravating', weight: 0.15, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.A.2' },
  { id: 'harm_to_program', label: 'Harm to regulatory program objectives', kind: 'aggravating', weight: 0.25, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.A.3' },
  { id: 'no_compliance_program', label: 'No effective compliance program at the time', kind: 'aggravating', weight: 0.1, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.B.2 (compliance program)' },
  { id: 'compliance_program', label: 'Effective compliance program at the time', kind: 'mitigating', weight: 0.1, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.B.2 (compliance program)' },
  { id: 'remedial_response', label: 'Remedial response', kind: 'mitigating', weight: 0.15, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.C.1' },
  { id: 'exceptional_cooperation', label: 'Exceptional cooperation with OEE', kind: 'mitigating', weight: 0.25, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.C.2' },
  { id: 'first_violation', label: 'No prior violations (first offence)', kind: 'mitigating', weight: 0.25, weightSource: 'policy', citation: 'Supp. No. 1 to Part 766, § III.D (other relevant factors)' },
];
const BIS_SCHEDULE = [
  { below: 1_000, amount: 5_000 },
  { below: 10_000, amount: 10_000 },
  { below: 25_000, amount: 20_000 },
  { below: 50_000, amount: 40_000 },
  { below: 100_000, amount: 80_000 },
  { below: 200_000, amount: 150_000 },
  { below: 500_000, amount: 200_000 },
  { below: null, amount: 250_000 },
];
const SCHEDULE_NOTE = 'Schedule amounts transcribed from the 2016 rule (81 FR 40499) as summarised in secondary sources; not yet checked against the official table: verify before relying on them.';

export const PACKS: PenaltyPack[] = [
  {
    kind: 'us-bis',
    id: 'us-bis',
    version: '2016-07-22',
    title: 'US BIS settlement guidelines, as revised by 81 FR 40499 (June 22, 2016; effective July 22, 2016)',
    currency: 'USD',
    sources: [...BIS_SOURCES, { citation: '81 FR 40499 (June 22, 2016)', url: 'https://thefederalregister.org/81-FR/40499' }],
    statutoryMaximum: { fixed: 250_000, multiple: 2, citation: 'IEEPA, 50 U.S.C. 1705(b): the greater of $250,000 (before inflation adjustment) or twice the transaction value' },
    caps: { nonEgregiousVsd: 125_000, nonEgregiousNonVsd: 250_000, citation: 'Supp. No. 1 to Part 766 (2016), base penalty matrix: one-half of the transaction value capped at $125,000; schedule amount capped at $250,000' },
    schedule: BIS_SCHEDULE,
    scheduleNote: SCHEDULE_NOTE,
    matrixCitation: 'Supp. No. 1 to Part 766, § IV.B (base penalty matrix)',
    egregiousCitation: 'Supp. No. 1 to Part 766, § IV.A (egregious or non-egregious: willfulness, awareness, harm, individual characteristics)',
    vsdCitation: 'Supp. No. 1 to Part 766, § IV.A and 15 CFR 764.5 (voluntary self-disclosure)',
    factors: BIS_FACTORS,
  },
  {
    kind: 'us-bis',
    id: 'us-bis',
    version: '2024-09-16',
    title: 'US BIS settlement guidelines, as revised by 89 FR 75477 (September 16, 2024): caps on non-egregious base penalties removed',
    currency: 'USD',
    sources: [...BIS_SOURCES, { citation: '89 FR 75477 (September 16, 2024)', url: 'https://www.federalregister.gov/documents/2024/09/16/2024-20876/administrative-and-enforcement-provisions' }],
    statutoryMaximum: { fixed: 374_474, multiple: 2, citation: 'ECRA, 50 U.S.C. 4819(c)(1)(A): the greater of $300,000 as adjusted for inflation (15 CFR 6.3; $374,474 in 2024) or twice the transaction value' },
    caps: { nonEgregiousVsd: null, nonEgregiousNonVsd: null, citation: '89 FR 75477 removed the caps on non-egregious base penalties' },
    schedule: BIS_SCHEDULE,
    scheduleNote: SCHEDULE_NOTE,
    matrixCitation: 'Supp. No. 1 to Part 766, § IV.B (base penalty matrix), as revised 2024',
    egregiousCitation: 'Supp. No. 1 to Part 766, § IV.A (egregious or non-egregious)',
    vsdCitation: 'Supp. No. 1 to Part 766, § IV.A and 15 CFR 764.5 (voluntary self-disclosure), as revised 2024',
    factors: BIS_FACTORS,
  },
  {
    kind: 'de-awg',
    id: 'de-awg',
    version: '2013-09-01',
    title: 'Germany: administrative fines under the Foreign Trade and Payments Act (AWG 2013) and the Administrative Offences Act (OWiG)',
    currency: 'EUR',
    sources: [
      { citation: 'Außenwirtschaftsgesetz (AWG) §§ 19, 22', url: 'https://www.gesetze-im-internet.de/awg_2013/' },
      { citation: 'Gesetz über Ordnungswidrigkeiten (OWiG) § 17', url: 'https://www.gesetze-im-internet.de/owig_1968/__17.html' },
    ],
    maxima: { serious: 500_000, other: 30_000, citation: 'AWG § 19(6): up to €500,000 in the cases of § 19(1) and the listed paragraphs, otherwise up to €30,000' },
    negligenceCitation: 'OWiG § 17(2): negligent conduct at most half the maximum fine',
    selfDisclosureCitation: 'AWG § 22(4): no prosecution of a negligent violation discovered by internal control, disclosed to the authority and remedied',
    gravity: { low: 0.1, medium: 0.3, high: 0.6 },
    gravityCitation: 'OWiG § 17(3): the significance of the offence and the accusation against the offender are the basis (share of the maximum: authority policy)',
    benefitCitation: 'OWiG § 17(4): the fine should exceed the economic benefit and may exceed the maximum for that purpose',
    factors: [
      { id: 'repeat', label: 'Previous fines for export offences', kind: 'aggravating', weight: 0.25, weightSource: 'policy', citation: 'OWiG § 17(3) (accusation against the offender)' },
      { id: 'cooperation', label: 'Cooperation and remedial measures', kind: 'mitigating', weight: 0.2, weightSource: 'policy', citation: 'OWiG § 17(3)' },
      { id: 'compliance_program', label: 'Effective internal compliance programme', kind: 'mitigating', weight: 0.15, weightSource: 'policy', citation: 'OWiG § 17(3); EU Recommendation 2019/1318' },
    ],
  },
];

export function findPack(id: string, version?: string): PenaltyPack | undefined {
  const all = PACKS.filter((p) => p.id === id).sort((a, b) => b.version.localeCompare(a.version));
  return version ? all.find((p) => p.version === version) : all[0];
}
