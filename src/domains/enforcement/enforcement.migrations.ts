import type { Kysely, Migration } from 'kysely';

type Col = [name: string, type: 'text' | 'integer' | 'double precision', notNull?: boolean];

/** Creates a table whose first column is the text primary key `id`. */
async function table(db: Kysely<any>, name: string, cols: Col[]) {
  let t = db.schema.createTable(name).addColumn('id', 'text', (c) => c.primaryKey());
  for (const [col, type, notNull] of cols) t = t.addColumn(col, type, (c) => (notNull ? c.notNull() : c));
  await t.execute();
}

const hotline: Migration = {
  async up(db) {
    await table(db, 'enforcement_concerns', [
      ['receipt', 'text', true], ['passphrase_hash', 'text', true], ['category', 'text', true], ['subject', 'text'], ['country', 'text'],
      ['description', 'text', true], ['contact_channel', 'text'], ['contact_value', 'text'], ['status', 'text', true],
      ['failed_attempts', 'integer', true], ['locked_until', 'text'], ['investigation_id', 'text'], ['created_at', 'text', true], ['updated_at', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_concerns_receipt').on('enforcement_concerns').column('receipt').unique().execute();
    await db.schema.createIndex('enforcement_concerns_status').on('enforcement_concerns').columns(['status', 'created_at']).execute();
    await table(db, 'enforcement_concern_messages', [
      ['concern_id', 'text', true], ['seq', 'integer', true], ['author', 'text', true], ['author_user_id', 'text'], ['body', 'text', true], ['created_at', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_concern_messages_concern').on('enforcement_concern_messages').columns(['concern_id', 'seq']).unique().execute();
    await table(db, 'enforcement_concern_files', [
      ['concern_id', 'text', true], ['file_id', 'text', true], ['added_by', 'text', true], ['content_type', 'text', true], ['size', 'integer', true],
      ['sha256', 'text', true], ['removed', 'text', true], ['created_at', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_concern_files_concern').on('enforcement_concern_files').column('concern_id').execute();
  },
  async down(db) {
    for (const t of ['enforcement_concern_files', 'enforcement_concern_messages', 'enforcement_concerns']) await db.schema.dropTable(t).execute();
  },
};

const investigations: Migration = {
  async up(db) {
    await table(db, 'enforcement_investigations', [
      ['reference', 'text', true], ['title', 'text', true], ['summary', 'text', true], ['organisation_id', 'text', true], ['team', 'text'], ['contact', 'text', true],
      ['status', 'text', true], ['outcome', 'text'], ['outcome_reason', 'text'], ['opened_by', 'text', true], ['opened_at', 'text', true], ['closed_at', 'text'],
    ]);
    await db.schema.createIndex('enforcement_investigations_reference').on('enforcement_investigations').column('reference').unique().execute();
    await table(db, 'enforcement_links', [
      ['investigation_id', 'text', true], ['kind', 'text', true], ['ref', 'text', true], ['party_key', 'text'], ['note', 'text'], ['created_by', 'text', true], ['created_at', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_links_investigation').on('enforcement_links').column('investigation_id').execute();
    await db.schema.createIndex('enforcement_links_party').on('enforcement_links').column('party_key').execute();
    await table(db, 'enforcement_overlaps', [['investigation_id', 'text', true], ['other_investigation_id', 'text', true], ['party_key', 'text', true], ['created_at', 'text', true]]);
    await db.schema.createIndex('enforcement_overlaps_pair').on('enforcement_overlaps').columns(['investigation_id', 'other_investigation_id', 'party_key']).unique().execute();
    await table(db, 'enforcement_tasks', [
      ['investigation_id', 'text', true], ['title', 'text', true], ['assignee', 'text'], ['due_on', 'text'], ['status', 'text', true], ['created_by', 'text', true], ['created_at', 'text', true], ['done_at', 'text'],
    ]);
    await table(db, 'enforcement_notes', [['investigation_id', 'text', true], ['body', 'text', true], ['created_by', 'text', true], ['created_at', 'text', true]]);
    await table(db, 'enforcement_evidence', [
      ['investigation_id', 'text', true], ['description', 'text', true], ['file_id', 'text'], ['sha256', 'text', true], ['custodian', 'text', true], ['created_by', 'text', true], ['created_at', 'text', true],
    ]);
    await table(db, 'enforcement_custody', [
      ['evidence_id', 'text', true], ['seq', 'integer', true], ['action', 'text', true], ['from_custodian', 'text'], ['to_custodian', 'text'], ['note', 'text'],
      ['sha256_checked', 'text'], ['by_user', 'text', true], ['at', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_custody_evidence').on('enforcement_custody').columns(['evidence_id', 'seq']).unique().execute();
  },
  async down(db) {
    for (const t of ['enforcement_custody', 'enforcement_evidence', 'enforcement_notes', 'enforcement_tasks', 'enforcement_overlaps', 'enforcement_links', 'enforcement_investigations'])
      await db.schema.dropTable(t).execute();
  },
};

const proceedings: Migration = {
  async up(db) {
    await table(db, 'enforcement_proceedings', [
      ['investigation_id', 'text', true], ['respondent', 'text', true], ['calculation', 'text', true], ['proposed_penalty', 'double precision', true], ['currency', 'text', true],
      ['status', 'text', true], ['charges', 'text', true], ['notice_at', 'text', true], ['response_due_on', 'text', true], ['response', 'text'], ['responded_at', 'text'],
      ['hearing_on', 'text'], ['decision', 'text'], ['decision_reasons', 'text'], ['final_penalty', 'double precision'], ['decided_at', 'text'], ['appeal_grounds', 'text'],
      ['appealed_at', 'text'], ['appeal_outcome', 'text'], ['appeal_decided_at', 'text'], ['public_summary', 'text'], ['published_at', 'text'], ['created_by', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_proceedings_published').on('enforcement_proceedings').column('published_at').execute();
  },
  async down(db) {
    await db.schema.dropTable('enforcement_proceedings').execute();
  },
};

const audits: Migration = {
  async up(db) {
    await table(db, 'enforcement_audits', [
      ['organisation_id', 'text', true], ['basis', 'text', true], ['planned_on', 'text', true], ['status', 'text', true], ['checklist', 'text', true], ['rating', 'text'],
      ['lead', 'text', true], ['created_at', 'text', true], ['completed_at', 'text'],
    ]);
    await db.schema.createIndex('enforcement_audits_org').on('enforcement_audits').columns(['organisation_id', 'completed_at']).execute();
    await table(db, 'enforcement_findings', [
      ['audit_id', 'text', true], ['organisation_id', 'text', true], ['element', 'text', true], ['severity', 'text', true], ['description', 'text', true], ['action', 'text', true],
      ['due_on', 'text', true], ['status', 'text', true], ['closed_at', 'text'], ['closure_note', 'text'], ['created_by', 'text', true], ['created_at', 'text', true],
    ]);
    await db.schema.createIndex('enforcement_findings_org').on('enforcement_findings').columns(['organisation_id', 'status']).execute();
  },
  async down(db) {
    for (const t of ['enforcement_findings', 'enforcement_audits']) await db.schema.dropTable(t).execute();
  },
};

export const enforcementMigrations: Record<string, Migration> = {
  '20261207_1700_enforcement_hotline': hotline,
  '20261207_1710_enforcement_investigations': investigations,
  '20261207_1720_enforcement_proceedings': proceedings,
  '20261207_1730_enforcement_audits': audits,
};
