/**
 * The typed snapshot customs publishes for the transparency reports: use of general licences by destination over a
 * period, released lines only, with small-cell suppression. Transparency calls this function; it never reads customs' tables.
 */
import type { Executor } from '../../platform/db/index.js';

export interface GeneralLicenceUseRow {
  generalLicence: string;
  destination: string;
  /** null when suppressed (fewer than `minCell` exporters or lines in the cell). */
  lines: number | null;
  exporters: number | null;
  /** Sum of declared values per currency is not additive across currencies: one row per currency. */
  currency: string;
  value: number | null;
  suppressed: boolean;
}

export async function generalLicenceUseByDestination(db: Executor, q: { from: string; to: string; minCell?: number }): Promise<GeneralLicenceUseRow[]> {
  const minCell = q.minCell ?? 5;
  const rows = await db
    .selectFrom('customs_lines')
    .innerJoin('customs_declarations', 'customs_declarations.id', 'customs_lines.declaration_id')
    .select(['customs_lines.general_licence_id as gl', 'customs_lines.destination', 'customs_lines.currency'])
    .select((eb) => [eb.fn.countAll<number>().as('lines'), eb.fn.count<number>('customs_lines.organisation_id').distinct().as('exporters'), eb.fn.sum<number>('customs_lines.value').as('value')])
    .where('customs_lines.general_licence_id', 'is not', null)
    .where('customs_lines.status', '=', 'released')
    .where('customs_declarations.date', '>=', q.from)
    .where('customs_declarations.date', '<=', q.to)
    .groupBy(['customs_lines.general_licence_id', 'customs_lines.destination', 'customs_lines.currency'])
    .orderBy('customs_lines.general_licence_id')
    .orderBy('customs_lines.destination')
    .execute();
  return rows.map((r) => {
    // Suppress when few exporters stand behind the figure (an exporter's trade could be read off it).
    const suppressed = Number(r.exporters) < Math.min(minCell, 3) || Number(r.lines) < minCell;
    return { generalLicence: r.gl!, destination: r.destination, currency: r.currency, lines: suppressed ? null : Number(r.lines), exporters: suppressed ? null : Number(r.exporters), value: suppressed ? null : Number(r.value ?? 0), suppressed };
  });
}
