import type { Kysely, Migration } from 'kysely';

const init: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('adv_advisories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('end_user_name', 'text', (c) => c.notNull())
      .addColumn('end_user_country', 'text', (c) => c.notNull())
      .addColumn('end_user_address', 'text')
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('end_use', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('answer', 'text')
      .addColumn('reason_code', 'text')
      .addColumn('reason', 'text')
      .addColumn('internal_note', 'text')
      .addColumn('valid_until', 'text')
      .addColumn('answered_by', 'text')
      .addColumn('answered_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('adv_advisories_org').on('adv_advisories').columns(['organisation_id', 'created_at']).execute();
    await db.schema.createIndex('adv_advisories_answer').on('adv_advisories').columns(['answer', 'end_user_country']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('adv_advisories').ifExists().execute();
  },
};

export const advisoriesMigrations: Record<string, Migration> = { '20261207_1950_advisories_init': init };
