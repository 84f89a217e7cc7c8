/**
 * The one party model every restricted-party list is imported into, close to OpenSanctions' FollowTheMoney
 * (schema, names with alias type, addresses, countries, birth dates, identifiers, programmes) so it can be exchanged.
 * Shared by the list importers (screening/lists/) and the matcher (screening/matching/).
 */
export type PartySchema = 'Person' | 'Organization' | 'Vessel' | 'Aircraft' | 'LegalEntity';

export interface PartyName {
  full: string;
  /** primary | aka (strong alias) | fka (formerly known as) | weak (weak a.k.a., low quality) | original (original script) */
  type: 'primary' | 'aka' | 'fka' | 'weak' | 'original';
  /** Given/family split where the source has it. */
  given?: string;
  family?: string;
  script?: string;
}

export interface PartyAddress {
  full: string;
  city?: string;
  country?: string; // ISO 3166-1 alpha-2 where known
}

export interface PartyIdentifier {
  type: string; // passport, national_id, imo, registration, tax_id, …
  value: string;
  country?: string;
}

export interface ListedParty {
  /** Stable id across list versions: `${source}:${sourceId}`. */
  id: string;
  source: string; // us-csl, ofac-sdn, ofac-cons, un-sc, uk-sanctions, bis-dpl, eu_fsf
  sourceId: string;
  /** Sub-list within the source, e.g. "Entity List", "SDN", "Denied Persons List". */
  list?: string;
  schema: PartySchema;
  names: PartyName[];
  addresses: PartyAddress[];
  countries: string[]; // ISO alpha-2
  birthDates: string[]; // YYYY, YYYY-MM or YYYY-MM-DD
  identifiers: PartyIdentifier[];
  programmes: string[];
  listedOn?: string;
  remarks?: string;
  /** Where the source says so (CSL: license requirement / policy). */
  licenceRequirement?: string;
  licencePolicy?: string;
  /** Links to the legal acts or notices behind the listing, where the source gives them (EU: regulation URLs). */
  sourceUrls?: string[];
}
