import type { Kysely, Migration } from 'kysely';
import { createdAtIndex } from './customs-created-at.migration.js';

const declarations: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('customs_declarations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text')
      .addColumn('declarant_key', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('body_hash', 'text', (c) => c.notNull())
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('procedure', 'text', (c) => c.notNull())
      .addColumn('customs_office', 'text', (c) => c.notNull())
      .addColumn('declarant', 'text', (c) => c.notNull())
      .addColumn('exporter', 'text', (c) => c.notNull())
      .addColumn('consignee', 'text', (c) => c.notNull())
      .addColumn('end_user', 'text')
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('dispatch_country', 'text', (c) => c.notNull())
      .addColumn('transit', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('released_lines', 'integer', (c) => c.notNull())
      .addColumn('held_lines', 'integer', (c) => c.notNull())
      .addColumn('rejected_lines', 'integer', (c) => c.notNull())
      .addColumn('batch_id', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('cancelled_at', 'text')
      .addColumn('cancelled_by', 'text')
      .addColumn('cancel_reason', 'text')
      .addUniqueConstraint('customs_declarations_declarant_reference', ['declarant_key', 'reference'])
      .execute();
    await db.schema.createIndex('customs_declarations_org').on('customs_declarations').columns(['organisation_id', 'created_at']).execute();

    await db.schema
      .createTable('customs_lines')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('declaration_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text')
      .addColumn('line_no', 'integer', (c) => c.notNull())
      .addColumn('hs_code', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('control_code', 'text')
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('auth_kind', 'text')
      .addColumn('auth_reference', 'text')
      .addColumn('licence_id', 'text')
      .addColumn('licence_good_id', 'text')
      .addColumn('general_licence_id', 'text')
      .addColumn('destination', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('consumed', 'integer', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('customs_lines_declaration').on('customs_lines').column('declaration_id').execute();
    await db.schema.createIndex('customs_lines_status').on('customs_lines').columns(['status', 'created_at']).execute();
    await db.schema.createIndex('customs_lines_licence').on('customs_lines').column('licence_id').execute();
    await db.schema.createIndex('customs_lines_org').on('customs_lines').columns(['organisation_id', 'general_licence_id']).execute();

    await db.schema
      .createTable('customs_batches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('job_id', 'text')
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('total_declarations', 'integer', (c) => c.notNull())
      .addColumn('total_lines', 'integer', (c) => c.notNull())
      .addColumn('done_lines', 'integer', (c) => c.notNull())
      .addColumn('released', 'integer', (c) => c.notNull())
      .addColumn('held', 'integer', (c) => c.notNull())
      .addColumn('rejected', 'integer', (c) => c.notNull())
      .addColumn('input_path', 'text', (c) => c.notNull())
      .addColumn('result_path', 'text')
      .addColumn('error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('finished_at', 'text')
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['customs_batches', 'customs_lines', 'customs_declarations']) await db.schema.dropTable(t).ifExists().execute();
  },
};

const generalLicences: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('customs_general_licences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('destinations', 'text', (c) => c.notNull())
      .addColumn('item_scope', 'text', (c) => c.notNull())
      .addColumn('item_codes', 'text', (c) => c.notNull())
      .addColumn('item_groups', 'text', (c) => c.notNull())
      .addColumn('excluded_codes', 'text', (c) => c.notNull())
      .addColumn('lists_complete', 'integer', (c) => c.notNull())
      .addColumn('registration_timing', 'text', (c) => c.notNull())
      .addColumn('registration_deadline_days', 'integer', (c) => c.notNull())
      .addColumn('return_period_months', 'integer', (c) => c.notNull())
      .addColumn('return_due_days', 'integer', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('customs_gl_registrations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('general_licence_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('registered_at', 'text')
      .addColumn('first_use_at', 'text')
      .addColumn('register_by', 'text')
      .addColumn('suspended_at', 'text')
      .addColumn('suspend_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('customs_gl_registrations_org_gl', ['organisation_id', 'general_licence_id'])
      .execute();
    await db.schema
      .createTable('customs_gl_returns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('registration_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('general_licence_id', 'text', (c) => c.notNull())
      .addColumn('period_start', 'text', (c) => c.notNull())
      .addColumn('period_end', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('filed_at', 'text')
      .addColumn('filed_by', 'text')
      .addColumn('summary', 'text')
      .addColumn('note', 'text')
      .addColumn('reminded_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('customs_gl_returns_reg_period', ['registration_id', 'period_start'])
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['customs_gl_returns', 'customs_gl_registrations', 'customs_general_licences']) await db.schema.dropTable(t).ifExists().execute();
  },
};

export const customsMigrations: Record<string, Migration> = {
  '20261207_2001_customs_declarations': declarations,
  '20261207_2002_customs_general_licences': generalLicences,
  '20261207_2003_customs_created_at_index': createdAtIndex,
};
