/**
 * Read side of customs for the verification domain: declarations by reference and what was shipped on each licence.
 * Verification never names customs' tables. Callers check who is asking; these functions do not.
 */
import type { Executor } from '../../platform/db/index.js';

export interface DeclarationForCheck {
  id: string;
  reference: string;
  date: string;
  destination: string;
  transit: string[];
  organisationId: string | null;
  consignee: { name?: string; country?: string } | null;
  endUser: { name?: string; country?: string } | null;
  lines: Array<{ licenceId: string | null; description: string; controlCode: string | null; quantity: number; unit: string; status: string }>;
}

const parse = <T>(s: string | null, fallback: T): T => {
  try {
    return s ? (JSON.parse(s) as T) : fallback;
  } catch {
    return fallback;
  }
};

/** Active declarations with this reference (a reference is unique per declarant, so there may be several). */
export async function findDeclarationsByReference(db: Executor, reference: string): Promise<DeclarationForCheck[]> {
  const decs = await db.selectFrom('customs_declarations').selectAll().where('reference', '=', reference.trim()).where('status', '=', 'active').execute();
  if (!decs.length) return [];
  const lines = await db
    .selectFrom('customs_lines')
    .select(['declaration_id', 'licence_id', 'description', 'control_code', 'quantity', 'unit', 'status'])
    .where('declaration_id', 'in', decs.map((d) => d.id))
    .orderBy('line_no')
    .execute();
  return decs.map((d) => ({
    id: d.id,
    reference: d.reference,
    date: d.date,
    destination: d.destination,
    transit: parse<string[]>(d.transit, []),
    organisationId: d.organisation_id,
    consignee: parse(d.consignee, null),
    endUser: parse(d.end_user, null),
    lines: lines
      .filter((l) => l.declaration_id === d.id)
      .map((l) => ({ licenceId: l.licence_id, description: l.description, controlCode: l.control_code, quantity: Number(l.quantity), unit: l.unit, status: l.status })),
  }));
}

export interface ShippedLicence {
  licenceId: string;
  lastShippedOn: string;
  quantity: number;
  /** Transit countries declared on the shipments (diversion-hub routing). */
  transit: string[];
  declarationReferences: string[];
}

/** Licences with released (shipped) declaration lines, with what was shipped and through where. */
export async function shippedLicences(db: Executor, limit = 5000): Promise<ShippedLicence[]> {
  const rows = await db
    .selectFrom('customs_lines')
    .innerJoin('customs_declarations', 'customs_declarations.id', 'customs_lines.declaration_id')
    .select(['customs_lines.licence_id', 'customs_lines.quantity', 'customs_declarations.date', 'customs_declarations.transit', 'customs_declarations.reference'])
    .where('customs_lines.status', '=', 'released')
    .where('customs_lines.licence_id', 'is not', null)
    .where('customs_declarations.status', '=', 'active')
    .orderBy('customs_declarations.date', 'desc')
    .limit(limit)
    .execute();
  const out = new Map<string, ShippedLicence>();
  for (const r of rows) {
    const cur = out.get(r.licence_id!) ?? { licenceId: r.licence_id!, lastShippedOn: r.date, quantity: 0, transit: [], declarationReferences: [] };
    cur.quantity += Number(r.quantity);
    if (r.date > cur.lastShippedOn) cur.lastShippedOn = r.date;
    for (const c of parse<string[]>(r.transit, [])) if (!cur.transit.includes(c)) cur.transit.push(c);
    if (!cur.declarationReferences.includes(r.reference)) cur.declarationReferences.push(r.reference);
    out.set(r.licence_id!, cur);
  }
  return [...out.values()];
}
