/** Tables owned by the licensing domain (row types for Kysely). Booleans are 0/1 integers, timestamps ISO text. */

export interface LicProductsTable {
  id: string;
  organisation_id: string;
  name: string;
  description: string;
  /** Control rating (e.g. ML10, 5A002); null when the product is unrated and described instead. */
  rating: string | null;
  part_number: string | null;
  archived: number;
  created_at: string;
  updated_at: string;
}

/**
 * One application; from submission on it is also "the case". Columns the transparency reports read are real
 * columns (outcome, destination, ratings, refusal_criteria, decided_at, case_type, humanitarian), not JSON.
 */
export interface LicApplicationsTable {
  id: string;
  organisation_id: string;
  created_by: string;
  /** Case reference, e.g. GBSIEL/2026/0000123 (set on submission). */
  reference: string | null;
  status: string;
  /** approved | approved_with_provisos | refused | no_licence_required (set when finalised). */
  outcome: string | null;
  case_type: string;
  export_type: string; // permanent | temporary
  temporary_return_date: string | null;
  /** ISO 3166-1 alpha-2 of the final destination. */
  destination: string | null;
  /** JSON array of alpha-2 transit countries. */
  transit: string;
  end_use: string | null;
  military_end_use: number;
  wmd_informed: number;
  wmd_suspected: number;
  humanitarian: number;
  declaration_accepted: number;
  /** Comma-separated distinct ratings of the goods (",ML10,5A002," style with leading/trailing commas for LIKE matching). */
  ratings: string;
  queue: string | null;
  risk_tier: string | null;
  /** 1 while the case is open (under consideration); drives the queue index. Set by transition(). */
  open_case: number;
  /** Optimistic-concurrency counter: every state change bumps it; a conditional update on it decides races. */
  row_version: number;
  /** Amendment version (1, 2, …); a major amendment creates a new application that supersedes the previous. */
  app_version: number;
  supersedes_id: string | null;
  superseded_by_id: string | null;
  determination: string | null; // JSON
  determination_outcome: string | null;
  screening: string | null; // JSON
  sla_target_days: number | null;
  /** Statutory due date (YYYY-MM-DD), moved later by the working days a question was open. */
  due_date: string | null;
  clock_paused: number;
  clock_paused_since: string | null;
  paused_working_days: number;
  overdue: number;
  submitted_at: string | null;
  decided_at: string | null;
  decided_by: string | null;
  rationale: string | null;
  public_rationale: string | null;
  /** Comma-separated structured refusal criteria codes ("1,7"). */
  refusal_criteria: string | null;
  provisos: string | null;
  departure_reason: string | null;
  withdrawn_at: string | null;
  /** The officer the case is allocated to ("my cases"); null while unallocated. */
  assigned_to?: string | null;
  assigned_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface LicGoodsTable {
  id: string;
  application_id: string;
  product_id: string | null;
  position: number;
  description: string;
  rating: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
}

export interface LicPartiesTable {
  id: string;
  application_id: string;
  role: string; // consignee | end_user | ultimate_end_user | third_party
  sub_role: string | null; // broker | agent | freight_forwarder | intermediate_consignee | other
  name: string;
  address: string;
  country: string;
  party_type: string; // entity | individual
  website: string | null;
}

export interface LicDocumentsTable {
  id: string;
  application_id: string;
  file_id: string;
  kind: string;
  filename: string;
  content_type: string;
  size: number;
  created_by: string | null;
  created_at: string;
  /** The party this document is about (e.g. its end-user undertaking); null for the application as a whole. */
  party_id: string | null;
}

export interface LicFlagsTable {
  id: string;
  application_id: string;
  code: string; // screening_hit | denial_match | catch_all | humanitarian | overdue | manual
  label: string;
  blocking: number;
  source: string; // auto | manual
  details: string | null;
  raised_at: string;
  cleared_at: string | null;
  cleared_by: string | null;
  clear_reason: string | null;
}

export interface LicQuestionsTable {
  id: string;
  application_id: string;
  text: string;
  asked_by: string;
  asked_at: string;
  answer: string | null;
  answered_by: string | null;
  answered_at: string | null;
}

export interface LicReferralsTable {
  id: string;
  application_id: string;
  team: string;
  note: string | null;
  referred_by: string;
  referred_at: string;
  completed_at: string | null;
}

export interface LicAdviceTable {
  id: string;
  application_id: string;
  good_id: string | null;
  party_id: string | null;
  destination: string | null;
  /** adviser (a referred team) or officer (case officer's consolidated advice). */
  level: string;
  team: string | null;
  user_id: string;
  decision: string; // approve | approve_with_provisos | refuse | no_licence_required
  provisos: string | null;
  criteria: string | null; // comma-separated
  rationale: string | null;
  created_at: string;
  updated_at: string;
}

export interface LicCountersignaturesTable {
  id: string;
  application_id: string;
  user_id: string;
  comment: string | null;
  created_at: string;
  invalidated_at: string | null;
}

export interface LicLicencesTable {
  id: string;
  reference: string;
  application_id: string;
  organisation_id: string;
  status: string; // active | suspended | revoked | surrendered | expired | exhausted
  issued_at: string;
  valid_from: string;
  valid_to: string;
  provisos: string | null;
  on_appeal: number;
  /** Public code printed on the licence; GET /api/licences/verify/{code} answers its status. */
  verification_code: string | null;
  row_version: number;
  created_at: string;
  updated_at: string;
}

export interface LicLicenceGoodsTable {
  id: string;
  licence_id: string;
  good_id: string;
  description: string;
  rating: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
  used_quantity: number;
  used_value: number;
}

export interface LicAppealsTable {
  id: string;
  application_id: string;
  grounds: string;
  document_ids: string; // JSON array of lic_documents ids
  lodged_by: string;
  lodged_at: string;
  status: string; // pending | upheld | overturned
  decided_by: string | null;
  decided_at: string | null;
  rationale: string | null;
}

export interface LicDenialsTable {
  id: string;
  /** partner (imported notification) | own (our refusal, ready for sharing). */
  source: string;
  reference: string | null;
  regime_reg_ref: string | null;
  name: string;
  address: string | null;
  notifying_government: string | null;
  country: string | null;
  denial_cle: string | null;
  item_description: string | null;
  end_use: string | null;
  reason_for_refusal: string | null;
  entity_type: string | null;
  normalised_name: string;
  application_id: string | null;
  ready_for_sharing: number;
  active: number;
  import_batch: string | null;
  created_at: string;
}

export interface LicDenialMatchesTable {
  id: string;
  application_id: string;
  party_id: string;
  denial_id: string;
  score: number;
  /** pending | exact | partial | not_a_match */
  status: string;
  comment: string | null;
  recorded_by: string | null;
  recorded_at: string | null;
  created_at: string;
}

export interface LicRoutingRulesTable {
  id: string;
  priority: number;
  name: string;
  queue: string;
  case_type: string | null;
  /** Comma-separated alpha-2 codes, or null for any. */
  destinations: string | null;
  rating_prefix: string | null;
  flag: string | null;
  risk_tier: string | null;
  active: number;
}

export interface LicCaseTypesTable {
  code: string;
  name: string;
  target_days: number;
  countersign_required: number;
  reference_prefix: string;
}

export interface LicHolidaysTable {
  date: string; // YYYY-MM-DD
  name: string;
}

export interface LicCountersTable {
  name: string;
  value: number;
}

export interface LicCaseNotesTable {
  id: string;
  application_id: string;
  author_id: string;
  text: string;
  created_at: string;
}

/** Correspondence between the authority and the exporter on one case; attachments are lic_documents ids (JSON array). */
export interface LicMessagesTable {
  id: string;
  application_id: string;
  author_id: string;
  side: string; // authority | exporter
  text: string;
  document_ids: string;
  created_at: string;
}

export interface LicensingTables {
  lic_case_notes: LicCaseNotesTable;
  lic_messages: LicMessagesTable;
  lic_products: LicProductsTable;
  lic_applications: LicApplicationsTable;
  lic_goods: LicGoodsTable;
  lic_parties: LicPartiesTable;
  lic_documents: LicDocumentsTable;
  lic_flags: LicFlagsTable;
  lic_questions: LicQuestionsTable;
  lic_referrals: LicReferralsTable;
  lic_advice: LicAdviceTable;
  lic_countersignatures: LicCountersignaturesTable;
  lic_licences: LicLicencesTable;
  lic_licence_goods: LicLicenceGoodsTable;
  lic_appeals: LicAppealsTable;
  lic_denials: LicDenialsTable;
  lic_denial_matches: LicDenialMatchesTable;
  lic_routing_rules: LicRoutingRulesTable;
  lic_case_types: LicCaseTypesTable;
  lic_holidays: LicHolidaysTable;
  lic_counters: LicCountersTable;
}
