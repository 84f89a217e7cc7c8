export interface Good { id: string; productId: string | null; description: string; rating: string | null; quantity: number; unit: string; value: number; currency: string }
export interface Party { id: string; role: string; subRole: string | null; name: string; address: string; country: string; type: string }
export interface Question { id: string; text: string; askedAt: string; answer: string | null; answeredAt: string | null; open: boolean }
export interface Clock { dueDate: string; daysRemaining: number | null; daysElapsed: number; paused: boolean; overdue: boolean }

export interface Application {
  id: string;
  reference: string | null;
  status: string;
  outcome: string | null;
  caseType: string;
  exportType: string;
  temporaryReturnDate: string | null;
  destination: string | null;
  transit: string[];
  endUse: string | null;
  declarations: { militaryEndUse: boolean; wmdInformed: boolean; wmdSuspected: boolean; humanitarian: boolean; accepted: boolean };
  version: number;
  goods: Good[];
  parties: Party[];
  documents: { id: string; kind: string; partyId?: string | null; filename: string; size: number; createdAt: string }[];
  determination: { outcome: string; policyVersion: string; reasons: string[] } | null;
  questions: Question[];
  clock: Clock | null;
  submittedAt: string | null;
  decision: {
    outcome: string;
    decidedAt: string;
    provisos: string | null;
    criteria: { code: string; title: string }[];
    rationale: string | null;
    publicRationale: string | null;
    appealDeadline: string | null;
  } | null;
  licences: { id: string; reference: string; status: string; validFrom: string; validTo: string; onAppeal: boolean }[];
  appeals: { id: string; grounds: string; status: string; lodgedAt: string; decidedAt: string | null; rationale: string | null }[];
}

export interface CaseDetail extends Application {
  rowVersion: number;
  assignedTo: string | null;
  queue: string | null;
  riskTier: string | null;
  organisation: { id: string; name: string } | null;
  flags: { id: string; code: string; label: string; blocking: boolean; source: string; raisedAt: string; clearedAt: string | null; clearReason: string | null }[];
  referrals: { id: string; team: string; note: string | null; referredAt: string; completedAt: string | null }[];
  advice: { id: string; goodId: string | null; partyId: string | null; destination: string | null; level: string; team: string | null; decision: string; provisos: string | null; criteria: string[]; rationale: string | null; updatedAt: string }[];
  countersignatures: { id: string; comment: string | null; createdAt: string; valid: boolean }[];
  countersignRequired: boolean;
  denialMatches: { id: string; score: number; status: string; comment: string | null; partyName: string; denialName: string; regimeRegRef: string; notifyingGovernment: string }[];
  precedents: { id: string; reference: string | null; outcome: string; decidedAt: string | null; ratings: string[]; criteria: string[] }[];
  precedentOutcome: string | null;
  refusalCriteria: Record<string, string>;
}

export interface CaseRow {
  id: string;
  reference: string;
  status: string;
  queue: string | null;
  destination: string | null;
  riskTier: string | null;
  ratings: string[];
  organisation: string;
  dueDate: string | null;
  daysRemaining: number | null;
  clockPaused: boolean;
  overdue: boolean;
}

export interface Licence {
  id: string;
  reference: string;
  verificationCode?: string | null;
  applicationId: string;
  caseReference: string | null;
  holder: string | null;
  destination: string | null;
  status: string;
  issuedAt: string;
  validFrom: string;
  validTo: string;
  provisos: string | null;
  onAppeal: boolean;
  goods: { id: string; description: string; rating: string | null; quantity: number; unit: string; value: number; currency: string; usedQuantity: number; usedValue: number }[];
}
