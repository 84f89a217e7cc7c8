import type { Kysely, Migration } from 'kysely';

const amendments: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('lic_licence_amendments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('licence_id', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('goods', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('status_before', 'text', (c) => c.notNull())
      .addColumn('status_after', 'text', (c) => c.notNull())
      .addColumn('amended_by', 'text', (c) => c.notNull())
      .addColumn('amended_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('lic_licence_amendments_version', ['licence_id', 'version'])
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('lic_licence_amendments').execute();
  },
};

export const licenceAmendmentMigrations: Record<string, Migration> = {
  '20261207_1400_licensing_licence_amendments': amendments,
};
