/** Shapes of the determination API as the web pages use them (mirrors src/domains/determination/determination.types.ts). */
export type Outcome = 'no_licence_required' | 'general_licence' | 'notify_authority' | 'review_required' | 'individual_licence_required' | 'prohibited';

export interface TraceEntry {
  rule: string;
  applied: boolean;
  citation: string;
  detail: string;
  status?: string;
}

export interface ItemResult {
  code: string | null;
  description?: string;
  listed: boolean;
  outcome: Outcome;
  generalLicences: { id: string; name?: string; conditions: string[]; registered?: boolean; flagged?: boolean }[];
  tier: 'low' | 'medium' | 'high';
  exemptions: { id: string; name: string; applies: boolean; evidence: string[]; citation: string; detail: string }[];
  trace: TraceEntry[];
  nextSteps: string[];
  /** Rules that apply but were not evaluated (non-empty ⇒ at least review_required). */
  notEvaluated?: { rule: string; citation: string; why: string }[];
}

export interface DeterminationResult {
  id?: string;
  outcome: Outcome;
  tier: 'low' | 'medium' | 'high';
  items: ItemResult[];
  policyVersion: string;
  policy: string;
  date: string;
  historical?: boolean;
  warnings?: string[];
}

export interface Options {
  policies: {
    policy: string;
    versionLabel: string;
    name: string;
    historical: boolean;
    generalLicences: { id: string; name: string; flagged: boolean }[];
    embargoes: { id: string; name: string; kind: string }[];
    exemptions: { id: string; name: string }[];
    hasCountryChart: boolean;
    hasSectionI: boolean;
  }[];
  countries: { code: string; name: string }[];
}

export const OUTCOME_LABEL: Record<Outcome, string> = {
  no_licence_required: 'No licence required',
  general_licence: 'General licence available',
  individual_licence_required: 'Individual licence required',
  notify_authority: 'Notify the authority and hold the shipment',
  review_required: 'We could not determine this',
  prohibited: 'Prohibited',
};

export const END_USE_LABEL: Record<string, string> = {
  civil: 'Ordinary civil use',
  military: 'Military use',
  wmd: 'Weapons of mass destruction or missiles',
  humanitarian: 'Humanitarian aid',
  disaster_relief: 'Disaster relief',
  research: 'Scientific research',
  repair_return: 'Return after repair or replacement',
  exhibition: 'Temporary export for an exhibition or fair',
};
