import type { Generated } from 'kysely';

/** Booleans are stored as 0/1 integers so one schema serves SQLite and PostgreSQL. */
export type Bool = number;

export interface OrganisationsTable {
  id: string;
  name: string;
  kind: 'authority' | 'exporter' | 'research' | 'partner_agency';
  country: string | null;
  created_at: string;
}

export interface UsersTable {
  id: string;
  organisation_id: string;
  email: string;
  name: string | null;
  role: string;
  /** Advisers belong to a team (e.g. "defence", "foreign_affairs"); cases are referred to teams. */
  team: string | null;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  disabled: Bool;
  created_at: string;
  password_changed_at: string | null;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AuditEventsTable {
  seq: number;
  id: string;
  occurred_at: string;
  actor_id: string | null;
  actor_email: string | null;
  organisation_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  summary: string; // JSON {before?, after?, ...}
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface JobsTable {
  id: string;
  type: string;
  payload: string; // JSON
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  run_at: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  progress: number | null; // 0..1
  progress_message: string | null;
  result: string | null; // JSON
  last_error: string | null;
  unique_key: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

export interface JobSchedulesTable {
  name: string;
  job_type: string;
  cron: string;
  payload: string;
  next_run_at: string;
  last_run_at: string | null;
  enabled: Bool;
}

export interface NotificationsTable {
  id: string;
  user_id: string | null;
  organisation_id: string | null;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface FilesTable {
  id: string;
  organisation_id: string | null;
  filename: string;
  content_type: string;
  size: number;
  sha256: string;
  storage_path: string;
  created_by: string | null;
  created_at: string;
}

export interface IdempotencyKeysTable {
  key: string;
  scope: string;
  response: string; // JSON
  created_at: string;
}

export interface AppStateTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface PlatformTables {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_events: AuditEventsTable;
  audit_head: AuditHeadTable;
  jobs: JobsTable;
  job_schedules: JobSchedulesTable;
  notifications: NotificationsTable;
  files: FilesTable;
  idempotency_keys: IdempotencyKeysTable;
  app_state: AppStateTable;
}

export type { Generated };
