import type { Kysely, Migration } from 'kysely';

const init: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('exch_peers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('base_url', 'text', (c) => c.notNull())
      .addColumn('public_key_pem', 'text', (c) => c.notNull())
      .addColumn('key_id', 'text', (c) => c.notNull().unique())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('last_seq_in', 'integer', (c) => c.notNull())
      .addColumn('last_seq_out', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('exch_outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('message_id', 'text', (c) => c.notNull().unique())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('delivered_at', 'text')
      .addUniqueConstraint('exch_outbox_peer_seq', ['peer_id', 'seq'])
      .execute();
    await db.schema.createIndex('exch_outbox_pending').on('exch_outbox').columns(['status', 'peer_id', 'seq']).execute();
    await db.schema
      .createTable('exch_inbox')
      .addColumn('message_id', 'text', (c) => c.primaryKey())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('sent_at', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('exch_nonces')
      .addColumn('nonce', 'text', (c) => c.primaryKey())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('seen_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('exch_shared_denials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('denial_id', 'text', (c) => c.notNull())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('shared_by', 'text', (c) => c.notNull())
      .addColumn('shared_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addUniqueConstraint('exch_shared_denials_once', ['denial_id', 'peer_id'])
      .execute();
    await db.schema
      .createTable('exch_received_denials')
      .addColumn('reference', 'text', (c) => c.primaryKey())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('denial_id', 'text', (c) => c.notNull())
      .addColumn('destination', 'text')
      .addColumn('control_entry', 'text')
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .execute();
    await db.schema
      .createTable('exch_consultations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('exchange_id', 'text', (c) => c.notNull())
      .addColumn('application_id', 'text')
      .addColumn('denial_reference', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('question', 'text', (c) => c.notNull())
      .addColumn('deadline', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('answer', 'text')
      .addColumn('answer_comment', 'text')
      .addColumn('asked_by', 'text')
      .addColumn('answered_by', 'text')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('answered_at', 'text')
      .addUniqueConstraint('exch_consultations_exchange', ['direction', 'peer_id', 'exchange_id'])
      .execute();
    await db.schema
      .createTable('exch_denial_reviews')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('denial_id', 'text', (c) => c.notNull())
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('reviewed_by', 'text', (c) => c.notNull())
      .addColumn('reviewed_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    for (const t of ['exch_denial_reviews', 'exch_consultations', 'exch_received_denials', 'exch_shared_denials', 'exch_nonces', 'exch_inbox', 'exch_outbox', 'exch_peers']) await db.schema.dropTable(t).ifExists().execute();
  },
};

/** Pruning old nonces runs on every message received: index the time it prunes by. */
const nonceTime: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.createIndex('exch_nonces_seen_at').on('exch_nonces').column('seen_at').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('exch_nonces_seen_at').execute();
  },
};

/** Peers' published rulings and correspondences (the classification exchange), replaced per peer on each import. */
const peerClassification: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('exch_peer_rulings')
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('code', 'text')
      .addColumn('list', 'text')
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('published_at', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('exch_peer_rulings_pk', ['peer_id', 'reference'])
      .execute();
    await db.schema
      .createTable('exch_peer_correspondences')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('peer_id', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropTable('exch_peer_correspondences').ifExists().execute();
    await db.schema.dropTable('exch_peer_rulings').ifExists().execute();
  },
};

export const exchangeMigrations: Record<string, Migration> = { '20261207_1900_exchange_init': init, '20261207_1901_exchange_nonce_time': nonceTime, '20261207_1902_exchange_peer_classification': peerClassification };
