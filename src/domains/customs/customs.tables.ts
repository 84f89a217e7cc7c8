/** Tables owned by the customs domain. Booleans are 0/1 integers, timestamps ISO text, JSON as text. */

export interface CustomsDeclarationsTable {
  id: string;
  /** The declaring organisation (the exporter's); null when an officer declared and no licence identified the exporter. */
  organisation_id: string | null;
  /** EORI of the declarant, else normalised name|country: `reference` is unique per declarant. */
  declarant_key: string;
  reference: string;
  /** SHA-256 of the canonical declaration: a re-post with the same reference but other content is a conflict. */
  body_hash: string;
  date: string;
  procedure: string;
  customs_office: string;
  declarant: string; // JSON {name,country,eori?}
  exporter: string; // JSON
  consignee: string; // JSON
  end_user: string | null; // JSON
  destination: string;
  dispatch_country: string;
  transit: string; // JSON array
  /** active | cancelled */
  status: string;
  released_lines: number;
  held_lines: number;
  rejected_lines: number;
  batch_id: string | null;
  created_by: string | null;
  created_at: string;
  cancelled_at: string | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface CustomsLinesTable {
  id: string;
  declaration_id: string;
  organisation_id: string | null;
  line_no: number;
  hs_code: string;
  description: string;
  control_code: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
  auth_kind: string | null; // individual | general
  auth_reference: string | null;
  licence_id: string | null;
  licence_good_id: string | null;
  general_licence_id: string | null;
  destination: string;
  /** released | held | rejected | refused | cancelled */
  status: string;
  /** JSON array of {code, message} */
  reasons: string;
  /** 1 while this line's quantity/value count against its licence good. */
  consumed: number;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  created_at: string;
}

export interface CustomsBatchesTable {
  id: string;
  organisation_id: string;
  created_by: string;
  job_id: string | null;
  format: string; // ndjson | csv
  status: string; // queued | running | done | failed
  total_declarations: number;
  total_lines: number;
  done_lines: number;
  released: number;
  held: number;
  rejected: number;
  input_path: string;
  result_path: string | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Customs' terms for a general licence (seeded from the bundled UGEA facts; officers change registration terms). */
export interface CustomsGeneralLicencesTable {
  id: string; // EU001 …
  name: string;
  destinations: string; // JSON array of ISO2
  /** all_listed | list | groups */
  item_scope: string;
  item_codes: string; // JSON array
  item_groups: string; // JSON array (product groups D/E)
  excluded_codes: string; // JSON array, pseudo-codes expanded
  /** 0 when the source says the exclusion or item list is cut off: lines under it are held (cannot be checked). */
  lists_complete: number;
  /** before_first_use | after_first_use */
  registration_timing: string;
  /** after_first_use: days after the first use by which the exporter must register. */
  registration_deadline_days: number;
  /** months per return period (e.g. 6: returns for Jan–Jun and Jul–Dec). */
  return_period_months: number;
  return_due_days: number;
  source: string;
  updated_at: string;
}

export interface CustomsGlRegistrationsTable {
  id: string;
  organisation_id: string;
  general_licence_id: string;
  /** registered | pending (used before registering, deadline running) | suspended */
  status: string;
  registered_at: string | null;
  first_use_at: string | null;
  register_by: string | null;
  suspended_at: string | null;
  suspend_reason: string | null;
  created_at: string;
  updated_at: string;
}

export interface CustomsGlReturnsTable {
  id: string;
  registration_id: string;
  organisation_id: string;
  general_licence_id: string;
  period_start: string;
  period_end: string;
  due_on: string;
  /** due | filed */
  status: string;
  filed_at: string | null;
  filed_by: string | null;
  /** JSON: the use declared (lines by destination/consignee) */
  summary: string | null;
  note: string | null;
  reminded_at: string | null;
  created_at: string;
}

export interface CustomsTables {
  customs_declarations: CustomsDeclarationsTable;
  customs_lines: CustomsLinesTable;
  customs_batches: CustomsBatchesTable;
  customs_general_licences: CustomsGeneralLicencesTable;
  customs_gl_registrations: CustomsGlRegistrationsTable;
  customs_gl_returns: CustomsGlReturnsTable;
}
