export interface Peer { id: string; name: string; url: string; keyId: string; publicKey: string; active: boolean; createdAt: string; pendingMessages: number }
export interface OutboxMessage { id: string; peer: string; seq: number; type: string; status: string; attempts: number; nextAttemptAt: string; lastError: string | null; createdAt: string; deliveredAt: string | null }
export interface OwnDenial {
  id: string; reference: string; name: string; country: string | null; controlEntry: string | null; destination: string | null; reasonCategory: string | null;
  createdAt: string; sharedWith: { peer: string; at: string }[]; lastReviewedAt: string | null; reviewDue: boolean;
}
export interface Consultation {
  id: string; direction: 'inbound' | 'outbound'; peer: string; applicationId: string | null; denialReference: string;
  summary: { controlEntry?: string | null; destination?: string | null; endUser?: string | null }; question: string; deadline: string;
  status: string; answer: string | null; answerComment: string | null; createdAt: string; answeredAt: string | null;
}
export interface MustConsult { denialReference: string; peer: string; deniedParty: string; party: string; controlEntry: string | null; destination: string | null }
export interface WaitingCase { id: string; reference: string; destination: string | null; raisedAt: string; peers: string[]; toConsult: number; open: number }
