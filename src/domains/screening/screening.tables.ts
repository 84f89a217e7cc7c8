import type { Bool } from '../../platform/db/platform.tables.js';

/** One imported version of one source list. `is_current` marks the version in force. */
export interface ScreeningListVersionsTable {
  id: string;
  source: string;
  /** 1, 2, 3… per source. */
  seq: number;
  fetched_at: string;
  data_date: string | null;
  checksum: string;
  /** bundled | url | file */
  origin: string;
  origin_detail: string | null;
  entity_count: number;
  name_count: number;
  added_count: number;
  removed_count: number;
  changed_count: number;
  previous_version_id: string | null;
  is_current: Bool;
  created_by: string | null;
}

/** The entities of the current version of every source (JSON `ListedParty`). */
export interface ScreeningEntitiesTable {
  id: string;
  source: string;
  list: string | null;
  schema: string;
  name: string;
  data: string;
  /** Content hash: changes whenever the listing changes. */
  hash: string;
  /** Version in which this listing last appeared or changed. */
  version_id: string;
}

/** The diff of a version against its predecessor. `data` is the new listing (added/changed) or the old one (removed). */
export interface ScreeningVersionChangesTable {
  version_id: string;
  entity_id: string;
  change: 'added' | 'removed' | 'changed';
  name: string;
  list: string | null;
  data: string;
}

/** A counterparty or application party that Clearway keeps screened. */
export interface ScreeningPartiesTable {
  id: string;
  organisation_id: string;
  name: string;
  type: string | null;
  country: string | null;
  date_of_birth: string | null;
  /** counterparty (entered through /api/screening/parties) or the other domain's subject, e.g. application */
  subject_type: string;
  subject_id: string;
  /** clear | review (open or escalated hits) | match (a confirmed true match) */
  status: string;
  last_screened_at: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface ScreeningHitsTable {
  id: string;
  party_id: string;
  organisation_id: string;
  entity_id: string;
  source: string;
  list: string | null;
  entity_name: string;
  matched_name: string;
  score: number;
  explanation: string;
  list_version_id: string;
  /** The listing's content hash when the hit was raised or last decided: a clearance lapses when it changes. */
  entity_hash: string;
  /** open | escalated | true_match | false_positive | withdrawn (no longer matched after the party changed) */
  status: string;
  reason: string | null;
  decided_by: string | null;
  decided_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScreeningDecisionsTable {
  id: string;
  hit_id: string;
  decision: string;
  reason: string;
  entity_hash: string;
  list_version_id: string;
  decided_by: string;
  decided_at: string;
}

export interface ScreeningRunsTable {
  id: string;
  party_id: string;
  organisation_id: string;
  /** entered | updated | application | rescreen | manual */
  trigger: string;
  list_versions: string;
  hit_count: number;
  new_hit_count: number;
  created_by: string | null;
  created_at: string;
}

export interface ScreeningBatchesTable {
  id: string;
  organisation_id: string;
  created_by: string;
  job_id: string | null;
  /** queued | running | done | failed */
  status: string;
  total: number;
  done: number;
  threshold: number | null;
  max_matches: number | null;
  input: string;
  results: string | null;
  list_versions: string | null;
  created_at: string;
  finished_at: string | null;
}

/** Tables owned by the screening domain (row types for Kysely). */
export interface ScreeningTables {
  screening_list_versions: ScreeningListVersionsTable;
  screening_entities: ScreeningEntitiesTable;
  screening_version_changes: ScreeningVersionChangesTable;
  screening_parties: ScreeningPartiesTable;
  screening_hits: ScreeningHitsTable;
  screening_decisions: ScreeningDecisionsTable;
  screening_runs: ScreeningRunsTable;
  screening_batches: ScreeningBatchesTable;
}
