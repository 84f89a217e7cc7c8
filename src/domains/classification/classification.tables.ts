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

export interface ClassificationTables {
  classification_requests: ClassificationRequestsTable;
  classification_parameters: ClassificationParametersTable;
  classification_rulings: ClassificationRulingsTable;
}
