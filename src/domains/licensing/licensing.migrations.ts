import type { Kysely, Migration } from 'kysely';
import { workspaceMigration } from './workspace.migrations.js';

/** England & Wales bank holidays (gov.uk/bank-holidays), the default statutory-clock calendar; editable at /api/licensing/holidays. */
export const DEFAULT_HOLIDAYS: { date: string; name: string }[] = [
  { date: '2025-01-01', name: "New Year's Day" },
  { date: '2025-04-18', name: 'Good Friday' },
  { date: '2025-04-21', name: 'Easter Monday' },
  { date: '2025-05-05', name: 'Early May bank holiday' },
  { date: '2025-05-26', name: 'Spring bank holiday' },
  { date: '2025-08-25', name: 'Summer bank holiday' },
  { date: '2025-12-25', name: 'Christmas Day' },
  { date: '2025-12-26', name: 'Boxing Day' },
  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-04-03', name: 'Good Friday' },
  { date: '2026-04-06', name: 'Easter Monday' },
  { date: '2026-05-04', name: 'Early May bank holiday' },
  { date: '2026-05-25', name: 'Spring bank holiday' },
  { date: '2026-08-31', name: 'Summer bank holiday' },
  { date: '2026-12-25', name: 'Christmas Day' },
  { date: '2026-12-28', name: 'Boxing Day (substitute day)' },
  { date: '2027-01-01', name: "New Year's Day" },
  { date: '2027-03-26', name: 'Good Friday' },
  { date: '2027-03-29', name: 'Easter Monday' },
  { date: '2027-05-03', name: 'Early May bank holiday' },
  { date: '2027-05-31', name: 'Spring bank holiday' },
  { date: '2027-08-30', name: 'Summer bank holiday' },
  { date: '2027-12-27', name: 'Christmas Day (substitute day)' },
  { date: '2027-12-28', name: 'Boxing Day (substitute day)' },
];

export const DEFAULT_CASE_TYPES = [
  { code: 'standard', name: 'Standard individual export licence', target_days: 20, countersign_required: 1, reference_prefix: 'GBSIEL' },
  { code: 'open', name: 'Open individual export licence', target_days: 60, countersign_required: 1, reference_prefix: 'GBOIEL' },
  { code: 'temporary', name: 'Temporary export (return expected)', target_days: 20, countersign_required: 1, reference_prefix: 'GBSIEL' },
];

/** Default routing rules: first match by priority wins. Rows, not code; replace them with PUT /api/licensing/routing-rules. */
export const DEFAULT_ROUTING_RULES = [
  { id: 'rr-screening', priority: 10, name: 'Screening hit', queue: 'sanctions-review', case_type: null, destinations: null, rating_prefix: null, flag: 'screening_hit', risk_tier: null, active: 1 },
  { id: 'rr-denial', priority: 20, name: 'Denial match', queue: 'sanctions-review', case_type: null, destinations: null, rating_prefix: null, flag: 'denial_match', risk_tier: null, active: 1 },
  { id: 'rr-catchall', priority: 30, name: 'Catch-all (unlisted item, WMD/military concern)', queue: 'catch-all', case_type: null, destinations: null, rating_prefix: null, flag: 'catch_all', risk_tier: null, active: 1 },
  { id: 'rr-military', priority: 40, name: 'Military list goods', queue: 'military', case_type: null, destinations: null, rating_prefix: 'ML', flag: null, risk_tier: null, active: 1 },
  { id: 'rr-nuclear', priority: 50, name: 'Nuclear dual-use (category 0)', queue: 'nuclear', case_type: null, destinations: null, rating_prefix: '0', flag: null, risk_tier: null, active: 1 },
  { id: 'rr-high', priority: 60, name: 'High risk', queue: 'high-risk', case_type: null, destinations: null, rating_prefix: null, flag: null, risk_tier: 'high', active: 1 },
  { id: 'rr-default', priority: 1000, name: 'Everything else', queue: 'general', case_type: null, destinations: null, rating_prefix: null, flag: null, risk_tier: null, active: 1 },
];

const core: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('lic_products')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('rating', 'text')
      .addColumn('part_number', 'text')
      .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_products_org_idx').on('lic_products').columns(['organisation_id', 'name']).execute();

    await db.schema
      .createTable('lic_applications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.unique())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome', 'text')
      .addColumn('case_type', 'text', (c) => c.notNull())
      .addColumn('export_type', 'text', (c) => c.notNull())
      .addColumn('temporary_return_date', 'text')
      .addColumn('destination', 'text')
      .addColumn('transit', 'text', (c) => c.notNull())
      .addColumn('end_use', 'text')
      .addColumn('military_end_use', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('wmd_informed', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('wmd_suspected', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('humanitarian', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('declaration_accepted', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('ratings', 'text', (c) => c.notNull())
      .addColumn('queue', 'text')
      .addColumn('risk_tier', 'text')
      .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('app_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('supersedes_id', 'text')
      .addColumn('superseded_by_id', 'text')
      .addColumn('determination', 'text')
      .addColumn('determination_outcome', 'text')
      .addColumn('screening', 'text')
      .addColumn('sla_target_days', 'integer')
      .addColumn('due_date', 'text')
      .addColumn('clock_paused', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('clock_paused_since', 'text')
      .addColumn('paused_working_days', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('overdue', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('submitted_at', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decided_by', 'text')
      .addColumn('rationale', 'text')
      .addColumn('public_rationale', 'text')
      .addColumn('refusal_criteria', 'text')
      .addColumn('provisos', 'text')
      .addColumn('departure_reason', 'text')
      .addColumn('withdrawn_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_app_org_idx').on('lic_applications').columns(['organisation_id', 'created_at']).execute();
    await db.schema.createIndex('lic_app_queue_idx').on('lic_applications').columns(['queue', 'status', 'due_date']).execute();
    await db.schema.createIndex('lic_app_status_idx').on('lic_applications').columns(['status', 'due_date']).execute();
    await db.schema.createIndex('lic_app_decided_idx').on('lic_applications').columns(['decided_at']).execute();
    await db.schema.createIndex('lic_app_dest_idx').on('lic_applications').columns(['destination', 'decided_at']).execute();

    await db.schema
      .createTable('lic_goods')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('product_id', 'text')
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('rating', 'text')
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_goods_app_idx').on('lic_goods').column('application_id').execute();
    await db.schema.createIndex('lic_goods_rating_idx').on('lic_goods').columns(['rating', 'application_id']).execute();

    await db.schema
      .createTable('lic_parties')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('sub_role', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('country', 'text', (c) => c.notNull())
      .addColumn('party_type', 'text', (c) => c.notNull())
      .addColumn('website', 'text')
      .execute();
    await db.schema.createIndex('lic_parties_app_idx').on('lic_parties').column('application_id').execute();

    await db.schema
      .createTable('lic_documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('file_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('filename', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_documents_app_idx').on('lic_documents').column('application_id').execute();

    await db.schema
      .createTable('lic_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('blocking', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('details', 'text')
      .addColumn('raised_at', 'text', (c) => c.notNull())
      .addColumn('cleared_at', 'text')
      .addColumn('cleared_by', 'text')
      .addColumn('clear_reason', 'text')
      .execute();
    await db.schema.createIndex('lic_flags_app_idx').on('lic_flags').columns(['application_id', 'code']).execute();

    await db.schema
      .createTable('lic_questions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('asked_by', 'text', (c) => c.notNull())
      .addColumn('asked_at', 'text', (c) => c.notNull())
      .addColumn('answer', 'text')
      .addColumn('answered_by', 'text')
      .addColumn('answered_at', 'text')
      .execute();
    await db.schema.createIndex('lic_questions_app_idx').on('lic_questions').column('application_id').execute();

    await db.schema
      .createTable('lic_referrals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('team', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('referred_by', 'text', (c) => c.notNull())
      .addColumn('referred_at', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'text')
      .execute();
    await db.schema.createIndex('lic_referrals_team_idx').on('lic_referrals').columns(['team', 'application_id']).execute();
    await db.schema.createIndex('lic_referrals_app_idx').on('lic_referrals').column('application_id').execute();

    await db.schema
      .createTable('lic_advice')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('good_id', 'text')
      .addColumn('party_id', 'text')
      .addColumn('destination', 'text')
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('team', 'text')
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('provisos', 'text')
      .addColumn('criteria', 'text')
      .addColumn('rationale', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_advice_app_idx').on('lic_advice').column('application_id').execute();

    await db.schema
      .createTable('lic_countersignatures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('invalidated_at', 'text')
      .execute();
    await db.schema.createIndex('lic_cs_app_idx').on('lic_countersignatures').column('application_id').execute();

    await db.schema
      .createTable('lic_licences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('reference', 'text', (c) => c.notNull().unique())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('issued_at', 'text', (c) => c.notNull())
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_to', 'text', (c) => c.notNull())
      .addColumn('provisos', 'text')
      .addColumn('on_appeal', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('row_version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_licences_org_idx').on('lic_licences').columns(['organisation_id', 'issued_at']).execute();
    await db.schema.createIndex('lic_licences_app_idx').on('lic_licences').column('application_id').execute();
    await db.schema.createIndex('lic_licences_status_idx').on('lic_licences').columns(['status', 'valid_to']).execute();

    await db.schema
      .createTable('lic_licence_goods')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('licence_id', 'text', (c) => c.notNull())
      .addColumn('good_id', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('rating', 'text')
      .addColumn('quantity', 'double precision', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('used_quantity', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('used_value', 'double precision', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('lic_lg_licence_idx').on('lic_licence_goods').column('licence_id').execute();

    await db.schema
      .createTable('lic_appeals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('grounds', 'text', (c) => c.notNull())
      .addColumn('document_ids', 'text', (c) => c.notNull())
      .addColumn('lodged_by', 'text', (c) => c.notNull())
      .addColumn('lodged_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('rationale', 'text')
      .execute();
    await db.schema.createIndex('lic_appeals_app_idx').on('lic_appeals').column('application_id').execute();

    await db.schema
      .createTable('lic_denials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('reference', 'text')
      .addColumn('regime_reg_ref', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('address', 'text')
      .addColumn('notifying_government', 'text')
      .addColumn('country', 'text')
      .addColumn('denial_cle', 'text')
      .addColumn('item_description', 'text')
      .addColumn('end_use', 'text')
      .addColumn('reason_for_refusal', 'text')
      .addColumn('entity_type', 'text')
      .addColumn('normalised_name', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text')
      .addColumn('ready_for_sharing', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('import_batch', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_denials_regref_idx').on('lic_denials').columns(['source', 'regime_reg_ref']).execute();
    await db.schema.createIndex('lic_denials_name_idx').on('lic_denials').column('normalised_name').execute();

    await db.schema
      .createTable('lic_denial_matches')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('application_id', 'text', (c) => c.notNull())
      .addColumn('party_id', 'text', (c) => c.notNull())
      .addColumn('denial_id', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_at', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('lic_dm_app_idx').on('lic_denial_matches').column('application_id').execute();

    await db.schema
      .createTable('lic_routing_rules')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('priority', 'integer', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('queue', 'text', (c) => c.notNull())
      .addColumn('case_type', 'text')
      .addColumn('destinations', 'text')
      .addColumn('rating_prefix', 'text')
      .addColumn('flag', 'text')
      .addColumn('risk_tier', 'text')
      .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();

    await db.schema
      .createTable('lic_case_types')
      .addColumn('code', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('target_days', 'integer', (c) => c.notNull())
      .addColumn('countersign_required', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('reference_prefix', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('lic_holidays')
      .addColumn('date', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('lic_counters')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'integer', (c) => c.notNull())
      .execute();

    await db.insertInto('lic_case_types').values(DEFAULT_CASE_TYPES).execute();
    await db.insertInto('lic_routing_rules').values(DEFAULT_ROUTING_RULES).execute();
    await db.insertInto('lic_holidays').values(DEFAULT_HOLIDAYS).execute();
  },
  async down(db: Kysely<any>) {
    for (const t of [
      'lic_counters', 'lic_holidays', 'lic_case_types', 'lic_routing_rules', 'lic_denial_matches', 'lic_denials', 'lic_appeals',
      'lic_licence_goods', 'lic_licences', 'lic_countersignatures', 'lic_advice', 'lic_referrals', 'lic_questions', 'lic_flags',
      'lic_documents', 'lic_parties', 'lic_goods', 'lic_applications', 'lic_products',
    ])
      await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Queues list open cases by due date: an `open_case` flag makes that one index range scan, without sorting. */
const queueIndex: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('lic_applications').addColumn('open_case', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db
      .updateTable('lic_applications')
      .set({ open_case: 1 })
      .where('status', 'in', ['submitted', 'initial_checks', 'under_review', 'referred', 'countersigning', 'under_final_review'])
      .execute();
    await db.schema.createIndex('lic_app_open_queue_idx').on('lic_applications').columns(['queue', 'open_case', 'due_date', 'id']).execute();
    await db.schema.createIndex('lic_app_open_idx').on('lic_applications').columns(['open_case', 'due_date', 'id']).execute();
    // Queue filtered by one status, in due-date order: the index order is the answer order.
    await db.schema.createIndex('lic_app_queue_status_due_idx').on('lic_applications').columns(['queue', 'status', 'due_date', 'id']).execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('lic_app_queue_status_due_idx').ifExists().execute();
    await db.schema.dropIndex('lic_app_open_idx').ifExists().execute();
    await db.schema.dropIndex('lic_app_open_queue_idx').ifExists().execute();
    await db.schema.alterTable('lic_applications').dropColumn('open_case').execute();
  },
};

export const licensingMigrations: Record<string, Migration> = {
  '20261126_1400_licensing_core': core,
  '20261126_1401_licensing_queue_index': queueIndex,
  '20261126_1402_licensing_workspace': workspaceMigration,
};
