import type { Kysely, Migration } from 'kysely';

const m1500: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('stats_case_facts')
      .addColumn('case_id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text')
      .addColumn('case_type', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('outcome', 'text')
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('destination_name', 'text', (c) => c.notNull())
      .addColumn('control_category', 'text', (c) => c.notNull())
      .addColumn('regime', 'text', (c) => c.notNull())
      .addColumn('processing_days', 'integer')
      .addColumn('target_days', 'integer')
      .addColumn('within_target', 'integer')
      .addColumn('questions_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('clock_stop_days', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('humanitarian', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('research', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('appeal_lodged_at', 'text')
      .addColumn('appeal_decided_at', 'text')
      .addColumn('appeal_outcome', 'text')
      .addColumn('licence_type', 'text')
      .addColumn('licence_value', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('suspended_at', 'text')
      .addColumn('revoked_at', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('stats_case_facts_decided_idx').on('stats_case_facts').column('decided_at').execute();
    await db.schema.createIndex('stats_case_facts_received_idx').on('stats_case_facts').column('received_at').execute();
    await db.schema.createIndex('stats_case_facts_appeal_idx').on('stats_case_facts').column('appeal_decided_at').execute();

    await db.schema
      .createTable('stats_fact_goods')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('line', 'integer', (c) => c.notNull())
      .addColumn('rating', 'text', (c) => c.notNull())
      .addColumn('control_category', 'text', (c) => c.notNull())
      .addColumn('regime', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('stats_fact_goods_pk', ['case_id', 'line'])
      .execute();

    await db.schema
      .createTable('stats_fact_criteria')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('criterion', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('stats_fact_criteria_pk', ['case_id', 'criterion'])
      .execute();

    await db.schema
      .createTable('stats_report_editions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('period_kind', 'text', (c) => c.notNull())
      .addColumn('period', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('published_by', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('guidance_pages')
      .addColumn('slug', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('published_version', 'integer')
      .addColumn('latest_version', 'integer', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('guidance_versions')
      .addColumn('slug', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('markdown', 'text', (c) => c.notNull())
      .addColumn('change_note', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('guidance_versions_pk', ['slug', 'version'])
      .execute();

    await db.schema
      .createTable('oversight_observations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('case_reference', 'text')
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('author_email', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('oversight_observations_case_idx').on('oversight_observations').columns(['case_id', 'created_at']).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['oversight_observations', 'guidance_versions', 'guidance_pages', 'stats_report_editions', 'stats_fact_criteria', 'stats_fact_goods', 'stats_case_facts'])
      await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Distinct control category/regime per case with the case's outcome and decision time copied in, so the
 * "outcomes by control category and regime" table is one indexed group-by (no join, no count distinct). */
const m1501: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('stats_fact_regimes')
      .addColumn('case_id', 'text', (c) => c.notNull())
      .addColumn('control_category', 'text', (c) => c.notNull())
      .addColumn('regime', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('decided_at', 'text')
      .addPrimaryKeyConstraint('stats_fact_regimes_pk', ['case_id', 'control_category', 'regime'])
      .execute();
    await db.schema.createIndex('stats_fact_regimes_decided_idx').on('stats_fact_regimes').column('decided_at').execute();
    // Backfill from facts recorded before this table existed.
    await db
      .insertInto('stats_fact_regimes')
      .columns(['case_id', 'control_category', 'regime', 'outcome', 'decided_at'])
      .expression(
        db
          .selectFrom('stats_fact_goods as g')
          .innerJoin('stats_case_facts as f', 'f.case_id', 'g.case_id')
          .select(['g.case_id', 'g.control_category', 'g.regime', 'f.outcome', 'f.decided_at'])
          .distinct(),
      )
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('stats_fact_regimes').ifExists().execute();
  },
};

export const transparencyMigrations: Record<string, Migration> = {
  '20261126_1500_transparency_facts': m1500,
  '20261126_1501_transparency_fact_regimes': m1501,
};
