import type { ListedParty } from '../model.js';

/** What a caller screens: a name plus optional secondary evidence. */
export interface SearchQuery {
  name: string;
  type?: 'person' | 'organization' | 'vessel' | 'aircraft';
  /** ISO 3166-1 alpha-2 (a country name is also accepted and mapped where known). */
  country?: string;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  dateOfBirth?: string;
  /** Passport, registration, IMO… numbers; compared after removing spaces and punctuation. */
  identifiers?: string[];
}

export interface SearchOptions {
  /** Minimum score (0..1) for a match to be returned. Defaults to DEFAULT_THRESHOLD. */
  threshold?: number;
  /** Maximum number of matches (distinct parties). Defaults to 10. */
  limit?: number;
}

export type TokenHow = 'exact' | 'fuzzy' | 'phonetic' | 'initial' | 'none';

export interface TokenAlignment {
  /** Normalised query token. */
  query: string;
  /** Normalised listed-name token it was aligned with, or null when unmatched. */
  matched: string | null;
  how: TokenHow;
  /** 0..1 similarity of the pair. */
  similarity: number;
  /** IDF-based weight of the query token (rare tokens weigh more; weak tokens — legal forms, particles — little). */
  weight: number;
}

export interface FeatureEffect {
  /** type | country | dateOfBirth | identifier | coverage | nameForm … */
  feature: string;
  /** Signed change to the score (already applied). */
  effect: number;
  detail: string;
}

export interface MatchExplanation {
  tokens: TokenAlignment[];
  features: FeatureEffect[];
  summary: string;
}

export interface Match {
  partyId: string;
  party: ListedParty;
  /** The listed name (as written in the source) that matched best. */
  matchedName: string;
  /** 0..1 */
  score: number;
  explanation: MatchExplanation;
}

export interface MatchIndexOptions {
  /** Minimum token length indexed by deletion neighbourhood (typo keys). Default 4. */
  minTypoLength?: number;
}
