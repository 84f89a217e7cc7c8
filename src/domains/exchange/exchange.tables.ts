/** Tables owned by the exchange domain (authority-to-authority messages). Timestamps ISO text, JSON as text. */

export interface ExchPeersTable {
  id: string;
  name: string;
  base_url: string;
  public_key_pem: string;
  /** First 16 hex of the SHA-256 of the public key (DER): how an incoming message names its sender. */
  key_id: string;
  active: number;
  /** Highest sequence number received from this peer and applied (messages apply in order). */
  last_seq_in: number;
  /** Last sequence number given to a message for this peer. */
  last_seq_out: number;
  created_at: string;
}

export interface ExchOutboxTable {
  id: string;
  peer_id: string;
  seq: number;
  message_id: string;
  type: string;
  body: string;
  /** pending | delivered | rejected (the peer refused it for good: bad request, unknown sender) */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface ExchInboxTable {
  message_id: string;
  peer_id: string;
  seq: number;
  type: string;
  body: string;
  sent_at: string;
  received_at: string;
}

/** Nonces seen recently: a message replayed with the same nonce is refused. Pruned after the freshness window. */
export interface ExchNoncesTable {
  nonce: string;
  peer_id: string;
  seen_at: string;
}

export interface ExchSharedDenialsTable {
  id: string;
  denial_id: string;
  peer_id: string;
  reference: string;
  shared_by: string;
  shared_at: string;
  revoked_at: string | null;
}

/** Peers' denials we hold (the denial itself is in licensing's register), with what "essentially identical" compares. */
export interface ExchReceivedDenialsTable {
  reference: string;
  peer_id: string;
  denial_id: string;
  destination: string | null;
  control_entry: string | null;
  received_at: string;
  revoked_at: string | null;
}

export interface ExchConsultationsTable {
  id: string;
  /** outbound: we ask a peer who denied; inbound: a peer asks us about our denial. */
  direction: string;
  peer_id: string;
  /** The id both sides use (the asker's id). */
  exchange_id: string;
  application_id: string | null;
  denial_reference: string;
  summary: string; // JSON {controlEntry, destination, endUser}
  question: string;
  deadline: string;
  /** open | answered | expired */
  status: string;
  answer: string | null;
  answer_comment: string | null;
  asked_by: string | null;
  answered_by: string | null;
  created_at: string;
  answered_at: string | null;
}

export interface ExchDenialReviewsTable {
  id: string;
  denial_id: string;
  decision: string;
  reason: string;
  reviewed_by: string;
  reviewed_at: string;
}

export interface ExchPeerRulingsTable {
  peer_id: string;
  reference: string;
  code: string | null;
  list: string | null;
  summary: string;
  data: string;
  published_at: string;
  imported_at: string;
}

export interface ExchPeerCorrespondencesTable {
  id: string;
  peer_id: string;
  data: string;
  imported_at: string;
}

export interface ExchangeTables {
  exch_peers: ExchPeersTable;
  exch_outbox: ExchOutboxTable;
  exch_inbox: ExchInboxTable;
  exch_nonces: ExchNoncesTable;
  exch_shared_denials: ExchSharedDenialsTable;
  exch_received_denials: ExchReceivedDenialsTable;
  exch_consultations: ExchConsultationsTable;
  exch_denial_reviews: ExchDenialReviewsTable;
  exch_peer_rulings: ExchPeerRulingsTable;
  exch_peer_correspondences: ExchPeerCorrespondencesTable;
}
