/** Tables owned by the verification domain (end-use checks). Booleans 0/1, timestamps ISO text, JSON as text. */

export interface VerChecksTable {
  id: string;
  reference: string;
  kind: string; // pre_licence | post_shipment
  /** requested | assigned | reported | cancelled */
  status: string;
  application_id: string | null;
  licence_id: string | null;
  declaration_reference: string | null;
  /** The party on the application or licence (lic_parties id) the check is about. */
  party_id: string;
  party_name: string;
  party_country: string;
  /** Normalised name|country: the same party across applications. */
  party_key: string;
  destination: string | null;
  reason: string;
  requested_by: string;
  /** partner_agency organisation the check is assigned to (only its users see it). */
  assigned_org_id: string | null;
  assigned_user_id: string | null;
  assigned_at: string | null;
  due_on: string; // YYYY-MM-DD
  reminded_at: string | null;
  escalated_at: string | null;
  outcome: string | null; // verified | unfavourable | unable_to_verify | refused
  visited_on: string | null;
  findings: string | null;
  /** JSON [{description, serialNumbers[], quantitySeen, quantityLicensed}] */
  items_seen: string | null;
  /** JSON array of files ids */
  evidence_file_ids: string;
  reported_by: string | null;
  reported_at: string | null;
  proposal_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface VerProposalsTable {
  id: string;
  licence_id: string;
  licence_reference: string;
  party_id: string;
  party_name: string;
  party_country: string;
  party_key: string;
  destination: string | null;
  score: number;
  /** JSON [{factor, points, detail}] */
  explanation: string;
  /** 1 when picked by the random deterrence share rather than by score. */
  random_pick: number;
  /** proposed | accepted | deferred | rejected */
  status: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  defer_until: string | null;
  check_id: string | null;
  created_at: string;
}

export interface VerUnverifiedTable {
  id: string;
  party_key: string;
  party_name: string;
  party_country: string;
  party_address: string | null;
  /** proposed | listed | rejected | removed */
  status: string;
  check_id: string;
  reason: string | null;
  review_on: string | null;
  proposed_at: string;
  confirmed_by: string | null;
  confirmed_at: string | null;
  removed_by: string | null;
  removed_at: string | null;
  removal_reason: string | null;
  removal_check_id: string | null;
  /** When the officers were told the listing's review date had come (once per review date). */
  review_notified_at?: string | null;
}

export interface VerificationTables {
  ver_checks: VerChecksTable;
  ver_proposals: VerProposalsTable;
  ver_unverified: VerUnverifiedTable;
}
