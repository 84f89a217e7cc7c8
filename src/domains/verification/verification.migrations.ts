import type { Kysely, Migration } from 'kysely';

const checks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('ver_checks')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text')
      .addColumn('licence_id', 'text')
      .addColumn('declaration_reference', 'text')
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('party_name', 'text', (c) => c.notNull())
      .addColumn('party_country', 'text', (c) => c.notNull())
      .addColumn('party_key', 'text', (c) => c.notNull())
      .addColumn('destination', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('assigned_org_id', 'text')
      .addColumn('assigned_user_id', 'text')
      .addColumn('assigned_at', 'text')
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('reminded_at', 'text')
      .addColumn('escalated_at', 'text')
      .addColumn('outcome', 'text')
      .addColumn('visited_on', 'text')
      .addColumn('findings', 'text')
      .addColumn('items_seen', 'text')
      .addColumn('evidence_file_ids', 'text', (c) => c.notNull())
      .addColumn('reported_by', 'text')
      .addColumn('reported_at', 'text')
      .addColumn('proposal_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ver_checks_party').on('ver_checks').columns(['party_key', 'created_at']).execute();
    await db.schema.createIndex('ver_checks_org').on('ver_checks').columns(['assigned_org_id', 'created_at']).execute();
    await db.schema.createIndex('ver_checks_due').on('ver_checks').columns(['status', 'due_on']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('ver_checks').execute();
  },
};

const proposals: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('ver_proposals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('licence_id', 'text', (c) => c.notNull())
      .addColumn('licence_reference', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('party_name', 'text', (c) => c.notNull())
      .addColumn('party_country', 'text', (c) => c.notNull())
      .addColumn('party_key', 'text', (c) => c.notNull())
      .addColumn('destination', 'text')
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('random_pick', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_reason', 'text')
      .addColumn('defer_until', 'text')
      .addColumn('check_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ver_proposals_licence').on('ver_proposals').columns(['licence_id', 'party_id']).execute();
    await db.schema.createIndex('ver_proposals_status').on('ver_proposals').columns(['status', 'score']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('ver_proposals').execute();
  },
};

const unverified: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('ver_unverified')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('party_key', 'text', (c) => c.notNull())
      .addColumn('party_name', 'text', (c) => c.notNull())
      .addColumn('party_country', 'text', (c) => c.notNull())
      .addColumn('party_address', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('check_id', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('review_on', 'text')
      .addColumn('proposed_at', 'text', (c) => c.notNull())
      .addColumn('confirmed_by', 'text')
      .addColumn('confirmed_at', 'text')
      .addColumn('removed_by', 'text')
      .addColumn('removed_at', 'text')
      .addColumn('removal_reason', 'text')
      .addColumn('removal_check_id', 'text')
      .execute();
    await db.schema.createIndex('ver_unverified_party').on('ver_unverified').columns(['party_key', 'status']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('ver_unverified').execute();
  },
};

const reviewNotified: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('ver_unverified').addColumn('review_notified_at', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('ver_unverified').dropColumn('review_notified_at').execute();
  },
};

export const verificationMigrations: Record<string, Migration> = {
  '20261207_1500_verification_checks': checks,
  '20261207_1501_verification_proposals': proposals,
  '20261207_1502_verification_unverified': unverified,
  '20261207_1503_verification_review_notified': reviewNotified,
};
