/** Tables owned by the enforcement domain. Booleans are 0/1 integers, timestamps ISO text, JSON as text. */

/**
 * A concern reported through the anonymous hotline. Deliberately holds nothing about who sent it: no address,
 * user agent, session or user id. `contact_*` only when the reporter chose to leave a way to reach them.
 */
export interface EnforcementConcernsTable {
  id: string;
  /** What the reporter keeps (CW-XXXX-XXXX-XXXX); unique. */
  receipt: string;
  /** argon2id of the passphrase given once at submission. */
  passphrase_hash: string;
  category: string;
  /** Who or what the concern is about (free text). */
  subject: string | null;
  country: string | null;
  description: string;
  contact_channel: string | null;
  contact_value: string | null;
  /** new | in_review | closed */
  status: string;
  /** Wrong passphrases in a row; the receipt locks for a while after five. */
  failed_attempts: number;
  locked_until: string | null;
  investigation_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface EnforcementConcernMessagesTable {
  id: string;
  concern_id: string;
  seq: number;
  /** reporter | investigator */
  author: string;
  /** The investigator's user id; always null for the reporter. */
  author_user_id: string | null;
  body: string;
  created_at: string;
}

export interface EnforcementConcernFilesTable {
  id: string;
  concern_id: string;
  /** The files row (platform/files.ts) holding the bytes after metadata removal. */
  file_id: string;
  /** reporter | investigator */
  added_by: string;
  content_type: string;
  size: number;
  sha256: string;
  /** JSON array of what was removed (e.g. "JPEG APP1 Exif segment"). */
  removed: string;
  created_at: string;
}

export interface EnforcementInvestigationsTable {
  id: string;
  reference: string;
  title: string;
  summary: string;
  /** The organisation (authority or partner agency) that holds it. */
  organisation_id: string;
  /** The team within it; null when the officer has none. */
  team: string | null;
  /** Whom another agency or team should contact about an overlap. */
  contact: string;
  /** opened | active | closed */
  status: string;
  outcome: string | null;
  outcome_reason: string | null;
  opened_by: string;
  opened_at: string;
  closed_at: string | null;
}

export interface EnforcementLinksTable {
  id: string;
  investigation_id: string;
  /** concern | alert | party | declaration | case | licence | organisation */
  kind: string;
  /** The linked record's reference or id (or the party's name as given). */
  ref: string;
  /** For parties: the normalised name the overlap check compares. */
  party_key: string | null;
  note: string | null;
  created_by: string;
  created_at: string;
}

export interface EnforcementOverlapsTable {
  id: string;
  /** The investigation whose link revealed the overlap, and the one it overlaps with. */
  investigation_id: string;
  other_investigation_id: string;
  party_key: string;
  created_at: string;
}

export interface EnforcementTasksTable {
  id: string;
  investigation_id: string;
  title: string;
  assignee: string | null;
  due_on: string | null;
  /** open | done */
  status: string;
  created_by: string;
  created_at: string;
  done_at: string | null;
}

export interface EnforcementNotesTable {
  id: string;
  investigation_id: string;
  body: string;
  created_by: string;
  created_at: string;
}

export interface EnforcementEvidenceTable {
  id: string;
  investigation_id: string;
  description: string;
  file_id: string | null;
  sha256: string;
  /** Who holds it now (free text: officer, store, laboratory). */
  custodian: string;
  created_by: string;
  created_at: string;
}

export interface EnforcementCustodyTable {
  id: string;
  evidence_id: string;
  seq: number;
  /** collected | transferred | examined | returned | destroyed */
  action: string;
  from_custodian: string | null;
  to_custodian: string | null;
  note: string | null;
  /** SHA-256 of the file when re-checked at this step (null for physical items). */
  sha256_checked: string | null;
  by_user: string;
  at: string;
}

export interface EnforcementProceedingsTable {
  id: string;
  investigation_id: string;
  /** The respondent as charged (a name; the published summary never carries it). */
  respondent: string;
  /** The penalty calculation (JSON: pack, version, input, steps, result). */
  calculation: string;
  proposed_penalty: number;
  currency: string;
  /** charged | responded | hearing_scheduled | decided | appealed | appeal_decided | published */
  status: string;
  charges: string;
  notice_at: string;
  response_due_on: string;
  response: string | null;
  responded_at: string | null;
  hearing_on: string | null;
  decision: string | null;
  decision_reasons: string | null;
  final_penalty: number | null;
  decided_at: string | null;
  appeal_grounds: string | null;
  appealed_at: string | null;
  appeal_outcome: string | null;
  appeal_decided_at: string | null;
  public_summary: string | null;
  published_at: string | null;
  created_by: string;
}

export interface EnforcementAuditsTable {
  id: string;
  /** The exporter organisation audited. */
  organisation_id: string;
  /** Why this exporter was chosen (e.g. the risk targeting list entry). */
  basis: string;
  planned_on: string;
  /** planned | in_progress | completed */
  status: string;
  /** JSON: { [element]: { score: 0-3, note } } */
  checklist: string;
  rating: string | null;
  lead: string;
  created_at: string;
  completed_at: string | null;
}

export interface EnforcementFindingsTable {
  id: string;
  audit_id: string;
  organisation_id: string;
  element: string;
  /** minor | major | critical */
  severity: string;
  description: string;
  action: string;
  due_on: string;
  /** open | closed */
  status: string;
  closed_at: string | null;
  closure_note: string | null;
  created_by: string;
  created_at: string;
}

export interface EnforcementTables {
  enforcement_concerns: EnforcementConcernsTable;
  enforcement_concern_messages: EnforcementConcernMessagesTable;
  enforcement_concern_files: EnforcementConcernFilesTable;
  enforcement_investigations: EnforcementInvestigationsTable;
  enforcement_links: EnforcementLinksTable;
  enforcement_overlaps: EnforcementOverlapsTable;
  enforcement_tasks: EnforcementTasksTable;
  enforcement_notes: EnforcementNotesTable;
  enforcement_evidence: EnforcementEvidenceTable;
  enforcement_custody: EnforcementCustodyTable;
  enforcement_proceedings: EnforcementProceedingsTable;
  enforcement_audits: EnforcementAuditsTable;
  enforcement_findings: EnforcementFindingsTable;
}
