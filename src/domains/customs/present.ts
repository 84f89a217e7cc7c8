import type { CustomsDeclarationsTable, CustomsLinesTable } from './customs.tables.js';

export function presentLine(l: CustomsLinesTable, licenceReference?: string | null) {
  return {
    id: l.id,
    declarationId: l.declaration_id,
    line: Number(l.line_no),
    hsCode: l.hs_code,
    description: l.description,
    controlCode: l.control_code,
    quantity: Number(l.quantity),
    unit: l.unit,
    value: Number(l.value),
    currency: l.currency,
    authorisation: l.auth_kind ? { kind: l.auth_kind, reference: l.auth_reference } : null,
    licenceId: l.licence_id,
    licenceReference: licenceReference ?? (l.auth_kind === 'individual' ? l.auth_reference : null),
    generalLicence: l.general_licence_id,
    destination: l.destination,
    status: l.status,
    reasons: JSON.parse(l.reasons) as { code: string; message: string }[],
    consumed: l.consumed === 1,
    decidedAt: l.decided_at,
    decisionReason: l.decision_reason,
  };
}

export function presentDeclaration(d: CustomsDeclarationsTable) {
  return {
    id: d.id,
    reference: d.reference,
    organisationId: d.organisation_id,
    date: d.date,
    procedure: d.procedure,
    customsOffice: d.customs_office,
    declarant: JSON.parse(d.declarant),
    exporter: JSON.parse(d.exporter),
    consignee: JSON.parse(d.consignee),
    endUser: d.end_user ? JSON.parse(d.end_user) : null,
    destination: d.destination,
    dispatchCountry: d.dispatch_country,
    transit: JSON.parse(d.transit) as string[],
    status: d.status,
    lines: { released: Number(d.released_lines), held: Number(d.held_lines), rejected: Number(d.rejected_lines) },
    batchId: d.batch_id,
    createdAt: d.created_at,
    cancelledAt: d.cancelled_at,
    cancelReason: d.cancel_reason,
  };
}
