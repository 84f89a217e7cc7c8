/** Tables owned by the controls domain (row types for Kysely). */

export interface ControlListRow {
  id: string; // 'eu', 'uk', 'us', 'mtcr', 'nsg'
  name: string;
  authority: string;
  description: string;
  created_at: string;
}

export interface ControlReleaseRow {
  id: string;
  list_id: string;
  version: string;
  title: string;
  effective_from: string; // YYYY-MM-DD
  source: string;
  amendment_id: string | null;
  created_at: string;
}

/**
 * One version of one entry. A version is in force from `valid_from` (inclusive) until `valid_to` (exclusive,
 * null = open) or its `sunset_date` (exclusive), whichever comes first.
 */
export interface ControlEntryRow {
  id: string;
  list_id: string;
  code: string;
  root_code: string;
  parent_code: string | null;
  depth: number;
  sort_key: number;
  category: string | null;
  product_group: string | null;
  title: string;
  text: string;
  notes: string; // JSON [{kind,label,text}]
  regimes: string; // '|WA|NSG-TL|'
  reasons: string; // '|NS|MT|'
  sensitivity: string;
  status: string; // active | lapsed | removed
  release_id: string;
  amendment_id: string | null;
  valid_from: string;
  valid_to: string | null;
  grace_until: string | null;
  sunset_date: string | null;
  next_review_date: string | null;
  search_text: string;
  created_at: string;
}

export interface ControlAmendmentRow {
  id: string;
  list_id: string;
  title: string;
  summary: string;
  status: string; // draft | consultation | adopted | superseded | withdrawn
  changes: string; // JSON AmendmentChange[]
  consultation_opens: string | null;
  consultation_closes: string | null;
  consultation_closed_early_reason: string | null;
  effective_date: string | null;
  grace_until: string | null;
  sunset_date: string | null;
  release_id: string | null;
  superseded_by: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  adopted_at: string | null;
}

export interface ControlCommentRow {
  id: string;
  amendment_id: string;
  author_user_id: string | null;
  organisation_id: string | null;
  author_email: string;
  author_name: string | null;
  body: string;
  status: string; // pending | approved | rejected
  moderated_by: string | null;
  moderated_at: string | null;
  moderation_reason: string | null;
  created_at: string;
}

export interface ControlCorrespondenceRow {
  id: string;
  from_list: string;
  from_code: string;
  to_list: string;
  to_code: string;
  relation: string; // equivalent | broader | narrower | related
  note: string | null;
  source: string;
  created_at: string;
}

export interface ControlHsCorrelationRow {
  id: string;
  hs6: string;
  list_id: string;
  code: string;
  note: string | null;
  source: string;
  created_at: string;
}

export interface ControlReviewFlagRow {
  id: string;
  list_id: string;
  code: string;
  due_date: string;
  flagged_at: string;
  reviewed_at: string | null;
  reviewed_by: string | null;
}

export interface ControlImportReportRow {
  id: string;
  list_id: string;
  release_id: string;
  code: string;
  kind: string;
  detail: string;
  repaired: number;
}

export interface ControlsTables {
  control_lists: ControlListRow;
  control_releases: ControlReleaseRow;
  control_entries: ControlEntryRow;
  control_amendments: ControlAmendmentRow;
  control_comments: ControlCommentRow;
  control_correspondences: ControlCorrespondenceRow;
  control_hs_correlations: ControlHsCorrelationRow;
  control_review_flags: ControlReviewFlagRow;
  control_import_reports: ControlImportReportRow;
}
