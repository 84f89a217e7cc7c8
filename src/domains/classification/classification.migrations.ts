import type { Kysely, Migration } from 'kysely';

const m1100: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('classification_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('product_name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('manufacturer', 'text', (c) => c.notNull())
      .addColumn('part_number', 'text')
      .addColumn('publish_part_number', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('datasheet_file_id', 'text')
      .addColumn('submitted_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('classification_requests_org_idx').on('classification_requests').columns(['organisation_id', 'submitted_at']).execute();
    await db.schema.createIndex('classification_requests_status_idx').on('classification_requests').columns(['status', 'submitted_at']).execute();

    await db.schema
      .createTable('classification_parameters')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull().references('classification_requests.id'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('value_num', 'double precision')
      .addColumn('unit', 'text')
      .addColumn('base_unit', 'text')
      .execute();
    await db.schema.createIndex('classification_parameters_request_idx').on('classification_parameters').columns(['request_id', 'position']).execute();

    await db.schema
      .createTable('classification_rulings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull().unique().references('classification_requests.id'))
      .addColumn('list', 'text')
      .addColumn('code', 'text')
      .addColumn('title', 'text')
      .addColumn('not_listed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('rationale', 'text', (c) => c.notNull())
      .addColumn('ruled_by', 'text', (c) => c.notNull())
      .addColumn('ruled_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('classification_rulings_time_idx').on('classification_rulings').column('ruled_at').execute();
    await db.schema.createIndex('classification_rulings_code_idx').on('classification_rulings').columns(['list', 'code']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['classification_rulings', 'classification_parameters', 'classification_requests']) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Publication of rulings is a separate, reviewed step (issue 13): consent for the description, and the published record. */
const m1101: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('classification_requests').addColumn('publish_description', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema
      .createTable('classification_publications')
      .addColumn('request_id', 'text', (c) => c.primaryKey().references('classification_requests.id'))
      .addColumn('public_summary', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('parameters', 'text', (c) => c.notNull())
      .addColumn('part_number', 'text')
      .addColumn('published_by', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('classification_publications_time_idx').on('classification_publications').column('published_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('classification_publications').ifExists().execute();
    await db.schema.alterTable('classification_requests').dropColumn('publish_description').execute();
  },
};

export const classificationMigrations: Record<string, Migration> = {
  '20261126_1100_classification_requests': m1100,
  '20261207_1101_classification_publications': m1101,
};
