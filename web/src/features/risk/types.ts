export interface Explanation {
  signal: string;
  weight: number;
  detail: string;
  version?: number;
}

export interface Alert {
  id: string;
  kind: string;
  score: number;
  subject: { type: 'declaration' | 'party' | 'exporter'; reference: string; id: string | null; key: string; date: string | null };
  explanation: Explanation[];
  status: 'new' | 'triaged' | 'escalated' | 'dismissed';
  statusReason: string | null;
  escalatedTo: string | null;
  escalationReference: string | null;
  createdAt: string;
  updatedAt: string;
  labels?: { label: string; reason: string | null; signals: string[]; by: string; at: string }[];
}

export interface Scan {
  id: string;
  jobId: string | null;
  mode: string;
  status: string;
  total: number;
  scanned: number;
  alerts: number;
  notEvaluated: Record<string, string>;
  createdAt: string;
  finishedAt: string | null;
}

export interface TargetList {
  id: string;
  list: 'exporters' | 'shipments';
  size: number;
  deterrenceShare: number;
  createdAt: string;
  items: { rank: number; subject: { type: string; reference: string; id: string | null }; score: number | null; random: boolean; reasons: string[] }[];
}

export interface Party {
  key: string;
  name: string;
  country: string;
  address: string | null;
  eori: string | null;
  roles: string[];
  firstDate: string;
  firstReference: string;
  declarations: number;
  listed: boolean;
  listedDetail: string | null;
}

export const SIGNAL_LABELS: Record<string, string> = {
  transshipment: 'Transshipment via a hub',
  consignee_end_user_mismatch: 'Consignee and end user in different countries',
  route_inconsistent: 'Route off the way to the destination',
  new_consignee_sensitive: 'New consignee, sensitive items',
  split_shipment: 'Split shipments under a threshold',
  value_outlier: 'Unusual value or quantity',
  controlled_without_authorisation: 'Controlled goods without authorisation',
  linked_to_listed: 'Linked to a listed party',
  exporter_profile: 'Exporter with repeated alerts',
};
export const signalLabel = (s: string) => SIGNAL_LABELS[s] ?? s.replace(/_/g, ' ');
