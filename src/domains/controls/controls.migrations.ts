import { sql, type Kysely, type Migration } from 'kysely';

const core: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('control_lists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('authority', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('control_releases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list_id', 'text', (c) => c.notNull().references('control_lists.id'))
      .addColumn('version', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('effective_from', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('amendment_id', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('control_releases_list_version_uq', ['list_id', 'version'])
      .execute();
    await db.schema
      .createTable('control_entries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list_id', 'text', (c) => c.notNull().references('control_lists.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('root_code', 'text', (c) => c.notNull())
      .addColumn('parent_code', 'text')
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('sort_key', 'integer', (c) => c.notNull())
      .addColumn('category', 'text')
      .addColumn('product_group', 'text')
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('regimes', 'text', (c) => c.notNull())
      .addColumn('reasons', 'text', (c) => c.notNull())
      .addColumn('sensitivity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('release_id', 'text', (c) => c.notNull().references('control_releases.id'))
      .addColumn('amendment_id', 'text')
      .addColumn('valid_from', 'text', (c) => c.notNull())
      .addColumn('valid_to', 'text')
      .addColumn('grace_until', 'text')
      .addColumn('sunset_date', 'text')
      .addColumn('next_review_date', 'text')
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('control_entries_code_idx').on('control_entries').columns(['list_id', 'code', 'valid_from']).execute();
    await db.schema.createIndex('control_entries_root_idx').on('control_entries').columns(['list_id', 'root_code']).execute();
    await db.schema.createIndex('control_entries_parent_idx').on('control_entries').columns(['list_id', 'parent_code']).execute();
    await db.schema.createIndex('control_entries_release_idx').on('control_entries').column('release_id').execute();

    await db.schema
      .createTable('control_amendments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list_id', 'text', (c) => c.notNull().references('control_lists.id'))
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('changes', 'text', (c) => c.notNull())
      .addColumn('consultation_opens', 'text')
      .addColumn('consultation_closes', 'text')
      .addColumn('effective_date', 'text')
      .addColumn('grace_until', 'text')
      .addColumn('sunset_date', 'text')
      .addColumn('release_id', 'text')
      .addColumn('superseded_by', 'text')
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('adopted_at', 'text')
      .execute();
    await db.schema
      .createTable('control_comments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('amendment_id', 'text', (c) => c.notNull().references('control_amendments.id'))
      .addColumn('author_user_id', 'text')
      .addColumn('organisation_id', 'text')
      .addColumn('author_email', 'text', (c) => c.notNull())
      .addColumn('author_name', 'text')
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('moderated_by', 'text')
      .addColumn('moderated_at', 'text')
      .addColumn('moderation_reason', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('control_comments_amendment_idx').on('control_comments').column('amendment_id').execute();
    await db.schema
      .createTable('control_correspondences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('from_list', 'text', (c) => c.notNull())
      .addColumn('from_code', 'text', (c) => c.notNull())
      .addColumn('to_list', 'text', (c) => c.notNull())
      .addColumn('to_code', 'text', (c) => c.notNull())
      .addColumn('relation', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('control_corr_from_idx').on('control_correspondences').columns(['from_list', 'from_code']).execute();
    await db.schema.createIndex('control_corr_to_idx').on('control_correspondences').columns(['to_list', 'to_code']).execute();
    await db.schema
      .createTable('control_hs_correlations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('hs6', 'text', (c) => c.notNull())
      .addColumn('list_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('control_hs_hs6_idx').on('control_hs_correlations').column('hs6').execute();
    await db.schema.createIndex('control_hs_code_idx').on('control_hs_correlations').columns(['list_id', 'code']).execute();
    await db.schema
      .createTable('control_review_flags')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('due_date', 'text', (c) => c.notNull())
      .addColumn('flagged_at', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text')
      .addColumn('reviewed_by', 'text')
      .addUniqueConstraint('control_review_flags_uq', ['list_id', 'code', 'due_date'])
      .execute();
    await db.schema
      .createTable('control_import_reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('list_id', 'text', (c) => c.notNull())
      .addColumn('release_id', 'text', (c) => c.notNull())
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('detail', 'text', (c) => c.notNull())
      .addColumn('repaired', 'integer', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['control_import_reports', 'control_review_flags', 'control_hs_correlations', 'control_correspondences', 'control_comments', 'control_amendments', 'control_entries', 'control_releases', 'control_lists'])
      await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Full-text search: SQLite FTS5 (porter stemming) kept in step by triggers; PostgreSQL a generated tsvector with a GIN index. */
const fulltext: Migration = {
  async up(db: Kysely<any>) {
    const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
    if (isPg) {
      await sql`alter table control_entries add column search_tsv tsvector generated always as (
        setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', coalesce(search_text, '')), 'B')) stored`.execute(db);
      await sql`create index control_entries_tsv_idx on control_entries using gin (search_tsv)`.execute(db);
      return;
    }
    await sql`create virtual table control_entries_fts using fts5(entry_id unindexed, title, body, tokenize = 'porter unicode61')`.execute(db);
    await sql`create trigger control_entries_fts_ai after insert on control_entries begin
      insert into control_entries_fts (entry_id, title, body) values (new.id, new.title, new.search_text); end`.execute(db);
    await sql`create trigger control_entries_fts_ad after delete on control_entries begin
      delete from control_entries_fts where entry_id = old.id; end`.execute(db);
    await sql`create trigger control_entries_fts_au after update of title, search_text on control_entries begin
      delete from control_entries_fts where entry_id = old.id;
      insert into control_entries_fts (entry_id, title, body) values (new.id, new.title, new.search_text); end`.execute(db);
  },
  async down(db: Kysely<any>) {
    const isPg = db.getExecutor().adapter.constructor.name.toLowerCase().includes('postgres');
    if (isPg) await sql`alter table control_entries drop column search_tsv`.execute(db);
    else await sql`drop table if exists control_entries_fts`.execute(db);
  },
};

/** An authority may close a consultation before its date, with a reason (issue 11). */
const earlyClose: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('control_amendments').addColumn('consultation_closed_early_reason', 'text').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.alterTable('control_amendments').dropColumn('consultation_closed_early_reason').execute();
  },
};

export const controlsMigrations: Record<string, Migration> = {
  '20261126_1000_controls_core': core,
  '20261126_1001_controls_fulltext': fulltext,
  '20261207_1000_controls_early_close': earlyClose,
};
