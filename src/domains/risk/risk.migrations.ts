import type { Kysely, Migration } from 'kysely';

const core: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('risk_scans')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('job_id', 'text')
      .addColumn('mode', 'text', (c) => c.notNull())
      .addColumn('date_from', 'text')
      .addColumn('date_to', 'text')
      .addColumn('created_after', 'text')
      .addColumn('watermark', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total', 'integer', (c) => c.notNull())
      .addColumn('scanned', 'integer', (c) => c.notNull())
      .addColumn('alerts', 'integer', (c) => c.notNull())
      .addColumn('skipped', 'text', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
    await db.schema.createIndex('risk_scans_created').on('risk_scans').columns(['status', 'created_at']).execute();

    await db.schema
      .createTable('risk_alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('subject_ref', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text')
      .addColumn('exporter_key', 'text')
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('escalated_to', 'text')
      .addColumn('escalation_ref', 'text')
      .addColumn('subject_date', 'text')
      .addColumn('scan_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('risk_alerts_subject', ['subject_type', 'subject_key'])
      .execute();
    await db.schema.createIndex('risk_alerts_queue').on('risk_alerts').columns(['status', 'score']).execute();
    await db.schema.createIndex('risk_alerts_exporter').on('risk_alerts').columns(['exporter_key']).execute();

    await db.schema
      .createTable('risk_labels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('alert_id', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('signals', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('risk_labels_alert').on('risk_labels').column('alert_id').execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['risk_labels', 'risk_alerts', 'risk_scans']) await db.schema.dropTable(t).execute();
  },
};

const state: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('risk_parties')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('address_norm', 'text')
      .addColumn('eori', 'text')
      .addColumn('roles', 'text', (c) => c.notNull())
      .addColumn('first_date', 'text', (c) => c.notNull())
      .addColumn('first_reference', 'text', (c) => c.notNull())
      .addColumn('declarations', 'integer', (c) => c.notNull())
      .addColumn('listed', 'integer', (c) => c.notNull())
      .addColumn('listed_detail', 'text')
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('risk_parties_address').on('risk_parties').column('address_norm').execute();
    await db.schema
      .createTable('risk_split_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('pair_key', 'text', (c) => c.notNull())
      .addColumn('declaration_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('risk_split_events_pair').on('risk_split_events').columns(['pair_key', 'date']).execute();
    await db.schema
      .createTable('risk_baselines')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('median', 'double precision', (c) => c.notNull())
      .addColumn('mad', 'double precision', (c) => c.notNull())
      .addColumn('n', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('risk_target_lists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('deterrence_share', 'double precision', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['risk_target_lists', 'risk_baselines', 'risk_split_events', 'risk_parties']) await db.schema.dropTable(t).execute();
  },
};

export const riskMigrations: Record<string, Migration> = {
  '20261207_1600_risk_core': core,
  '20261207_1601_risk_state': state,
};
