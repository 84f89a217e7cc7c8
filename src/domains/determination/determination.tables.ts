/** Tables owned by the determination domain (row types for Kysely). */

/** One version of a policy pack (JSON content), or an officer's draft of the next version. */
export interface DeterminationPacksTable {
  id: string;
  policy: string;
  pack_key: string;
  /** Version number within the policy; drafts carry the version they were based on until adopted. */
  version: number;
  /** active | superseded | draft | adopted_draft | discarded */
  status: string;
  effective_from: string;
  effective_to: string | null;
  content: string;
  checksum: string;
  /** For drafts: the version it was based on and the changes (JSON array). */
  based_on_id: string | null;
  changes: string | null;
  note: string | null;
  created_by: string | null;
  created_at: string;
}

/** A stored determination: the resolved input (including party screening results) and the result, for replay. */
export interface DeterminationsTable {
  id: string;
  organisation_id: string;
  user_id: string | null;
  policy: string;
  pack_id: string;
  policy_version: string;
  outcome: string;
  tier: string;
  destination: string;
  end_use: string;
  total_value: number;
  item_count: number;
  /** The licensing application this determination belongs to, when made for one. */
  application_id: string | null;
  source: string;
  input: string;
  context: string;
  result: string;
  created_at: string;
}

/** A what-if replay of a draft against stored determinations. */
export interface DeterminationReplaysTable {
  id: string;
  draft_id: string;
  created_by: string | null;
  created_at: string;
  total: number;
  changed: number;
  report: string;
}

export interface DeterminationTables {
  determination_packs: DeterminationPacksTable;
  determinations: DeterminationsTable;
  determination_replays: DeterminationReplaysTable;
}
