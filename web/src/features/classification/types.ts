export interface Parameter { name: string; value: string; unit: string | null }
export interface Ruling { list: string | null; code: string | null; title: string | null; notListed: boolean; rationale: string; ruledAt: string; ruledBy?: string }
export interface ClassificationRequest {
  id: string;
  reference: string;
  status: 'submitted' | 'ruled';
  productName: string;
  description: string;
  manufacturer: string;
  partNumber: string | null;
  publishPartNumber: boolean;
  publishDescription: boolean;
  parameters: Parameter[];
  organisation: { id: string; name: string };
  requestedBy: string | null;
  datasheet: { id: string; filename: string; contentType: string; size: number; uploadedAt: string } | null;
  submittedAt: string;
  updatedAt: string;
  ruling: Ruling | null;
}
export interface RequestSummary {
  id: string;
  reference: string;
  status: 'submitted' | 'ruled';
  productName: string;
  manufacturer: string;
  partNumber: string | null;
  organisation: { id: string; name: string };
  hasDatasheet: boolean;
  submittedAt: string;
  ruling: { list: string | null; code: string | null; title: string | null; notListed: boolean; ruledAt: string } | null;
}
export interface Precedent {
  view: 'full' | 'redacted';
  own: boolean;
  requestId: string | null;
  reference: string;
  productName: string;
  description: string;
  manufacturer: string;
  partNumber: string | null;
  organisation: { id: string; name: string } | null;
  parameters: Parameter[];
  ruling: Omit<Ruling, 'ruledBy'>;
  score: number;
  textScore: number | null;
  parameterScore: number | null;
  matchedParameters: string[];
}
/** What the authority published about a ruling: its own summary, the rating, the deciding parameters; description and part number only with consent. */
export interface Publication {
  reference: string;
  publicSummary: string;
  description: string | null;
  partNumber: string | null;
  parameters: Parameter[];
  rating: { list: string | null; code: string | null; title: string | null; notListed: boolean; ruledAt: string };
}
export interface PublicRuling extends Publication {
  publishedAt: string;
  score?: number;
}

export const FILERS = ['exporter', 'exporter_admin'] as const;
export const OFFICERS = ['licensing_officer', 'senior_officer'] as const;
export const REQUEST_READERS = ['admin', 'licensing_officer', 'senior_officer', 'oversight', 'adviser', 'customs_officer', 'enforcement_officer', 'exporter', 'exporter_admin'] as const;

export const rating = (r: { code: string | null; list: string | null; notListed: boolean }) => (r.notListed || !r.code ? 'Not listed' : `${(r.list ?? 'eu').toUpperCase()} ${r.code}`);
export const formatParam = (p: Parameter) => `${p.name}: ${p.value}${p.unit ? ` ${p.unit}` : ''}`;
