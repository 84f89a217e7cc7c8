export interface Reason { code: string; message: string }
export interface Line {
  id: string;
  declarationId: string;
  line: number;
  hsCode: string;
  description: string;
  controlCode: string | null;
  quantity: number;
  unit: string;
  value: number;
  currency: string;
  licenceReference: string | null;
  generalLicence: string | null;
  destination: string;
  status: string;
  reasons: Reason[];
  decisionReason: string | null;
}
export interface Good {
  id: string;
  description: string;
  rating: string | null;
  unit: string;
  currency: string;
  authorisedQuantity: number;
  shippedQuantity: number;
  remainingQuantity: number;
  authorisedValue: number;
  shippedValue: number;
  remainingValue: number;
}
export interface Balance {
  id: string;
  reference: string;
  verificationCode: string;
  holder: string | null;
  status: string;
  validFrom: string;
  validTo: string;
  destination: string | null;
  parties: { role: string; name: string; country: string }[];
  goods: Good[];
}
export interface Hold extends Line {
  declaration: { id: string; reference: string; date: string; exporter: { name: string }; consignee: { name: string; country: string } };
  licence: { reference: string; status: string; validTo: string; destination: string | null; goods: { id: string; description: string; rating: string | null; unit: string; currency: string; remainingQuantity: number; remainingValue: number }[] } | null;
}
export interface Declaration {
  id: string;
  reference: string;
  date: string;
  procedure: string;
  destination: string;
  status: string;
  consignee: { name: string; country: string };
  lines: { released: number; held: number; rejected: number };
  createdAt: string;
  cancelReason: string | null;
}
