import type { Kysely, Migration } from 'kysely';

/**
 * Declarations by ingestion instant: risk's incremental scan reads "ingested after the last watermark" (risk.port.ts);
 * without this index that filter reads the whole table. Numbered after 2001/2002 because migrations run in name order
 * and this one needs customs_declarations to exist.
 */
export const createdAtIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('customs_declarations_created_at').ifNotExists().on('customs_declarations').column('created_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('customs_declarations_created_at').ifExists().execute();
  },
};
