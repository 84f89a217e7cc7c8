/** Tables owned by the risk domain. Booleans 0/1, timestamps ISO text, JSON as text. */

export interface RiskScansTable {
  id: string;
  job_id: string | null;
  /** full | incremental | window */
  mode: string;
  date_from: string | null;
  date_to: string | null;
  /** incremental: declarations ingested after this instant */
  created_after: string | null;
  /** latest ingestion instant scanned: the next incremental scan starts after it */
  watermark: string | null;
  /** queued | running | done | failed */
  status: string;
  total: number;
  scanned: number;
  alerts: number;
  /** JSON: rules that could not be evaluated and why */
  skipped: string;
  error: string | null;
  created_by: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface RiskAlertsTable {
  id: string;
  /** the strongest signal (declarations, parties) or `exporter_profile` */
  kind: string;
  /** declaration | party | exporter */
  subject_type: string;
  subject_key: string;
  /** declaration: the declarant's reference as ingested; party/exporter: name (country) */
  subject_ref: string;
  subject_id: string | null;
  exporter_key: string | null;
  score: number;
  /** JSON [{signal, version, weight, detail}] */
  explanation: string;
  /** new | triaged | escalated | dismissed */
  status: string;
  status_reason: string | null;
  /** investigation | verification */
  escalated_to: string | null;
  escalation_ref: string | null;
  subject_date: string | null;
  scan_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface RiskLabelsTable {
  id: string;
  alert_id: string;
  /** confirmed | dismissed */
  label: string;
  reason: string | null;
  /** JSON array of signal names the alert carried */
  signals: string;
  created_by: string;
  created_at: string;
}

export interface RiskPartiesTable {
  key: string;
  name: string;
  country: string;
  address: string | null;
  address_norm: string | null;
  eori: string | null;
  /** JSON array: exporter | consignee | end_user */
  roles: string;
  first_date: string;
  first_reference: string;
  declarations: number;
  listed: number;
  listed_detail: string | null;
  updated_at: string;
}

export interface RiskSplitEventsTable {
  id: string;
  pair_key: string;
  declaration_id: string;
  reference: string;
  date: string;
  value: number;
}

export interface RiskBaselinesTable {
  /** metric|hs6|destination|unit|currency */
  key: string;
  median: number;
  mad: number;
  n: number;
  updated_at: string;
}

export interface RiskTargetListsTable {
  id: string;
  /** exporters | shipments */
  list: string;
  size: number;
  deterrence_share: number;
  /** JSON [{rank, subject, score, random, reasons}] */
  items: string;
  created_by: string;
  created_at: string;
}

export interface RiskTables {
  risk_scans: RiskScansTable;
  risk_alerts: RiskAlertsTable;
  risk_labels: RiskLabelsTable;
  risk_parties: RiskPartiesTable;
  risk_split_events: RiskSplitEventsTable;
  risk_baselines: RiskBaselinesTable;
  risk_target_lists: RiskTargetListsTable;
}
