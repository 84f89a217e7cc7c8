import type { Kysely, Migration } from 'kysely';
import { newVerificationCode } from './verification-code.js';

/**
 * Caseworker workspace (issue 14): case allocation, documents attached to a party, licence verification codes,
 * case notes, officer ↔ exporter correspondence, and a routing rule that keeps a confirmed screening match in
 * sanctions review after its blocking flag is cleared.
 */
export const workspaceMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('lic_applications').addColumn('assigned_to', 'text').execute();
    await db.schema.alterTable('lic_applications').addColumn('assigned_at', 'text').execute();
    await db.schema.createIndex('lic_app_assigned_idx').on('lic_applications').columns(['assigned_to', 'open_case', 'due_date']).execute();
    await db.schema.alterTable('lic_documents').addColumn('party_id', 'text').execute();
    await db.schema.alterTable('lic_licences').addColumn('verification_code', 'text').execute();
    for (const l of await db.selectFrom('lic_licences').select('id').execute())
      await db.updateTable('lic_licences').set({ verification_code: newVerificationCode() }).where('id', '=', l.id).execute();
    await db.schema.createIndex('lic_licences_verification_idx').on('lic_licences').column('verification_code').unique().execute();
    await db.schema
      .createTable('lic_case_notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('lic_applications.id'))
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_case_notes_app_idx').on('lic_case_notes').columns(['application_id', 'created_at']).execute();
    await db.schema
      .createTable('lic_messages')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull().references('lic_applications.id'))
      .addColumn('author_id', 'text', (c) => c.notNull())
      .addColumn('side', 'text', (c) => c.notNull()) // authority | exporter
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('document_ids', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_messages_app_idx').on('lic_messages').columns(['application_id', 'created_at']).execute();
    await db
      .insertInto('lic_routing_rules')
      .values({ id: 'rr-confirmed-match', priority: 15, name: 'Confirmed restricted-party match', queue: 'sanctions-review', case_type: null, destinations: null, rating_prefix: null, flag: 'confirmed_match', risk_tier: null, active: 1 })
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.deleteFrom('lic_routing_rules').where('id', '=', 'rr-confirmed-match').execute();
    await db.schema.dropTable('lic_messages').ifExists().execute();
    await db.schema.dropTable('lic_case_notes').ifExists().execute();
    await db.schema.dropIndex('lic_licences_verification_idx').ifExists().execute();
    await db.schema.alterTable('lic_licences').dropColumn('verification_code').execute();
    await db.schema.alterTable('lic_documents').dropColumn('party_id').execute();
    await db.schema.dropIndex('lic_app_assigned_idx').ifExists().execute();
    await db.schema.alterTable('lic_applications').dropColumn('assigned_at').execute();
    await db.schema.alterTable('lic_applications').dropColumn('assigned_to').execute();
  },
};
