export interface Check {
  id: string;
  reference: string;
  kind: 'pre_licence' | 'post_shipment';
  status: string;
  subject: { applicationId: string | null; licenceId: string | null; declarationReference: string | null };
  party: { id: string; name: string; country: string };
  destination: string | null;
  reason: string;
  assignedOrganisationId: string | null;
  assignedUserId: string | null;
  dueOn: string;
  overdue: boolean;
  escalatedAt: string | null;
  report: {
    outcome: string;
    visitedOn: string;
    findings: string;
    items: { description: string; serialNumbers: string[]; quantitySeen: number; quantityLicensed: number | null; quantityShipped: number | null; difference: number | null }[];
    evidenceFileIds: string[];
    reportedAt: string;
  } | null;
  createdAt: string;
}

export interface CheckDetail extends Check {
  licence: { id: string; reference: string; status: string; destination: string | null; goods: { id: string; description: string; rating: string | null; quantityLicensed: number; quantityShipped: number; unit: string }[] } | null;
}

export interface Proposal {
  id: string;
  licence: { id: string; reference: string };
  party: { id: string; name: string; country: string };
  destination: string | null;
  score: number;
  explanation: { factor: string; points: number; detail: string }[];
  randomPick: boolean;
  status: string;
  checkId: string | null;
}

export interface Listing {
  id: string;
  party: { name: string; country: string; address: string | null };
  status: string;
  checkId: string;
  reason: string | null;
  reviewOn: string | null;
  proposedAt: string;
}

export const OFFICERS = ['licensing_officer', 'senior_officer'] as const;
export const READERS = [...OFFICERS, 'admin', 'oversight', 'enforcement_officer'] as const;
export const OUTCOMES = ['verified', 'unfavourable', 'unable_to_verify', 'refused'] as const;
export const words = (s: string) => s.replace(/_/g, ' ');
