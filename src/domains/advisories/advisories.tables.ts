/** End-user advisories (UK LITE's pre-application "end-user advisory"): tables of the advisories domain. */
export interface AdvAdvisoriesTable {
  id: string;
  reference: string;
  /** The asking exporter's organisation. */
  organisation_id: string;
  requested_by: string;
  end_user_name: string;
  end_user_country: string;
  end_user_address: string | null;
  items: string;
  end_use: string;
  /** open | answered | withdrawn */
  status: string;
  /** no_concern | of_concern */
  answer: string | null;
  reason_code: string | null;
  /** Shown to the exporter. */
  reason: string | null;
  /** Officers only: screening and other notes when answering. */
  internal_note: string | null;
  valid_until: string | null;
  answered_by: string | null;
  answered_at: string | null;
  created_at: string;
}

export interface AdvisoriesTables {
  adv_advisories: AdvAdvisoriesTable;
}
