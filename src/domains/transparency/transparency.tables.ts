/** Tables owned by the transparency domain (row types for Kysely). Booleans are 0/1 integers, timestamps ISO text. */

/**
 * One row per case (application) the statistics count: written by `recordCaseFact` when a case is submitted,
 * decided, appealed, or its licence is suspended/revoked. Reports are aggregate SQL over this table.
 */
export interface StatsCaseFactsTable {
  case_id: string;
  reference: string | null;
  case_type: string;
  received_at: string | null;
  decided_at: string | null;
  /** approved | approved_with_provisos | refused | no_licence_required | withdrawn (null while open). */
  outcome: string | null;
  /** ISO 3166-1 alpha-2 code where known, else the published destination name. */
  destination: string;
  destination_name: string;
  /** Primary control category/regime of the case (the first good's); all goods are in stats_fact_goods. */
  control_category: string;
  regime: string;
  processing_days: number | null;
  target_days: number | null;
  /** 1 when processing_days <= target_days. */
  within_target: number | null;
  questions_count: number;
  clock_stop_days: number;
  humanitarian: number;
  research: number;
  appeal_lodged_at: string | null;
  appeal_decided_at: string | null;
  /** pending | upheld | overturned */
  appeal_outcome: string | null;
  /** individual | general | null (no licence) */
  licence_type: string | null;
  licence_value: number;
  suspended_at: string | null;
  revoked_at: string | null;
  updated_at: string;
}

export interface StatsFactGoodsTable {
  case_id: string;
  line: number;
  rating: string;
  /** military | dual_use | catch_all | sanctions | other */
  control_category: string;
  /** e.g. WA-ML, WA, MTCR, NSG, AG, CWC, UK-national, end-use, sanctions */
  regime: string;
  value: number;
}

export interface StatsFactRegimesTable {
  case_id: string;
  control_category: string;
  regime: string;
  outcome: string | null;
  decided_at: string | null;
}

export interface StatsFactCriteriaTable {
  case_id: string;
  criterion: string;
}

/** A built report edition. `body` is the full (unsuppressed) JSON; public readers get it suppressed. */
export interface StatsReportEditionsTable {
  id: string;
  period_kind: string; // year | quarter
  period: string;
  title: string;
  period_start: string;
  period_end: string;
  revision: number;
  published_at: string;
  published_by: string | null;
  body: string;
}

export interface GuidancePagesTable {
  slug: string;
  title: string;
  /** Current published version number (null: draft only). */
  published_version: number | null;
  latest_version: number;
  kind: string; // guidance | static
  created_at: string;
  updated_at: string;
}

export interface GuidanceVersionsTable {
  slug: string;
  version: number;
  title: string;
  markdown: string;
  change_note: string | null;
  created_by: string | null;
  created_at: string;
}

export interface OversightObservationsTable {
  id: string;
  case_id: string;
  case_reference: string | null;
  author_id: string;
  author_email: string;
  text: string;
  created_at: string;
}

export interface TransparencyTables {
  stats_case_facts: StatsCaseFactsTable;
  stats_fact_goods: StatsFactGoodsTable;
  stats_fact_criteria: StatsFactCriteriaTable;
  stats_fact_regimes: StatsFactRegimesTable;
  stats_report_editions: StatsReportEditionsTable;
  guidance_pages: GuidancePagesTable;
  guidance_versions: GuidanceVersionsTable;
  oversight_observations: OversightObservationsTable;
}
