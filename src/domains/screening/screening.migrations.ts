import type { Kysely, Migration } from 'kysely';

const m1200: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('screening_list_versions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('fetched_at', 'text', (c) => c.notNull())
      .addColumn('data_date', 'text')
      .addColumn('checksum', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('origin_detail', 'text')
      .addColumn('entity_count', 'integer', (c) => c.notNull())
      .addColumn('name_count', 'integer', (c) => c.notNull())
      .addColumn('added_count', 'integer', (c) => c.notNull())
      .addColumn('removed_count', 'integer', (c) => c.notNull())
      .addColumn('changed_count', 'integer', (c) => c.notNull())
      .addColumn('previous_version_id', 'text')
      .addColumn('is_current', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addUniqueConstraint('screening_list_versions_source_seq', ['source', 'seq'])
      .execute();
    await db.schema.createIndex('screening_list_versions_current').on('screening_list_versions').columns(['is_current', 'source']).execute();

    await db.schema
      .createTable('screening_entities')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('list', 'text')
      .addColumn('schema', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('version_id', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screening_entities_source').on('screening_entities').column('source').execute();

    await db.schema
      .createTable('screening_version_changes')
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('list', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('screening_version_changes_pk', ['version_id', 'entity_id'])
      .execute();

    await db.schema
      .createTable('screening_parties')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('type', 'text')
      .addColumn('country', 'text')
      .addColumn('date_of_birth', 'text')
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('last_screened_at', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('deleted_at', 'text')
      .execute();
    await db.schema.createIndex('screening_parties_org').on('screening_parties').column('organisation_id').execute();
    await db.schema.createIndex('screening_parties_subject').on('screening_parties').columns(['subject_type', 'subject_id']).execute();

    await db.schema
      .createTable('screening_hits')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('list', 'text')
      .addColumn('entity_name', 'text', (c) => c.notNull())
      .addColumn('matched_name', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('list_version_id', 'text', (c) => c.notNull())
      .addColumn('entity_hash', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('screening_hits_party_entity', ['party_id', 'entity_id'])
      .execute();
    await db.schema.createIndex('screening_hits_status').on('screening_hits').columns(['status', 'organisation_id']).execute();

    await db.schema
      .createTable('screening_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('hit_id', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('entity_hash', 'text', (c) => c.notNull())
      .addColumn('list_version_id', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull())
      .addColumn('decided_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screening_decisions_hit').on('screening_decisions').column('hit_id').execute();

    await db.schema
      .createTable('screening_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('trigger', 'text', (c) => c.notNull())
      .addColumn('list_versions', 'text', (c) => c.notNull())
      .addColumn('hit_count', 'integer', (c) => c.notNull())
      .addColumn('new_hit_count', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screening_runs_party').on('screening_runs').column('party_id').execute();

    await db.schema
      .createTable('screening_batches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('done', 'integer', (c) => c.notNull())
      .addColumn('threshold', 'double precision')
      .addColumn('max_matches', 'integer')
      .addColumn('input', 'text', (c) => c.notNull())
      .addColumn('results', 'text')
      .addColumn('list_versions', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['screening_batches', 'screening_runs', 'screening_decisions', 'screening_hits', 'screening_parties', 'screening_version_changes', 'screening_entities', 'screening_list_versions'])
      await db.schema.dropTable(t).ifExists().execute();
  },
};

export const screeningMigrations: Record<string, Migration> = {
  '20261126_1200_screening_lists_and_reviews': m1200,
};
