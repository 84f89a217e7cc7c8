import { parse } from 'csv-parse/sync';
import { readBundledText } from '../../platform/data.js';

/** Bundled real distributions (data/stats, see its PROVENANCE.md), parsed once on first use. */

export interface CaseProfile {
  destination: string;
  iso2: string;
  outcome: 'approved' | 'refused';
  ratings: string[];
  criteria: string[];
  cases: number;
  valueGbp: number;
}

let profiles: CaseProfile[] | null = null;
let names: Map<string, string> | null = null;
let criteria: { criterion: string; description: string; cited: number }[] | null = null;
let ratings: Map<string, { military: boolean; short: string }> | null = null;

const rows = (file: string): Record<string, string>[] => parse(readBundledText(file), { columns: true, skip_empty_lines: true });

/** UK licence decisions 2012–2014 as distinct (destination, ratings, outcome, criteria) profiles with their counts. */
export function caseProfiles(): CaseProfile[] {
  return (profiles ??= rows('stats/uk-case-profiles-2012-2014.csv.gz').map((r) => ({
    destination: r.destination!,
    iso2: r.iso2!,
    outcome: r.outcome === 'refused' ? 'refused' : 'approved',
    ratings: r.ratings ? r.ratings.split(';') : [],
    criteria: r.criteria ? r.criteria.split(';') : [],
    cases: Number(r.cases),
    valueGbp: Number(r.value_gbp),
  })));
}

/** A display name for an ISO alpha-2 code (from the UK statistics' destination names); the input when unknown. */
export function countryName(code: string): string {
  if (!names) {
    names = new Map();
    for (const p of caseProfiles()) if (p.iso2 && !names.has(p.iso2)) names.set(p.iso2, p.destination);
    // Prefer the canonical names where several UK names share one code.
    for (const [c, n] of [['MY', 'Malaysia'], ['US', 'United States of America'], ['GB', 'United Kingdom'], ['KR', 'South Korea'], ['CN', 'China']] as const) names.set(c, n);
  }
  return names.get(code.toUpperCase()) ?? code;
}

/** The UK Strategic Export Licensing Criteria 1–8 with descriptions and how often each was cited 2008–2025. */
export function refusalCriteria() {
  return (criteria ??= rows('stats/refusal-criteria.csv.gz').map((r) => ({ criterion: r.criterion!, description: r.description!, cited: Number(r.cited_2008_2025) })));
}

export function ratingInfo(rating: string) {
  ratings ??= new Map(rows('stats/ratings.csv.gz').map((r) => [r.rating!.toUpperCase(), { military: r.military === '1', short: r.short_description! }]));
  return ratings.get(rating.toUpperCase()) ?? null;
}
