import type { Kysely, Migration } from 'kysely';

const m1300: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('determination_packs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('pack_key', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('effective_from', 'text', (c) => c.notNull())
      .addColumn('effective_to', 'text')
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('checksum', 'text', (c) => c.notNull())
      .addColumn('based_on_id', 'text')
      .addColumn('changes', 'text')
      .addColumn('note', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('determination_packs_policy_idx').on('determination_packs').columns(['policy', 'status', 'effective_from']).execute();

    await db.schema
      .createTable('determinations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text')
      .addColumn('policy', 'text', (c) => c.notNull())
      .addColumn('pack_id', 'text', (c) => c.notNull())
      .addColumn('policy_version', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('tier', 'text', (c) => c.notNull())
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('end_use', 'text', (c) => c.notNull())
      .addColumn('total_value', 'double precision', (c) => c.notNull())
      .addColumn('item_count', 'integer', (c) => c.notNull())
      .addColumn('application_id', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('input', 'text', (c) => c.notNull())
      .addColumn('context', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('determinations_org_idx').on('determinations').columns(['organisation_id', 'created_at']).execute();
    await db.schema.createIndex('determinations_policy_idx').on('determinations').columns(['policy', 'created_at']).execute();
    await db.schema.createIndex('determinations_application_idx').on('determinations').column('application_id').execute();

    await db.schema
      .createTable('determination_replays')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('draft_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('changed', 'integer', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('determination_replays_draft_idx').on('determination_replays').column('draft_id').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('determination_replays').execute();
    await db.schema.dropTable('determinations').execute();
    await db.schema.dropTable('determination_packs').execute();
  },
};

export const determinationMigrations: Record<string, Migration> = {
  '20261126_1300_determination_tables': m1300,
};
