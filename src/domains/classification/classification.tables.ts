/** Tables owned by the classification domain (row types for Kysely). */

/** An exporter's request for a formal control rating of one product. */
export interface ClassificationRequestsTable {
  id: string;
  /** Human reference, `CR-<year>-<nnnnn>`. */
  reference: string;
  organisation_id: string;
  created_by: string;
  product_name: string;
  description: string;
  manufacturer: string;
  part_number: string | null;
  /** 0/1: the exporter consents to the part number appearing in the published (redacted) ruling. */
  publish_part_number: number;
  /** 0/1: the exporter consents to the product description appearing (redacted) in the published ruling. */
  publish_description: number;
  /** `submitted` → `ruled`. */
  status: string;
  datasheet_file_id: string | null;
  submitted_at: string;
  updated_at: string;
}

/** One technical parameter of a request's product (name, value, unit). */
export interface ClassificationParametersTable {
  id: string;
  request_id: string;
  position: number;
  name: string;
  /** Normalised name used to match parameters across products. */
  name_key: string;
  value: string;
  /** The value as a number in the base unit (SI prefixes removed), when it has one. */
  value_num: number | null;
  unit: string | null;
  /** The unit without its SI prefix (e.g. `Hz` for `GHz`), used to compare values. */
  base_unit: string | null;
}

/** An officer's ruling on a request; every ruling is a precedent. */
export interface ClassificationRulingsTable {
  id: string;
  request_id: string;
  /** Control list the code belongs to (`eu`, `uk`, `us`); null when not listed. */
  list: string | null;
  /** Control entry down to the sub-item (`5A002.a.1`); null when not listed. */
  code: string | null;
  /** The entry's title at the time of the ruling, when the control list knew it. */
  title: string | null;
  not_listed: number;
  rationale: string;
  ruled_by: string;
  ruled_at: string;
}

/**
 * What the authority chose to publish about a ruling, fixed at publication after the officer saw the preview:
 * a reviewed public summary, the rating (read from the ruling), the deciding parameters and, with the exporter's
 * consent, the product description. Stored already redacted, so the public endpoint only reads this.
 */
export interface ClassificationPublicationsTable {
  request_id: string;
  public_summary: string;
  /** Redacted product description; null without the exporter's consent. */
  description: string | null;
  /** JSON `[{name, value, unit}]`, redacted: the technical parameters that decided the rating. */
  parameters: string;
  /** Part number, only when the exporter consented. */
  part_number: string | null;
  published_by: string;
  published_at: string;
}

export interface ClassificationTables {
  classification_publications: ClassificationPublicationsTable;
  classification_requests: ClassificationRequestsTable;
  classification_parameters: ClassificationParametersTable;
  classification_rulings: ClassificationRulingsTable;
}
